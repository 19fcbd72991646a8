package web

import (
	"context"
	"fmt"
	"net/http"
	"time"
)

// healthz answers while the process runs.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	fmt.Fprintln(w, "ok")
}

// readyz answers 200 when start-up has finished, the database answers and its schema
// is current, 503 otherwise, so a load balancer sends no traffic to a process on an old schema.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if !s.started.Load() {
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintln(w, "starting")
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
	defer cancel()
	if err := s.Readiness.Ping(ctx); err != nil {
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintln(w, "database not answering")
		return
	}
	current, target, err := s.Readiness.MigrationState(ctx)
	if err != nil {
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintln(w, "cannot read the schema version")
		return
	}
	if current != target {
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintf(w, "migrations behind: schema %d, expected %d\n", current, target)
		return
	}
	fmt.Fprintln(w, "ok")
}
