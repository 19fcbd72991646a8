package web

// reviewOutcomeRoutes: see the route table (routes.go).
func (s *Server) reviewOutcomeRoutes() []route { return nil }
