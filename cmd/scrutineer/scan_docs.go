//go:build !scrutineer_extract

// Until internal/extract lands, scan reads plain text only. scan_extract.go holds the
// reader through internal/extract behind the scrutineer_extract build tag; when that
// package is committed, delete this file and the build tag line of scan_extract.go and
// scan_extract_test.go.

package main

import (
	"context"
	"errors"
)

// documentReader turns a PDF, DOCX or ODT file into text for scan. This build reads
// plain text only: the reader of internal/extract is wired in once that package lands.
type documentReader interface {
	Text(ctx context.Context, path string, data []byte) (string, error)
	Close()
}

type noDocuments struct{}

func newDocumentReader() documentReader { return noDocuments{} }

func (noDocuments) Text(context.Context, string, []byte) (string, error) {
	return "", errors.New("PDF, DOCX and ODT files cannot be read by this build yet; save the document as UTF-8 text and scan that")
}

func (noDocuments) Close() {}
