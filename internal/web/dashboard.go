package web

import "net/http"

// dashboard is each signed-in user's start page; its sections depend on their roles.
func (s *Server) dashboard(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, http.StatusOK, "dashboard", s.page(r, "Dashboard"))
	return nil
}
