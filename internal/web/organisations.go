package web

import "net/http"

// organisationRoutes registers the organisation directory pages.
func (s *Server) organisationRoutes(mux *http.ServeMux) {}
