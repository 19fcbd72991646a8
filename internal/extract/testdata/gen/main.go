// Command gen writes the extract package's test documents into testdata. Run it from
// the repository root:
//
//	go run ./internal/extract/testdata/gen            # the files written in Go
//	go run ./internal/extract/testdata/gen -tools     # also those made with soffice and qpdf
//
// The output is committed, so tests never need these tools. Files written in Go are
// byte-for-byte reproducible; the -tools files are not (LibreOffice stamps dates and
// qpdf draws random keys), so they are only rewritten when -tools is given.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/scrutineer/scrutineer/internal/extract/internal/docgen"
)

func main() {
	out := flag.String("out", "internal/extract/testdata", "folder to write into")
	tools := flag.Bool("tools", false, "also run soffice and qpdf for the files they make")
	flag.Parse()
	if err := run(*out, *tools); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(out string, tools bool) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	textPDF := docgen.PDF([]docgen.PDFPage{
		{Lines: []string{"Learning review: Example Partnership", "", "The review considered multi-agency practice.", "Gàidhlig: “an lèirmheas” – Zürich (draft)."}},
		{Lines: []string{"Page two of the report.", "Findings and recommendations."}},
	}, docgen.PDFOptions{Compress: true, Title: "Example"})
	docx := sampleDOCX()
	files := map[string][]byte{
		"sample.docx":      docx,
		"sample.odt":       sampleODT(),
		"text.pdf":         textPDF,
		"truncated.pdf":    textPDF[:len(textPDF)*6/10],
		"scanned.pdf":      docgen.PDF([]docgen.PDFPage{{Image: true}}, docgen.PDFOptions{Compress: true, Title: "Scan"}),
		"bomb-content.pdf": docgen.PDF([]docgen.PDFPage{{Lines: []string{"Bomb"}}}, docgen.PDFOptions{Bomb: 200 << 20}),
		"macro.docm":       macroDOCM(),
		"macro.odt":        macroODT(),
		"bomb.docx":        bombDOCX(200 << 20),
		"archive.zip":      plainZip(),
		"docx-named.pdf":   docx,
		"utf8.txt":         []byte("Minutes of the review group.\nAttendees agreed the chronology – “in full”.\nGàidhlig: Tha mi ag ionnsachadh.\n"),
		"utf8-bom.txt":     append([]byte("\xef\xbb\xbf"), "Minutes with a byte order mark.\n"...),
		"latin1.txt":       []byte("Minutes of the review group.\nCaf\xe9 meeting, na\xefve plan, \xa3100 budget.\n"),
		"utf16.txt":        utf16LE("Minutes of the review group.\r\nGàidhlig text saved by Notepad as Unicode.\r\n"),
		"script.sh":        []byte("#!/bin/sh\necho 'not a report'\n"),
		"page.html":        []byte("<!DOCTYPE html>\n<html><head><title>Report</title></head><body><script>alert(1)</script></body></html>\n"),
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(out, name), data, 0o644); err != nil {
			return err
		}
	}
	if !tools {
		return nil
	}
	return runTools(out)
}

// runTools makes the files that need LibreOffice and qpdf: a PDF and a DOCX from a
// real word processor, the 40-page report for the benchmarks, and encrypted PDFs.
func runTools(out string) error {
	tmp, err := os.MkdirTemp("", "extract-gen-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if err := os.WriteFile(filepath.Join(tmp, "report-40p.docx"), reportDOCX(40, 300), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(tmp, "libreoffice.odt"), sampleODT(), 0o644); err != nil {
		return err
	}
	soffice := func(format, src string) error {
		cmd := exec.Command("soffice", "--headless", "--norestore", "--convert-to", format, "--outdir", out, filepath.Join(tmp, src))
		cmd.Env = append(os.Environ(), "HOME="+tmp)
		if b, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("soffice %s %s: %v: %s", format, src, err, b)
		}
		return nil
	}
	for _, c := range [][2]string{{"pdf", "report-40p.docx"}, {"pdf", "libreoffice.odt"}, {"docx", "libreoffice.odt"}} {
		if err := soffice(c[0], c[1]); err != nil {
			return err
		}
	}
	qpdf := func(args ...string) error {
		if b, err := exec.Command("qpdf", args...).CombinedOutput(); err != nil {
			return fmt.Errorf("qpdf %s: %v: %s", strings.Join(args, " "), err, b)
		}
		return nil
	}
	src := filepath.Join(out, "text.pdf")
	if err := qpdf("--encrypt", "user-secret", "owner-secret", "256", "--", src, filepath.Join(out, "encrypted.pdf")); err != nil {
		return err
	}
	// An empty user password: readers open it without asking, but it is still
	// encrypted, with restrictions set by the owner password.
	return qpdf("--encrypt", "", "owner-secret", "256", "--extract=n", "--", src, filepath.Join(out, "encrypted-owner.pdf"))
}

func utf16LE(s string) []byte {
	var b bytes.Buffer
	b.WriteString("\xff\xfe")
	for _, u := range utf16.Encode([]rune(s)) {
		b.WriteByte(byte(u))
		b.WriteByte(byte(u >> 8))
	}
	return b.Bytes()
}

// splitWords cuts text into paragraphs of about n words each.
func splitWords(text string, n int) []string {
	words := strings.Fields(text)
	var paras []string
	for len(words) > 0 {
		k := min(n, len(words))
		paras = append(paras, strings.Join(words[:k], " "))
		words = words[k:]
	}
	return paras
}

func itoa(n int) string { return strconv.Itoa(n) }
