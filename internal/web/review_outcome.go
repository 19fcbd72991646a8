package web

// reviewOutcomeRoutes: following a review after its decision and notifying its
// outcome (review_outcome*.go, api_learning_reviews_outcome*.go;
// docs/decisions/0103-learning-review-outcome.md).
func (s *Server) reviewOutcomeRoutes() []route {
	return s.reviewOutcomeAPIRoutes()
}
