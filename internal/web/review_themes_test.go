package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/search"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
	"github.com/scrutineer/scrutineer/internal/themes"
)

// themesWorld is the test server with learning reviews, themes, deadlines and the
// search index wired in, and one Glasgow review whose outcome has been notified.
type themesWorld struct {
	*testServer
	review  string
	officer *http.Cookie
}

func newThemesWorld(t *testing.T) *themesWorld {
	t.Helper()
	ts := newTestServer(t)
	jobs := store.NewJobs(ts.db)
	reviews := store.NewLearningReviews(ts.db)
	ts.Search = search.New(ts.db)
	ts.LearningReviews, ts.Repository = reviews, reviews
	ts.Themes = themes.New(store.NewThemes(ts.db), nil, ts.Search, jobs, nil)
	ts.Deadlines = store.NewReviewDeadlines(ts.db, jobs, "http://127.0.0.1")
	gla := testutil.MustCreateOrganisation(t, ts.db, "glasgow-cpc", scrutineer.KindChildProtectionCommittee)
	officer := testutil.MustCreateUser(t, ts.db, "cpc@example.org", gla, scrutineer.RoleCommitteeOfficer)
	w := &themesWorld{testServer: ts}
	w.review = testutil.MustCreateOutcome(t, ts.db, officer, testutil.Outcome{ReferralOn: "2025-02-03", DecidedOn: "2025-02-20", RatifiedOn: "2025-10-01", OutcomeOn: "2025-10-06",
		LearningPoints: []string{"Information sharing failed; information sharing was left to chance."}})
	r := ts.do(t, "POST", "/login", ts.loginForm(t, officer))
	for _, c := range r.Result().Cookies() {
		if c.Name == "scrutineer_session" {
			w.officer = c
		}
	}
	return w
}

func TestReviewThemesPages(t *testing.T) {
	w := newThemesWorld(t)
	analyst := w.signIn(t, "analyst@example.org", scrutineer.RoleAnalyst)
	page := reviewPath(w.review)
	if r := w.do(t, "POST", page+"/themes/suggest", url.Values{}, w.officer); r.Code != http.StatusNotFound {
		t.Errorf("committee officer suggests: %d", r.Code)
	}
	if r := w.do(t, "POST", page+"/themes/suggest", url.Values{}, analyst); r.Code != http.StatusSeeOther || r.Header().Get("Location") != page+"?done=themes-suggested#themes" {
		t.Fatalf("suggest: %d %s", r.Code, r.Header().Get("Location"))
	}
	body := w.do(t, "GET", page+"?done=themes-suggested", nil, analyst).Body.String()
	for _, want := range []string{"Themes have been suggested", "Suggested themes", "&#39;information sharing&#39; found twice in learning point 1", `name="accept" value="information_sharing"`} {
		if !strings.Contains(body, want) {
			t.Errorf("review page lacks %q", want)
		}
	}
	if r := w.do(t, "POST", page+"/themes/decide", url.Values{"accept": {"suicide"}}, analyst); r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body.String(), "Choose themes from the list on this review") {
		t.Errorf("deciding a theme not suggested: %d", r.Code)
	}
	if r := w.do(t, "POST", page+"/themes/decide", url.Values{"accept": {"information_sharing"}}, analyst); r.Code != http.StatusSeeOther {
		t.Fatalf("accept: %d", r.Code)
	}
	body = w.do(t, "GET", page, nil, w.officer).Body.String()
	if !strings.Contains(body, "<li>Information sharing</li>") || strings.Contains(body, "Suggest themes") || strings.Contains(body, "Why it was suggested") {
		t.Errorf("the committee officer's page should show the accepted theme only, read-only")
	}

	for target, want := range map[string]string{
		"/repository?theme=information_sharing":                 "Learning review " + w.review[:8],
		"/repository?q=%22information+sharing%22":               "<mark>",
		"/repository?q=chronology":                              "0 reviews",
		"/repository?committee_type=adult_protection_committee": "0 reviews",
	} {
		if r := w.do(t, "GET", target, nil, analyst); r.Code != http.StatusOK || !strings.Contains(r.Body.String(), want) {
			t.Errorf("%s: %d, lacks %q", target, r.Code, want)
		}
	}
	if r := w.do(t, "GET", "/repository?year=20x&theme=made_up", nil, analyst); r.Code != http.StatusUnprocessableEntity ||
		!strings.Contains(r.Body.String(), "Enter the year of referral as four digits") || !strings.Contains(r.Body.String(), "Choose a theme from the list") {
		t.Errorf("bad filters: %d", r.Code)
	}
	if r := w.do(t, "GET", "/repository", nil, w.officer); r.Code != http.StatusNotFound {
		t.Errorf("committee officer opens the repository: %d", r.Code)
	}
	if r := w.do(t, "GET", "/reviews/timeliness", nil, analyst); r.Code != http.StatusOK || !strings.Contains(r.Body.String(), "Deadlines met on time, late and overdue") {
		t.Errorf("timeliness: %d", r.Code)
	}
}

func TestReviewSettingsPages(t *testing.T) {
	w := newThemesWorld(t)
	manager := w.signIn(t, "manager@example.org", scrutineer.RoleManager)
	analyst := w.signIn(t, "analyst@example.org", scrutineer.RoleAnalyst)
	if r := w.do(t, "GET", "/reviews/settings/deadlines", nil, analyst); r.Code != http.StatusNotFound {
		t.Errorf("analyst opens the settings: %d", r.Code)
	}
	if r := w.do(t, "GET", "/reviews/settings/deadlines", nil, manager); r.Code != http.StatusOK || !strings.Contains(r.Body.String(), `value="28"`) {
		t.Errorf("settings form: %d", r.Code)
	}
	bad := url.Values{"decision": {"abc"}, "completion": {"183"}, "outcome": {"7"}, "reminder_before": {"30"}}
	r := w.do(t, "POST", "/reviews/settings/deadlines", bad, manager)
	if b := r.Body.String(); r.Code != http.StatusUnprocessableEntity || !strings.Contains(b, `href="#decision"`) || !strings.Contains(b, "must be a whole number of days") {
		t.Errorf("invalid levels: %d", r.Code)
	}
	bad.Set("decision", "21")
	if r := w.do(t, "POST", "/reviews/settings/deadlines", bad, manager); r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body.String(), "shortest deadline") {
		t.Errorf("reminder longer than a deadline: %d", r.Code)
	}
	bad.Set("reminder_before", "5")
	if r := w.do(t, "POST", "/reviews/settings/deadlines", bad, manager); r.Code != http.StatusSeeOther {
		t.Fatalf("save: %d", r.Code)
	}
	// The review page reads the new level at once on this server.
	if body := w.do(t, "GET", reviewPath(w.review), nil, manager).Body.String(); !strings.Contains(body, "24 February 2025") {
		t.Errorf("decision deadline not 21 days after the referral (3 February 2025)")
	}
	if r := w.do(t, "POST", "/reviews/settings/themes/new", url.Values{"new_code": {"Bad code"}, "label_neglect": {"Neglect"}}, manager); r.Code != http.StatusUnprocessableEntity ||
		!strings.Contains(r.Body.String(), `href="#new_code"`) || !strings.Contains(r.Body.String(), `href="#label_self_neglect"`) {
		t.Errorf("invalid version: %d", r.Code)
	}
	form := url.Values{}
	for _, th := range scrutineer.DefaultThemes {
		form.Set("label_"+th.Code, th.Label)
		form.Set("keywords_"+th.Code, strings.Join(th.Keywords, "\n"))
	}
	form.Set("retire", "suicide")
	form.Set("new_code", "peer_support")
	form.Set("new_label", "Peer support")
	if r := w.do(t, "POST", "/reviews/settings/themes/new", form, manager); r.Code != http.StatusSeeOther {
		t.Fatalf("new version: %d %s", r.Code, r.Body)
	}
	body := w.do(t, "GET", "/reviews/settings/themes?done=version", nil, manager).Body.String()
	if !strings.Contains(body, "Version 2 (in force)") || !strings.Contains(body, "Peer support") {
		t.Errorf("versions page does not show version 2")
	}
	if body := w.do(t, "GET", "/repository", nil, analyst).Body.String(); !strings.Contains(body, `value="peer_support"`) || strings.Contains(body, `value="suicide"`) {
		t.Errorf("the repository's theme filter does not follow the vocabulary")
	}
}
