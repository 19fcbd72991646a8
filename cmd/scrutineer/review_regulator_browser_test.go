package main

import (
	"context"
	"database/sql"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// TestBrowserRegulatorJourney follows the regulator's work on a full learning
// review in Chromium: an inspector takes it from triage, starts the appraisal,
// rates every item, drafts observations from the ratings (the personal-data check
// stops a phone number first) and submits them; a manager signs off and issues
// them; the letter opens; the committee's officer sees the letter link and posts a
// message; the inspector sees it unread on the dashboard. Every page is checked
// with axe.
func TestBrowserRegulatorJourney(t *testing.T) {
	if testing.Short() {
		t.Skip("browser journey skipped in -short mode")
	}
	b := testutil.NewBrowser(t)
	base := startDemo(t)
	const manager = "new.manager@demo.scrutineer.test"
	addRegulatorAccount(t, manager)
	id := outcomeNotifiedReview(t)
	review := base + "/learning-reviews/" + id
	submit := func(p *testutil.Page, action string) int {
		t.Helper()
		return p.Follow(chromedp.Click(chromedp.CSS(`main form[action="` + action + `"] button[type="submit"]`)))
	}
	text := func(p *testutil.Page) string {
		return testutil.Eval[string](p, `document.querySelector('main').innerText`)
	}
	want := func(p *testutil.Page, status int, got int, path string) {
		t.Helper()
		if got != status || !strings.Contains(p.URL(), path) {
			t.Fatalf("status %d at %s, want %d at %s", got, p.URL(), status, path)
		}
	}

	// The inspector takes the review from triage and appraises it.
	insp := b.NewPage(t)
	signIn(t, insp, base, "inspector@demo.scrutineer.test")
	want(insp, http.StatusOK, insp.Visit(base+"/reviews/triage"), "/reviews/triage")
	checkPage(insp, "reviews-triage")
	if testutil.Eval[int](insp, `document.querySelectorAll('main a[href="/learning-reviews/`+id+`"]').length`) != 1 {
		t.Fatalf("triage does not list Fife's outcome:\n%s", text(insp))
	}
	want(insp, http.StatusOK, submit(insp, "/learning-reviews/"+id+"/assign"), "/reviews/triage")
	insp.Visit(review)
	checkPage(insp, "review-regulator-assigned")
	if !strings.Contains(text(insp), "Isla Fraser") {
		t.Error("the review page does not name the assigned inspector")
	}
	want(insp, http.StatusOK, submit(insp, "/learning-reviews/"+id+"/appraisal/start"), "/appraisal")
	checkPage(insp, "review-appraisal")
	n := testutil.Eval[int](insp, `(() => {
		const radios = document.querySelectorAll('main input[type=radio][value="partly_met"]');
		radios.forEach(r => r.click());
		document.querySelectorAll('main textarea[name^="comment_"]').forEach(c => c.value = 'Seen in the report.');
		return radios.length })()`)
	if n != len(scrutineer.DefaultAppraisalCriteria) {
		t.Fatalf("%d items to rate, want %d", n, len(scrutineer.DefaultAppraisalCriteria))
	}
	want(insp, http.StatusOK, insp.Follow(chromedp.Click(chromedp.CSS(`main button[value="observations"]`))), "/observations")
	checkPage(insp, "review-observations")
	body := testutil.Eval[string](insp, `document.getElementById('body').value`)
	if !strings.Contains(body, "Systemic approach: partly met. Seen in the report.") {
		t.Fatalf("the draft is not started from the ratings:\n%s", body)
	}
	setValue := func(p *testutil.Page, id, v string) {
		p.Do(chromedp.SetValue(chromedp.CSS("#"+id), v))
	}
	setValue(insp, "body", body+"\nThe lead officer can be reached on 0131 496 0000.")
	want(insp, http.StatusUnprocessableEntity, insp.Follow(chromedp.Click(chromedp.CSS(`main form[action$="/observations"] button[type="submit"]`))), "/observations")
	checkPage(insp, "review-observations-findings")
	if !strings.Contains(text(insp), "A phone number") {
		t.Fatalf("the personal-data check did not show the phone number:\n%s", text(insp))
	}
	setValue(insp, "body", body+"\nWe would welcome a conversation about how the family's views shaped the findings.")
	want(insp, http.StatusOK, insp.Follow(chromedp.Click(chromedp.CSS(`main form[action$="/observations"] button[type="submit"]`))), "/observations")
	want(insp, http.StatusOK, submit(insp, "/learning-reviews/"+id+"/observations/submit"), "/learning-reviews/"+id)
	if !strings.Contains(text(insp), "With a manager for sign-off") {
		t.Fatal("the review page does not show the observations with a manager")
	}

	// A manager signs off and issues them, then reads the letter.
	mgr := b.NewPage(t)
	signInFirstTime(t, mgr, base, manager)
	want(mgr, http.StatusOK, mgr.Visit(base+"/reviews/settings/appraisal"), "/reviews/settings/appraisal")
	checkPage(mgr, "reviews-settings-appraisal")
	mgr.Visit(review)
	want(mgr, http.StatusOK, mgr.Follow(chromedp.Click(chromedp.CSS(`main a[href$="/observations/review"]`))), "/observations/review")
	checkPage(mgr, "review-observations-review")
	want(mgr, http.StatusOK, submit(mgr, "/learning-reviews/"+id+"/observations/issue"), "/learning-reviews/"+id)
	if !strings.Contains(text(mgr), "Observations issued") {
		t.Fatal("the review is not shown as observations issued")
	}
	want(mgr, http.StatusOK, mgr.Follow(chromedp.Click(chromedp.CSS(`main a[href$="/observations/letter"]`))), "/observations/letter")
	checkPage(mgr, "review-observations-letter")
	if l := text(mgr); !strings.Contains(l, "family's views shaped the findings") || !strings.Contains(l, "Mhairi Stewart") {
		t.Fatalf("the letter lacks its body or signatory:\n%s", l)
	}
	// The PDF the letter links to (read back in internal/web's own test).
	got := testutil.Eval[string](mgr, `(() => {
		const x = new XMLHttpRequest();
		x.open('GET', document.querySelector('main a[href$="/letter.pdf"]').href, false);
		x.overrideMimeType('text/plain; charset=x-user-defined');
		x.send();
		return x.status + ' ' + x.getResponseHeader('Content-Type') + ' ' + x.responseText.slice(0, 5) })()`)
	if got != "200 application/pdf %PDF-" {
		t.Fatalf("the letter's PDF answered %q", got)
	}

	// The committee's officer sees only the letter link, and writes to the regulator.
	off := b.NewPage(t)
	signIn(t, off, base, "apc.fife@demo.scrutineer.test")
	off.Visit(review)
	checkPage(off, "review-committee-observations")
	if testutil.Eval[int](off, `document.querySelectorAll('main a[href$="/observations/letter"]').length`) != 1 || strings.Contains(text(off), "Appraisal ratings") {
		t.Fatal("the committee should see the letter link and not the appraisal")
	}
	setValue(off, "message-body", "Please send the letter to Jane Smith at 12 High Street.")
	want(off, http.StatusUnprocessableEntity, submit(off, "/learning-reviews/"+id+"/messages"), "/messages")
	checkPage(off, "review-message-check")
	setValue(off, "body", "Thank you. The committee will discuss the observations at its next meeting.")
	want(off, http.StatusOK, submit(off, "/learning-reviews/"+id+"/messages"), "/learning-reviews/"+id)
	if !strings.Contains(text(off), "discuss the observations at its next meeting") {
		t.Fatal("the message is not in the thread")
	}

	// The inspector sees it unread on the dashboard (the demo's own reviews may
	// have unread messages too); opening the review reads it.
	insp.Visit(base + "/dashboard")
	checkPage(insp, "dashboard-unread")
	link := `main a[href="/learning-reviews/` + id + `#messages"]`
	if got := testutil.Eval[string](insp, `(document.querySelector('`+link+`')?.parentElement.innerText) || ''`); !strings.Contains(got, "1 unread") {
		t.Fatalf("the dashboard shows no unread message for the review: %q\n%s", got, text(insp))
	}
	want(insp, http.StatusOK, insp.Follow(chromedp.Click(chromedp.CSS(link))), "/learning-reviews/"+id)
	insp.Visit(base + "/dashboard")
	if testutil.Eval[int](insp, `document.querySelectorAll('`+link+`').length`) != 0 {
		t.Fatalf("the message is still unread after the inspector opened the review:\n%s", text(insp))
	}
}

// signInFirstTime signs a new regulator account in, setting up two-factor
// authentication as the first sign-in asks.
func signInFirstTime(t *testing.T, p *testutil.Page, base, email string) {
	t.Helper()
	p.Visit(base + "/login")
	p.Do(chromedp.SendKeys(chromedp.CSS(`#email`), email), chromedp.SendKeys(chromedp.CSS(`#password`), demoPassword))
	if got := p.Follow(chromedp.Click(chromedp.CSS(`main form[action="/login"] button[type="submit"]`))); got != http.StatusOK || !strings.HasSuffix(p.URL(), "/login/set-up") {
		t.Fatalf("first sign-in: status %d at %s", got, p.URL())
	}
	secret := strings.ReplaceAll(testutil.Eval[string](p, `document.getElementById('totp-secret').textContent`), " ", "")
	p.Do(chromedp.SendKeys(chromedp.CSS(`#code`), nextCode(t, email, secret)))
	if got := p.Follow(chromedp.Click(chromedp.CSS(`main form[action="/login/set-up"] button[type="submit"]`))); got != http.StatusOK {
		t.Fatalf("two-factor set-up: status %d", got)
	}
	if got := p.Follow(chromedp.Click(chromedp.CSS(`main a.ds_button`))); got != http.StatusOK || !strings.HasSuffix(p.URL(), "/dashboard") {
		t.Fatalf("continue: status %d at %s", got, p.URL())
	}
}

// outcomeNotifiedReview sets up, through the stores of the running demo, a full
// review of Fife's adult protection committee whose outcome has been notified,
// and returns its id. The outcome columns are set directly: the committee's
// outcome journey is another part of the service.
func outcomeNotifiedReview(t *testing.T) string {
	t.Helper()
	ctx, db := openDemoDB(t)
	officer, err := store.NewUsers(db).FindUserByEmail(ctx, "apc.fife@demo.scrutineer.test")
	if err != nil {
		t.Fatal(err)
	}
	octx := scrutineer.NewContextWithUser(context.Background(), officer)
	reviews := store.NewLearningReviews(db)
	r := &scrutineer.LearningReview{SubjectType: "adult", AgeBand: "65_plus", Sex: "female", EventType: "significant_harm", IncidentOn: "2025-10-02", ReferralOn: "2025-10-09"}
	if err := reviews.CreateDraft(octx, r); err != nil {
		t.Fatal(err)
	}
	if _, err := reviews.NotifyDecision(octx, r.ID, scrutineer.ReviewDecisionInput{Decision: "full_review", DecidedOn: "2025-10-30"}); err != nil {
		t.Fatal(err)
	}
	today := scrutineer.Today(db.Now()).Format("2006-01-02")
	err = db.WriteTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.Exec(`UPDATE learning_reviews SET status = 'outcome_notified', completed_on = '2026-01-15', ratified_on = '2026-02-02', outcome_on = $2 WHERE id = $1`, r.ID, today)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return r.ID
}
