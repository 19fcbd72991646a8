package main

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/scrutineer/scrutineer/internal/testutil"
)

// TestBrowserNotifyDecision follows a committee officer notifying a decision in
// Chromium: they start a notification from their learning reviews, answer the
// first pages (meeting the error summary once), save and sign out; then on another
// device (a fresh browser context, without JavaScript) they sign in, resume the
// draft from the dashboard where it stopped, answer every other page, see a name
// found in the reasons on check-your-answers, change the reasons, and send the
// decision. Every page visited is checked with axe.
func TestBrowserNotifyDecision(t *testing.T) {
	if testing.Short() {
		t.Skip("browser journey skipped in -short mode")
	}
	const officer = "cpc.glasgow@demo.scrutineer.test"
	b := testutil.NewBrowser(t)
	base := startDemo(t)
	text := func(p *testutil.Page) string {
		return testutil.Eval[string](p, `document.querySelector('main').innerText`)
	}
	click := func(p *testutil.Page, css string) int {
		t.Helper()
		return p.Follow(chromedp.Click(chromedp.CSS(css)))
	}
	next := func(p *testutil.Page) int { return click(p, `main button[value="next"]`) }
	// choose ticks the radio or checkbox with this name and value through its label,
	// as a person clicks it.
	choose := func(p *testutil.Page, name, value string) {
		t.Helper()
		id := testutil.Eval[string](p, `(document.querySelector('input[name="`+name+`"][value="`+value+`"]') || {}).id || ''`)
		if id == "" {
			t.Fatalf("no choice %s=%s on %s", name, value, p.URL())
		}
		p.Do(chromedp.Click(chromedp.CSS(`label[for="` + id + `"]`)))
	}
	at := func(p *testutil.Page, suffix string) {
		t.Helper()
		if !strings.HasSuffix(strings.SplitN(p.URL(), "?", 2)[0], suffix) {
			t.Fatalf("at %s, want …%s", p.URL(), suffix)
		}
	}

	// First device: start, answer two pages, save for later, sign out.
	p := b.NewPage(t)
	signIn(t, p, base, officer)
	if !strings.Contains(text(p), "draft notifications to finish") {
		t.Errorf("the dashboard has no learning reviews panel: %s", text(p))
	}
	click(p, `main a[href="/learning-reviews"]`)
	checkPage(p, "learning-reviews")
	click(p, `main a[href="/learning-reviews/new"]`)
	checkPage(p, "notify-new")
	if got := click(p, `main form[action="/learning-reviews/new"] button[type="submit"]`); got != http.StatusUnprocessableEntity {
		t.Fatalf("start without a subject type: status %d", got)
	}
	checkPage(p, "notify-new-errors")
	choose(p, "subject_type", "child")
	click(p, `main form[action="/learning-reviews/new"] button[type="submit"]`)
	at(p, "/notify/about")
	checkPage(p, "notify-about")
	if got := next(p); got != http.StatusUnprocessableEntity || testutil.Eval[int](p, `document.querySelectorAll('.ds_error-summary a[href="#age_band"], .ds_error-summary a[href="#sex"]').length`) != 2 {
		t.Fatalf("continue without answers: status %d", got)
	}
	checkPage(p, "notify-about-errors")
	choose(p, "age_band", "5_11")
	choose(p, "sex", "female")
	next(p)
	at(p, "/notify/characteristics")
	checkPage(p, "notify-characteristics")
	choose(p, "disability", "not_known")
	choose(p, "ethnicity", "white_scottish")
	choose(p, "legal_status", "compulsory_supervision_order")
	choose(p, "protection_status", "child_protection_register")
	click(p, `main button[value="later"]`)
	at(p, "/learning-reviews")
	if !strings.Contains(text(p), "Your draft has been saved") {
		t.Error("no message that the draft was saved")
	}
	checkPage(p, "learning-reviews-saved")
	click(p, `form[action="/logout"] button[type="submit"]`)

	// Another device, without JavaScript: resume from the dashboard.
	q := b.NewPage(t, testutil.WithoutJavaScript())
	signIn(t, q, base, officer)
	click(q, `main a[href="/learning-reviews"]`)
	click(q, `main table a[href*="/notify/"]`)
	at(q, "/notify/event")
	checkPage(q, "notify-event")
	choose(q, "event_type", "significant_harm")
	choose(q, "harm_nature", "neglect")
	next(q)
	at(q, "/notify/criteria-set")
	checkPage(q, "notify-criteria-set")
	choose(q, "criteria_set", "child_2024")
	next(q)
	at(q, "/notify/criteria")
	checkPage(q, "notify-criteria")
	choose(q, "criteria", "harm_abuse_neglect")
	choose(q, "criteria", "concern_joint_working")
	next(q)
	at(q, "/notify/dates")
	checkPage(q, "notify-dates")
	q.Do(
		chromedp.SendKeys(chromedp.CSS(`#incident_on`), "1/3/2025"),
		chromedp.SendKeys(chromedp.CSS(`#referral_on`), "10/3/2025"),
		chromedp.SendKeys(chromedp.CSS(`#info_requested_on`), "12/3/2025"),
		chromedp.SendKeys(chromedp.CSS(`#info_returned_on`), "20/3/2025"),
	)
	next(q)
	at(q, "/notify/processes")
	checkPage(q, "notify-processes")
	choose(q, "parallel_processes", "police_investigation")
	next(q)
	at(q, "/notify/method")
	checkPage(q, "notify-method")
	choose(q, "planned_method", "not_decided")
	next(q)
	at(q, "/notify/links")
	checkPage(q, "notify-links")
	next(q)
	at(q, "/notify/decision")
	checkPage(q, "notify-decision")
	choose(q, "decision", "no_review")
	q.Do(
		chromedp.SendKeys(chromedp.CSS(`#decided_on`), "2/4/2025"),
		chromedp.SendKeys(chromedp.CSS(`#reasons`), "Agencies agreed single-agency learning. Discussed with Morag Dunbar."),
	)
	next(q)
	at(q, "/notify/check")
	if got := testutil.Eval[string](q, `(document.querySelector('main mark') || {}).textContent || ''`); got != "Morag Dunbar" {
		t.Fatalf("highlighted %q, want the name in the reasons", got)
	}
	if strings.Contains(text(q), "Not answered") {
		t.Errorf("a question is left unanswered: %s", text(q))
	}
	checkPage(q, "notify-check-finding")

	// The officer changes the reasons rather than confirming the name.
	click(q, `main .ds_summary-list a[href$="/notify/decision?return=check"]`)
	at(q, "/notify/decision")
	q.Do(chromedp.SetValue(chromedp.CSS(`#reasons`), "Agencies agreed single-agency learning."))
	next(q)
	at(q, "/notify/check")
	if testutil.Eval[int](q, `document.querySelectorAll('main mark').length`) != 0 {
		t.Fatal("a finding is still shown after the reasons changed")
	}
	checkPage(q, "notify-check")
	if got := click(q, `main form button[type="submit"]`); got != http.StatusOK || !strings.Contains(q.URL(), "done=decision") {
		t.Fatalf("send: status %d at %s", got, q.URL())
	}
	page := text(q)
	for _, want := range []string{"Your decision has been sent", "Decision notified", "No review", "Agencies agreed single-agency learning.", "Neglect"} {
		if !strings.Contains(page, want) {
			t.Errorf("the review page lacks %q", want)
		}
	}
	checkPage(q, "notify-sent")
}
