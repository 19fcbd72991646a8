package web

import "net/http"

func (s *Server) home(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, http.StatusOK, "home", s.page(r, ""))
	return nil
}

// staticPage serves a page whose content is all in its template.
func (s *Server) staticPage(name, title string) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		s.render(w, r, http.StatusOK, name, s.page(r, title))
		return nil
	}
}
