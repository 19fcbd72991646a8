package web

import (
	"context"

	"github.com/scrutineer/scrutineer"
)

// messagesSection is the messages part of the review page (templates/components/review-messages.html).
type messagesSection struct{}

// loadMessagesSection loads the messages section of rv's page, or nil when the viewer has
// nothing to see in it.
func (s *Server) loadMessagesSection(ctx context.Context, rv *scrutineer.LearningReview) (*messagesSection, error) {
	return nil, nil
}
