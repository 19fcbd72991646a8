package web

// reviewRegulatorRoutes: see the route table (routes.go).
func (s *Server) reviewRegulatorRoutes() []route { return nil }
