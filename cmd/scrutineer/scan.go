package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/pii"
)

// maxScanBytes bounds the size of one file scan reads into memory.
const maxScanBytes = 256 << 20

// scanResult is one file's entry in the JSON output; the shape is the contract's.
type scanResult struct {
	File     string        `json:"file"`
	Findings []pii.Finding `json:"findings"`
	text     string
}

// scanCmd runs `scrutineer scan [--json] FILE...`: the personal-data check of each file.
// Exit status 0 when no file has findings, 1 when any has, 2 when a file cannot be
// read (the readable ones are still reported).
func scanCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("scan", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	asJSON := fs.Bool("json", false, "print JSON")
	if err := fs.Parse(args); err != nil {
		msg := strings.TrimPrefix(err.Error(), "flag provided but not defined: ")
		if msg != err.Error() {
			return usageErr("scan: unknown flag %s", msg)
		}
		return usageErr("scan: %v", err)
	}
	files := fs.Args()
	if len(files) == 0 {
		return usageErr("scan: no file given; usage: scrutineer scan [--json] FILE...")
	}
	docs := newDocumentReader()
	defer docs.Close()

	results := make([]scanResult, 0, len(files))
	var failed []error
	withFindings := 0
	for _, path := range files {
		text, err := readScanText(ctx, docs, path)
		if err != nil {
			failed = append(failed, fmt.Errorf("scan: %s: %s", path, readError(err)))
			continue
		}
		r := scanResult{File: path, Findings: pii.Scan(text), text: text}
		if r.Findings == nil {
			r.Findings = []pii.Finding{}
		}
		if len(r.Findings) > 0 {
			withFindings++
		}
		results = append(results, r)
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(results); err != nil {
			return err
		}
	} else {
		for _, r := range results {
			printHuman(stdout, r)
		}
	}
	switch {
	case len(failed) == 1:
		return &exitError{code: 2, err: failed[0]}
	case len(failed) > 1:
		for _, err := range failed {
			fmt.Fprintln(stderr, "scrutineer: "+err.Error())
		}
		return &exitError{code: 2, err: fmt.Errorf("scan: %d of %d files could not be read", len(failed), len(files))}
	case withFindings > 0:
		return &exitError{code: 1, err: fmt.Errorf("scan: personal data found in %d of %d files", withFindings, len(files))}
	}
	return nil
}

// readError is the uploader-facing message of a domain error (the extractor's
// rejections say what to do), or the error itself.
func readError(err error) string {
	var e *scrutineer.Error
	if errors.As(err, &e) {
		return e.Message
	}
	return err.Error()
}

// readScanText returns the UTF-8 text of one file: a plain text file as it is, byte
// for byte, so that offsets count a byte-order mark and CRLF line ends; PDF, DOCX and
// ODT through the document reader.
func readScanText(ctx context.Context, docs documentReader, path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", errors.New(strings.TrimPrefix(err.Error(), "open "+path+": "))
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return "", err
	}
	if info.IsDir() {
		return "", errors.New("is a folder, not a file")
	}
	if info.Size() > maxScanBytes {
		return "", fmt.Errorf("is larger than %d MB", maxScanBytes>>20)
	}
	data, err := io.ReadAll(io.LimitReader(f, maxScanBytes+1))
	if err != nil {
		return "", err
	}
	if looksLikeDocument(data) {
		return docs.Text(ctx, path, data)
	}
	if err := checkPlainText(data); err != nil {
		return "", err
	}
	return string(data), nil
}

// looksLikeDocument reports a PDF or a ZIP package (DOCX, ODT) by its signature.
func looksLikeDocument(data []byte) bool {
	return bytes.HasPrefix(data, []byte("%PDF-")) || bytes.HasPrefix(data, []byte("PK\x03\x04"))
}

// checkPlainText accepts UTF-8 text (a UTF-8 byte-order mark included) and explains
// what to do with anything else.
func checkPlainText(data []byte) error {
	switch {
	case len(data) == 0:
		return nil
	case bytes.HasPrefix(data, []byte{0xff, 0xfe}) || bytes.HasPrefix(data, []byte{0xfe, 0xff}):
		return errors.New("the file is UTF-16 (Unicode) text, not UTF-8; save it as UTF-8 text and scan it again")
	case bytes.IndexByte(data, 0) >= 0:
		return errors.New("the file holds binary data, not text; scan a PDF, DOCX, ODT or UTF-8 text file")
	}
	if !utf8.Valid(data) {
		at := 0
		for at < len(data) {
			r, n := utf8.DecodeRune(data[at:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			at += n
		}
		return fmt.Errorf("the file is not UTF-8 text (invalid byte at offset %d; Latin-1 or Windows-1252?); save it as UTF-8 text and scan it again", at)
	}
	return nil
}
