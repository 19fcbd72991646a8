package extract

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// TestTextGolden extracts each sample document and compares the text with its
// golden file.
func TestTextGolden(t *testing.T) {
	tests := []struct {
		file   string
		f      Format
		method string
		pages  int
	}{
		{"sample.docx", DOCX, MethodDOCX, 1},
		{"libreoffice.docx", DOCX, MethodDOCX, 1},
		{"sample.odt", ODT, MethodODT, 1},
		{"text.pdf", PDF, MethodPDFium, 2},
		{"libreoffice.pdf", PDF, MethodPDFium, 1},
		{"utf8.txt", TXT, MethodTXT, 0},
		{"utf8-bom.txt", TXT, MethodTXT, 0},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			res, err := textOf(t, tt.f, readTestdata(t, tt.file))
			if err != nil {
				t.Fatalf("Text: %v", err)
			}
			if res.Method != tt.method || res.Pages != tt.pages {
				t.Errorf("Method, Pages = %q, %d; want %q, %d", res.Method, res.Pages, tt.method, tt.pages)
			}
			golden(t, tt.file+".golden", res.Text)
		})
	}
}

// golden compares got with testdata/golden/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("text differs from %s (run with -update to accept):\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}

// TestTextDOCXStructure pins the parts of the DOCX layout that matter to the
// callers, independent of the golden file.
func TestTextDOCXStructure(t *testing.T) {
	res, err := textOf(t, DOCX, readTestdata(t, "sample.docx"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"The review considered multi-agency practice.\n", // runs joined, paragraph a line
		"Item\tStatus",                        // w:tab
		"Line one\nLine two",                  // w:br
		"Agency\tRole\nHealth\tLead agency\n", // cells by tabs, rows by lines
		"Kept deleted words inserted words",   // tracked changes, both kept
		"Cooperation and follow-up",           // soft hyphen dropped, non-breaking hyphen kept
		"OFFICIAL – SENSITIVE", "Page footer text", "Footnote text.", "A reviewer comment.",
	} {
		if !strings.Contains(res.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, res.Text)
		}
	}
	if n := strings.Count(res.Text, "Text box content"); n != 1 {
		t.Errorf("text box appears %d times, want once (mc:Fallback skipped)", n)
	}
	if strings.Contains(res.Text, "HYPERLINK") {
		t.Error("field code leaked into the text")
	}
}

func TestTextODTStructure(t *testing.T) {
	res, err := textOf(t, ODT, readTestdata(t, "sample.odt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Learning review: Example Partnership\n", "Item\tStatus", "Line one\nLine two",
		"Three   spaces and one more", "Agency\tRole\nHealth\tLead agency\n",
		"Kept text\n", // the footnote does not cut the paragraph
		"First point\nSecond point", "OFFICIAL – SENSITIVE", "deleted words", "Footnote text.", "A reviewer comment.",
	} {
		if !strings.Contains(res.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, res.Text)
		}
	}
	if strings.Contains(res.Text, "Reviewer") {
		t.Error("annotation author leaked into the text")
	}
}

func TestTextPDFPages(t *testing.T) {
	var calls [][2]int
	ctx := WithProgress(context.Background(), func(done, total int) { calls = append(calls, [2]int{done, total}) })
	data := readTestdata(t, "report-40p.pdf")
	res, err := MustExtractor(t).Text(ctx, PDF, bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	if res.Pages != 40 || res.Method != MethodPDFium {
		t.Fatalf("Pages, Method = %d, %q", res.Pages, res.Method)
	}
	pages := strings.Split(res.Text, "\f")
	if len(pages) != 40 {
		t.Fatalf("%d form-feed separated pages, want 40", len(pages))
	}
	for i, p := range pages {
		if !strings.HasPrefix(p, "Section ") {
			t.Errorf("page %d starts %.30q, want its section heading first (reading order)", i+1, p)
		}
	}
	if len(calls) != 40 || calls[0] != [2]int{1, 40} || calls[39] != [2]int{40, 40} {
		t.Errorf("progress calls = %v, want 1/40 .. 40/40", calls)
	}
}

func TestTextNoText(t *testing.T) {
	tests := []struct {
		name string
		f    Format
		data []byte
		want string
	}{
		{"scanned PDF", PDF, readTestdata(t, "scanned.pdf"), "scan"},
		{"blank text file", TXT, []byte(" \n\t\n"), "No text could be found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := textOf(t, tt.f, tt.data)
			if !errors.Is(err, ErrNoText) {
				t.Fatalf("got %v, want ErrNoText", err)
			}
			wantInvalid(t, err, tt.want)
		})
	}
}

func TestTextRefuses(t *testing.T) {
	tests := []struct {
		name string
		f    Format
		file string
		want string
	}{
		{"encrypted PDF", PDF, "encrypted.pdf", "password or encryption"},
		{"encrypted PDF without user password", PDF, "encrypted-owner.pdf", "password or encryption"},
		{"truncated PDF", PDF, "truncated.pdf", "damaged"},
		{"docm", DOCX, "macro.docm", "macros"},
		{"odt with Basic", ODT, "macro.odt", "macros"},
		{"zip bomb", DOCX, "bomb.docx", "expands"},
		{"latin-1", TXT, "latin1.txt", "Latin-1"},
		{"utf-16", TXT, "utf16.txt", "UTF-16"},
		{"docx as pdf", PDF, "sample.docx", "damaged"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := textOf(t, tt.f, readTestdata(t, tt.file))
			wantInvalid(t, err, tt.want)
		})
	}
}

func TestTextTXTKeptExactly(t *testing.T) {
	data := readTestdata(t, "utf8-bom.txt")
	res, err := textOf(t, TXT, data)
	if err != nil {
		t.Fatal(err)
	}
	if res.Text != string(data) {
		t.Fatalf("text %q differs from the file %q", res.Text, data)
	}
}

func TestTextTooMuch(t *testing.T) {
	e := NewTestExtractor(t, Options{MaxTextBytes: 100, Lazy: true})
	for _, tt := range []struct {
		f    Format
		file string
	}{{TXT, "utf8.txt"}, {DOCX, "sample.docx"}, {ODT, "sample.odt"}} {
		data := readTestdata(t, tt.file)
		_, err := e.Text(context.Background(), tt.f, bytes.NewReader(data), int64(len(data)))
		wantInvalid(t, err, "more than 0 MB of text")
	}
}

func TestTextReadError(t *testing.T) {
	for _, f := range []Format{PDF, DOCX, ODT, TXT} {
		_, err := MustExtractor(t).Text(context.Background(), f, failingReader{}, 5000)
		if err == nil || scrutineer.ErrorCode(err) != scrutineer.EINTERNAL {
			t.Errorf("%s: got %v, want an internal error", f, err)
		}
	}
}
