package extract

import (
	"bytes"
	"context"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/scrutineer/scrutineer"
)

// Every fuzz target checks the same contract: no panic, a bounded time, and any
// error a *scrutineer.Error with code EINVALID, since a bytes.Reader never fails
// and the context never ends before the extractor's own timeout.

// seeds adds every test document to a fuzz target's corpus.
func seeds(f *testing.F, files ...string) {
	for _, name := range files {
		f.Add(readTestdata(f, name))
	}
}

var allFiles = []string{
	"sample.docx", "libreoffice.docx", "sample.odt", "macro.docm", "macro.odt", "bomb.docx",
	"archive.zip", "docx-named.pdf", "text.pdf", "truncated.pdf", "scanned.pdf", "encrypted.pdf",
	"encrypted-owner.pdf", "libreoffice.pdf", "utf8.txt", "utf8-bom.txt", "latin1.txt",
	"utf16.txt", "script.sh", "page.html",
}

func wantOnlyInvalid(t *testing.T, err error) {
	t.Helper()
	if err != nil && scrutineer.ErrorCode(err) != scrutineer.EINVALID {
		t.Fatalf("error is not EINVALID: %v", err)
	}
}

func FuzzDetect(f *testing.F) {
	for _, name := range allFiles {
		data := readTestdata(f, name)
		f.Add(data[:min(len(data), HeadSize)], name)
	}
	f.Fuzz(func(t *testing.T, head []byte, name string) {
		got, err := Detect(head, name)
		wantOnlyInvalid(t, err)
		if err == nil && !got.Valid() {
			t.Fatalf("Detect returned %q with no error", got)
		}
	})
}

func FuzzCheck(f *testing.F) {
	seeds(f, allFiles...)
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, format := range []Format{PDF, DOCX, ODT, TXT} {
			wantOnlyInvalid(t, Check(context.Background(), format, bytes.NewReader(data), int64(len(data))))
		}
	})
}

// fuzzText runs Text on data and checks the contract and that the text is UTF-8.
func fuzzText(t *testing.T, e *Extractor, format Format, data []byte) {
	res, err := e.Text(context.Background(), format, bytes.NewReader(data), int64(len(data)))
	wantOnlyInvalid(t, err)
	if err == nil && !utf8.ValidString(res.Text) {
		t.Fatalf("%s text is not UTF-8", format)
	}
}

func FuzzTextDOCX(f *testing.F) {
	seeds(f, "sample.docx", "libreoffice.docx", "macro.docm", "bomb.docx", "archive.zip")
	e := fuzzExtractor(f)
	f.Fuzz(func(t *testing.T, data []byte) { fuzzText(t, e, DOCX, data) })
}

func FuzzTextODT(f *testing.F) {
	seeds(f, "sample.odt", "macro.odt", "archive.zip")
	e := fuzzExtractor(f)
	f.Fuzz(func(t *testing.T, data []byte) { fuzzText(t, e, ODT, data) })
}

func FuzzTextTXT(f *testing.F) {
	seeds(f, "utf8.txt", "utf8-bom.txt", "latin1.txt", "utf16.txt")
	e := fuzzExtractor(f)
	f.Fuzz(func(t *testing.T, data []byte) { fuzzText(t, e, TXT, data) })
}

func FuzzTextPDF(f *testing.F) {
	seeds(f, "text.pdf", "truncated.pdf", "scanned.pdf", "encrypted.pdf", "libreoffice.pdf")
	e := fuzzExtractor(f)
	f.Fuzz(func(t *testing.T, data []byte) { fuzzText(t, e, PDF, data) })
}

// FuzzTextPDFFallback drives the pure-Go reader directly, which PDFium would
// otherwise shield from most inputs.
func FuzzTextPDFFallback(f *testing.F) {
	seeds(f, "text.pdf", "truncated.pdf", "scanned.pdf", "libreoffice.pdf")
	e := fuzzExtractor(f)
	fb := &Extractor{opts: e.opts, log: e.log, noPDFium: true}
	f.Fuzz(func(t *testing.T, data []byte) { fuzzText(t, fb, PDF, data) })
}

var (
	fuzzOnce sync.Once
	fuzzE    *Extractor
)

// fuzzExtractor returns an Extractor with tight bounds, shared by the fuzz targets
// of one process: a hostile input must fail fast, not slowly. It is lazy, so the
// targets that read no PDF never start PDFium, and it uses the compilation cache
// that outlives the process: every fuzz worker is a process of its own, and
// compiling PDFium under the fuzzer's coverage instrumentation takes minutes.
func fuzzExtractor(f *testing.F) *Extractor {
	fuzzOnce.Do(func() {
		var err error
		fuzzE, err = New(Options{Timeout: 5 * time.Second, MemoryLimit: 128 << 20, MaxTextBytes: 4 << 20, CacheDir: testCacheDir, Lazy: true})
		if err != nil {
			f.Fatal(err)
		}
	})
	return fuzzE
}
