package store_test

import (
	"testing"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// TestLearningReviewOutcomeChangesAreAudited: each change after the decision fails,
// leaving every table as it was, while the audit trail refuses entries, and then
// succeeds with its entry on the review.
func TestLearningReviewOutcomeChangesAreAudited(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		w := newReviewWorld(t, db)
		r := w.notified(t, "full_review")
		var docID, actionID string
		steps := []struct {
			action string
			change func() error
		}{
			{"learning_review.start", func() error { _, err := w.reviews.StartReview(w.glasgow, r.ID); return err }},
			{"learning_review.update_progress", func() error {
				_, err := w.reviews.AddUpdate(w.glasgow, r.ID, &scrutineer.ReviewUpdate{ExpectedCompletionOn: "2026-12-31"})
				return err
			}},
			{"learning_review.complete", func() error { _, err := w.reviews.Complete(w.glasgow, r.ID, "2026-06-01"); return err }},
			{"learning_review.outcome_draft", func() error {
				return w.reviews.SaveOutcomeDraft(w.glasgow, r.ID, &scrutineer.ReviewOutcomeInput{CompletedOn: "2026-06-01"})
			}},
			{"learning_review.outcome", func() error { _, err := w.reviews.NotifyOutcome(w.glasgow, r.ID, outcomeInput(docID)); return err }},
			{"learning_review.action", func() error {
				_, err := w.reviews.UpdateAction(w.glasgow, r.ID, actionID, "complete", 0)
				return err
			}},
		}
		for _, s := range steps {
			t.Run(s.action, func(t *testing.T) {
				switch s.action {
				case "learning_review.outcome":
					_, docID = w.reviewDocument(t, r.ID)
				case "learning_review.action":
					out, err := w.reviews.ListOutcome(w.glasgow, r.ID)
					if err != nil || len(out.Actions) == 0 {
						t.Fatalf("no action: %v", err)
					}
					actionID = out.Actions[0].ID
				}
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
				var n int
				if err := db.Reader().QueryRow(`SELECT COUNT(*) FROM audit_log WHERE action = $1 AND target_id = $2`, s.action, r.ID).Scan(&n); err != nil || n != 1 {
					t.Fatalf("%d entries: %v", n, err)
				}
			})
		}
	})
}
