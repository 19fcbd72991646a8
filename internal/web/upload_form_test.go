package web

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer"
)

// TestFilePart: every upload form (documents, review reports, publications) reads
// its form through filePart, so a broken form answers the same problem on "file"
// everywhere, never an internal error.
func TestFilePart(t *testing.T) {
	const boundary = "XBOUNDARY"
	form := func(body string) *http.Request {
		r := httptest.NewRequest("POST", "/upload", strings.NewReader(body))
		r.Header.Set("Content-Type", "multipart/form-data; boundary="+boundary)
		return r
	}
	part := func(name, filename, value string) string {
		disp := `form-data; name="` + name + `"`
		if filename != "" {
			disp += `; filename="` + filename + `"`
		}
		return "--" + boundary + "\r\nContent-Disposition: " + disp + "\r\n\r\n" + value + "\r\n"
	}
	end := "--" + boundary + "--\r\n"

	fields := map[string]string{}
	p, name, err := filePart(form(part("title", "", "  Minutes  ")+part("file", `C:\reports\..\report.txt`, "hello")+end), func(k, v string) { fields[k] = v })
	if err != nil || name != "report.txt" || fields["title"] != "Minutes" {
		t.Fatalf("good form: %q %v %v", name, fields, err)
	}
	if b, _ := io.ReadAll(p); string(b) != "hello" {
		t.Errorf("file part reads %q", b)
	}
	if _, name, err := filePart(form(part("file", "", "")+end), nil); err != nil || name != "" {
		t.Errorf("no file chosen: %q %v, want an empty name", name, err)
	}

	broken := map[string]*http.Request{
		"not multipart":  httptest.NewRequest("POST", "/upload", strings.NewReader("a=b")),
		"no file part":   form(part("title", "", "x") + end),
		"bad boundary":   form("--OTHER\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nx"),
		"bad part heads": form("--" + boundary + "\r\nno colon here\r\n\r\nx\r\n" + end),
	}
	for what, r := range broken {
		_, _, err := filePart(r, nil)
		if scrutineer.ErrorCode(err) != scrutineer.EINVALID || scrutineer.ErrorFields(err)["file"] == "" {
			t.Errorf("%s: %v, want a problem on file", what, err)
		}
	}
}
