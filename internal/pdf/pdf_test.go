package pdf

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer/internal/extract"
)

func letter(rows int) *Document {
	d := &Document{Title: "Observations on learning review 1a2b3c4d", Author: "The regulator", Blocks: []Block{
		Heading{Level: 1, Text: "Observations on a learning review"},
		Paragraph{Text: "To the chief officers group and the child protection committee.\nThis letter sets out our observations – with thanks for the committee’s work (£0 cost)."},
		Heading{Level: 2, Text: "What worked well"},
		List{Items: []string{"The review took a systemic approach.", "Staff from every agency took part."}},
		List{Ordered: true, Items: []string{"First numbered point", "Second numbered point"}},
	}}
	t := Table{Caption: "Appraisal against the checklist", Header: []string{"Item", "Rating", "Comment"}}
	for i := 0; i < rows; i++ {
		t.Rows = append(t.Rows, []string{fmt.Sprintf("Criterion %d", i+1), "Met", "The evidence supports this rating and the review explains its reasoning clearly."})
	}
	d.Blocks = append(d.Blocks, t, Paragraph{Text: "Closing paragraph after the table."})
	return d
}

// TestWriteReadsBack writes a letter and reads its text back with PDFium, the
// reader the document exchange uses: every block is there, in reading order, with
// characters outside ASCII intact.
func TestWriteReadsBack(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, letter(60)); err != nil {
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
	if res.Method != extract.MethodPDFium {
		t.Errorf("read by %s, want PDFium", res.Method)
	}
	if res.Pages < 2 {
		t.Errorf("a 60-row table fits on %d page(s); want it to continue on a new page", res.Pages)
	}
	text := strings.Join(strings.Fields(res.Text), " ")
	last := -1
	for _, want := range []string{"Observations on a learning review", "committee’s work (£0 cost)", "What worked well", "systemic approach",
		"Second numbered point", "Appraisal against the checklist", "Criterion 1 ", "Criterion 60", "Closing paragraph after the table."} {
		i := strings.Index(text, want)
		if i < 0 {
			t.Fatalf("%q is missing from the text read back:\n%s", want, text[:min(len(text), 600)])
		}
		if i < last {
			t.Errorf("%q is out of reading order", want)
		}
		last = i
	}
	if !strings.Contains(text, "Page 1 of ") {
		t.Error("no page numbers")
	}
}

// TestTagged checks the markers of an accessible PDF: a structure tree with
// headings, list items and header cells with their scope; the language; the title
// shown in the window; the document marked as tagged; no MCID without an element.
func TestTagged(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, letter(60)); err != nil {
		t.Fatal(err)
	}
	raw := buf.String()
	for _, want := range []string{"/StructTreeRoot", "/MarkInfo << /Marked true >>", "/Lang <FEFF0065006E002D00470042>", "/DisplayDocTitle true",
		"/S /H1", "/S /H2", "/S /P", "/S /L", "/S /LI", "/S /Lbl", "/S /LBody", "/S /Table", "/S /Caption", "/S /TR", "/S /TH", "/S /TD",
		"/Scope /Column", "/ToUnicode", "/FontFile2", "/ParentTree", "pdfuaid:part>1<"} {
		if !strings.Contains(raw, want) {
			t.Errorf("the PDF has no %s", want)
		}
	}
	// Every page's parent tree array holds one element per MCID used on it.
	pages := len(regexp.MustCompile(`/Type /Page /Parent`).FindAllString(raw, -1))
	if n := len(regexp.MustCompile(`/StructParents \d+`).FindAllString(raw, -1)); n != pages {
		t.Errorf("%d pages but %d with StructParents", pages, n)
	}
}

func TestWriteNeedsTitle(t *testing.T) {
	if err := Write(&bytes.Buffer{}, &Document{}); err == nil {
		t.Error("a document without a title was written")
	}
}

// TestWrapLongWord breaks a word wider than the line rather than overflowing.
func TestWrapLongWord(t *testing.T) {
	f, err := regularFace()
	if err != nil {
		t.Fatal(err)
	}
	lines := wrap(f, 11, 100, strings.Repeat("x", 200)+" end")
	if len(lines) < 3 {
		t.Fatalf("got %d lines", len(lines))
	}
	for _, l := range lines {
		if f.measure(l, 11) > 100 {
			t.Errorf("line %q is wider than 100 points", l)
		}
	}
}
