package web

import (
	"bytes"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/scrutineer/scrutineer"
)

// notText is the refusal of a request whose fields are not valid UTF-8 text.
const notText = "What you sent contains characters that are not text. Type it again, or paste it as plain text, and send it again."

// checkRequestText refuses a request whose query string, form body or JSON body is not
// valid UTF-8, before any handler sees it.
// NOTE: PostgreSQL refuses such text with an error (a 500) while SQLite stores it as
// given, so the engines would disagree; and Go's JSON decoder quietly replaces bad
// bytes. One check here gives every form and API call the same clear 422. Bodies
// are read whole, which the body limit (1 MB outside uploads) keeps bounded;
// multipart uploads are checked field by field in their handler instead.
func checkRequestText(r *http.Request) error {
	if q := r.URL.RawQuery; q != "" && !validValues(q) {
		return scrutineer.Errorf(scrutineer.EINVALID, notText)
	}
	if r.Body == nil || r.Body == http.NoBody {
		return nil
	}
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	form := mt == "application/x-www-form-urlencoded"
	isJSON := mt == "application/json" || (strings.HasPrefix(r.URL.Path, "/api/") && !strings.HasPrefix(mt, "multipart/"))
	if !form && !isJSON {
		return nil
	}
	body, err := io.ReadAll(r.Body)
	r.Body.Close()
	if err != nil {
		return err // too large: fail answers 413
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	if (form && !validValues(string(body))) || (isJSON && !utf8.Valid(body)) {
		return scrutineer.Errorf(scrutineer.EINVALID, notText)
	}
	return nil
}

// validValues reports whether every key and value of an encoded query is UTF-8.
func validValues(encoded string) bool {
	vals, _ := url.ParseQuery(encoded) // malformed pairs are dropped, as handlers do
	for k, vs := range vals {
		if !utf8.ValidString(k) {
			return false
		}
		for _, v := range vs {
			if !utf8.ValidString(v) {
				return false
			}
		}
	}
	return true
}
