package scrutineer

import (
	"testing"
	"time"
)

func TestLearningReviewValidation(t *testing.T) {
	today := time.Date(2026, 6, 15, 0, 0, 0, 0, time.UTC)
	ready := func() *LearningReview {
		return &LearningReview{SubjectType: "adult", AgeBand: "26_64", Sex: "not_known", EventType: "risk_of_significant_harm", IncidentOn: "2026-01-31", ReferralOn: "2026-02-01"}
	}
	if err := (&LearningReview{SubjectType: "child"}).ValidateDraft(today); err != nil {
		t.Errorf("a draft with only a subject type: %v", err)
	}
	if err := ready().ValidateDecision(ReviewDecisionInput{Decision: "alternative_approach", DecidedOn: "2026-06-15"}, today); err != nil {
		t.Errorf("a complete review: %v", err)
	}
	all := (&LearningReview{}).ValidateDecision(ReviewDecisionInput{Decision: "no_review"}, today)
	for _, f := range []string{"subject_type", "age_band", "sex", "event_type", "incident_on", "referral_on", "decided_on", "reasons"} {
		if ErrorFields(all)[f] == "" {
			t.Errorf("no problem with %s: %v", f, all)
		}
	}
	if ErrorCode(all) != EINVALID || ErrorMessage(all) == "" {
		t.Errorf("%v", all)
	}
	r := ready()
	r.AgeBand = "under_1"
	if ErrorFields(r.ValidateDraft(today))["age_band"] == "" {
		t.Error("a child's age band was accepted for an adult")
	}
	if got := Today(time.Date(2026, 6, 15, 23, 30, 0, 0, time.UTC)); scotland != time.UTC && got.Format("2006-01-02") != "2026-06-16" {
		t.Errorf("in British Summer Time 23:30 UTC is the next day, got %s", got)
	}
	if got := Today(time.Date(2026, 1, 15, 23, 30, 0, 0, time.UTC)); got.Format("2006-01-02") != "2026-01-15" {
		t.Errorf("in winter 23:30 UTC is the same day, got %s", got)
	}
}
