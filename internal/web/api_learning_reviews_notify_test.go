package web

import (
	"encoding/json"
	"slices"
	"testing"
)

// TestLearningReviewsAPINotificationFields: create and PATCH take every notification
// field; GET answers them, null when not given and lists as arrays; links only to the
// committee's own reviews; the decision still needs only what the contract lists.
func TestLearningReviewsAPINotificationFields(t *testing.T) {
	a := newReviewAPI(t)
	const base = "/api/v1/learning-reviews"
	created := a.call(t, "POST", base, a.glasgow, `{"subject_type": "child", "ethnicity": "not_known", "criteria_set": "child_2021", "criteria": ["died_abuse_neglect"]}`, 201)
	id := created["id"].(string)
	if created["ethnicity"] != "not_known" || created["disability"] != nil || created["planned_method"] != nil {
		t.Errorf("created %v", created)
	}
	if l, ok := created["parallel_processes"].([]any); !ok || len(l) != 0 {
		t.Errorf("parallel_processes %v, want []", created["parallel_processes"])
	}
	if l, ok := created["linked_review_ids"].([]any); !ok || len(l) != 0 {
		t.Errorf("linked_review_ids %v, want []", created["linked_review_ids"])
	}
	other := a.call(t, "POST", base, a.glasgow, `{"subject_type": "child"}`, 201)["id"].(string)
	fifes := a.call(t, "POST", base, a.fife, `{"subject_type": "adult"}`, 201)["id"].(string)

	body, _ := json.Marshal(map[string]any{
		"disability": "no", "legal_status": "permanence_order", "protection_status": "looked_after", "harm_nature": "not_known",
		"criteria_set": "child_2024", "criteria": []string{"harm_in_secure_care", "effective_practice"},
		"info_requested_on": "2025-03-06", "info_returned_on": "2025-03-20", "parallel_processes": []string{"none"},
		"planned_method": "systems_approach", "linked_review_ids": []string{other},
	})
	got := a.call(t, "PATCH", base+"/"+id, a.glasgow, string(body), 200)
	for k, want := range map[string]string{"disability": "no", "legal_status": "permanence_order", "protection_status": "looked_after",
		"harm_nature": "not_known", "criteria_set": "child_2024", "info_requested_on": "2025-03-06", "info_returned_on": "2025-03-20",
		"planned_method": "systems_approach", "ethnicity": "not_known"} {
		if got[k] != want {
			t.Errorf("%s = %v, want %s", k, got[k], want)
		}
	}
	list := func(v any) []string {
		var out []string
		for _, x := range v.([]any) {
			out = append(out, x.(string))
		}
		return out
	}
	if !slices.Equal(list(got["criteria"]), []string{"harm_in_secure_care", "effective_practice"}) || !slices.Equal(list(got["parallel_processes"]), []string{"none"}) ||
		!slices.Equal(list(got["linked_review_ids"]), []string{other}) {
		t.Errorf("lists %v %v %v", got["criteria"], got["parallel_processes"], got["linked_review_ids"])
	}

	bad := a.call(t, "PATCH", base+"/"+id, a.glasgow, `{"criteria_set": "adult_2022", "info_returned_on": "2025-03-01", "parallel_processes": ["none", "prosecution"]}`, 422)
	fields := bad["error"].(map[string]any)["fields"].(map[string]any)
	for _, f := range []string{"criteria_set", "info_returned_on", "parallel_processes"} {
		if fields[f] == nil {
			t.Errorf("no problem with %s: %v", f, fields)
		}
	}
	a.call(t, "PATCH", base+"/"+id, a.glasgow, `{"linked_review_ids": ["`+fifes+`"]}`, 404)
	shown := a.call(t, "GET", base+"/"+id, a.glasgow, "", 200)
	if !slices.Equal(list(shown["linked_review_ids"]), []string{other}) || shown["criteria_set"] != "child_2024" {
		t.Errorf("a refused change was kept: %v %v", shown["linked_review_ids"], shown["criteria_set"])
	}

	// The decision needs only the contract's fields, not the new ones.
	plain := a.call(t, "POST", base, a.glasgow, `{"subject_type": "adult"}`, 201)["id"].(string)
	a.call(t, "PATCH", base+"/"+plain, a.glasgow, `{"age_band": "65_plus", "sex": "male", "event_type": "death", "incident_on": "2025-01-01", "referral_on": "2025-01-02"}`, 200)
	done := a.call(t, "POST", base+"/"+plain+"/decision", a.glasgow, `{"decision": "full_review", "decided_on": "2025-02-01"}`, 200)
	if done["status"] != "decision_notified" || done["disability"] != nil {
		t.Errorf("decision %v", done)
	}
}

// TestOpenAPIDescribesNotificationFields checks the new fields are in openapi.json.
func TestOpenAPIDescribesNotificationFields(t *testing.T) {
	a := newReviewAPI(t)
	doc := a.call(t, "GET", "/api/v1/openapi.json", a.glasgow, "", 200)
	schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
	for _, s := range []string{"LearningReviewFields", "LearningReview"} {
		props := schemas[s].(map[string]any)["properties"].(map[string]any)
		for _, f := range []string{"disability", "ethnicity", "legal_status", "protection_status", "harm_nature", "criteria_set", "criteria",
			"info_requested_on", "info_returned_on", "parallel_processes", "planned_method", "linked_review_ids"} {
			if props[f] == nil {
				t.Errorf("%s has no %s", s, f)
			}
		}
	}
}
