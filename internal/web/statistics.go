package web

// statisticsRoutes: see the route table (routes.go).
func (s *Server) statisticsRoutes() []route { return nil }
