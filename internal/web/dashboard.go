package web

import "net/http"

// dashboardData holds the dashboard's role panels; nil panels are not shown.
type dashboardData struct {
	Committee *committeePanel // committee officers: drafts and overdue items (review_notify.go)
}

// dashboard is each signed-in user's start page; its sections depend on their roles.
func (s *Server) dashboard(w http.ResponseWriter, r *http.Request) error {
	d := s.page(r, "Dashboard")
	committee, err := s.loadCommitteePanel(r)
	if err != nil {
		return err
	}
	d.Data = dashboardData{Committee: committee}
	s.render(w, r, http.StatusOK, "dashboard", d)
	return nil
}
