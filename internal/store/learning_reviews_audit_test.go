package store_test

import (
	"testing"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// TestLearningReviewChangesAreAudited: each change of a review fails, leaving every
// table as it was, while the audit trail refuses entries (so the entry is written in
// the change's own transaction), and then leaves an entry naming the officer, the
// review and its committee.
func TestLearningReviewChangesAreAudited(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		w := newReviewWorld(t, db)
		officer := scrutineer.UserFromContext(w.glasgow)
		var id string
		steps := []struct {
			action string
			change func() error
		}{
			{"learning_review.create", func() error {
				r := &scrutineer.LearningReview{SubjectType: "child"}
				err := w.reviews.CreateDraft(w.glasgow, r)
				id = r.ID
				return err
			}},
			{"learning_review.update", func() error { _, err := w.reviews.Update(w.glasgow, id, complete()); return err }},
			{"learning_review.decision", func() error {
				_, err := w.reviews.NotifyDecision(w.glasgow, id, scrutineer.ReviewDecisionInput{Decision: "full_review", DecidedOn: "2026-04-01"})
				return err
			}},
		}
		for _, s := range steps {
			t.Run(s.action, func(t *testing.T) {
				blockAudit(t, db)
				before := testutil.Fingerprint(t, db)
				err := s.change()
				after := testutil.Fingerprint(t, db)
				unblockAudit(t, db)
				if err == nil || before != after {
					t.Fatalf("the change was kept although its audit entry could not be written: %v", err)
				}
				if err := s.change(); err != nil {
					t.Fatal(err)
				}
				var actor, org, detail string
				if err := db.Reader().QueryRow(`SELECT actor_id, organisation_id, detail FROM audit_log WHERE action = $1 AND target_type = 'learning_review' AND target_id = $2`,
					s.action, id).Scan(&actor, &org, &detail); err != nil {
					t.Fatal(err)
				}
				if actor != officer.ID || org != w.glasgowOrg.ID || detail == "" {
					t.Errorf("actor %q, organisation %q, detail %q", actor, org, detail)
				}
			})
		}
	})
}
