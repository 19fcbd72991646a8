package main

import (
	"bytes"
	"context"

	"github.com/scrutineer/scrutineer/internal/extract"
)

// documentReader turns a PDF, DOCX or ODT file into text for scan.
type documentReader interface {
	Text(ctx context.Context, path string, data []byte) (string, error)
	Close()
}

// extractReader reads documents through internal/extract. Its PDF reader (PDFium in
// WebAssembly) takes seconds to start, so it is created on the first document only,
// and a scan of text files never pays for it.
type extractReader struct {
	x *extract.Extractor
}

func newDocumentReader() documentReader { return &extractReader{} }

func (r *extractReader) Text(ctx context.Context, path string, data []byte) (string, error) {
	format, err := extract.Detect(data, path)
	if err != nil {
		return "", err
	}
	if r.x == nil {
		x, err := extract.New(extract.Options{Lazy: true})
		if err != nil {
			return "", err
		}
		r.x = x
	}
	res, err := r.x.Text(ctx, format, bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", err
	}
	return res.Text, nil
}

func (r *extractReader) Close() {
	if r.x != nil {
		r.x.Close()
	}
}
