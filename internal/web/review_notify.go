package web

// reviewNotifyRoutes: see the route table (routes.go).
func (s *Server) reviewNotifyRoutes() []route { return nil }
