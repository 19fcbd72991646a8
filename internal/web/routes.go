package web

import "net/http"

// routes registers every path. Pages that need a signed-in user wrap their handler in
// s.signedIn; the access policy itself lives in the services.
func (s *Server) routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /readyz", s.readyz)
	mux.Handle("GET /assets/", s.assets())

	mux.Handle("GET /{$}", s.h(s.home))
	mux.Handle("GET /accessibility", s.h(s.staticPage("accessibility", "Accessibility statement")))
	mux.Handle("GET /privacy", s.h(s.staticPage("privacy", "Privacy notice")))

	mux.Handle("GET /login", s.h(s.loginForm))
	mux.Handle("POST /login", s.h(s.login))
	mux.Handle("POST /logout", s.h(s.logout))
	mux.Handle("GET /dashboard", s.signedIn(s.dashboard))

	s.organisationRoutes(mux)
	s.jobRoutes(mux)

	mux.Handle("/", s.h(s.notFound))
}
