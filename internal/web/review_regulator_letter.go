package web

import (
	"bytes"
	"net/http"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/pdf"
)

// observationsLetterPDF is the issued letter as a tagged PDF, written by the
// project's own internal/pdf from the same content as the HTML letter, so that
// both read the same to a screen reader.
func (s *Server) observationsLetterPDF(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.regulatorWork()
	if err != nil {
		return err
	}
	l, err := svc.Letter(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := pdf.Write(&buf, letterDocument(l)); err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "application/pdf")
	h.Set("Content-Disposition", `attachment; filename="observations-`+shortID(l.Review.ID)+`.pdf"`)
	h.Set("Cache-Control", "no-store")
	w.Write(buf.Bytes())
	return nil
}

// letterDocument is the letter's content in reading order, as the HTML letter
// (templates/pages/review-observations-letter.html) shows it.
func letterDocument(l *scrutineer.ObservationsLetter) *pdf.Document {
	ref := "Learning review reference: " + shortID(l.Review.ID) + " (" + codeLabel("subject_type", l.Review.SubjectType) +
		"; decision: " + codeLabel("decision", l.Review.Decision)
	if l.Review.RatifiedOn != "" {
		ref += "; ratified " + dateWords(l.Review.RatifiedOn)
	}
	d := &pdf.Document{
		Title:   "Observations on learning review " + shortID(l.Review.ID),
		Author:  "The regulator",
		Subject: "Observations to the chief officers group and " + l.CommitteeName,
		Blocks: []pdf.Block{
			pdf.Heading{Level: 1, Text: "Observations on learning review " + shortID(l.Review.ID)},
			pdf.Paragraph{Text: l.IssuedAt.In(london).Format("2 January 2006")},
			pdf.Paragraph{Text: "To the chief officers group and " + l.CommitteeName},
			pdf.Paragraph{Text: ref + ")"},
		},
	}
	for _, p := range paragraphs(l.Body) {
		d.Blocks = append(d.Blocks, pdf.Paragraph{Text: p})
	}
	sign := "For the regulator"
	if l.ApprovedBy != "" {
		sign = l.ApprovedBy + "\n" + sign
	}
	d.Blocks = append(d.Blocks, pdf.Paragraph{Text: "Yours faithfully,"}, pdf.Paragraph{Text: sign})
	return d
}

// dateWords shows a YYYY-MM-DD date as "2 February 2026", as the isoDate template
// function does.
func dateWords(d string) string {
	t, err := time.Parse("2006-01-02", d)
	if err != nil {
		return d
	}
	return t.Format("2 January 2006")
}
