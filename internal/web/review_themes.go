package web

// reviewThemeRoutes: see the route table (routes.go).
func (s *Server) reviewThemeRoutes() []route { return nil }
