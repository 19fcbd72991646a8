package web

import "testing"

// statisticsSamples are the isolation matrix's requests for statistics*.go's routes.
func statisticsSamples(t *testing.T, w *isolationWorld) map[string]sample {
	return map[string]sample{}
}
