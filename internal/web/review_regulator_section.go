package web

import (
	"context"

	"github.com/scrutineer/scrutineer"
)

// regulatorSection is the regulator part of the review page (templates/components/review-regulator.html).
type regulatorSection struct{}

// loadRegulatorSection loads the regulator section of rv's page, or nil when the viewer has
// nothing to see in it.
func (s *Server) loadRegulatorSection(ctx context.Context, rv *scrutineer.LearningReview) (*regulatorSection, error) {
	return nil, nil
}
