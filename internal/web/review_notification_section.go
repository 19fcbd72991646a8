package web

import (
	"context"

	"github.com/scrutineer/scrutineer"
)

// notificationSection is the notification part of the review page (templates/components/review-notification.html).
type notificationSection struct{}

// loadNotificationSection loads the notification section of rv's page, or nil when the viewer has
// nothing to see in it.
func (s *Server) loadNotificationSection(ctx context.Context, rv *scrutineer.LearningReview) (*notificationSection, error) {
	return nil, nil
}
