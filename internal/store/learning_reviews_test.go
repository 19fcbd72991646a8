package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

func str(s string) *string { return &s }

// reviewWorld is two committees with an officer each, an inspector and an
// administrator, on one database whose clock reads 2026-06-15.
type reviewWorld struct {
	reviews                       *store.LearningReviews
	db                            *store.DB
	glasgow, edinburgh, inspector context.Context
	admin                         context.Context
	glasgowOrg                    *scrutineer.Organisation
}

func newReviewWorld(t *testing.T, db *store.DB) *reviewWorld {
	t.Helper()
	db.Now = func() time.Time { return time.Date(2026, 6, 15, 10, 0, 0, 0, time.UTC) }
	reg := testutil.MustCreateOrganisation(t, db, "regulator", scrutineer.KindRegulator)
	gla := testutil.MustCreateOrganisation(t, db, "glasgow-cpc", scrutineer.KindChildProtectionCommittee)
	edi := testutil.MustCreateOrganisation(t, db, "edinburgh-apc", scrutineer.KindAdultProtectionCommittee)
	as := func(email string, org *scrutineer.Organisation, role scrutineer.Role) context.Context {
		return scrutineer.NewContextWithUser(context.Background(), testutil.MustCreateUser(t, db, email, org, role))
	}
	return &reviewWorld{
		reviews: store.NewLearningReviews(db), db: db, glasgowOrg: gla,
		glasgow:   as("gla@example.org", gla, scrutineer.RoleCommitteeOfficer),
		edinburgh: as("edi@example.org", edi, scrutineer.RoleCommitteeOfficer),
		inspector: as("insp@example.org", reg, scrutineer.RoleInspector),
		admin:     as("admin@example.org", reg, scrutineer.RoleAdmin),
	}
}

// complete is a draft's changes that make it ready for a decision.
func complete() *scrutineer.LearningReviewChanges {
	return &scrutineer.LearningReviewChanges{AgeBand: str("5_11"), Sex: str("female"), EventType: str("significant_harm"),
		IncidentOn: str("2026-03-01"), ReferralOn: str("2026-03-10")}
}

func (w *reviewWorld) draft(t *testing.T, ctx context.Context, subject string) *scrutineer.LearningReview {
	t.Helper()
	r := &scrutineer.LearningReview{SubjectType: subject}
	if err := w.reviews.CreateDraft(ctx, r); err != nil {
		t.Fatal(err)
	}
	return r
}

func reviewAudit(t *testing.T, db *store.DB, id string) []string {
	t.Helper()
	rows, err := db.Reader().Query(`SELECT action FROM audit_log WHERE target_type = 'learning_review' AND target_id = $1 ORDER BY seq`, id)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			t.Fatal(err)
		}
		out = append(out, a)
	}
	return out
}

func TestLearningReviews(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		w := newReviewWorld(t, db)
		r := w.draft(t, w.glasgow, "child")
		if r.ID == "" || r.Status != scrutineer.ReviewDraft || r.CommitteeID != w.glasgowOrg.ID || r.Version != 1 {
			t.Fatalf("draft %+v", r)
		}

		t.Run("a draft needs a subject type and a committee officer", func(t *testing.T) {
			if err := w.reviews.CreateDraft(w.glasgow, &scrutineer.LearningReview{}); scrutineer.ErrorFields(err)["subject_type"] == "" {
				t.Errorf("no subject type: %v", err)
			}
			if err := w.reviews.CreateDraft(w.glasgow, &scrutineer.LearningReview{SubjectType: "teenager"}); scrutineer.ErrorFields(err)["subject_type"] == "" {
				t.Errorf("bad subject type: %v", err)
			}
			if err := w.reviews.CreateDraft(w.inspector, &scrutineer.LearningReview{SubjectType: "adult"}); scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND {
				t.Errorf("inspector created a draft: %v", err)
			}
			if err := w.reviews.CreateDraft(context.Background(), &scrutineer.LearningReview{SubjectType: "adult"}); scrutineer.ErrorCode(err) != scrutineer.EUNAUTHORISED {
				t.Errorf("anonymous: %v", err)
			}
		})

		t.Run("another committee's review is not found", func(t *testing.T) {
			if _, err := w.reviews.Find(w.edinburgh, r.ID); scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND {
				t.Errorf("find: %v", err)
			}
			if _, err := w.reviews.Update(w.edinburgh, r.ID, complete()); scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND {
				t.Errorf("update: %v", err)
			}
			if _, err := w.reviews.NotifyDecision(w.edinburgh, r.ID, scrutineer.ReviewDecisionInput{Decision: "full_review", DecidedOn: "2026-04-01"}); scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND {
				t.Errorf("decision: %v", err)
			}
			if _, err := w.reviews.Find(w.inspector, r.ID); scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND {
				t.Errorf("an inspector saw a draft: %v", err)
			}
			if _, err := w.reviews.Find(w.glasgow, "no-such-id"); scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND {
				t.Errorf("unknown id: %v", err)
			}
		})

		t.Run("update changes only the given fields and checks the version", func(t *testing.T) {
			got, err := w.reviews.Update(w.glasgow, r.ID, &scrutineer.LearningReviewChanges{Sex: str("male"), Version: 1})
			if err != nil || got.Sex != "male" || got.AgeBand != "" || got.SubjectType != "child" || got.Version != 2 {
				t.Fatalf("%+v, %v", got, err)
			}
			if _, err := w.reviews.Update(w.glasgow, r.ID, &scrutineer.LearningReviewChanges{Sex: str("female"), Version: 1}); scrutineer.ErrorCode(err) != scrutineer.ECONFLICT {
				t.Errorf("stale version: %v", err)
			}
			if _, err := w.reviews.Update(w.glasgow, r.ID, &scrutineer.LearningReviewChanges{AgeBand: str("26_64")}); scrutineer.ErrorFields(err)["age_band"] == "" {
				t.Errorf("adult band on a child: %v", err)
			}
			if _, err := w.reviews.Update(w.glasgow, r.ID, complete()); err != nil {
				t.Fatal(err)
			}
		})

		t.Run("a decision is notified once complete", func(t *testing.T) {
			got, err := w.reviews.NotifyDecision(w.glasgow, r.ID, scrutineer.ReviewDecisionInput{Decision: "full_review", DecidedOn: "2026-04-01"})
			if err != nil || got.Status != scrutineer.ReviewDecisionNotified || got.Decision != "full_review" || got.DecidedOn != "2026-04-01" {
				t.Fatalf("%+v, %v", got, err)
			}
			if len(got.History) != 2 || got.History[0].ToStatus != scrutineer.ReviewDraft || got.History[1].FromStatus != scrutineer.ReviewDraft || got.History[1].ToStatus != scrutineer.ReviewDecisionNotified {
				t.Errorf("history %+v", got.History)
			}
			if _, err := w.reviews.Update(w.glasgow, r.ID, &scrutineer.LearningReviewChanges{Sex: str("female")}); scrutineer.ErrorCode(err) != scrutineer.ECONFLICT {
				t.Errorf("update after decision: %v", err)
			}
			if _, err := w.reviews.NotifyDecision(w.glasgow, r.ID, scrutineer.ReviewDecisionInput{Decision: "full_review", DecidedOn: "2026-04-01"}); scrutineer.ErrorCode(err) != scrutineer.ECONFLICT {
				t.Errorf("second decision: %v", err)
			}
			if seen, err := w.reviews.Find(w.inspector, r.ID); err != nil || seen.ID != r.ID {
				t.Errorf("the inspector cannot see a notified review: %v", err)
			}
			want := []string{"learning_review.create", "learning_review.update", "learning_review.update", "learning_review.decision"}
			if got := reviewAudit(t, db, r.ID); len(got) != len(want) || got[0] != want[0] || got[3] != want[3] {
				t.Errorf("audit %v, want %v", got, want)
			}
		})

		t.Run("lists only what the caller may see", func(t *testing.T) {
			adult := w.draft(t, w.edinburgh, "adult")
			other := w.draft(t, w.glasgow, "adult")
			ids := func(ctx context.Context, f scrutineer.LearningReviewFilter) map[string]bool {
				list, err := w.reviews.List(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				out := map[string]bool{}
				for _, x := range list {
					out[x.ID] = true
				}
				return out
			}
			if got := ids(w.glasgow, scrutineer.LearningReviewFilter{}); len(got) != 2 || !got[r.ID] || !got[other.ID] {
				t.Errorf("glasgow sees %v", got)
			}
			if got := ids(w.edinburgh, scrutineer.LearningReviewFilter{}); len(got) != 1 || !got[adult.ID] {
				t.Errorf("edinburgh sees %v", got)
			}
			if got := ids(w.inspector, scrutineer.LearningReviewFilter{}); len(got) != 1 || !got[r.ID] {
				t.Errorf("the inspector sees %v", got)
			}
			if got := ids(w.glasgow, scrutineer.LearningReviewFilter{Status: "draft"}); len(got) != 1 || !got[other.ID] {
				t.Errorf("status filter %v", got)
			}
			if got := ids(w.glasgow, scrutineer.LearningReviewFilter{SubjectType: "child", Year: 2026}); len(got) != 1 || !got[r.ID] {
				t.Errorf("subject and year filter %v", got)
			}
			if got := ids(w.glasgow, scrutineer.LearningReviewFilter{Year: 2025}); len(got) != 0 {
				t.Errorf("year filter %v", got)
			}
			if _, err := w.reviews.List(w.admin, scrutineer.LearningReviewFilter{}); scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND {
				t.Errorf("an administrator listed reviews: %v", err)
			}
		})
	})
}
