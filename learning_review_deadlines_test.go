package scrutineer

import (
	"testing"
	"time"
)

func TestDeadlines(t *testing.T) {
	today := time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)
	days := ServiceLevelDays(map[string]int{"decision": 20})
	if days["decision"] != 20 || days["outcome"] != 7 {
		t.Fatalf("service levels: %v", days)
	}
	r := &LearningReview{Status: ReviewOutcomeNotified, Decision: "full_review", ReferralOn: "2026-01-05", NotifiedOn: "2026-01-20",
		DecidedOn: "2026-01-19", CompletedOn: "2026-06-01", RatifiedOn: "2026-06-10", OutcomeOn: "2026-06-20"}
	got := map[string]ReviewDeadline{}
	for _, d := range r.Deadlines(days, today) {
		got[d.Code] = d
	}
	if d := got["decision"]; d.DueOn != "2026-01-25" || d.Late || d.Overdue {
		t.Errorf("decision: %+v", d)
	}
	if d := got["completion"]; d.DueOn != "2026-07-21" || d.Overdue {
		t.Errorf("completion: %+v", d)
	}
	if d := got["outcome"]; d.DueOn != "2026-06-17" || !d.Late || !d.Overdue {
		t.Errorf("outcome notified 3 days late: %+v", d)
	}

	// An alternative approach has no completion deadline; an unmet past one is overdue.
	alt := &LearningReview{Status: ReviewDecisionNotified, Decision: "alternative_approach", ReferralOn: "2026-01-05", NotifiedOn: "2026-01-10", DecidedOn: "2026-01-09", RatifiedOn: "2026-06-01"}
	ds := alt.Deadlines(days, today)
	if len(ds) != 2 || ds[1].Code != "outcome" || !ds[1].Overdue || ds[1].Late {
		t.Errorf("alternative approach deadlines: %+v", ds)
	}
	// A draft not yet referred has none.
	if ds := (&LearningReview{Status: ReviewDraft}).Deadlines(days, today); len(ds) != 0 {
		t.Errorf("draft deadlines: %+v", ds)
	}
}
