package web

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/extract"
	"github.com/scrutineer/scrutineer/internal/pdf"
)

// TestObservationsLetterPDF writes a letter as the PDF route does and reads it back
// with PDFium: the reference, every paragraph of the body and the signatory are
// there, in the HTML letter's order.
func TestObservationsLetterPDF(t *testing.T) {
	l := &scrutineer.ObservationsLetter{
		Review:        &scrutineer.LearningReview{ID: "01a21627-0000-7000-8000-000000000000", SubjectType: "adult", Decision: "full_review", RatifiedOn: "2026-02-02"},
		CommitteeName: "Fife Adult Protection Committee",
		Body:          "Thank you for the report.\n\nSystemic approach: met. The review looked across agencies.\n\nWe would welcome a conversation.",
		IssuedAt:      time.Date(2026, 3, 4, 10, 0, 0, 0, time.UTC),
		ApprovedBy:    "Mhairi Stewart",
	}
	var buf bytes.Buffer
	if err := pdf.Write(&buf, letterDocument(l)); err != nil {
		t.Fatal(err)
	}
	ex, err := extract.New(extract.Options{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer ex.Close()
	res, err := ex.Text(context.Background(), extract.PDF, bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(res.Text), " ")
	last := -1
	for _, want := range []string{"Observations on learning review 01a21627", "4 March 2026", "To the chief officers group and Fife Adult Protection Committee",
		"ratified 2 February 2026", "Thank you for the report.", "The review looked across agencies.", "We would welcome a conversation.", "Mhairi Stewart", "For the regulator"} {
		i := strings.Index(text, want)
		if i < 0 {
			t.Fatalf("%q is missing from the PDF:\n%s", want, text)
		}
		if i < last {
			t.Errorf("%q is out of order", want)
		}
		last = i
	}
}
