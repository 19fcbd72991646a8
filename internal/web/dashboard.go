package web

import (
	"net/http"

	"github.com/scrutineer/scrutineer"
)

// dashboardPage holds the dashboard's panels; each part of the service adds the
// field of its own panel.
type dashboardPage struct {
	// Unread are the caller's unread review messages, per review (review_messages_section.go).
	Unread []scrutineer.UnreadMessages
}

// dashboard is each signed-in user's start page; its sections depend on their roles.
func (s *Server) dashboard(w http.ResponseWriter, r *http.Request) error {
	d := s.page(r, "Dashboard")
	p := &dashboardPage{}
	if s.ReviewMessages != nil {
		unread, err := s.ReviewMessages.Unread(r.Context())
		if err != nil {
			return err
		}
		p.Unread = unread
	}
	d.Data = p
	s.render(w, r, http.StatusOK, "dashboard", d)
	return nil
}
