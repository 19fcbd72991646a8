package web

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// TestReviewOutcomePages follows a committee officer through every page of
// following a review and notifying its outcome, through the whole stack: the
// update (refused while incomplete, then while its text holds a CHI number until
// confirmed), completion, each step of the journey with the report uploaded and
// checked, check-your-answers, the outcome, and an action's status. Each page
// answers as it should and shows what was saved.
func TestReviewOutcomePages(t *testing.T) {
	a := newReviewAPI(t)
	a.withDocuments(t)
	ts := a.ts
	c := ts.session(t, ts.mustUser(t, "gla@example.org").ID)
	other := ts.session(t, ts.mustUser(t, "fife@example.org").ID)
	id := a.call(t, "POST", "/api/v1/learning-reviews", a.glasgow, `{"subject_type": "child", "age_band": "5_11", "sex": "female", "event_type": "death", "incident_on": "2025-03-01", "referral_on": "2025-03-05"}`, 201)["id"].(string)
	a.call(t, "POST", "/api/v1/learning-reviews/"+id+"/decision", a.glasgow, `{"decision": "full_review", "decided_on": "2025-04-01"}`, 200)
	base := "/learning-reviews/" + id
	expect := func(w *httptest.ResponseRecorder, status int, where string) *httptest.ResponseRecorder {
		t.Helper()
		if w.Code != status || (where != "" && !strings.HasPrefix(w.Header().Get("Location"), where)) {
			t.Fatalf("%d %q, want %d %q: %s", w.Code, w.Header().Get("Location"), status, where, w.Body)
		}
		return w
	}
	has := func(target, text string) {
		t.Helper()
		if body := expect(ts.do(t, "GET", target, nil, c), 200, "").Body.String(); !strings.Contains(body, text) {
			t.Fatalf("%s does not say %q", target, text)
		}
	}

	has(base, "Start the review")
	expect(ts.do(t, "POST", base+"/start", url.Values{}, other), 404, "")
	expect(ts.do(t, "POST", base+"/start", url.Values{}, c), 303, base+"?done=started")
	has(base, "Give an update")
	has(base+"/update", "Is the review paused?")
	expect(ts.do(t, "POST", base+"/update", url.Values{"expected_completion_on": {"soon"}}, c), 422, "")
	update := url.Values{"expected_completion_on": {"2099-01-31"}, "paused_for": {"fatal_accident_inquiry"}, "delay_reasons": {"Records for CHI 0101011237 came late."}}
	if body := expect(ts.do(t, "POST", base+"/update", update, c), 422, "").Body.String(); !strings.Contains(body, "CHI number") || !strings.Contains(body, confirmField) {
		t.Fatal("the update's personal data was not shown with the confirmation")
	}
	update.Set("delay_reasons", "Records came late.")
	expect(ts.do(t, "POST", base+"/update", update, c), 303, base+"?done=update")
	has(base, "Paused: Fatal accident inquiry")
	has(base+"/completion", "When was the review completed?")
	expect(ts.do(t, "POST", base+"/completion", url.Values{"completed_on": {"2025-09-01"}}, c), 303, base+"?done=completed")

	out := base + "/outcome"
	expect(ts.do(t, "GET", out, nil, c), 303, out+"/dates")
	expect(ts.do(t, "POST", out+"/dates", url.Values{"completed_on": {"2025-09-01"}, "ratified_on": {"2025-08-01"}}, c), 422, "")
	expect(ts.do(t, "POST", out+"/dates", url.Values{"completed_on": {"2025-09-01"}, "ratified_on": {"2025-09-20"}}, c), 303, out+"/method")
	has(out+"/dates", `value="2025-09-20"`)
	expect(ts.do(t, "POST", out+"/method", url.Values{"methodology": {"systems_approach"}}, c), 422, "")
	expect(ts.do(t, "POST", out+"/method", url.Values{"methodology": {"systems_approach"}, "family_involvement": {"involved"}, "staff_involvement": {"involved"}}, c), 303, out+"/report")

	upload := func(name, content string) *httptest.ResponseRecorder {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		fw, _ := mw.CreateFormFile("file", name)
		fw.Write([]byte(content))
		mw.Close()
		r := httptest.NewRequest("POST", out+"/report", &body)
		r.Header.Set("Content-Type", mw.FormDataContentType())
		r.AddCookie(c)
		w := httptest.NewRecorder()
		ts.ServeHTTP(w, r)
		return w
	}
	expect(upload("report.html", "<!DOCTYPE html><html><body>Report</body></html>"), 422, "")
	expect(upload("report.txt", "Learning review report.\n\nHealth records were shared late.\n"), 303, out+"/report?done=uploaded")
	has(out+"/report", "No personal data found")

	expect(ts.do(t, "POST", out+"/learning-points/new", url.Values{"body": {""}}, c), 422, "")
	expect(ts.do(t, "POST", out+"/learning-points/new", url.Values{"body": {"Chronologies were kept apart."}, "themes": {"chronologies"}}, c), 303, out+"/learning-points")
	expect(ts.do(t, "POST", out+"/learning-points/new", url.Values{"body": {"Luck."}, "themes": {"luck"}}, c), 422, "")
	expect(ts.do(t, "POST", out+"/recommendations/new", url.Values{"body": {"Agree one chronology."}}, c), 422, "")
	expect(ts.do(t, "POST", out+"/recommendations/new", url.Values{"body": {"Agree one chronology."}, "agency": {"multi_agency"}, "themes": {"chronologies", "information_sharing"}}, c), 303, out+"/recommendations")
	has(out+"/recommendations", "Chronologies, Information sharing")
	expect(ts.do(t, "POST", out+"/actions/new", url.Values{"action": {"Write the protocol."}, "owner": {"Committee"}, "due_on": {"2026-12-31"}, "status": {"not_started"}}, c), 303, out+"/actions")
	expect(ts.do(t, "POST", out+"/actions/new", url.Values{"action": {"Train staff."}, "owner": {"Social work"}, "due_on": {"2026-06-30"}, "status": {"in_progress"}}, c), 303, out+"/actions")
	expect(ts.do(t, "POST", out+"/actions/2/remove", url.Values{}, c), 303, out+"/actions")
	expect(ts.do(t, "GET", out+"/actions/2", nil, c), 404, "")
	expect(ts.do(t, "POST", out+"/publication", url.Values{"publication": {"publish_summary"}}, c), 303, out+"/check")
	for _, text := range []string{"1 September 2025", "Themes: Chronologies", "Systems approach", "report.txt", "Chronologies were kept apart.", "Several agencies", "Write the protocol.", "Publish a summary"} {
		has(out+"/check", text)
	}
	expect(ts.do(t, "GET", out+"/check", nil, other), 404, "")
	expect(ts.do(t, "POST", out+"/check", url.Values{}, c), 303, base+"?done=outcome")
	expect(ts.do(t, "GET", out+"/dates", nil, c), 409, "")

	page := expect(ts.do(t, "GET", base, nil, c), 200, "").Body.String()
	for _, text := range []string{"Outcome notified", "Chronologies were kept apart.", "Write the protocol.", "Not started", "(sent to the regulator)"} {
		if !strings.Contains(page, text) {
			t.Errorf("the review page does not show %q", text)
		}
	}
	action := regexp.MustCompile(`/actions/([^"/?]+)"`).FindStringSubmatch(page)
	if action == nil {
		t.Fatal("no link to update the action")
	}
	has(base+"/actions/"+action[1], "What is the action&#39;s status now?")
	expect(ts.do(t, "POST", base+"/actions/"+action[1], url.Values{"status": {"finished"}, "version": {"1"}}, c), 422, "")
	expect(ts.do(t, "POST", base+"/actions/"+action[1], url.Values{"status": {"complete"}, "version": {"1"}}, other), 404, "")
	expect(ts.do(t, "POST", base+"/actions/"+action[1], url.Values{"status": {"complete"}, "version": {"1"}}, c), 303, base+"?done=action")
	has(base, "Complete")
	if w := ts.do(t, "POST", base+"/actions/"+action[1], url.Values{"status": {"not_achieved"}, "version": {"1"}}, c); w.Code != http.StatusConflict {
		t.Fatalf("a stale version: %d", w.Code)
	}
}
