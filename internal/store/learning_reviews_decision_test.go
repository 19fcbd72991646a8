package store_test

import (
	"testing"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// TestLearningReviewDecisionRules checks every rule of the contract for notifying a
// decision: each case breaks one and expects a problem with exactly that field, and
// the review left a draft. The world's clock reads 2026-06-15.
func TestLearningReviewDecisionRules(t *testing.T) {
	ok := scrutineer.ReviewDecisionInput{Decision: "alternative_approach", DecidedOn: "2026-04-01"}
	cases := []struct {
		name    string
		subject string
		change  func(c *scrutineer.LearningReviewChanges)
		in      func(in *scrutineer.ReviewDecisionInput)
		field   string // "" for a decision that must be accepted
	}{
		{name: "complete", field: ""},
		{name: "no review with reasons", in: func(in *scrutineer.ReviewDecisionInput) {
			in.Decision, in.Reasons = "no_review", "Single-agency learning."
		}},
		{name: "adult band for an adult", subject: "adult", change: func(c *scrutineer.LearningReviewChanges) { c.AgeBand = str("65_plus") }},
		{name: "referral on the incident day", change: func(c *scrutineer.LearningReviewChanges) { c.ReferralOn = str("2026-03-01") }},
		{name: "decided today", in: func(in *scrutineer.ReviewDecisionInput) { in.DecidedOn = "2026-06-15" }},
		{name: "no age band", change: func(c *scrutineer.LearningReviewChanges) { c.AgeBand = str("") }, field: "age_band"},
		{name: "child band for an adult", subject: "adult", change: func(c *scrutineer.LearningReviewChanges) { c.AgeBand = str("5_11") }, field: "age_band"},
		{name: "no sex", change: func(c *scrutineer.LearningReviewChanges) { c.Sex = str("") }, field: "sex"},
		{name: "no event type", change: func(c *scrutineer.LearningReviewChanges) { c.EventType = str("") }, field: "event_type"},
		{name: "no incident date", change: func(c *scrutineer.LearningReviewChanges) { c.IncidentOn = str("") }, field: "incident_on"},
		{name: "no referral date", change: func(c *scrutineer.LearningReviewChanges) { c.ReferralOn = str("") }, field: "referral_on"},
		{name: "referral before incident", change: func(c *scrutineer.LearningReviewChanges) { c.ReferralOn = str("2026-02-28") }, field: "referral_on"},
		{name: "no decision", in: func(in *scrutineer.ReviewDecisionInput) { in.Decision = "" }, field: "decision"},
		{name: "unknown decision", in: func(in *scrutineer.ReviewDecisionInput) { in.Decision = "maybe" }, field: "decision"},
		{name: "no decision date", in: func(in *scrutineer.ReviewDecisionInput) { in.DecidedOn = "" }, field: "decided_on"},
		{name: "decision date not a date", in: func(in *scrutineer.ReviewDecisionInput) { in.DecidedOn = "2026-02-30" }, field: "decided_on"},
		{name: "decision date in the future", in: func(in *scrutineer.ReviewDecisionInput) { in.DecidedOn = "2026-06-16" }, field: "decided_on"},
		{name: "no review without reasons", in: func(in *scrutineer.ReviewDecisionInput) { in.Decision, in.Reasons = "no_review", "  " }, field: "reasons"},
	}
	// Fields that a draft cannot even hold are checked on the draft itself.
	draftCases := []struct {
		name  string
		c     scrutineer.LearningReviewChanges
		field string
	}{
		{"unknown sex", scrutineer.LearningReviewChanges{Sex: str("other")}, "sex"},
		{"unknown event type", scrutineer.LearningReviewChanges{EventType: str("accident")}, "event_type"},
		{"incident in the future", scrutineer.LearningReviewChanges{IncidentOn: str("2026-06-16")}, "incident_on"},
		{"referral in the future", scrutineer.LearningReviewChanges{ReferralOn: str("2027-01-01")}, "referral_on"},
		{"incident not a date", scrutineer.LearningReviewChanges{IncidentOn: str("1 March 2026")}, "incident_on"},
		{"unknown subject type", scrutineer.LearningReviewChanges{SubjectType: str("baby")}, "subject_type"},
	}
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		w := newReviewWorld(t, db)
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				subject := "child"
				if c.subject != "" {
					subject = c.subject
				}
				r := w.draft(t, w.glasgow, "child")
				ch := complete()
				ch.SubjectType = str(subject)
				if subject == "adult" {
					ch.AgeBand = str("18_25")
				}
				if c.change != nil {
					c.change(ch)
				}
				_, err := w.reviews.Update(w.glasgow, r.ID, ch)
				if err != nil && c.field != "" && scrutineer.ErrorFields(err)[c.field] != "" {
					return // refused while still a draft
				}
				if err != nil {
					t.Fatal(err)
				}
				in := ok
				if c.in != nil {
					c.in(&in)
				}
				got, err := w.reviews.NotifyDecision(w.glasgow, r.ID, in)
				if c.field == "" {
					if err != nil || got.Status != scrutineer.ReviewDecisionNotified {
						t.Fatalf("refused: %v", err)
					}
					return
				}
				fields := scrutineer.ErrorFields(err)
				if scrutineer.ErrorCode(err) != scrutineer.EINVALID || fields[c.field] == "" || len(fields) != 1 {
					t.Fatalf("want a problem with %s only, got %v", c.field, err)
				}
				if still, _ := w.reviews.Find(w.glasgow, r.ID); still.Status != scrutineer.ReviewDraft {
					t.Fatalf("status %s after a refused decision", still.Status)
				}
			})
		}
		for _, c := range draftCases {
			t.Run(c.name, func(t *testing.T) {
				r := w.draft(t, w.glasgow, "child")
				_, err := w.reviews.Update(w.glasgow, r.ID, &c.c)
				if fields := scrutineer.ErrorFields(err); fields[c.field] == "" || len(fields) != 1 {
					t.Fatalf("want a problem with %s only, got %v", c.field, err)
				}
			})
		}
	})
}
