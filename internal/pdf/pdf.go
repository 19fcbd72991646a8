// Package pdf writes accessible PDF documents: letters and reports the regulator
// sends and publishes. A Document is a simple model (headings, paragraphs, lists,
// tables); Write lays it out on A4 pages and produces a tagged PDF (PDF 1.7 with a
// structure tree in reading order, the document language, the title shown in the
// window, header cells marked as such, page furniture marked as artefacts, embedded
// fonts with a Unicode map), so that screen readers read it as the HTML version
// reads (docs/decisions/0106-accessible-pdf.md).
package pdf

import (
	"errors"
	"io"
	"strings"
)

// Document is what Write turns into a PDF.
type Document struct {
	// Title is the document's title: shown as the window title and read first.
	Title string
	// Lang is the document's language as a BCP 47 tag; "en-GB" when empty.
	Lang    string
	Author  string
	Subject string
	Blocks  []Block
}

// Block is one part of a document's body, in reading order.
type Block interface{ isBlock() }

// Heading is a heading of level 1 to 6.
type Heading struct {
	Level int
	Text  string
}

// Paragraph is a paragraph of text; a newline in Text starts a new line.
type Paragraph struct {
	Text string
}

// List is a bulleted or numbered list.
type List struct {
	Ordered bool
	Items   []string
}

// Table is a table with a caption, one header row and body rows. Rows shorter than
// the header are padded with empty cells.
type Table struct {
	Caption string
	Header  []string
	Rows    [][]string
}

func (Heading) isBlock()   {}
func (Paragraph) isBlock() {}
func (List) isBlock()      {}
func (Table) isBlock()     {}

// Write lays d out and writes it as a PDF to w.
func Write(w io.Writer, d *Document) error {
	if strings.TrimSpace(d.Title) == "" {
		return errors.New("pdf: a document needs a title")
	}
	l, err := newLayout()
	if err != nil {
		return err
	}
	for _, b := range d.Blocks {
		switch b := b.(type) {
		case Heading:
			l.heading(b)
		case Paragraph:
			l.paragraph(b.Text)
		case List:
			l.list(b)
		case Table:
			l.table(b)
		}
	}
	l.footers()
	lang := d.Lang
	if lang == "" {
		lang = "en-GB"
	}
	return writeFile(w, d, lang, l)
}
