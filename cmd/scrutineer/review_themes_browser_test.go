package main

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// TestBrowserThemesJourney follows the analyst through the repository to a review
// whose outcome mentions known keywords: filtering the list, opening the review,
// pressing Suggest themes, reading why each theme was suggested, accepting one and
// rejecting another. A manager then changes a service level (a mistake first) and
// opens the theme vocabulary and the timeliness view. Every page is checked with axe.
func TestBrowserThemesJourney(t *testing.T) {
	if testing.Short() {
		t.Skip("browser journey skipped in -short mode")
	}
	b := testutil.NewBrowser(t)
	base := startDemo(t)
	review := addOutcomeReview(t)
	text := func(p *testutil.Page) string {
		return testutil.Eval[string](p, `document.querySelector('main').innerText`)
	}
	click := func(p *testutil.Page, css string) int { return p.Follow(chromedp.Click(chromedp.CSS(css))) }

	p := b.NewPage(t)
	signIn(t, p, base, "analyst@demo.scrutineer.test")
	if got := p.Visit(base + "/repository"); got != http.StatusOK {
		t.Fatalf("repository: status %d", got)
	}
	checkPage(p, "repository")
	p.Do(chromedp.SetValue(chromedp.CSS(`#committee`), "glasgow-cpc"), chromedp.SendKeys(chromedp.CSS(`#year`), "2025"))
	if got := click(p, `main form[action="/repository"] button[type="submit"]`); got != http.StatusOK || !strings.Contains(p.URL(), "committee=glasgow-cpc") {
		t.Fatalf("filter: status %d at %s", got, p.URL())
	}
	checkPage(p, "repository-filtered")
	if got := click(p, `main a[href="/learning-reviews/`+review+`"]`); got != http.StatusOK {
		t.Fatalf("open the review: status %d", got)
	}
	checkPage(p, "review-themes")
	if got := click(p, `main form[action$="/themes/suggest"] button`); got != http.StatusOK || !strings.Contains(p.URL(), "done=themes-suggested") {
		t.Fatalf("suggest: status %d at %s", got, p.URL())
	}
	for _, want := range []string{"'information sharing' found twice in learning point 1", "'chronology' found once in learning point 2; 'chronology' once in recommendation 1"} {
		if !strings.Contains(text(p), want) {
			t.Errorf("the reasons do not say %q:\n%s", want, text(p))
		}
	}
	checkPage(p, "review-themes-suggested")
	if got := click(p, `main button[name="accept"][value="information_sharing"]`); got != http.StatusOK || !strings.Contains(p.URL(), "done=themes-decided") {
		t.Fatalf("accept: status %d at %s", got, p.URL())
	}
	if got := click(p, `main button[name="reject"][value="chronologies"]`); got != http.StatusOK {
		t.Fatalf("reject: status %d", got)
	}
	accepted := testutil.Eval[string](p, `[...document.querySelectorAll('#themes h3')].find(h => h.textContent === 'Accepted themes').nextElementSibling.innerText`)
	rejected := testutil.Eval[string](p, `[...document.querySelectorAll('#themes h3')].find(h => h.textContent === 'Rejected themes').nextElementSibling.innerText`)
	if accepted != "Information sharing" || rejected != "Chronologies" {
		t.Errorf("accepted %q, rejected %q", accepted, rejected)
	}
	checkPage(p, "review-themes-decided")
	p.Visit(base + "/repository?theme=information_sharing")
	if !strings.Contains(text(p), "Learning review "+review[:8]) {
		t.Error("the accepted theme does not find the review in the repository")
	}

	const manager = "new.manager@demo.scrutineer.test"
	addRegulatorAccount(t, manager)
	m := b.NewPage(t)
	signInSettingUpTwoFactor(t, m, base, manager)
	if got := m.Visit(base + "/reviews/settings/deadlines"); got != http.StatusOK {
		t.Fatalf("service levels: status %d", got)
	}
	checkPage(m, "review-service-levels")
	m.Do(chromedp.SetValue(chromedp.CSS(`#decision`), "0"))
	if got := click(m, `main form[action="/reviews/settings/deadlines"] button[type="submit"]`); got != http.StatusUnprocessableEntity {
		t.Fatalf("invalid level: status %d", got)
	}
	checkPage(m, "review-service-levels-error")
	m.Do(chromedp.SetValue(chromedp.CSS(`#decision`), "21"))
	if got := click(m, `main form[action="/reviews/settings/deadlines"] button[type="submit"]`); got != http.StatusOK || !strings.Contains(text(m), "The service levels have been saved") {
		t.Fatalf("save: status %d", got)
	}
	if v := testutil.Eval[string](m, `document.getElementById('decision').value`); v != "21" {
		t.Errorf("decision level shows %q after saving, want 21", v)
	}
	checkPage(m, "review-service-levels-saved")
	for _, page := range []string{"/reviews/settings/themes", "/reviews/settings/themes/new", "/reviews/timeliness"} {
		if got := m.Visit(base + page); got != http.StatusOK {
			t.Errorf("%s: status %d", page, got)
		}
		checkPage(m, strings.ReplaceAll(strings.TrimPrefix(page, "/"), "/", "-"))
	}
}

// addOutcomeReview records, in the running demo's database, a full review of
// Glasgow's committee whose outcome has been notified with learning points and a
// recommendation that name known keywords, and returns its id.
func addOutcomeReview(t *testing.T) string {
	t.Helper()
	ctx, db := openDemoDB(t)
	officer, err := store.NewUsers(db).FindUserByEmail(ctx, "cpc.glasgow@demo.scrutineer.test")
	if err != nil {
		t.Fatal(err)
	}
	return testutil.MustCreateOutcome(t, db, officer, testutil.Outcome{ReferralOn: "2025-02-03", DecidedOn: "2025-02-20", RatifiedOn: "2025-10-01", OutcomeOn: "2025-10-06",
		LearningPoints: []string{"Information sharing between the school and the health visitor was poor, and information sharing relied on goodwill.",
			"No chronology brought the agencies' records together."},
		Recommendations: []string{"Keep a chronology for every child on the child protection register."}})
}

// signInSettingUpTwoFactor signs a new regulator account in, setting up its second
// factor on the way, and lands on the dashboard.
func signInSettingUpTwoFactor(t *testing.T, p *testutil.Page, base, email string) {
	t.Helper()
	p.Visit(base + "/login")
	p.Do(chromedp.SendKeys(chromedp.CSS(`#email`), email), chromedp.SendKeys(chromedp.CSS(`#password`), demoPassword))
	if got := p.Follow(chromedp.Click(chromedp.CSS(`main form[action="/login"] button[type="submit"]`))); got != http.StatusOK || !strings.HasSuffix(p.URL(), "/login/set-up") {
		t.Fatalf("sign in: status %d at %s", got, p.URL())
	}
	secret := strings.ReplaceAll(testutil.Eval[string](p, `document.getElementById('totp-secret').textContent`), " ", "")
	p.Do(chromedp.SendKeys(chromedp.CSS(`#code`), nextCode(t, email, secret)))
	p.Follow(chromedp.Click(chromedp.CSS(`main form[action="/login/set-up"] button[type="submit"]`)))
	if got := p.Follow(chromedp.Click(chromedp.CSS(`main a.ds_button`))); got != http.StatusOK || !strings.HasSuffix(p.URL(), "/dashboard") {
		t.Fatalf("two-factor set-up: status %d at %s", got, p.URL())
	}
}
