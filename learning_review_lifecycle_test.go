package scrutineer

import (
	"slices"
	"strings"
	"testing"
)

// TestReviewLifecycle walks every path of domain.md's lifecycle and checks that each
// step is allowed for the right party only.
func TestReviewLifecycle(t *testing.T) {
	paths := map[string][]struct {
		to LearningReviewStatus
		by ReviewParty
	}{
		"full_review": {
			{ReviewDecisionNotified, ByCommittee}, {ReviewInProgress, ByCommittee}, {ReviewCompleted, ByCommittee},
			{ReviewOutcomeNotified, ByCommittee}, {ReviewUnderAppraisal, ByRegulator},
			{ReviewObservationsIssued, ByRegulator}, {ReviewClosed, ByRegulator},
		},
		"alternative_approach": {{ReviewDecisionNotified, ByCommittee}, {ReviewOutcomeNotified, ByCommittee}, {ReviewClosed, ByRegulator}},
		"no_review":            {{ReviewDecisionNotified, ByCommittee}, {ReviewClosed, ByRegulator}},
	}
	for decision, steps := range paths {
		r := &LearningReview{Status: ReviewDraft, Decision: decision}
		for _, step := range steps {
			other := ByRegulator
			if step.by == ByRegulator {
				other = ByCommittee
			}
			if err := r.CheckMove(step.to, other); ErrorCode(err) != ECONFLICT {
				t.Errorf("%s: %s moved %s to %s: %v", decision, other, r.Status, step.to, err)
			}
			if err := r.CheckMove(step.to, step.by); err != nil {
				t.Fatalf("%s: %s to %s refused: %v", decision, r.Status, step.to, err)
			}
			r.Status = step.to
		}
		if next := append(r.NextStatuses(ByCommittee), r.NextStatuses(ByRegulator)...); len(next) != 0 {
			t.Errorf("%s: a closed review can still move to %v", decision, next)
		}
	}
}

// TestReviewLifecycleRefusals checks the reasons given for moves that are not allowed.
func TestReviewLifecycleRefusals(t *testing.T) {
	cases := []struct {
		status   LearningReviewStatus
		decision string
		to       LearningReviewStatus
		by       ReviewParty
		want     string
	}{
		{ReviewDecisionNotified, "no_review", ReviewOutcomeNotified, ByCommittee, `decision "no review" cannot move to outcome notified`},
		{ReviewDecisionNotified, "alternative_approach", ReviewInProgress, ByCommittee, "cannot move to in progress"},
		{ReviewOutcomeNotified, "alternative_approach", ReviewUnderAppraisal, ByRegulator, "cannot move to under appraisal"},
		{ReviewClosed, "full_review", ReviewInProgress, ByCommittee, "closed cannot move to in progress"},
		{ReviewDraft, "", ReviewClosed, ByRegulator, "draft cannot move to closed"},
		{ReviewInProgress, "full_review", ReviewInProgress, ByCommittee, "already in progress"},
		{ReviewOutcomeNotified, "full_review", ReviewUnderAppraisal, ByCommittee, "Only the regulator"},
	}
	for _, c := range cases {
		r := &LearningReview{Status: c.status, Decision: c.decision}
		err := r.CheckMove(c.to, c.by)
		if ErrorCode(err) != ECONFLICT || !strings.Contains(ErrorMessage(err), c.want) {
			t.Errorf("%s/%s to %s by %s: got %v, want a conflict saying %q", c.status, c.decision, c.to, c.by, err, c.want)
		}
	}
}

// TestNextStatuses lists what each party may do from decision notified.
func TestNextStatuses(t *testing.T) {
	r := &LearningReview{Status: ReviewDecisionNotified, Decision: "full_review"}
	if got, want := r.NextStatuses(ByCommittee), []LearningReviewStatus{ReviewInProgress, ReviewOutcomeNotified}; !slices.Equal(got, want) {
		t.Errorf("committee: got %v, want %v", got, want)
	}
	if got := r.NextStatuses(ByRegulator); len(got) != 0 {
		t.Errorf("regulator: got %v, want nothing", got)
	}
}
