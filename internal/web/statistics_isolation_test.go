package web

import "testing"

// statisticsSamples are the isolation matrix's requests for statistics*.go's routes.
// The statistics hold no organisation's records: the public pages answer anyone,
// the exact figures only those who may view statistics (404 for others), and the
// API any token holder (with the public figures unless the caller may ask for more).
func statisticsSamples(t *testing.T, w *isolationWorld) map[string]sample {
	period := "?period=financial&year=2024"
	return map[string]sample{
		"GET " + statsPublicBase:                  {path: statsPublicBase + period},
		"GET " + statsPublicBase + "/{file}":      {path: statsPublicBase + "/by-year.csv" + period},
		"GET " + statsStaffBase:                   {path: statsStaffBase + period},
		"GET " + statsStaffBase + "/{file}":       {path: statsStaffBase + "/by-committee.xlsx" + period},
		"GET /api/v1/statistics/learning-reviews": {path: "/api/v1/statistics/learning-reviews?from=2024-04-01&to=2025-03-31"},
	}
}
