package web

// publicationRoutes: see the route table (routes.go).
func (s *Server) publicationRoutes() []route { return nil }
