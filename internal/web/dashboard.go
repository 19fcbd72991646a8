package web

import (
	"net/http"

	"github.com/scrutineer/scrutineer"
)

// dashboardData holds the dashboard's role panels; nil panels are not shown.
type dashboardData struct {
	Committee *committeePanel // committee officers: drafts and overdue items (review_notify.go)
	// Unread are the caller's unread review messages, per review (review_messages_section.go).
	Unread []scrutineer.UnreadMessages
}

// dashboard is each signed-in user's start page; its sections depend on their roles.
func (s *Server) dashboard(w http.ResponseWriter, r *http.Request) error {
	d := s.page(r, "Dashboard")
	committee, err := s.loadCommitteePanel(r)
	if err != nil {
		return err
	}
	data := dashboardData{Committee: committee}
	if s.ReviewMessages != nil {
		if data.Unread, err = s.ReviewMessages.Unread(r.Context()); err != nil {
			return err
		}
	}
	d.Data = data
	s.render(w, r, http.StatusOK, "dashboard", d)
	return nil
}
