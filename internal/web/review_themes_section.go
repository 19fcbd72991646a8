package web

import (
	"context"

	"github.com/scrutineer/scrutineer"
)

// themesSection is the themes part of the review page (templates/components/review-themes.html).
type themesSection struct{}

// loadThemesSection loads the themes section of rv's page, or nil when the viewer has
// nothing to see in it.
func (s *Server) loadThemesSection(ctx context.Context, rv *scrutineer.LearningReview) (*themesSection, error) {
	return nil, nil
}
