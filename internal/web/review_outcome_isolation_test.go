package web

import "testing"

// reviewOutcomeSamples are the isolation matrix's requests for review_outcome*.go's routes.
func reviewOutcomeSamples(t *testing.T, w *isolationWorld) map[string]sample {
	return map[string]sample{}
}
