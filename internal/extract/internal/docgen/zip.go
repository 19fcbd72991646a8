// Package docgen writes the small documents that the extract tests, fuzz seeds and
// benchmarks read: ZIP packages (DOCX, ODT and hostile variants), plain PDFs and
// deterministic prose. It is imported only by tests and by the testdata generator
// (go run ./internal/extract/testdata/gen), never by the service.
package docgen

import (
	"archive/zip"
	"bytes"
	"time"
)

// Entry is one member of a ZIP package. Store keeps it uncompressed, as ODF requires
// for its first "mimetype" entry.
type Entry struct {
	Name  string
	Data  []byte
	Store bool
}

// fixedTime keeps generated files byte-for-byte reproducible, so that running the
// generator again does not churn the committed testdata.
var fixedTime = time.Date(2026, 1, 15, 9, 30, 0, 0, time.UTC)

// Zip returns a ZIP archive holding the entries in order.
func Zip(entries []Entry) []byte {
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, e := range entries {
		h := &zip.FileHeader{Name: e.Name, Method: zip.Deflate, Modified: fixedTime}
		if e.Store {
			h.Method = zip.Store
		}
		f, err := w.CreateHeader(h)
		if err != nil {
			panic(err) // only reachable with a programming error in a generator
		}
		if _, err := f.Write(e.Data); err != nil {
			panic(err)
		}
	}
	if err := w.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}
