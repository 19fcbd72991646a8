package web

import "testing"

// reviewRegulatorSamples are the isolation matrix's requests for review_regulator*.go's routes.
func reviewRegulatorSamples(t *testing.T, w *isolationWorld) map[string]sample {
	return map[string]sample{}
}
