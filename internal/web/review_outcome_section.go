package web

import (
	"context"

	"github.com/scrutineer/scrutineer"
)

// outcomeSection is the outcome part of the review page (templates/components/review-outcome.html).
type outcomeSection struct{}

// loadOutcomeSection loads the outcome section of rv's page, or nil when the viewer has
// nothing to see in it.
func (s *Server) loadOutcomeSection(ctx context.Context, rv *scrutineer.LearningReview) (*outcomeSection, error) {
	return nil, nil
}
