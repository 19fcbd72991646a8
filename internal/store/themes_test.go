package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

func TestThemeVocabulary(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		w := newDeadlineWorld(t, db)
		st := store.NewThemes(db)
		sys := auth.SystemContext(context.Background())
		for i, want := range []bool{true, false} {
			if seeded, err := st.SeedThemes(sys); err != nil || seeded != want {
				t.Fatalf("seed %d: %v, %v", i, seeded, err)
			}
		}
		cur, err := st.CurrentThemes(w.glasgow)
		if err != nil || cur.Version != 1 || len(cur.Themes) != len(scrutineer.DefaultThemes) || cur.Find("neglect").Keywords[0] != "neglect" {
			t.Fatalf("version 1: %+v, %v", cur, err)
		}
		next := []scrutineer.Theme{}
		for _, th := range cur.Themes {
			switch th.Code {
			case "suicide": // retired
			case "neglect":
				th.Label, th.Keywords = "Neglect of a child", []string{"neglect", "neglected"}
				next = append(next, th)
			default:
				next = append(next, th)
			}
		}
		next = append(next, scrutineer.Theme{Code: "peer_support", Label: "Peer support", Keywords: []string{"peer support"}})
		if _, err := st.NewThemeVersion(w.analyst, next); scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND {
			t.Errorf("analyst makes a version: %v", err)
		}
		bad := append(append([]scrutineer.Theme{}, next...), scrutineer.Theme{Code: "Bad code", Label: ""})
		if _, err := st.NewThemeVersion(w.manager, bad); scrutineer.ErrorFields(err)["new_code"] == "" || scrutineer.ErrorFields(err)["new_label"] == "" {
			t.Errorf("bad new theme: %v %v", err, scrutineer.ErrorFields(err))
		}
		// NOTE: st keeps version 1; what a caller does to its copy must not reach
		// the next caller, and a version made elsewhere (another server) must be
		// seen at once.
		kept, _ := st.CurrentThemes(w.glasgow)
		kept.Themes[0].Label, kept.Themes[0].Keywords[0] = "Changed by a caller", "changed"
		if again, err := st.CurrentThemes(w.glasgow); err != nil || again.Themes[0].Label == "Changed by a caller" || again.Themes[0].Keywords[0] == "changed" {
			t.Fatalf("a caller's change reached the kept copy: %+v, %v", again.Themes[0], err)
		}
		v, err := store.NewThemes(db).NewThemeVersion(w.manager, next)
		if err != nil || v != 2 {
			t.Fatalf("new version: %d, %v", v, err)
		}
		if cur, err := st.CurrentThemes(w.glasgow); err != nil || cur.Version != 2 || cur.Find("peer_support") == nil {
			t.Fatalf("version 2 made by another store: %+v, %v", cur, err)
		}
		versions, err := st.ThemeVersions(w.manager)
		if err != nil || len(versions) != 2 || versions[0].Version != 2 || versions[0].Find("suicide") != nil || versions[1].Find("suicide") == nil ||
			versions[0].Find("neglect").Label != "Neglect of a child" || versions[0].Find("peer_support") == nil {
			t.Fatalf("versions: %+v, %v", versions, err)
		}
		var detail string
		if err := db.Reader().QueryRow(`SELECT detail FROM audit_log WHERE action = 'theme_vocabulary.version'`).Scan(&detail); err != nil ||
			detail != "16 themes. Added: peer_support. Retired: suicide. Changed: neglect." {
			t.Errorf("audit %q, %v", detail, err)
		}
		if _, err := st.ThemeVersions(w.glasgow); scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND {
			t.Errorf("committee officer lists versions: %v", err)
		}
	})
}

func TestRepository(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		w := newDeadlineWorld(t, db)
		edi := w.reviews
		other := &scrutineer.LearningReview{SubjectType: "adult", AgeBand: "65_plus", Sex: "female", EventType: "death", IncidentOn: "2026-01-05", ReferralOn: "2026-01-10"}
		if err := edi.CreateDraft(w.edinburgh, other); err != nil {
			t.Fatal(err)
		}
		if _, err := edi.NotifyDecision(w.edinburgh, other.ID, scrutineer.ReviewDecisionInput{Decision: "no_review", DecidedOn: "2026-01-20", Reasons: "Single agency learning."}); err != nil {
			t.Fatal(err)
		}
		draft := w.draft(t, w.glasgow, "child")
		if _, err := w.reviews.Repository(w.glasgow, scrutineer.RepositoryFilter{}); scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND {
			t.Errorf("committee officer: %v", err)
		}
		ids := func(f scrutineer.RepositoryFilter) string {
			t.Helper()
			p, err := w.reviews.Repository(w.analyst, f)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, r := range p.Rows {
				out = append(out, r.Review.ID)
			}
			if p.Total != len(out) {
				t.Errorf("total %d for %d rows", p.Total, len(out))
			}
			return strings.Join(out, " ")
		}
		all := ids(scrutineer.RepositoryFilter{})
		if strings.Contains(all, draft.ID) || !strings.HasPrefix(all, other.ID) || len(strings.Fields(all)) != 4 {
			t.Errorf("all, newest referral first, no draft: %s", all)
		}
		for name, tc := range map[string]struct {
			f    scrutineer.RepositoryFilter
			want string
		}{
			// One referral date: ids, which are time-ordered, break the tie.
			"committee":      {scrutineer.RepositoryFilter{CommitteeID: w.glasgowOrg.ID, Oldest: true}, w.soon + " " + w.late + " " + w.old},
			"committee type": {scrutineer.RepositoryFilter{CommitteeKind: scrutineer.KindAdultProtectionCommittee}, other.ID},
			"year":           {scrutineer.RepositoryFilter{Year: 2026}, other.ID},
			"decision":       {scrutineer.RepositoryFilter{Decision: "no_review"}, other.ID},
			"subject":        {scrutineer.RepositoryFilter{SubjectType: "adult"}, other.ID},
			// Completion passed, not met; the soon one is not yet due and decisions
			// were met, if late.
			"overdue":       {scrutineer.RepositoryFilter{Overdue: true, Oldest: true}, w.late + " " + w.old},
			"text, nothing": {scrutineer.RepositoryFilter{TextSearch: true}, ""},
			"text":          {scrutineer.RepositoryFilter{TextSearch: true, TextIDs: []string{w.late, "unrelated"}}, w.late},
		} {
			if got := ids(tc.f); got != tc.want {
				t.Errorf("%s: %s, want %s", name, got, tc.want)
			}
		}
		p, err := w.reviews.Repository(w.analyst, scrutineer.RepositoryFilter{Overdue: true})
		if err != nil || p.Total != 2 || !p.Rows[0].Overdue || p.Rows[0].CommitteeName == "" {
			t.Errorf("overdue rows: %+v, %v", p, err)
		}
		if err := store.NewThemes(db).AddReviewTheme(w.analyst, w.late, "neglect", nil); err != nil {
			t.Fatal(err)
		}
		if got := ids(scrutineer.RepositoryFilter{Theme: "neglect"}); got != w.late {
			t.Errorf("theme: %s", got)
		}
		if p, _ := w.reviews.Repository(w.analyst, scrutineer.RepositoryFilter{Theme: "neglect"}); len(p.Rows) != 1 || strings.Join(p.Rows[0].Themes, ",") != "neglect" {
			t.Errorf("row themes: %+v", p.Rows)
		}
	})
}

// TestRepositoryPages checks that the pages of the repository, counted and paged by
// the database, add up to every review once, in order, with or without the overdue
// filter (which pages in Go).
func TestRepositoryPages(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		w := newDeadlineWorld(t, db)
		base, err := w.reviews.Repository(w.analyst, scrutineer.RepositoryFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for i := range scrutineer.RepositoryPageSize + 5 - base.Total {
			r := &scrutineer.LearningReview{SubjectType: "adult", AgeBand: "65_plus", Sex: "female", EventType: "death",
				IncidentOn: "2025-01-05", ReferralOn: fmt.Sprintf("2025-%02d-%02d", 2+i/28, 1+i%28)}
			if err := w.reviews.CreateDraft(w.edinburgh, r); err != nil {
				t.Fatal(err)
			}
			if _, err := w.reviews.NotifyDecision(w.edinburgh, r.ID, scrutineer.ReviewDecisionInput{Decision: "no_review", DecidedOn: "2025-12-01", Reasons: "Single agency."}); err != nil {
				t.Fatal(err)
			}
		}
		for _, overdue := range []bool{false, true} {
			seen, prev := map[string]bool{}, "9999"
			total := 0
			for page := 1; page <= 3; page++ {
				p, err := w.reviews.Repository(w.analyst, scrutineer.RepositoryFilter{Page: page, Overdue: overdue})
				if err != nil {
					t.Fatal(err)
				}
				total = p.Total
				for _, row := range p.Rows {
					if seen[row.Review.ID] || row.Review.ReferralOn > prev {
						t.Errorf("overdue=%v page %d: %s repeated or out of order", overdue, page, row.Review.ID)
					}
					seen[row.Review.ID], prev = true, row.Review.ReferralOn
				}
			}
			if len(seen) != total || (!overdue && total != scrutineer.RepositoryPageSize+5) {
				t.Errorf("overdue=%v: %d reviews across the pages, total %d", overdue, len(seen), total)
			}
		}
	})
}
