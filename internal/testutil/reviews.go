package testutil

import (
	"context"
	"database/sql"
	"testing"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/store"
)

// Outcome describes a full learning review whose outcome has been notified, for
// MustCreateOutcome.
type Outcome struct {
	ReferralOn, DecidedOn, RatifiedOn, OutcomeOn string
	LearningPoints, Recommendations              []string
}

// MustCreateOutcome drafts and notifies a full review of officer's committee
// through the store, then records its outcome (dates, learning points and
// recommendations) directly in the tables, and returns its id.
// NOTE: the outcome's own store methods belong to another part of issue 5; the
// rows written here are exactly those the schema (migration 00012) describes.
func MustCreateOutcome(t testing.TB, db *store.DB, officer *scrutineer.User, o Outcome) string {
	t.Helper()
	ctx := scrutineer.NewContextWithUser(context.Background(), officer)
	svc := store.NewLearningReviews(db)
	r := &scrutineer.LearningReview{SubjectType: "child", AgeBand: "1_4", Sex: "female", EventType: "significant_harm", IncidentOn: o.ReferralOn, ReferralOn: o.ReferralOn}
	if err := svc.CreateDraft(ctx, r); err != nil {
		t.Fatalf("create draft: %v", err)
	}
	if _, err := svc.NotifyDecision(ctx, r.ID, scrutineer.ReviewDecisionInput{Decision: "full_review", DecidedOn: o.DecidedOn}); err != nil {
		t.Fatalf("notify decision: %v", err)
	}
	err := db.WriteTx(context.Background(), func(tx *sql.Tx) error {
		if _, err := tx.Exec(`UPDATE learning_reviews SET status = $1, notified_on = $2, completed_on = $3, ratified_on = $3, outcome_on = $4 WHERE id = $5`,
			string(scrutineer.ReviewOutcomeNotified), o.DecidedOn, o.RatifiedOn, o.OutcomeOn, r.ID); err != nil {
			return err
		}
		for i, body := range o.LearningPoints {
			if _, err := tx.Exec(`INSERT INTO learning_points (id, review_id, position, body) VALUES ($1, $2, $3, $4)`, store.NewID(), r.ID, i+1, body); err != nil {
				return err
			}
		}
		for i, body := range o.Recommendations {
			if _, err := tx.Exec(`INSERT INTO review_recommendations (id, review_id, position, body, agency) VALUES ($1, $2, $3, $4, 'social_work')`, store.NewID(), r.ID, i+1, body); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("record outcome: %v", err)
	}
	return r.ID
}
