package web

import "testing"

// reviewThemeSamples are the isolation matrix's requests for review_themes*.go's routes.
func reviewThemeSamples(t *testing.T, w *isolationWorld) map[string]sample {
	return map[string]sample{}
}
