package web

import (
	"context"
	"slices"
	"strings"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// outcomeSection is the outcome part of the review page
// (templates/components/review-outcome.html): interim updates, the outcome and its
// documents, learning points, recommendations and the action plan, and the
// committee's next steps as the lifecycle allows.
type outcomeSection struct {
	Review      *scrutineer.LearningReview
	MayEdit     bool
	Alternative bool
	Updates     []*scrutineer.ReviewUpdate
	Outcome     *scrutineer.ReviewOutcome
	Documents   []outcomeDoc
	CanStart    bool // decision notified → in progress
	CanUpdate   bool // in progress: interim updates
	CanComplete bool // in progress → completed
	CanNotify   bool // → outcome notified
}

func init() {
	funcs["outcomeN"] = func(i int) int { return i + 1 }
	funcs["outcomeNext"] = func(step string) string { return nextStep(step, false) }
	funcs["themeLabels"] = func(codes []string) string {
		var out []string
		for _, c := range codes {
			label := c
			for _, th := range scrutineer.DefaultThemes {
				if th.Code == c {
					label = th.Label
				}
			}
			out = append(out, label)
		}
		return strings.Join(out, ", ")
	}
}

// loadOutcomeSection loads the outcome section of rv's page, or nil when the viewer has
// nothing to see in it: before the decision, and for a decision not to review.
func (s *Server) loadOutcomeSection(ctx context.Context, rv *scrutineer.LearningReview) (*outcomeSection, error) {
	if rv.Status == scrutineer.ReviewDraft || rv.Decision == "no_review" {
		return nil, nil
	}
	svc, err := s.reviewOutcomes()
	if err != nil {
		return nil, nil
	}
	sec := &outcomeSection{Review: rv, Alternative: rv.Decision == "alternative_approach",
		MayEdit: auth.Allowed(scrutineer.UserFromContext(ctx), auth.EditCommitteeRecord, auth.Resource{OrganisationID: rv.CommitteeID})}
	if sec.Updates, err = svc.ListUpdates(ctx, rv.ID); err != nil {
		return nil, err
	}
	if sec.Outcome, err = svc.ListOutcome(ctx, rv.ID); err != nil {
		return nil, err
	}
	docs, err := s.reviewDocuments(ctx, rv.ID)
	if err != nil {
		return nil, err
	}
	for _, d := range docs {
		od := outcomeDoc{ID: d.ID, Check: checkState(d), Sent: d.Status == scrutineer.DocumentSent}
		if v := d.Latest(); v != nil {
			od.Filename = v.Filename
		}
		sec.Documents = append(sec.Documents, od)
	}
	if sec.MayEdit {
		next := rv.NextStatuses(scrutineer.ByCommittee)
		sec.CanStart = slices.Contains(next, scrutineer.ReviewInProgress)
		sec.CanComplete = slices.Contains(next, scrutineer.ReviewCompleted)
		sec.CanNotify = slices.Contains(next, scrutineer.ReviewOutcomeNotified)
		sec.CanUpdate = rv.Status == scrutineer.ReviewInProgress
	}
	return sec, nil
}
