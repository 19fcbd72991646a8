package web

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer/internal/blob"
	"github.com/scrutineer/scrutineer/internal/documents"
	"github.com/scrutineer/scrutineer/internal/extract"
	"github.com/scrutineer/scrutineer/internal/keys"
	"github.com/scrutineer/scrutineer/internal/store"
)

// withDocuments gives the API server the real document exchange with an extractor
// (lazy: text files need no PDFium) and a 1 MB upload limit.
func (a *reviewAPI) withDocuments(t *testing.T) {
	t.Helper()
	fs, err := blob.NewFS(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	x, err := extract.New(extract.Options{Lazy: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { x.Close() })
	a.ts.Documents = documents.New(store.NewDocuments(a.ts.db, store.NewJobs(a.ts.db)), blob.New(fs, keys.Generate()), nil, x, documents.Options{MaxUpload: 1 << 20})
	a.ts.MaxUpload = 1 << 20
}

// upload posts a file to the review's documents and decodes the answer.
func (a *reviewAPI) upload(t *testing.T, id, authorization, name, content string, want int) map[string]any {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write([]byte(content))
	mw.Close()
	r := httptest.NewRequest("POST", "/api/v1/learning-reviews/"+id+"/documents", &body)
	r.Header.Set("Content-Type", mw.FormDataContentType())
	r.Header.Set("Authorization", authorization)
	w := httptest.NewRecorder()
	a.ts.ServeHTTP(w, r)
	if w.Code != want {
		t.Fatalf("upload %s: %d, want %d: %s", name, w.Code, want, w.Body)
	}
	var out map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &out); err != nil {
		t.Fatalf("not JSON: %s", w.Body)
	}
	return out
}

// TestLearningReviewOutcomeAPI follows a full review through the API: start, an
// update (422 while its text holds a CHI number, unless confirmed), the report
// uploaded and checked in the request (findings, 415, 413), the outcome refused
// with 409 while the report has findings and with 422 when incomplete, then
// notified with a clean report; the review then lists its documents and deadlines.
// Another committee gets 404 throughout.
func TestLearningReviewOutcomeAPI(t *testing.T) {
	a := newReviewAPI(t)
	a.withDocuments(t)
	const base = "/api/v1/learning-reviews"
	id := a.call(t, "POST", base, a.glasgow, `{"subject_type": "child", "age_band": "5_11", "sex": "female", "event_type": "death", "incident_on": "2025-03-01", "referral_on": "2025-03-05"}`, 201)["id"].(string)
	a.call(t, "POST", base+"/"+id+"/decision", a.glasgow, `{"decision": "full_review", "decided_on": "2025-04-01"}`, 200)

	a.call(t, "POST", base+"/"+id+"/start", a.fife, ``, 404)
	if got := a.call(t, "POST", base+"/"+id+"/start", a.glasgow, ``, 200); got["status"] != "in_progress" {
		t.Fatalf("start: %v", got)
	}
	a.call(t, "POST", base+"/"+id+"/start", a.glasgow, ``, 409)

	update := `{"review_team": "Independent reviewer", "expected_completion_on": "2099-01-31", "paused_for": "criminal_proceedings", "delay_reasons": "Records for CHI 0101011237 came late."`
	a.call(t, "POST", base+"/"+id+"/updates", a.fife, update+`}`, 404)
	pii := a.call(t, "POST", base+"/"+id+"/updates", a.glasgow, update+`}`, 422)
	if msg, _ := pii["error"].(map[string]any)["fields"].(map[string]any)["delay_reasons"].(string); !strings.Contains(msg, "CHI number") {
		t.Fatalf("personal data in the update: %v", pii)
	}
	if got := a.call(t, "POST", base+"/"+id+"/updates", a.glasgow, update+`, "confirm_no_personal_data": true}`, 200); got["paused_for"] != "criminal_proceedings" || got["expected_completion_on"] != "2099-01-31" {
		t.Fatalf("update: %v", got)
	}

	a.upload(t, id, a.fife, "report.txt", "Learning review report.\n", 404)
	a.upload(t, id, a.glasgow, "report.html", "<!DOCTYPE html><html><body>Report</body></html>", 415)
	a.upload(t, id, a.glasgow, "big.txt", strings.Repeat("Child A was seen. ", 70000), 413)
	flagged := a.upload(t, id, a.glasgow, "report.txt", "Learning review report.\n\nHealth records list CHI 0101011237 against the referral.\n", 201)
	check := flagged["check"].(map[string]any)
	if check["status"] != "findings" || flagged["filename"] != "report.txt" {
		t.Fatalf("flagged report: %v", flagged)
	}
	if f := check["findings"].([]any); len(f) == 0 || f[0].(map[string]any)["kind"] != "chi_number" || f[0].(map[string]any)["text"] != "0101011237" {
		t.Fatalf("findings: %v", check)
	}

	outcome := func(doc string) string {
		return `{"completed_on": "2025-09-01", "ratified_on": "2025-09-20", "document_ids": ["` + doc + `"], "methodology": "systems_approach",
			"recommendations": [{"body": "Agree one chronology.", "agency": "multi_agency", "themes": ["chronologies"]}],
			"actions": [{"action": "Write the protocol.", "owner": "Committee", "due_on": "2026-12-31", "status": "not_started"}]}`
	}
	a.call(t, "POST", base+"/"+id+"/outcome", a.fife, outcome(flagged["id"].(string)), 404)
	conflict := a.call(t, "POST", base+"/"+id+"/outcome", a.glasgow, outcome(flagged["id"].(string)), 409)
	if !strings.Contains(conflict["error"].(map[string]any)["message"].(string), "personal data") {
		t.Fatalf("409: %v", conflict)
	}
	bad := a.call(t, "POST", base+"/"+id+"/outcome", a.glasgow, `{"completed_on": "2025-09-21", "ratified_on": "2025-09-20", "recommendations": [{"body": "x"}]}`, 422)
	fields := bad["error"].(map[string]any)["fields"].(map[string]any)
	for _, f := range []string{"ratified_on", "document_ids", "recommendations.0.agency"} {
		if fields[f] == nil {
			t.Errorf("no problem with %s: %v", f, fields)
		}
	}
	clean := a.upload(t, id, a.glasgow, "report-anonymised.txt", "Learning review report.\n\nHealth records were shared late.\n", 201)
	if clean["check"].(map[string]any)["status"] != "clear" {
		t.Fatalf("clean report: %v", clean)
	}
	got := a.call(t, "POST", base+"/"+id+"/outcome", a.glasgow, outcome(clean["id"].(string)), 200)
	if got["status"] != "outcome_notified" || got["ratified_on"] != "2025-09-20" || got["paused_for"] != nil {
		t.Fatalf("outcome: %v", got)
	}
	a.upload(t, id, a.glasgow, "late.txt", "Another report.\n", 409)

	mine := a.call(t, "GET", base+"/"+id, a.glasgow, "", 200)
	if docs := mine["documents"].([]any); len(docs) != 2 {
		t.Fatalf("the committee's documents: %v", docs)
	}
	theirs := a.call(t, "GET", base+"/"+id, a.inspector, "", 200)
	docs := theirs["documents"].([]any)
	if len(docs) != 1 || docs[0].(map[string]any)["id"] != clean["id"] || docs[0].(map[string]any)["status"] != "sent" {
		t.Fatalf("the regulator's documents: %v", docs)
	}
	codes := []string{}
	for _, d := range theirs["deadlines"].([]any) {
		codes = append(codes, d.(map[string]any)["code"].(string))
	}
	if strings.Join(codes, ",") != "decision,completion,outcome" {
		t.Fatalf("deadlines: %v", theirs["deadlines"])
	}
	a.call(t, "GET", base+"/"+id, a.fife, "", 404)
}
