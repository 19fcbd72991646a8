package web

import "net/http"

// jobRoutes registers the background jobs and outbox pages.
func (s *Server) jobRoutes(mux *http.ServeMux) {}
