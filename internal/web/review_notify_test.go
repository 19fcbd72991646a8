package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// notifyWorld is a test server with learning reviews and a signed-in officer of
// each of two committees.
type notifyWorld struct {
	ts            *testServer
	glasgow, fife *http.Cookie
	reviews       *store.LearningReviews
}

func newNotifyWorld(t *testing.T) *notifyWorld {
	t.Helper()
	ts := newTestServer(t)
	reviews := store.NewLearningReviews(ts.db)
	ts.LearningReviews = reviews
	gla := testutil.MustCreateOrganisation(t, ts.db, "glasgow-cpc", scrutineer.KindChildProtectionCommittee)
	fife := testutil.MustCreateOrganisation(t, ts.db, "fife-apc", scrutineer.KindAdultProtectionCommittee)
	return &notifyWorld{ts: ts, reviews: reviews,
		glasgow: ts.session(t, testutil.MustCreateUser(t, ts.db, "gla@example.org", gla, scrutineer.RoleCommitteeOfficer).ID),
		fife:    ts.session(t, testutil.MustCreateUser(t, ts.db, "fife@example.org", fife, scrutineer.RoleCommitteeOfficer).ID),
	}
}

// post sends a form and expects want; it returns the redirect's location or the body.
func (w *notifyWorld) post(t *testing.T, target string, form url.Values, c *http.Cookie, want int) string {
	t.Helper()
	rec := w.ts.do(t, "POST", target, form, c)
	if rec.Code != want {
		t.Fatalf("POST %s: %d, want %d: %s", target, rec.Code, want, rec.Body)
	}
	if want == http.StatusSeeOther {
		return rec.Header().Get("Location")
	}
	return rec.Body.String()
}

// TestNotifyJourney answers every page of the journey as a committee officer would,
// with the problems a person meets on the way, and sends the decision.
func TestNotifyJourney(t *testing.T) {
	w := newNotifyWorld(t)
	wantIn(t, w.ts.page(t, "/learning-reviews", 200, w.glasgow), "Start a new notification", "You have no drafts.")
	wantIn(t, w.post(t, "/learning-reviews/new", url.Values{}, w.glasgow, 422), "There is a problem", `href="#subject_type"`)
	loc := w.post(t, "/learning-reviews/new", url.Values{"subject_type": {"child"}}, w.glasgow, 303)
	id := strings.TrimSuffix(strings.TrimPrefix(loc, "/learning-reviews/"), "/notify/about")
	if loc != notifyPath(id, "about") {
		t.Fatalf("new draft went to %s", loc)
	}
	base := "/learning-reviews/" + id + "/notify/"
	about := w.ts.page(t, base+"about", 200, w.glasgow)
	wantIn(t, about, "What was their age?", "Under 1", "Save and come back later")
	wantNotIn(t, about, "65 and over")

	// Continuing without an answer is a problem; saving for later is not.
	wantIn(t, w.post(t, base+"about", url.Values{"then": {"next"}}, w.glasgow, 422), `href="#age_band"`, `href="#sex"`, "Choose their age.")
	later := w.post(t, base+"about", url.Values{"then": {"later"}, "sex": {"female"}}, w.glasgow, 303)
	if !strings.HasPrefix(later, "/learning-reviews?saved=") {
		t.Fatalf("save for later went to %s", later)
	}
	dash := w.ts.page(t, later, 200, w.glasgow)
	wantIn(t, dash, "Your draft has been saved", notifyPath(id, "about"))

	steps := []struct {
		page string
		form url.Values
		next string
	}{
		{"about", url.Values{"age_band": {"5_11"}, "sex": {"female"}}, "characteristics"},
		{"characteristics", url.Values{"disability": {"not_known"}, "ethnicity": {"white_scottish"}, "legal_status": {"none"}, "protection_status": {"child_protection_register"}}, "event"},
		{"event", url.Values{"event_type": {"significant_harm"}, "harm_nature": {"neglect"}}, "criteria-set"},
		{"criteria-set", url.Values{"criteria_set": {"child_2024"}}, "criteria"},
		{"criteria", url.Values{"criteria": {"harm_abuse_neglect", "concern_joint_working"}}, "dates"},
		{"dates", url.Values{"incident_on": {"1/3/2025"}, "referral_on": {"2025-03-10"}, "info_requested_on": {"12.3.2025"}, "info_returned_on": {""}}, "processes"},
		{"processes", url.Values{"parallel_processes": {"police_investigation"}}, "method"},
		{"method", url.Values{"planned_method": {"systems_approach"}}, "links"},
		{"links", url.Values{}, "decision"},
		{"decision", url.Values{"decision": {"no_review"}, "decided_on": {"2/4/2025"}, "reasons": {"Agencies agreed single-agency learning. Discussed with Morag Dunbar."}}, "check"},
	}
	for _, s := range steps {
		s.form.Set("then", "next")
		if got := w.post(t, base+s.page, s.form, w.glasgow, 303); got != notifyPath(id, s.next) {
			t.Fatalf("%s went to %s, want %s", s.page, got, s.next)
		}
	}
	rv, err := w.reviews.Find(auth.SystemContext(t.Context()), id)
	if err != nil {
		t.Fatal(err)
	}
	if rv.IncidentOn != "2025-03-01" || rv.InfoRequestedOn != "2025-03-12" || rv.DecidedOn != "2025-04-02" || rv.ProtectionStatus != "child_protection_register" || rv.Status != scrutineer.ReviewDraft {
		t.Fatalf("saved %+v", rv)
	}

	// Problems on a page: a date that is not one, a date after the incident rule.
	wantIn(t, w.post(t, base+"dates", url.Values{"incident_on": {"31/2/2025"}, "referral_on": {"10/3/2025"}}, w.glasgow, 422), "as a real date", `href="#incident_on"`)
	wantIn(t, w.post(t, base+"dates", url.Values{"incident_on": {"11/3/2025"}, "referral_on": {"10/3/2025"}}, w.glasgow, 422), "The referral date must be the same as or after the incident date.")

	check := w.ts.page(t, base+"check", 200, w.glasgow)
	wantIn(t, check, "Check your answers", "Neglect", "On the child protection register", "1 March 2025", "Police investigation",
		"A person&#39;s name", "<mark>Morag Dunbar</mark>", base+"decision?return=check", "Send the decision")
	wantNotIn(t, check, "Not answered")

	// Sending with an unconfirmed finding is refused; changing the reasons clears it.
	wantIn(t, w.post(t, base+"check", url.Values{}, w.glasgow, 422), `href="#confirm"`, "may contain personal data")
	if got := w.post(t, base+"decision", url.Values{"then": {"next"}, "return": {"check"}, "decision": {"no_review"}, "decided_on": {"2/4/2025"},
		"reasons": {"Agencies agreed single-agency learning."}}, w.glasgow, 303); got != notifyPath(id, "check") {
		t.Fatalf("a change went to %s, want back to check your answers", got)
	}
	wantNotIn(t, w.ts.page(t, base+"check", 200, w.glasgow), "<mark>")
	if got := w.post(t, base+"check", url.Values{}, w.glasgow, 303); got != reviewPath(id)+"?done=decision" {
		t.Fatalf("submitted to %s", got)
	}
	page := w.ts.page(t, reviewPath(id)+"?done=decision", 200, w.glasgow)
	wantIn(t, page, "Your decision has been sent", "What the committee notified", "No review", "Agencies agreed single-agency learning.")
	wantNotIn(t, page, "Continue your notification")
	// A sent notification can no longer be changed through the journey.
	if got := w.post(t, base+"about", url.Values{"age_band": {"1_4"}}, w.glasgow, 303); got != reviewPath(id) {
		t.Errorf("a notified review's page went to %s", got)
	}
}

// TestNotifyConfirmFinding sends a decision whose reasons keep a finding the
// officer confirms is not personal data.
func TestNotifyConfirmFinding(t *testing.T) {
	w := newNotifyWorld(t)
	rv := mustNotifyDraft(t, w, "The partners met at the office, EH11 4BN.")
	base := "/learning-reviews/" + rv.ID + "/notify/"
	c := reasonsCheck(rv.Reasons, nil)
	if len(c.Findings) == 0 {
		t.Fatal("the check found nothing to confirm")
	}
	var keys []string
	for _, f := range c.Findings {
		keys = append(keys, f.Key)
	}
	w.post(t, base+"check", url.Values{"confirm": keys}, w.glasgow, 303)
	if got, _ := w.reviews.Find(auth.SystemContext(t.Context()), rv.ID); got.Status != scrutineer.ReviewDecisionNotified {
		t.Errorf("status %s", got.Status)
	}
}

// mustNotifyDraft makes a Glasgow draft with every question answered.
func mustNotifyDraft(t *testing.T, w *notifyWorld, reasons string) *scrutineer.LearningReview {
	t.Helper()
	ctx := scrutineer.NewContextWithUser(t.Context(), w.ts.mustUser(t, "gla@example.org"))
	rv := &scrutineer.LearningReview{SubjectType: "adult"}
	if err := w.reviews.CreateDraft(ctx, rv); err != nil {
		t.Fatal(err)
	}
	s := func(v string) *string { return &v }
	l := func(v ...string) *[]string { return &v }
	_, err := w.reviews.Update(ctx, rv.ID, &scrutineer.LearningReviewChanges{AgeBand: s("65_plus"), Sex: s("male"), Disability: s("yes"), Ethnicity: s("not_known"),
		LegalStatus: s("not_known"), ProtectionStatus: s("asp_inquiry"), EventType: s("death"), HarmNature: s("not_known"), CriteriaSet: s("adult_2022"),
		Criteria: l("died_harm"), IncidentOn: s("2025-01-01"), ReferralOn: s("2025-01-05"), ParallelProcesses: l("none"), PlannedMethod: s("not_decided"),
		Decision: s("no_review"), DecidedOn: s("2025-02-01"), Reasons: s(reasons)})
	if err != nil {
		t.Fatal(err)
	}
	got, err := w.reviews.Find(ctx, rv.ID)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// TestNotifyOtherCommittee: another committee's draft answers 404 on every page,
// and cannot be linked to.
func TestNotifyOtherCommittee(t *testing.T) {
	w := newNotifyWorld(t)
	rv := mustNotifyDraft(t, w, "Single-agency learning.")
	base := "/learning-reviews/" + rv.ID + "/notify/"
	for _, p := range []string{"about", "links", "check"} {
		w.ts.page(t, base+p, 404, w.fife)
		w.post(t, base+p, url.Values{"age_band": {"18_25"}}, w.fife, 404)
	}
	w.ts.page(t, base+"nowhere", 404, w.glasgow)
	mine := w.post(t, "/learning-reviews/new", url.Values{"subject_type": {"adult"}}, w.fife, 303)
	fifeID := strings.Split(strings.TrimPrefix(mine, "/learning-reviews/"), "/")[0]
	w.post(t, "/learning-reviews/"+fifeID+"/notify/links", url.Values{"linked_review_ids": {rv.ID}}, w.fife, 404)
	wantNotIn(t, w.ts.page(t, "/learning-reviews/"+fifeID+"/notify/links", 200, w.fife), rv.ID)
	// The dashboard panel counts only the caller's own committee's drafts.
	wantIn(t, w.ts.page(t, "/dashboard", 200, w.fife), "1 draft notification to finish", `href="/learning-reviews"`)
}

// TestNotifyDashboardAndSection: a draft whose referral was long ago is overdue on
// the committee dashboard and the dashboard panel; once sent, an inspector reads the
// notification in words on the review page, without the committee's links.
func TestNotifyDashboardAndSection(t *testing.T) {
	w := newNotifyWorld(t)
	rv := mustNotifyDraft(t, w, "Single-agency learning.")
	dash := w.ts.page(t, "/learning-reviews", 200, w.glasgow)
	wantIn(t, dash, "Decision notified after referral", "Overdue</strong>", resumePath(rv))
	wantIn(t, w.ts.page(t, "/dashboard", 200, w.glasgow), "1 draft notification to finish; 1 overdue item.")
	wantIn(t, w.ts.page(t, reviewPath(rv.ID), 200, w.glasgow), "Continue your notification", "Adult support and protection inquiry or investigation")

	w.post(t, "/learning-reviews/"+rv.ID+"/notify/check", url.Values{}, w.glasgow, 303)
	reg := testutil.MustCreateOrganisation(t, w.ts.db, "regulator", scrutineer.KindRegulator)
	inspector := w.ts.session(t, testutil.MustCreateUser(t, w.ts.db, "insp@example.org", reg, scrutineer.RoleInspector).ID)
	page := w.ts.page(t, reviewPath(rv.ID), 200, inspector)
	wantIn(t, page, "What the committee notified", "65 and over", "Adult support and protection learning review guidance 2022", "None", "Not decided yet")
	wantNotIn(t, page, "Continue your notification", "/notify/")
	w.ts.page(t, "/learning-reviews", 404, inspector)
	w.ts.page(t, "/learning-reviews/"+rv.ID+"/notify/check", 404, inspector)
	wantNotIn(t, w.ts.page(t, "/dashboard", 200, inspector), "draft notification")
	wantIn(t, w.ts.page(t, "/learning-reviews?saved=x", 200, w.glasgow), "Decision notified", "You have no drafts.")
}

// TestClosedReviewsPage: a closed review leaves the committee dashboard, which
// links to the page of closed reviews instead; that page lists the committee's own
// closed reviews only, and is not found for anyone but its officers.
func TestClosedReviewsPage(t *testing.T) {
	w := newNotifyWorld(t)
	rv := mustNotifyDraft(t, w, "Single-agency learning.")
	w.post(t, "/learning-reviews/"+rv.ID+"/notify/check", url.Values{}, w.glasgow, 303)
	wantIn(t, w.ts.page(t, "/learning-reviews", 200, w.glasgow), reviewPath(rv.ID), "Reviews in progress")
	wantIn(t, w.ts.page(t, "/learning-reviews/closed", 200, w.glasgow), "Your committee has no closed reviews yet.")

	reg := testutil.MustCreateOrganisation(t, w.ts.db, "regulator", scrutineer.KindRegulator)
	manager := testutil.MustCreateUser(t, w.ts.db, "man@example.org", reg, scrutineer.RoleManager)
	if _, err := store.NewReviewRegulator(w.ts.db, store.NewJobs(w.ts.db), "http://127.0.0.1").Close(scrutineer.NewContextWithUser(t.Context(), manager), rv.ID); err != nil {
		t.Fatal(err)
	}
	dash := w.ts.page(t, "/learning-reviews", 200, w.glasgow)
	wantIn(t, dash, "None of your committee's reviews is in progress.", `href="/learning-reviews/closed"`)
	wantNotIn(t, dash, reviewPath(rv.ID))
	closed := w.ts.page(t, "/learning-reviews/closed", 200, w.glasgow)
	wantIn(t, closed, reviewPath(rv.ID), ": No review")
	wantNotIn(t, closed, "Pages of closed reviews")
	wantIn(t, w.ts.page(t, "/learning-reviews/closed?page=2", 200, w.glasgow), "There are no closed reviews on this page.")
	wantNotIn(t, w.ts.page(t, "/learning-reviews/closed", 200, w.fife), rv.ID)
	inspector := w.ts.session(t, testutil.MustCreateUser(t, w.ts.db, "insp@example.org", reg, scrutineer.RoleInspector).ID)
	w.ts.page(t, "/learning-reviews/closed", 404, inspector)
}
