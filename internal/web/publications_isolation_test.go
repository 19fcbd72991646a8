package web

import "testing"

// publicationSamples are the isolation matrix's requests for publications*.go's routes.
func publicationSamples(t *testing.T, w *isolationWorld) map[string]sample {
	return map[string]sample{}
}
