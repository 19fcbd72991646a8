package publications

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"html/template"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/pdf"
)

//go:embed report.html
var reportFS embed.FS

// reportHTML is the standalone HTML file of a published report: one file that reads
// well offline and prints, with the same headings and tables as the page.
var reportHTML = template.Must(template.ParseFS(reportFS, "report.html"))

// writeOutputs renders rr as HTML and as a tagged PDF, puts both in the blob store
// and returns them as publication files named base.html and base.pdf.
func (s *Service) writeOutputs(ctx context.Context, rr *scrutineer.RenderedReport, base string) ([]*scrutineer.PublicationFile, error) {
	var h, p bytes.Buffer
	if err := reportHTML.Execute(&h, rr); err != nil {
		return nil, fmt.Errorf("report html: %w", err)
	}
	if err := pdf.Write(&p, PDFDocument(rr)); err != nil {
		return nil, fmt.Errorf("report pdf: %w", err)
	}
	var files []*scrutineer.PublicationFile
	for _, out := range []struct {
		format string
		body   *bytes.Buffer
	}{{"pdf", &p}, {"html", &h}} {
		ref, err := s.blobs.Put(ctx, out.body)
		if err != nil {
			return nil, err
		}
		files = append(files, &scrutineer.PublicationFile{Filename: base + "." + out.format, Format: out.format, Size: ref.Size, SHA256: ref.SHA256})
	}
	return files, nil
}

// PDFDocument is rr in the PDF writer's model: the title as the document title and
// first heading, a heading per section, commentary as paragraphs and each table with
// its caption and header cells; notes follow their table.
func PDFDocument(rr *scrutineer.RenderedReport) *pdf.Document {
	d := &pdf.Document{Title: rr.Title, Lang: "en-GB", Author: "The regulator", Subject: "National overview report, " + rr.PeriodLabel}
	d.Blocks = append(d.Blocks, pdf.Heading{Level: 1, Text: rr.Title}, pdf.Paragraph{Text: "Period: " + rr.PeriodLabel})
	for _, sec := range rr.Sections {
		d.Blocks = append(d.Blocks, pdf.Heading{Level: 2, Text: sec.Heading})
		for _, para := range sec.Paragraphs {
			d.Blocks = append(d.Blocks, pdf.Paragraph{Text: para})
		}
		if t := sec.Table; t != nil {
			tb := pdf.Table{Caption: t.Caption, Header: append([]string{t.Corner}, t.Columns...)}
			for _, r := range t.Rows {
				tb.Rows = append(tb.Rows, append([]string{r.Header}, r.Cells...))
			}
			d.Blocks = append(d.Blocks, tb)
			for _, n := range t.Notes {
				d.Blocks = append(d.Blocks, pdf.Paragraph{Text: n})
			}
		}
	}
	if rr.Protection != "" {
		d.Blocks = append(d.Blocks, pdf.Heading{Level: 2, Text: "About the figures"}, pdf.Paragraph{Text: rr.Protection})
	}
	return d
}
