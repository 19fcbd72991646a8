package web

import (
	"testing"

	"github.com/scrutineer/scrutineer/internal/auth"
)

// reviewPageSamples: the page of Fife's notified review.
func reviewPageSamples(t *testing.T, w *isolationWorld) map[string]sample {
	return map[string]sample{
		"GET /learning-reviews/{id}": {path: reviewPath(w.lr.review), resource: auth.Resource{OrganisationID: w.lr.org}},
	}
}
