package extract

import (
	"archive/zip"
	"context"
	"encoding/xml"
	"strconv"
	"strings"
)

// OpenDocument namespaces.
const (
	nsText   = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
	nsTable  = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
	nsOffice = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
	nsStyle  = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
	nsDC     = "http://purl.org/dc/elements/1.1/"
)

// maxSpaces bounds one text:s element, whose count attribute a hostile file could
// set to billions.
const maxSpaces = 1024

// odtParts returns content.xml and styles.xml (for headers and footers) of an
// OpenDocument text, refusing other ODF types and plain archives.
func odtParts(zr *zip.Reader) (content, styles *zip.File, err error) {
	files := zipFiles(zr)
	names := make([]string, 0, len(zr.File))
	for _, e := range zr.File {
		names = append(names, e.Name)
	}
	m, ok := files["mimetype"]
	if !ok {
		if err := otherPackage(names); err != nil {
			return nil, nil, err
		}
		if _, ok := files["word/document.xml"]; ok {
			return nil, nil, errMismatch(".odt", DOCX)
		}
		return nil, nil, errArchive("a ZIP archive")
	}
	b, err := readSmall(m, 256)
	if err != nil {
		return nil, nil, err
	}
	if _, err := odfType(strings.TrimSpace(string(b)), names); err != nil {
		return nil, nil, err
	}
	content, ok = files["content.xml"]
	if !ok {
		return nil, nil, errDamaged(ODT)
	}
	return content, files["styles.xml"], nil
}

// odtWalker turns OpenDocument XML into text. Paragraphs and headings are lines,
// table cells are separated by tabs and rows by lines. Footnotes, comments and
// tracked deletions go to notes, which follow the body (a footnote sits inside its
// paragraph in the XML, and would otherwise cut the sentence in two).
type odtWalker struct {
	out, notes *textBuf
	cur        *textBuf
	para       int  // depth of text:p and text:h: character data counts only inside
	cell       int  // depth of table cells
	space      bool // the last character written was collapsible white space
	stylesOnly bool // in styles.xml: only headers and footers count
	header     int  // depth of style:header and style:footer elements
}

func (w *odtWalker) start(d *xml.Decoder, e xml.StartElement) (bool, error) {
	if w.stylesOnly && w.header == 0 {
		if e.Name.Space == nsStyle && isHeaderFooter(e.Name.Local) {
			w.header++
		}
		return false, nil
	}
	switch e.Name.Space {
	case nsText:
		switch e.Name.Local {
		case "p", "h":
			w.para++
			w.space = true // white space at the start of a paragraph is dropped
		case "s":
			n := 1
			if c := attr(e, nsText, "c"); c != "" {
				if v, err := strconv.Atoi(c); err == nil && v > 0 {
					n = min(v, maxSpaces)
				}
			}
			w.cur.write(strings.Repeat(" ", n))
			w.space = false
		case "tab":
			w.cur.write("\t")
			w.space = true
		case "line-break":
			w.cur.write("\n")
			w.space = true
		case "note-citation", "sequence-decls", "variable-decls", "user-field-decls":
			return true, d.Skip()
		case "note-body", "changed-region":
			w.cur = w.notes
		}
	case nsOffice:
		switch e.Name.Local {
		case "annotation":
			w.cur = w.notes
		case "forms":
			return true, d.Skip()
		}
	case nsTable:
		if e.Name.Local == "table-cell" {
			w.cell++
		}
	case nsDC:
		return true, d.Skip() // an annotation's author and date
	}
	return false, nil
}

func (w *odtWalker) end(e xml.EndElement) {
	if w.stylesOnly {
		if e.Name.Space == nsStyle && isHeaderFooter(e.Name.Local) {
			w.header--
			w.out.newline()
		}
		if w.header == 0 {
			return
		}
	}
	switch e.Name.Space {
	case nsText:
		switch e.Name.Local {
		case "p", "h":
			w.para--
			w.space = false
			if w.cell > 0 && w.cur == w.out {
				w.cur.trimSpaces()
				w.cur.write(" ")
			} else {
				w.cur.newline()
			}
		case "note-body", "changed-region":
			w.cur = w.out
		}
	case nsOffice:
		if e.Name.Local == "annotation" {
			w.cur = w.out
		}
	case nsTable:
		switch e.Name.Local {
		case "table-cell":
			w.cell--
			w.cur.trimSpaces()
			w.cur.write("\t")
		case "table-row":
			w.cur.trimSpaces()
			w.cur.newline()
		case "table":
			w.cur.newline()
		}
	}
}

// chars writes character data inside a paragraph, collapsing white space as ODF
// requires (runs of spaces, tabs and newlines count as one space; text:s, text:tab
// and text:line-break carry the real ones).
func (w *odtWalker) chars(b []byte) {
	if w.para == 0 || (w.stylesOnly && w.header == 0) {
		return
	}
	var sb strings.Builder
	for _, c := range string(b) {
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' {
			if !w.space {
				sb.WriteByte(' ')
			}
			w.space = true
			continue
		}
		w.space = false
		sb.WriteRune(c)
	}
	w.cur.write(sb.String())
}

func isHeaderFooter(local string) bool {
	switch local {
	case "header", "footer", "header-left", "footer-left", "header-first", "footer-first":
		return true
	}
	return false
}

func attr(e xml.StartElement, space, local string) string {
	for _, a := range e.Attr {
		if a.Name.Space == space && a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// odtText walks an OpenDocument text into out: body, then headers and footers,
// then notes, comments and tracked deletions.
func odtText(ctx context.Context, zr *zip.Reader, out *textBuf) error {
	content, styles, err := odtParts(zr)
	if err != nil {
		return err
	}
	notes := &textBuf{max: out.max, discard: out.discard}
	w := &odtWalker{out: out, notes: notes, cur: out}
	if err := walkXML(ctx, content, out, w.start, w.end, w.chars); err != nil {
		return err
	}
	if styles != nil {
		out.section()
		sw := &odtWalker{out: out, notes: notes, cur: out, stylesOnly: true}
		if err := walkXML(ctx, styles, out, sw.start, sw.end, sw.chars); err != nil {
			return err
		}
	}
	if notes.full {
		return errTextFull
	}
	if notes.n > 0 {
		out.section()
		out.write(notes.String())
	}
	return nil
}

// odtPages returns the page count recorded in meta.xml, or 0.
func odtPages(zr *zip.Reader) int {
	e, ok := zipFiles(zr)["meta.xml"]
	if !ok {
		return 0
	}
	b, err := readSmall(e, 1<<20)
	if err != nil {
		return 0
	}
	var meta struct {
		Stats struct {
			Pages int `xml:"page-count,attr"`
		} `xml:"meta>document-statistic"`
	}
	if xml.Unmarshal(b, &meta) != nil || meta.Stats.Pages < 0 {
		return 0
	}
	return meta.Stats.Pages
}
