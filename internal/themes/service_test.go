package themes_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/blob"
	"github.com/scrutineer/scrutineer/internal/directory"
	"github.com/scrutineer/scrutineer/internal/keys"
	"github.com/scrutineer/scrutineer/internal/search"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
	"github.com/scrutineer/scrutineer/internal/themes"
)

// world is a database with Glasgow's and Fife's committee officers, an analyst, a
// review of Glasgow's with its outcome notified and a report whose text is kept in
// a real (encrypted) blob store, and the service on them.
type world struct {
	db                     *store.DB
	svc                    *themes.Service
	index                  search.Index
	glasgow, fife, analyst *scrutineer.User
	review, doc            string
}

const reportText = `Information sharing between the school and the health visitor was poor.
Information sharing depended on individual relationships. No chronology was kept.
Domestic abuse was mentioned once, in a police note.`

func newWorld(t *testing.T, db *store.DB) *world {
	t.Helper()
	ctx := auth.SystemContext(context.Background())
	orgs := store.NewOrganisations(db)
	if _, err := directory.Sync(ctx, orgs); err != nil {
		t.Fatal(err)
	}
	org := func(slug string) *scrutineer.Organisation {
		o, err := orgs.FindOrganisationBySlug(ctx, slug)
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	w := &world{db: db, index: search.New(db)}
	w.glasgow = testutil.MustCreateUser(t, db, "cpc@example.org", org("glasgow-cpc"), scrutineer.RoleCommitteeOfficer)
	w.fife = testutil.MustCreateUser(t, db, "apc@example.org", org("fife-apc"), scrutineer.RoleCommitteeOfficer)
	w.analyst = testutil.MustCreateUser(t, db, "analyst@example.org", org("regulator"), scrutineer.RoleAnalyst)
	fs, err := blob.NewFS(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	blobs := blob.New(fs, keys.Generate())
	w.svc = themes.New(store.NewThemes(db), blobs, w.index, store.NewJobs(db), nil)
	w.review = testutil.MustCreateOutcome(t, db, w.glasgow, testutil.Outcome{ReferralOn: "2025-03-01", DecidedOn: "2025-03-20", RatifiedOn: "2025-09-01", OutcomeOn: "2025-09-05",
		LearningPoints:  []string{"Information was not shared with the health visitor; it was not shared at all."},
		Recommendations: []string{"Agencies should agree how information is passed on.", "Keep a chronology for every child on the register."}})
	ref, err := blobs.Put(context.Background(), strings.NewReader(reportText))
	if err != nil {
		t.Fatal(err)
	}
	w.doc = store.NewID()
	now := store.Time{Time: db.Now()}
	err = db.WriteTx(context.Background(), func(tx *sql.Tx) error {
		if _, err := tx.Exec(`INSERT INTO documents (id, organisation_id, owner_type, owner_id, kind, anonymised, title, status, created_by, created_at, updated_at)
			VALUES ($1, $2, 'learning_review', $3, 'report', TRUE, 'Learning review report', 'sent', $4, $5, $5)`, w.doc, w.glasgow.OrganisationID, w.review, w.glasgow.ID, now); err != nil {
			return err
		}
		if _, err := tx.Exec(`INSERT INTO document_versions (id, document_id, number, filename, sha256, size, format, uploaded_by, uploaded_at, extraction, text_sha256, check_status)
			VALUES ($1, $2, 1, 'report.txt', 'x', 10, 'txt', $3, $4, 'done', $5, 'clear')`, store.NewID(), w.doc, w.glasgow.ID, now, ref.SHA256); err != nil {
			return err
		}
		// As SendDocument indexes a sent document: under its own id and kind.
		return w.index.Upsert(context.Background(), tx, search.Doc{ID: w.doc, OrganisationID: w.glasgow.OrganisationID, Kind: "report", Year: 2025, Title: "Report", Text: reportText})
	})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func as(u *scrutineer.User) context.Context {
	return scrutineer.NewContextWithUser(context.Background(), u)
}

func byCode(list []scrutineer.ReviewTheme) map[string]scrutineer.ReviewTheme {
	out := map[string]scrutineer.ReviewTheme{}
	for _, t := range list {
		out[t.Code] = t
	}
	return out
}

func TestSuggestDecideAndIndex(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		for _, u := range []*scrutineer.User{w.glasgow, w.fife} {
			if _, err := w.svc.SuggestThemes(as(u), w.review); scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND {
				t.Errorf("%s suggests: %v, want not found", u.Email, err)
			}
		}
		got, err := w.svc.SuggestThemes(as(w.analyst), w.review)
		if err != nil {
			t.Fatal(err)
		}
		th := byCode(got)
		info, chron := th["information_sharing"], th["chronologies"]
		if info.Status != scrutineer.ThemeSuggested || info.Reason != "'information sharing' found twice in the report; 'not shared' twice in learning point 1" {
			t.Errorf("information sharing: %+v", info)
		}
		if chron.Reason != "'chronology' found once in the report; 'chronology' once in recommendation 2" {
			t.Errorf("chronologies: %+v", chron)
		}
		if _, ok := th["domestic_abuse"]; ok || len(th) != 2 {
			t.Errorf("suggested %v, want only information sharing and chronologies (domestic abuse is once)", got)
		}
		if err := w.svc.DecideThemes(as(w.analyst), w.review, []string{"information_sharing"}, []string{"chronologies"}); err != nil {
			t.Fatal(err)
		}
		if err := w.svc.DecideThemes(as(w.analyst), w.review, []string{"suicide"}, nil); scrutineer.ErrorCode(err) != scrutineer.EINVALID {
			t.Errorf("deciding a theme not on the review: %v, want invalid", err)
		}
		seen, err := w.svc.ReviewThemes(as(w.glasgow), w.review)
		if err != nil || len(seen) != 1 || seen[0].Code != "information_sharing" || seen[0].DecidedBy != w.analyst.ID {
			t.Errorf("the committee sees %+v, %v; want the accepted theme only", seen, err)
		}
		if _, err := w.svc.ReviewThemes(as(w.fife), w.review); scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND {
			t.Errorf("another committee: %v", err)
		}
		// Suggesting again keeps the decisions.
		again, err := w.svc.SuggestThemes(as(w.analyst), w.review)
		if th := byCode(again); err != nil || th["information_sharing"].Status != scrutineer.ThemeAccepted || th["chronologies"].Status != scrutineer.ThemeRejected {
			t.Errorf("after suggesting again: %+v, %v", again, err)
		}
		// The index holds the review under its own id with its accepted theme, and
		// no longer the document's own entry.
		res, err := w.index.Search(as(w.analyst), search.Query{Text: "chronology"})
		if err != nil || res.Total != 1 || res.Items[0].ID != w.review || res.Items[0].Kind != search.KindLearningReviewReport || res.Items[0].Year != 2025 {
			t.Fatalf("search: %+v, %v", res, err)
		}
		if res, err := w.index.Search(as(w.analyst), search.Query{Text: "chronology", Themes: []string{"information_sharing"}}); err != nil || res.Total != 1 {
			t.Errorf("theme filter: %+v, %v", res, err)
		}
		if res, err := w.index.Search(as(w.analyst), search.Query{Text: "chronology", Themes: []string{"chronologies"}}); err != nil || res.Total != 0 {
			t.Errorf("a rejected theme is indexed: %+v, %v", res, err)
		}
		if err := w.svc.AddReviewTheme(as(w.analyst), w.review, "made_up"); scrutineer.ErrorCode(err) != scrutineer.EINVALID {
			t.Errorf("adding an unknown theme: %v", err)
		}
		if err := w.svc.AddReviewTheme(as(w.analyst), w.review, "domestic_abuse"); err != nil {
			t.Fatal(err)
		}
		if res, err := w.index.Search(as(w.analyst), search.Query{Text: "chronology", Themes: []string{"domestic_abuse"}}); err != nil || res.Total != 1 {
			t.Errorf("added theme not indexed: %+v, %v", res, err)
		}
		recs, err := w.svc.ReviewRecommendations(as(w.glasgow), w.review)
		if err != nil || len(recs) != 2 {
			t.Fatalf("recommendations: %+v, %v", recs, err)
		}
		if err := w.svc.SetRecommendationThemes(as(w.glasgow), w.review, recs[1].ID, []string{"chronologies"}); scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND {
			t.Errorf("the committee codes a recommendation: %v", err)
		}
		if err := w.svc.SetRecommendationThemes(as(w.analyst), w.review, recs[1].ID, []string{"chronologies", "made_up"}); scrutineer.ErrorCode(err) != scrutineer.EINVALID {
			t.Errorf("unknown code: %v", err)
		}
		if err := w.svc.SetRecommendationThemes(as(w.analyst), w.review, recs[1].ID, []string{"chronologies", "information_sharing"}); err != nil {
			t.Fatal(err)
		}
		if recs, _ := w.svc.ReviewRecommendations(as(w.analyst), w.review); strings.Join(recs[1].Themes, ",") != "chronologies,information_sharing" || len(recs[0].Themes) != 0 {
			t.Errorf("recommendation themes: %+v", recs)
		}
		want := map[string]int{"review_themes.suggest": 2, "review_themes.decide": 1, "review_themes.add": 1, "review_recommendation.themes": 1}
		for action, n := range want {
			var got int
			if err := db.Reader().QueryRow(`SELECT count(*) FROM audit_log WHERE action = $1 AND target_id = $2`, action, w.review).Scan(&got); err != nil || got != n {
				t.Errorf("%s audited %d times (%v), want %d", action, got, err, n)
			}
		}
	})
}

func TestSuggestJob(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		quiet := testutil.MustCreateOutcome(t, db, w.glasgow, testutil.Outcome{ReferralOn: "2024-01-01", DecidedOn: "2024-01-10", RatifiedOn: "2024-06-01", OutcomeOn: "2024-06-03",
			LearningPoints: []string{"Nothing in this text names a theme."}})
		sys := auth.SystemContext(context.Background())
		if err := w.svc.SuggestJob(sys, &scrutineer.Job{ID: "test"}); err != nil {
			t.Fatal(err)
		}
		got, err := w.svc.ReviewThemes(as(w.analyst), w.review)
		if err != nil || len(got) != 2 {
			t.Errorf("after the job: %+v, %v", got, err)
		}
		pending, err := w.svc.PendingSuggestions(sys, 10)
		if err != nil || len(pending) != 0 {
			t.Errorf("still pending %v (%v): the review without keywords must not be taken again", pending, err)
		}
		_ = quiet
		var next int
		if err := db.Reader().QueryRow(`SELECT count(*) FROM jobs WHERE kind = $1 AND status = 'queued'`, scrutineer.JobSuggestThemes).Scan(&next); err != nil || next != 1 {
			t.Errorf("next run scheduled %d times (%v), want 1", next, err)
		}
		if err := w.svc.SuggestJob(sys, &scrutineer.Job{ID: "test"}); err != nil {
			t.Fatal(err)
		}
		if err := db.Reader().QueryRow(`SELECT count(*) FROM jobs WHERE kind = $1 AND status = 'queued'`, scrutineer.JobSuggestThemes).Scan(&next); err != nil || next != 1 {
			t.Errorf("a second run in the same slot scheduled %d runs, want 1", next)
		}
	})
}
