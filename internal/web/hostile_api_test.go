package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// TestHostileAPIBodies sends malformed and hostile JSON to the API's writing
// operations as a committee officer: each answers a 4xx with the JSON error shape
// and stores nothing.
func TestHostileAPIBodies(t *testing.T) {
	db := testutil.NewSQLite(t)
	w := newIsolationWorld(t, db)
	own := w.ownDraft(t)
	bodies := map[string]string{
		"empty":            ``,
		"not JSON":         `subject_type=child`,
		"truncated":        `{"subject_type": "chi`,
		"array":            `[{"subject_type": "child"}]`,
		"wrong type":       `{"subject_type": 7}`,
		"null":             `null`,
		"script":           `{"subject_type": "<script>alert(1)</script>"}`,
		"SQL":              `{"subject_type": "child'; DROP TABLE learning_reviews; --"}`,
		"long":             `{"subject_type": "` + strings.Repeat("child", 100000) + `"}`,
		"not UTF-8":        "{\"subject_type\": \"child\xff\"}",
		"oversized":        `{"subject_type": "child", "x": "` + strings.Repeat("a", maxBodyBytes) + `"}`,
		"deeply nested":    strings.Repeat(`{"a":`, 100000) + `1` + strings.Repeat(`}`, 100000),
		"bad date":         `{"subject_type": "child", "incident_on": "2025-02-30"}`,
		"future date":      `{"subject_type": "child", "incident_on": "2999-01-01"}`,
		"huge number":      `{"subject_type": "child", "version": 1e999}`,
		"duplicate fields": `{"subject_type": "child", "subject_type": "<b>adult</b>"}`,
	}
	targets := []struct{ method, path string }{
		{http.MethodPost, "/api/v1/learning-reviews"},
		{http.MethodPatch, "/api/v1/learning-reviews/" + own},
		{http.MethodPost, "/api/v1/learning-reviews/" + own + "/decision"},
	}
	tried := 0
	for _, tg := range targets {
		for name, body := range bodies {
			t.Run(tg.method+" "+tg.path+" "+name, func(t *testing.T) {
				before := testutil.Fingerprint(t, db, "sessions", "api_tokens")
				r := httptest.NewRequest(tg.method, tg.path, strings.NewReader(body))
				r.Header.Set("Content-Type", "application/json")
				w.api.authorise(t, r, w.users["committee_officer"])
				rec := httptest.NewRecorder()
				w.srv.ServeHTTP(rec, r)
				tried++
				if rec.Code < 400 || rec.Code >= 500 {
					t.Fatalf("answered %d: %s", rec.Code, rec.Body.String())
				}
				if !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") || !strings.Contains(rec.Body.String(), `"error"`) {
					t.Fatalf("%d without the JSON error shape", rec.Code)
				}
				if before != testutil.Fingerprint(t, db, "sessions", "api_tokens") {
					t.Fatal("a refused request changed the database")
				}
			})
		}
	}
	t.Logf("hostile API bodies: %d", tried)
}

// ownDraft makes a draft review of the committee officer's own committee.
func (w *isolationWorld) ownDraft(t *testing.T) string {
	t.Helper()
	ctx := scrutineer.NewContextWithUser(context.Background(), w.users["committee_officer"])
	r := &scrutineer.LearningReview{SubjectType: "child"}
	if err := w.lr.service.CreateDraft(ctx, r); err != nil {
		t.Fatal(err)
	}
	return r.ID
}
