package web

import (
	"context"
	"fmt"

	"github.com/scrutineer/scrutineer"
)

// reviewOutcomeJSON is what the answer about one review says of following it and
// of its outcome. Dates not yet given are null.
type reviewOutcomeJSON struct {
	ExpectedCompletionOn *string `json:"expected_completion_on"`
	PausedFor            *string `json:"paused_for"`
	CompletedOn          *string `json:"completed_on"`
	RatifiedOn           *string `json:"ratified_on"`
	OutcomeOn            *string `json:"outcome_on"`
	Methodology          *string `json:"methodology"`
	FamilyInvolvement    *string `json:"family_involvement"`
	StaffInvolvement     *string `json:"staff_involvement"`
	Publication          *string `json:"publication"`
}

// reviewDeadlineJSON is one deadline of a review under the service levels in force.
type reviewDeadlineJSON struct {
	Code    string  `json:"code"`
	Label   string  `json:"label"`
	DueOn   string  `json:"due_on"`
	MetOn   *string `json:"met_on"`
	Overdue bool    `json:"overdue"`
	Late    bool    `json:"late"`
}

// fillOutcomeJSON adds to j the review's outcome fields, its documents (those the
// caller may see, with their check status) and its deadlines.
func (s *Server) fillOutcomeJSON(ctx context.Context, j *reviewJSON, rev *scrutineer.LearningReview) error {
	j.reviewOutcomeJSON = &reviewOutcomeJSON{
		ExpectedCompletionOn: orNull(rev.ExpectedCompletionOn), PausedFor: orNull(rev.PausedFor),
		CompletedOn: orNull(rev.CompletedOn), RatifiedOn: orNull(rev.RatifiedOn), OutcomeOn: orNull(rev.OutcomeOn),
		Methodology: orNull(rev.Methodology), FamilyInvolvement: orNull(rev.FamilyInvolvement),
		StaffInvolvement: orNull(rev.StaffInvolvement), Publication: orNull(rev.Publication),
	}
	ds, err := s.reviewDocuments(ctx, rev.ID)
	if err != nil {
		return err
	}
	docs := make([]reviewDocumentJSON, 0, len(ds))
	for _, d := range ds {
		docs = append(docs, documentJSON(d, false))
	}
	deadlines := []reviewDeadlineJSON{}
	for _, d := range rev.Deadlines(scrutineer.ServiceLevelDays(nil), scrutineer.Today(s.Now())) {
		deadlines = append(deadlines, reviewDeadlineJSON{Code: d.Code, Label: d.Label, DueOn: d.DueOn, MetOn: orNull(d.MetOn), Overdue: d.Overdue, Late: d.Late})
	}
	j.Documents, j.Deadlines = &docs, &deadlines
	return nil
}

// itemField names a field of one item of a list in field problems, such as
// "recommendations.0.agency", as the domain does.
func itemField(list string, i int, field string) string {
	return fmt.Sprintf("%s.%d.%s", list, i, field)
}
