package scrutineer

import "slices"

// ReviewParty is who moves a review on: its committee or the regulator.
type ReviewParty string

// The two parties to a learning review.
const (
	ByCommittee ReviewParty = "committee"
	ByRegulator ReviewParty = "regulator"
)

// reviewMove is one allowed change of status: who makes it and for which decisions.
type reviewMove struct {
	from, to  LearningReviewStatus
	by        ReviewParty
	decisions []string // the decisions the move applies to; nil for any
}

// reviewMoves is the lifecycle of ../shared/docs/domain.md, section 1:
//
//	draft → decision notified
//	  no review:            → closed (the regulator, once it has read the reasons)
//	  alternative approach: → outcome notified (learning submitted) → closed (themed)
//	  full review:          → in progress → completed → outcome notified
//	                        → under appraisal → observations issued → closed
//
// A full review may also notify its outcome straight from decision notified or in
// progress (the contract's outcome call carries both dates). Pauses for criminal
// proceedings or a fatal accident inquiry, overdue and links are flags, not states.
var reviewMoves = []reviewMove{
	{ReviewDraft, ReviewDecisionNotified, ByCommittee, nil},
	{ReviewDecisionNotified, ReviewClosed, ByRegulator, []string{"no_review"}},
	{ReviewDecisionNotified, ReviewInProgress, ByCommittee, []string{"full_review"}},
	{ReviewInProgress, ReviewCompleted, ByCommittee, []string{"full_review"}},
	{ReviewDecisionNotified, ReviewOutcomeNotified, ByCommittee, []string{"full_review", "alternative_approach"}},
	{ReviewInProgress, ReviewOutcomeNotified, ByCommittee, []string{"full_review"}},
	{ReviewCompleted, ReviewOutcomeNotified, ByCommittee, []string{"full_review"}},
	{ReviewOutcomeNotified, ReviewUnderAppraisal, ByRegulator, []string{"full_review"}},
	{ReviewUnderAppraisal, ReviewObservationsIssued, ByRegulator, []string{"full_review"}},
	{ReviewObservationsIssued, ReviewClosed, ByRegulator, []string{"full_review"}},
	{ReviewOutcomeNotified, ReviewClosed, ByRegulator, []string{"alternative_approach"}},
}

// CheckMove returns nil when party may move r to status to, and otherwise an
// ECONFLICT error whose message says why in plain English. It is the one place the
// lifecycle is enforced; the stores call it inside the transaction that makes the
// change.
func (r *LearningReview) CheckMove(to LearningReviewStatus, by ReviewParty) error {
	var sameStep *reviewMove
	for i, m := range reviewMoves {
		if m.from != r.Status || m.to != to {
			continue
		}
		if m.decisions != nil && !slices.Contains(m.decisions, r.Decision) {
			sameStep = &reviewMoves[i]
			continue
		}
		if m.by != by {
			return Errorf(ECONFLICT, "Only the %s can move a review from %s to %s.", m.by, StatusCodes.Label(string(m.from)), lower(StatusCodes.Label(string(to))))
		}
		return nil
	}
	if sameStep != nil {
		return Errorf(ECONFLICT, "A review with the decision %q cannot move to %s.", lower(DecisionCodes.Label(r.Decision)), lower(StatusCodes.Label(string(to))))
	}
	if r.Status == to {
		return Errorf(ECONFLICT, "This review is already %s.", lower(StatusCodes.Label(string(to))))
	}
	return Errorf(ECONFLICT, "A review that is %s cannot move to %s.", lower(StatusCodes.Label(string(r.Status))), lower(StatusCodes.Label(string(to))))
}

// NextStatuses returns the statuses party may move r to now, in lifecycle order.
func (r *LearningReview) NextStatuses(by ReviewParty) []LearningReviewStatus {
	var out []LearningReviewStatus
	for _, st := range LearningReviewStatuses {
		if r.CheckMove(st, by) == nil {
			out = append(out, st)
		}
	}
	return out
}

// IsOpen reports whether the review still needs work from someone.
func (r *LearningReview) IsOpen() bool { return r.Status != ReviewClosed }

func lower(s string) string {
	if s == "" {
		return s
	}
	b := []byte(s)
	if b[0] >= 'A' && b[0] <= 'Z' {
		b[0] += 'a' - 'A'
	}
	return string(b)
}
