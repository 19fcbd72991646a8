package web

import (
	"net/url"
	"testing"

	"github.com/scrutineer/scrutineer/internal/auth"
)

// reviewOutcomeSamples are the isolation matrix's requests for review_outcome*.go's
// and api_learning_reviews_outcome.go's routes. Every one acts on Fife's review
// (w.lr), which no test user may change: only its own committee's officers may.
func reviewOutcomeSamples(t *testing.T, w *isolationWorld) map[string]sample {
	fife := auth.Resource{OrganisationID: w.lr.org}
	api := "/api/v1/learning-reviews/" + w.lr.review
	return map[string]sample{
		"POST /api/v1/learning-reviews/{id}/documents": {path: api + "/documents", form: url.Values{"file": {"report"}}, resource: fife},
		"POST /api/v1/learning-reviews/{id}/start":     {path: api + "/start", form: url.Values{}, resource: fife},
		"POST /api/v1/learning-reviews/{id}/updates":   {path: api + "/updates", form: url.Values{"expected_completion_on": {"2099-01-01"}}, resource: fife},
		"POST /api/v1/learning-reviews/{id}/outcome":   {path: api + "/outcome", form: url.Values{"completed_on": {"2025-03-01"}}, resource: fife},
	}
}
