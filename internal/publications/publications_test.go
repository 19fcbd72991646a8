package publications_test

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/blob"
	"github.com/scrutineer/scrutineer/internal/keys"
	"github.com/scrutineer/scrutineer/internal/publications"
	"github.com/scrutineer/scrutineer/internal/stats"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

type world struct {
	svc     *publications.Service
	dir     string
	analyst context.Context
}

func newWorld(t *testing.T, db *store.DB) *world {
	t.Helper()
	dir := t.TempDir()
	fs, err := blob.NewFS(dir)
	if err != nil {
		t.Fatal(err)
	}
	reg := testutil.MustCreateOrganisation(t, db, "regulator", scrutineer.KindRegulator)
	u := testutil.MustCreateUser(t, db, "analyst@example.org", reg, scrutineer.RoleAnalyst)
	svc := publications.New(db, blob.New(fs, keys.Generate()), publications.StatsSource{Source: stats.New(db.Reader())}, 1<<20)
	return &world{svc: svc, dir: dir, analyst: scrutineer.NewContextWithUser(context.Background(), u)}
}

func zipped(t *testing.T, names ...string) string {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, n := range names {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, "<x/>")
	}
	zw.Close()
	return b.String()
}

func TestUploadChecksTheFormat(t *testing.T) {
	db := testutil.NewSQLite(t)
	w := newWorld(t, db)
	p, err := w.svc.CreatePublication(w.analyst, &scrutineer.PublicationInput{Type: scrutineer.PubStatistics, Title: "Open data", Summary: "Tables.", Year: 2025})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, file, body, want string // want: the format, or "" for a refusal
	}{
		{"pdf", "report.pdf", "%PDF-1.7\n...%%EOF", "pdf"},
		{"csv", "data.csv", "year,count\n2025,12\n", "csv"},
		{"html", "report.html", "<!DOCTYPE html><html lang=en><title>x</title></html>", "html"},
		{"xlsx", "data.xlsx", zipped(t, "[Content_Types].xml", "xl/workbook.xml"), "xlsx"},
		{"docx", "letter.docx", zipped(t, "word/document.xml"), "docx"},
		{"a pdf that is text", "report.pdf", "just text", ""},
		{"a docx that is a spreadsheet", "letter.docx", zipped(t, "xl/workbook.xml"), ""},
		{"macros", "data.xlsx", zipped(t, "xl/workbook.xml", "xl/vbaProject.bin"), ""},
		{"csv not UTF-8", "data.csv", "caf\xe9\n", ""},
		{"an unaccepted type", "run.exe", "MZ", ""},
		{"too large", "big.csv", strings.Repeat("a", 1<<20+1), ""},
	} {
		f, err := w.svc.UploadPublicationFile(w.analyst, p.ID, tc.file, strings.NewReader(tc.body))
		switch {
		case tc.want == "" && scrutineer.ErrorFields(err)["file"] == "":
			t.Errorf("%s: accepted (%v)", tc.name, err)
		case tc.want != "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.want != "" && f.Format != tc.want:
			t.Errorf("%s: format %q", tc.name, f.Format)
		}
	}
	got, err := w.svc.FindPublicationByID(w.analyst, p.ID)
	if err != nil || len(got.Files) != 5 {
		t.Fatalf("files kept: %v %v", got, err)
	}
	// Stored encrypted; served decrypted once published, and only then.
	if _, _, err := w.svc.OpenPublishedFile(context.Background(), p.Slug, got.Files[1].ID); scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND {
		t.Fatalf("a draft's file opened publicly: %v", err)
	}
	if err := w.svc.PublishPublication(w.analyst, p.ID); err != nil {
		t.Fatal(err)
	}
	f, rc, err := w.svc.OpenPublishedFile(context.Background(), p.Slug, got.Files[1].ID)
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := io.ReadAll(rc)
	rc.Close()
	if f.Format != "csv" || string(plain) != "year,count\n2025,12\n" {
		t.Fatalf("served %s %q", f.Format, plain)
	}
	filepath.WalkDir(w.dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if b, _ := os.ReadFile(path); bytes.Contains(b, []byte("year,count")) {
				t.Errorf("%s holds the file in plain text", path)
			}
		}
		return nil
	})
}

func TestReportPublishesHTMLAndTaggedPDF(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		r, err := w.svc.CreateReport(w.analyst, &scrutineer.ReportInput{Title: "National overview 2025", PeriodFrom: "2025-01-01", PeriodTo: "2025-12-31"})
		if err != nil {
			t.Fatal(err)
		}
		choices, err := w.svc.TableChoices(w.analyst, r.ID)
		if err != nil || len(choices) == 0 {
			t.Fatalf("no statistics tables: %v", err)
		}
		for _, in := range []scrutineer.SectionInput{
			{Kind: scrutineer.SectionCommentary, Heading: "Introduction", Body: "Committees notified fewer reviews.\n\nThe themes were familiar."},
			{Kind: scrutineer.SectionStatistics, Heading: "Reviews by year", Table: choices[0].ID},
			{Kind: scrutineer.SectionCommentary, Heading: "Contact", Body: "Write to jane.smith@example.org for the data."},
		} {
			if _, err := w.svc.AddSection(w.analyst, r.ID, &in); err != nil {
				t.Fatal(err)
			}
		}
		rr, err := w.svc.RenderReport(w.analyst, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(rr.Sections) != 3 || len(rr.Sections[0].Paragraphs) != 2 || rr.Sections[1].Table == nil || rr.Findings() == 0 {
			t.Fatalf("rendered %+v", rr)
		}
		// Findings must be confirmed before publishing.
		if _, err := w.svc.PublishReport(w.analyst, r.ID, "Learning reviews in 2025.", rr.Version, false); scrutineer.ErrorFields(err)["confirm"] == "" {
			t.Fatalf("published with unconfirmed findings: %v", err)
		}
		pub, err := w.svc.PublishReport(w.analyst, r.ID, "Learning reviews in 2025.", rr.Version, true)
		if err != nil {
			t.Fatal(err)
		}
		public, err := w.svc.FindPublishedBySlug(context.Background(), pub.Slug)
		if err != nil || len(public.Files) != 2 {
			t.Fatalf("public %+v %v", public, err)
		}
		frozen, err := w.svc.PublishedReport(context.Background(), public)
		if err != nil || frozen.Title != rr.Title || len(frozen.Sections) != 3 || frozen.Sections[1].Table == nil {
			t.Fatalf("frozen %+v %v", frozen, err)
		}
		for _, f := range public.Files {
			_, rc, err := w.svc.OpenPublishedFile(context.Background(), public.Slug, f.ID)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(rc)
			rc.Close()
			switch f.Format {
			case "pdf":
				for _, want := range []string{"%PDF-", "/StructTreeRoot", "/Lang", "/MarkInfo"} {
					if !bytes.Contains(b, []byte(want)) {
						t.Errorf("the PDF has no %s", want)
					}
				}
			case "html":
				for _, want := range []string{`<html lang="en-GB">`, "<title>National overview 2025</title>", `<th scope="col">`, "<h2>Introduction</h2>"} {
					if !bytes.Contains(b, []byte(want)) {
						t.Errorf("the HTML has no %s", want)
					}
				}
			default:
				t.Errorf("unexpected file %s", f.Filename)
			}
		}
	})
}
