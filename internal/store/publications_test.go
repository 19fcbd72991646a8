package store_test

import (
	"context"
	"testing"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// pubWorld is a regulator analyst, a committee officer and an area to publish about.
type pubWorld struct {
	db      *store.DB
	pubs    *store.Publications
	analyst context.Context
	officer context.Context
	area    *scrutineer.Organisation
}

func newPubWorld(t *testing.T, db *store.DB) *pubWorld {
	t.Helper()
	reg := testutil.MustCreateOrganisation(t, db, "regulator", scrutineer.KindRegulator)
	cpc := testutil.MustCreateOrganisation(t, db, "fife-cpc", scrutineer.KindChildProtectionCommittee)
	return &pubWorld{
		db: db, pubs: store.NewPublications(db),
		analyst: scrutineer.NewContextWithUser(context.Background(), testutil.MustCreateUser(t, db, "analyst@example.org", reg, scrutineer.RoleAnalyst)),
		officer: scrutineer.NewContextWithUser(context.Background(), testutil.MustCreateUser(t, db, "officer@example.org", cpc, scrutineer.RoleCommitteeOfficer)),
		area:    testutil.MustCreateOrganisation(t, db, "fife", scrutineer.KindLocalAuthority),
	}
}

// published creates, files and publishes a publication, failing the test on error.
func (w *pubWorld) published(t *testing.T, in scrutineer.PublicationInput) *scrutineer.Publication {
	t.Helper()
	p, err := w.pubs.CreatePublication(w.analyst, &in)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.pubs.AddFile(w.analyst, p.ID, &scrutineer.PublicationFile{Filename: "report.pdf", Format: "pdf", Size: 1234, SHA256: "ab"}); err != nil {
		t.Fatal(err)
	}
	if err := w.pubs.Publish(w.analyst, p.ID); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestPublicationsLifecycle(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		w := newPubWorld(t, db)
		in := scrutineer.PublicationInput{Type: scrutineer.PubInspectionReport, Title: "Fife: services for children", Summary: "How well services protect children.", AreaID: w.area.ID, Year: 2025}

		// Only managers and analysts may create; others learn nothing (not found).
		if _, err := w.pubs.CreatePublication(w.officer, &in); scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND {
			t.Fatalf("a committee officer created a publication: %v", err)
		}
		bad := in
		bad.AreaID, bad.Title = testutil.MustCreateOrganisation(t, db, "other-cpc", scrutineer.KindChildProtectionCommittee).ID, ""
		_, err := w.pubs.CreatePublication(w.analyst, &bad)
		if f := scrutineer.ErrorFields(err); f["area"] == "" || f["title"] == "" {
			t.Fatalf("a committee as area and no title: %v", err)
		}

		draft, err := w.pubs.CreatePublication(w.analyst, &in)
		if err != nil {
			t.Fatal(err)
		}
		if draft.Slug != "fife-services-for-children" {
			t.Errorf("slug %q", draft.Slug)
		}
		// A draft is never public.
		if _, err := w.pubs.FindPublishedBySlug(context.Background(), draft.Slug); scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND {
			t.Fatalf("a draft was public: %v", err)
		}
		if err := w.pubs.Publish(w.analyst, draft.ID); scrutineer.ErrorCode(err) != scrutineer.ECONFLICT {
			t.Fatalf("published without a file: %v", err)
		}
		f := &scrutineer.PublicationFile{Filename: `C:\Users\me\report.pdf`, Format: "pdf", Size: 1_200_000, SHA256: "ab"}
		if err := w.pubs.AddFile(w.analyst, draft.ID, f); err != nil {
			t.Fatal(err)
		}
		if _, err := w.pubs.PublishedFile(context.Background(), draft.Slug, f.ID); scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND {
			t.Fatalf("a draft's file was public: %v", err)
		}
		if err := w.pubs.Publish(w.analyst, draft.ID); err != nil {
			t.Fatal(err)
		}
		got, err := w.pubs.FindPublishedBySlug(context.Background(), draft.Slug)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != scrutineer.PublicationPublished || got.PublishedOn == "" || got.AreaName == "" || len(got.Files) != 1 ||
			got.Files[0].Filename != "report.pdf" || got.Files[0].Describe() != "PDF, 1.2 MB" {
			t.Fatalf("published: %+v, files %+v", got, got.Files)
		}
		if err := w.pubs.AddFile(w.analyst, draft.ID, f); scrutineer.ErrorCode(err) != scrutineer.ECONFLICT {
			t.Fatalf("a file added after publishing: %v", err)
		}

		// The same title again gets its own slug.
		again, err := w.pubs.CreatePublication(w.analyst, &in)
		if err != nil || again.Slug != "fife-services-for-children-2" {
			t.Fatalf("second slug %v %v", again, err)
		}

		// Withdrawal needs a reason, and then the files are no longer public.
		if err := w.pubs.Withdraw(w.analyst, draft.ID, " "); scrutineer.ErrorFields(err)["reason"] == "" {
			t.Fatalf("withdrawn without a reason: %v", err)
		}
		if err := w.pubs.Withdraw(w.analyst, draft.ID, "Replaced by a corrected version."); err != nil {
			t.Fatal(err)
		}
		got, err = w.pubs.FindPublishedBySlug(context.Background(), draft.Slug)
		if err != nil || got.Status != scrutineer.PublicationWithdrawn || len(got.Files) != 0 || got.WithdrawnReason == "" {
			t.Fatalf("withdrawn: %+v %v", got, err)
		}
		if _, err := w.pubs.PublishedFile(context.Background(), draft.Slug, f.ID); scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND {
			t.Fatalf("a withdrawn file was public: %v", err)
		}
		list, err := w.pubs.FindPublished(context.Background(), scrutineer.PublicationFilter{})
		if err != nil || list.Total != 0 {
			t.Fatalf("public list after withdrawal: %+v %v", list, err)
		}

		// Every change was audited.
		entries, err := store.NewAudit(db).FindAudit(auth.SystemContext(context.Background()), scrutineer.AuditFilter{Action: "publication."})
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]int{}
		for _, e := range entries {
			seen[e.Action]++
		}
		if seen["publication.create"] != 2 || seen["publication.upload"] != 1 || seen["publication.publish"] != 1 || seen["publication.withdraw"] != 1 {
			t.Errorf("audit entries %v", seen)
		}
	})
}

func TestPublishedSearchAndFilters(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		w := newPubWorld(t, db)
		w.published(t, scrutineer.PublicationInput{Type: scrutineer.PubInspectionReport, Title: "Fife inspection", Summary: "Justice social work in 100% of cases", AreaID: w.area.ID, Year: 2024})
		w.published(t, scrutineer.PublicationInput{Type: scrutineer.PubNationalReport, Title: "National overview", Summary: "Learning reviews across Scotland", Year: 2025})
		w.published(t, scrutineer.PublicationInput{Type: scrutineer.PubValidationLetter, Title: "Fife validation letter", Summary: "Self-evaluation validated", AreaID: w.area.ID, Year: 2025})
		if _, err := w.pubs.CreatePublication(w.analyst, &scrutineer.PublicationInput{Type: scrutineer.PubNationalReport, Title: "Draft overview", Summary: "Learning reviews draft", Year: 2025}); err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		for _, tc := range []struct {
			name string
			f    scrutineer.PublicationFilter
			want int
		}{
			{"all published", scrutineer.PublicationFilter{}, 3},
			{"words in title or summary, any case", scrutineer.PublicationFilter{Query: "LEARNING reviews"}, 1},
			{"a percent sign is literal", scrutineer.PublicationFilter{Query: "100%"}, 1},
			{"underscore is literal", scrutineer.PublicationFilter{Query: "_"}, 0},
			{"type", scrutineer.PublicationFilter{Type: scrutineer.PubValidationLetter}, 1},
			{"area", scrutineer.PublicationFilter{AreaSlug: "fife"}, 2},
			{"year", scrutineer.PublicationFilter{Year: 2025}, 2},
			{"all together", scrutineer.PublicationFilter{Query: "fife", AreaSlug: "fife", Year: 2025}, 1},
		} {
			list, err := w.pubs.FindPublished(ctx, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			if list.Total != tc.want || len(list.Items) != tc.want {
				t.Errorf("%s: total %d, items %d, want %d", tc.name, list.Total, len(list.Items), tc.want)
			}
		}
		page, err := w.pubs.FindPublished(ctx, scrutineer.PublicationFilter{Limit: 2, Offset: 2})
		if err != nil || page.Total != 3 || len(page.Items) != 1 {
			t.Fatalf("second page: %+v %v", page, err)
		}
		areas, years, err := w.pubs.PublishedFacets(ctx)
		if err != nil || len(areas) != 1 || areas[0].Slug != "fife" || len(years) != 2 || years[0] != 2025 {
			t.Fatalf("facets %v %v %v", areas, years, err)
		}
		staff, err := w.pubs.FindPublications(w.analyst, scrutineer.PublicationFilter{})
		if err != nil || staff.Total != 4 {
			t.Fatalf("staff list %+v %v", staff, err)
		}
		if _, err := w.pubs.FindPublications(w.officer, scrutineer.PublicationFilter{}); scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND {
			t.Fatalf("officer saw the staff list: %v", err)
		}
	})
}
