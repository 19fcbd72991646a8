package store_test

import (
	"context"
	"testing"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

func TestReportBuildAndPublish(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		w := newPubWorld(t, db)
		reports := store.NewReports(db)
		if _, err := reports.CreateReport(w.officer, &scrutineer.ReportInput{Title: "x", PeriodFrom: "2025-01-01", PeriodTo: "2025-12-31"}); scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND {
			t.Fatalf("an officer started a report: %v", err)
		}
		_, err := reports.CreateReport(w.analyst, &scrutineer.ReportInput{Title: "Overview", PeriodFrom: "2025-12-31", PeriodTo: "2025-01-01"})
		if scrutineer.ErrorFields(err)["period_to"] == "" {
			t.Fatalf("a period ending before it starts: %v", err)
		}
		r, err := reports.CreateReport(w.analyst, &scrutineer.ReportInput{Title: "National overview 2025", PeriodFrom: "2025-01-01", PeriodTo: "2025-12-31"})
		if err != nil {
			t.Fatal(err)
		}
		tables := []string{"by_decision"}
		add := func(in scrutineer.SectionInput) *scrutineer.ReportSection {
			t.Helper()
			sec, err := reports.AddSection(w.analyst, r.ID, &in, tables)
			if err != nil {
				t.Fatal(err)
			}
			return sec
		}
		intro := add(scrutineer.SectionInput{Kind: scrutineer.SectionCommentary, Heading: "Introduction", Body: "This year committees notified more reviews."})
		table := add(scrutineer.SectionInput{Kind: scrutineer.SectionStatistics, Heading: "Decisions", Table: "by_decision"})
		if _, err := reports.AddSection(w.analyst, r.ID, &scrutineer.SectionInput{Kind: scrutineer.SectionStatistics, Heading: "X", Table: "nope"}, tables); scrutineer.ErrorFields(err)["table"] == "" {
			t.Fatalf("a table not in the catalogue: %v", err)
		}
		if err := reports.MoveSection(w.analyst, r.ID, table.ID, -1); err != nil {
			t.Fatal(err)
		}
		got, err := reports.FindReport(w.analyst, r.ID)
		if err != nil || len(got.Sections) != 2 || got.Sections[0].ID != table.ID || got.Sections[1].ID != intro.ID {
			t.Fatalf("after moving: %+v %v", got, err)
		}
		// Publishing what was rendered before a later change is refused.
		stale := got.UpdatedAt
		add(scrutineer.SectionInput{Kind: scrutineer.SectionCommentary, Heading: "Temporary", Body: "To be removed."})
		got, err = reports.FindReport(w.analyst, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if err := reports.DeleteSection(w.analyst, r.ID, got.Sections[2].ID); err != nil {
			t.Fatal(err)
		}
		in := &scrutineer.PublicationInput{Type: scrutineer.PubNationalReport, Title: got.Title, Summary: "Learning reviews notified in 2025.", Year: 2025}
		pr := &store.PublishedReport{Publication: in, Snapshot: `{"sections":[]}`, Version: stale,
			Files: []*scrutineer.PublicationFile{{Filename: "overview.pdf", Format: "pdf", Size: 10, SHA256: "aa"}, {Filename: "overview.html", Format: "html", Size: 10, SHA256: "bb"}}}
		if _, err := reports.PublishReport(w.analyst, r.ID, pr); scrutineer.ErrorCode(err) != scrutineer.ECONFLICT {
			t.Fatalf("published a stale rendering: %v", err)
		}
		got, _ = reports.FindReport(w.analyst, r.ID)
		pr.Version = got.UpdatedAt
		pub, err := reports.PublishReport(w.analyst, r.ID, pr)
		if err != nil {
			t.Fatal(err)
		}
		public, err := w.pubs.FindPublishedBySlug(context.Background(), pub.Slug)
		if err != nil || public.ReportID != r.ID || len(public.Files) != 2 || public.Type != scrutineer.PubNationalReport {
			t.Fatalf("public report %+v %v", public, err)
		}
		if snap, err := reports.PublishedSnapshot(context.Background(), pub.ID); err != nil || snap != pr.Snapshot {
			t.Fatalf("snapshot %q %v", snap, err)
		}
		if _, err := reports.AddSection(w.analyst, r.ID, &scrutineer.SectionInput{Kind: scrutineer.SectionCommentary, Heading: "Late", Body: "Too late."}, tables); scrutineer.ErrorCode(err) != scrutineer.ECONFLICT {
			t.Fatalf("changed after publishing: %v", err)
		}
		if err := w.pubs.Withdraw(w.analyst, pub.ID, "Superseded."); err != nil {
			t.Fatal(err)
		}
		if _, err := reports.PublishedSnapshot(context.Background(), pub.ID); scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND {
			t.Fatalf("a withdrawn report's content was public: %v", err)
		}
	})
}
