package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// send makes one request as u through the whole stack and returns the answer.
func (w *isolationWorld) send(t *testing.T, u *scrutineer.User, method, path string, form url.Values) *httptest.ResponseRecorder {
	t.Helper()
	token, err := w.srv.Sessions.CreateSession(context.Background(), u.ID)
	if err != nil {
		t.Fatal(err)
	}
	var r *http.Request
	if form != nil {
		r = httptest.NewRequest(method, path, strings.NewReader(form.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		r = httptest.NewRequest(method, path, nil)
	}
	r.AddCookie(&http.Cookie{Name: "scrutineer_session", Value: token})
	rec := httptest.NewRecorder()
	w.srv.ServeHTTP(rec, r)
	return rec
}

// TestReviewRegulatorPages goes through the regulator's pages on Fife's notified
// review as a manager and an analyst: triage lists it, the review page offers the
// manager the assignment, a message with a phone number is held back with the
// finding shown until confirmed, the analyst reads the thread without a form, and
// the checklist settings refuse an item without wording.
func TestReviewRegulatorPages(t *testing.T) {
	db := testutil.NewSQLite(t)
	w := newIsolationWorld(t, db)
	if _, err := store.SyncAppraisalCriteria(auth.SystemContext(context.Background()), db); err != nil {
		t.Fatal(err)
	}
	mgr, analyst := w.users["manager"], w.users["analyst"]
	review := "/learning-reviews/" + w.lr.review

	// A no-review decision is closed from the queue.
	sys := auth.SystemContext(context.Background())
	owner, err := store.NewUsers(db).FindUserByEmail(sys, "fife.reviews@example.org")
	if err != nil {
		t.Fatal(err)
	}
	octx := scrutineer.NewContextWithUser(context.Background(), owner)
	none := &scrutineer.LearningReview{SubjectType: "adult", AgeBand: "18_25", Sex: "male", EventType: "significant_harm", IncidentOn: "2025-04-01", ReferralOn: "2025-04-03"}
	if err := w.lr.service.CreateDraft(octx, none); err != nil {
		t.Fatal(err)
	}
	if _, err := w.lr.service.NotifyDecision(octx, none.ID, scrutineer.ReviewDecisionInput{Decision: "no_review", DecidedOn: "2025-04-20", Reasons: "Criteria not met."}); err != nil {
		t.Fatal(err)
	}
	rec := w.send(t, mgr, "GET", "/reviews/triage", nil)
	closeAction := `action="/learning-reviews/` + none.ID + `/close"`
	if body := rec.Body.String(); rec.Code != http.StatusOK || !strings.Contains(body, "Fife Adult Protection Committee") || !strings.Contains(body, closeAction) ||
		strings.Count(body, `/close"`) != 1 {
		t.Fatalf("triage should list both and offer to close the no-review decision only: %d\n%s", rec.Code, body)
	}
	rec = w.send(t, mgr, "POST", "/learning-reviews/"+none.ID+"/close", url.Values{"from": {"triage"}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/reviews/triage?done=closed" {
		t.Fatalf("close from triage: %d %s", rec.Code, rec.Header().Get("Location"))
	}
	if got, err := w.lr.service.Find(octx, none.ID); err != nil || got.Status != scrutineer.ReviewClosed {
		t.Fatalf("after closing: %v", err)
	}
	rec = w.send(t, mgr, "GET", review, nil)
	if body := rec.Body.String(); rec.Code != http.StatusOK || !strings.Contains(body, "Assign to an inspector") || !strings.Contains(body, "0 of 7 items rated") {
		t.Fatalf("review page: %d\n%s", rec.Code, body)
	}

	msg := url.Values{"body": {"Please ring the lead officer on 0131 496 0000."}}
	rec = w.send(t, mgr, "POST", review+"/messages", msg)
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "A phone number") {
		t.Fatalf("message with a phone number: %d\n%s", rec.Code, rec.Body.String())
	}
	var n int
	db.Reader().QueryRow(`SELECT count(*) FROM review_messages`).Scan(&n)
	if n != 0 {
		t.Fatal("the message was posted before the finding was confirmed")
	}
	msg.Set("confirm", "yes")
	if rec = w.send(t, mgr, "POST", review+"/messages", msg); rec.Code != http.StatusSeeOther {
		t.Fatalf("confirmed message: %d", rec.Code)
	}
	rec = w.send(t, analyst, "GET", review, nil)
	if body := rec.Body.String(); !strings.Contains(body, "0131 496 0000") || strings.Contains(body, `action="`+review+`/messages"`) {
		t.Fatalf("the analyst should read the thread without a form:\n%s", body)
	}
	if rec = w.send(t, analyst, "POST", review+"/messages", url.Values{"body": {"Hello"}}); rec.Code != http.StatusForbidden {
		t.Fatalf("analyst posting: %d, want 403", rec.Code)
	}

	rec = w.send(t, mgr, "POST", "/reviews/settings/appraisal", url.Values{"count": {"1"}, "code_0": {"timeliness"}, "label_0": {" "}, "position_0": {"1"}, "active_0": {"yes"}})
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), `href="#label_0"`) {
		t.Fatalf("settings without wording: %d\n%s", rec.Code, rec.Body.String())
	}
}
