package web

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// reviewAPI is a test server with learning reviews and a token for an officer of
// each of two committees and for an inspector.
type reviewAPI struct {
	ts                       *testServer
	glasgow, fife, inspector string // Authorization headers
}

func newReviewAPI(t *testing.T) *reviewAPI {
	t.Helper()
	ts := newAPITestServer(t)
	ts.LearningReviews = store.NewLearningReviews(ts.db)
	gla := testutil.MustCreateOrganisation(t, ts.db, "glasgow-cpc", scrutineer.KindChildProtectionCommittee)
	fife := testutil.MustCreateOrganisation(t, ts.db, "fife-apc", scrutineer.KindAdultProtectionCommittee)
	reg := testutil.MustCreateOrganisation(t, ts.db, "regulator", scrutineer.KindRegulator)
	bearer := func(email string, org *scrutineer.Organisation, role scrutineer.Role) string {
		return "Bearer " + ts.mustToken(t, testutil.MustCreateUser(t, ts.db, email, org, role))
	}
	return &reviewAPI{ts: ts,
		glasgow:   bearer("gla@example.org", gla, scrutineer.RoleCommitteeOfficer),
		fife:      bearer("fife@example.org", fife, scrutineer.RoleCommitteeOfficer),
		inspector: bearer("insp@example.org", reg, scrutineer.RoleInspector),
	}
}

// call sends a JSON request and decodes the JSON answer.
func (a *reviewAPI) call(t *testing.T, method, target, authorization, body string, want int) map[string]any {
	t.Helper()
	r := httptest.NewRequest(method, target, strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	if authorization != "" {
		r.Header.Set("Authorization", authorization)
	}
	w := httptest.NewRecorder()
	a.ts.ServeHTTP(w, r)
	if w.Code != want {
		t.Fatalf("%s %s: %d, want %d: %s", method, target, w.Code, want, w.Body)
	}
	if ct := w.Header().Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	var out map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &out); err != nil {
		t.Fatalf("not JSON: %v: %s", err, w.Body)
	}
	return out
}

func TestLearningReviewsAPI(t *testing.T) {
	a := newReviewAPI(t)
	const base = "/api/v1/learning-reviews"

	created := a.call(t, "POST", base, a.glasgow, `{"subject_type": "child", "committee": "fife-apc"}`, 201)
	id, _ := created["id"].(string)
	if id == "" || created["status"] != "draft" || created["committee"] != "glasgow-cpc" || created["subject_type"] != "child" || created["age_band"] != nil {
		t.Fatalf("created %v", created)
	}

	t.Run("create needs a subject type and a committee officer", func(t *testing.T) {
		got := a.call(t, "POST", base, a.glasgow, `{"age_band": "5_11"}`, 422)
		e := got["error"].(map[string]any)
		if e["code"] != "invalid" || e["message"] == "" || e["fields"].(map[string]any)["subject_type"] == nil {
			t.Errorf("%v", got)
		}
		a.call(t, "POST", base, a.glasgow, `not json`, 422)
		a.call(t, "POST", base, a.inspector, `{"subject_type": "adult"}`, 404)
		a.call(t, "POST", base, "", `{"subject_type": "adult"}`, 401)
	})

	t.Run("another committee's review answers 404", func(t *testing.T) {
		a.call(t, "GET", base+"/"+id, a.fife, "", 404)
		a.call(t, "PATCH", base+"/"+id, a.fife, `{"sex": "male"}`, 404)
		a.call(t, "POST", base+"/"+id+"/decision", a.fife, `{"decision": "no_review"}`, 404)
		a.call(t, "GET", base+"/"+id, a.inspector, "", 404) // a draft is the committee's business
	})

	t.Run("patch changes the given fields", func(t *testing.T) {
		got := a.call(t, "PATCH", base+"/"+id, a.glasgow, `{"sex": "female", "age_band": "5_11", "event_type": "death", "incident_on": "2025-03-01", "referral_on": "2025-03-05"}`, 200)
		if got["sex"] != "female" || got["incident_on"] != "2025-03-01" || got["subject_type"] != "child" || got["version"] != float64(2) {
			t.Errorf("%v", got)
		}
		bad := a.call(t, "PATCH", base+"/"+id, a.glasgow, `{"referral_on": "2025-02-01"}`, 422)
		if bad["error"].(map[string]any)["fields"].(map[string]any)["referral_on"] == nil {
			t.Errorf("%v", bad)
		}
		a.call(t, "PATCH", base+"/"+id, a.glasgow, `{"sex": "male", "version": 1}`, 409)
	})

	t.Run("decision: 422 without reasons for no review, then 200", func(t *testing.T) {
		got := a.call(t, "POST", base+"/"+id+"/decision", a.glasgow, `{"decision": "no_review", "decided_on": "2025-04-01"}`, 422)
		e := got["error"].(map[string]any)
		if e["code"] != "invalid" || e["fields"].(map[string]any)["reasons"] == nil {
			t.Errorf("%v", got)
		}
		missing := a.call(t, "POST", base+"/"+id+"/decision", a.glasgow, `{}`, 422)
		if f := missing["error"].(map[string]any)["fields"].(map[string]any); f["decision"] == nil || f["decided_on"] == nil {
			t.Errorf("%v", missing)
		}
		ok := a.call(t, "POST", base+"/"+id+"/decision", a.glasgow, `{"decision": "no_review", "decided_on": "2025-04-01", "reasons": "Single-agency learning."}`, 200)
		if ok["status"] != "decision_notified" || ok["decision"] != "no_review" || ok["reasons"] != "Single-agency learning." {
			t.Errorf("%v", ok)
		}
		a.call(t, "PATCH", base+"/"+id, a.glasgow, `{"sex": "male"}`, 409)
	})

	t.Run("show has history, documents and deadlines", func(t *testing.T) {
		got := a.call(t, "GET", base+"/"+id, a.inspector, "", 200)
		h, _ := got["history"].([]any)
		if len(h) != 2 || h[1].(map[string]any)["to"] != "decision_notified" || h[0].(map[string]any)["from"] != nil {
			t.Errorf("history %v", got["history"])
		}
		if d, ok := got["documents"].([]any); !ok || len(d) != 0 {
			t.Errorf("documents %v", got["documents"])
		}
		// The decision was due 28 days after the referral (2025-03-05) and was met,
		// late, when it was notified.
		if d, ok := got["deadlines"].([]any); !ok || len(d) != 1 || d[0].(map[string]any)["code"] != "decision" ||
			d[0].(map[string]any)["due_on"] != "2025-04-02" || d[0].(map[string]any)["late"] != true {
			t.Errorf("deadlines %v", got["deadlines"])
		}
	})

	t.Run("list shows only what the caller may see, with filters", func(t *testing.T) {
		draft := a.call(t, "POST", base, a.glasgow, `{"subject_type": "adult"}`, 201)["id"]
		a.call(t, "POST", base, a.fife, `{"subject_type": "adult"}`, 201)
		count := func(target, who string) int {
			items, ok := a.call(t, "GET", target, who, "", 200)["items"].([]any)
			if !ok {
				t.Fatalf("%s: no items", target)
			}
			return len(items)
		}
		if n := count(base, a.glasgow); n != 2 {
			t.Errorf("glasgow sees %d", n)
		}
		if n := count(base, a.inspector); n != 1 {
			t.Errorf("the inspector sees %d", n)
		}
		if n := count(base+"?status=draft&subject_type=adult", a.glasgow); n != 1 {
			t.Errorf("filtered %d (want the draft %v)", n, draft)
		}
		if n := count(base+"?year=2025", a.glasgow); n != 1 {
			t.Errorf("year 2025: %d", n)
		}
		if n := count(base+"?year=2024", a.glasgow); n != 0 {
			t.Errorf("year 2024: %d", n)
		}
		a.call(t, "GET", base+"?status=pending", a.glasgow, "", 422)
	})
}
