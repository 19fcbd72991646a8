package web

import "testing"

// reviewNotifySamples are the isolation matrix's requests for review_notify*.go's routes.
func reviewNotifySamples(t *testing.T, w *isolationWorld) map[string]sample {
	return map[string]sample{}
}
