package main

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// TestBrowserReviewOutcome follows the Glasgow committee officer in Chromium with a
// full review in progress (made through the store): an update, completion, the
// outcome journey (dates, method, a clean TXT report uploaded and checked, a
// learning point, a recommendation with a theme, an action, publication), check
// your answers, the outcome sent, and the action's status updated from the review
// page. Every page is checked with axe.
func TestBrowserReviewOutcome(t *testing.T) {
	if testing.Short() {
		t.Skip("browser journey skipped in -short mode")
	}
	report := filepath.Join(t.TempDir(), "learning-review-report.txt")
	if err := os.WriteFile(report, []byte("Learning review report\n\nAgencies kept separate chronologies and shared information late.\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	b := testutil.NewBrowser(t)
	base := startDemo(t)
	id := reviewInProgress(t, "cpc.glasgow@demo.scrutineer.test")
	path := "/learning-reviews/" + id
	text := func(p *testutil.Page) string {
		return testutil.Eval[string](p, `document.querySelector('main').innerText`)
	}
	submit := func(p *testutil.Page, action string) int {
		t.Helper()
		return p.Follow(chromedp.Click(chromedp.CSS(`main form[action="` + action + `"] button[type="submit"]`)))
	}
	follow := func(p *testutil.Page, link string) {
		t.Helper()
		if got := p.Follow(chromedp.Click(chromedp.CSS(`main a[href="` + link + `"]`))); got != http.StatusOK {
			t.Fatalf("following %s: status %d", link, got)
		}
	}
	at := func(p *testutil.Page, want string, name string) {
		t.Helper()
		if !strings.Contains(p.URL(), want) {
			t.Fatalf("at %s, want %s: %s", p.URL(), want, text(p))
		}
		checkPage(p, name)
	}

	p := b.NewPage(t)
	signIn(t, p, base, "cpc.glasgow@demo.scrutineer.test")
	if got := p.Visit(base + path); got != http.StatusOK {
		t.Fatalf("review page: %d", got)
	}
	checkPage(p, "review-in-progress")

	follow(p, path+"/update")
	checkPage(p, "review-update")
	if got := submit(p, path+"/update"); got != http.StatusUnprocessableEntity {
		t.Fatalf("empty update: %d", got)
	}
	checkPage(p, "review-update-errors")
	p.Do(
		chromedp.SetValue(chromedp.CSS(`#review_team`), "Independent lead reviewer with practitioners from health and social work"),
		chromedp.SetValue(chromedp.CSS(`#expected_completion_on`), "2099-03-31"),
		chromedp.Click(chromedp.CSS(`#paused_for-criminal_proceedings`)),
	)
	submit(p, path+"/update")
	at(p, "done=update", "review-updated")
	if !strings.Contains(text(p), "Paused: Criminal proceedings") {
		t.Fatal("the pause is not shown")
	}

	follow(p, path+"/completion")
	checkPage(p, "review-completion")
	p.Do(chromedp.SetValue(chromedp.CSS(`#completed_on`), "2025-06-01"))
	submit(p, path+"/completion")
	at(p, "done=completed", "review-completed")

	out := path + "/outcome"
	p.Follow(chromedp.Click(chromedp.CSS(`main a[href="` + out + `"]`)))
	at(p, out+"/dates", "outcome-dates")
	p.Do(chromedp.SetValue(chromedp.CSS(`#completed_on`), "2025-06-01"), chromedp.SetValue(chromedp.CSS(`#ratified_on`), "2025-06-20"))
	submit(p, out+"/dates")
	at(p, out+"/method", "outcome-method")
	p.Do(chromedp.Click(chromedp.CSS(`#methodology`)), chromedp.Click(chromedp.CSS(`#family_involvement`)), chromedp.Click(chromedp.CSS(`#staff_involvement`)))
	submit(p, out+"/method")
	at(p, out+"/report", "outcome-report")
	p.Do(chromedp.SetUploadFiles(chromedp.CSS(`#file`), []string{report}))
	submit(p, out+"/report")
	at(p, "done=uploaded", "outcome-report-checked")
	if !strings.Contains(text(p), "No personal data found") {
		t.Fatalf("the report's check is not shown: %s", text(p))
	}
	follow(p, out+"/learning-points")
	checkPage(p, "outcome-learning-points")
	follow(p, out+"/learning-points/new")
	checkPage(p, "outcome-learning-point")
	p.Do(chromedp.SetValue(chromedp.CSS(`#body`), "Agencies kept separate chronologies, so no one saw the whole picture."))
	submit(p, out+"/learning-points/new")
	at(p, out+"/learning-points", "outcome-learning-points-added")
	follow(p, out+"/recommendations")
	follow(p, out+"/recommendations/new")
	checkPage(p, "outcome-recommendation")
	p.Do(
		chromedp.SetValue(chromedp.CSS(`#body`), "Agree one multi-agency chronology for children on the register."),
		chromedp.SetValue(chromedp.CSS(`#agency`), "multi_agency"),
		chromedp.Click(chromedp.CSS(`#themes-chronologies`)),
	)
	submit(p, out+"/recommendations/new")
	at(p, out+"/recommendations", "outcome-recommendations")
	follow(p, out+"/actions")
	follow(p, out+"/actions/new")
	checkPage(p, "outcome-action")
	p.Do(
		chromedp.SetValue(chromedp.CSS(`#action`), "Write and agree the chronology protocol."),
		chromedp.SetValue(chromedp.CSS(`#owner`), "Child protection committee"),
		chromedp.SetValue(chromedp.CSS(`#due_on`), "2099-12-31"),
	)
	submit(p, out+"/actions/new")
	at(p, out+"/actions", "outcome-actions")
	follow(p, out+"/publication")
	checkPage(p, "outcome-publication")
	p.Do(chromedp.Click(chromedp.CSS(`#publication-publish_summary`)))
	submit(p, out+"/publication")
	at(p, out+"/check", "outcome-check")
	for _, want := range []string{"20 June 2025", "learning-review-report.txt", "separate chronologies", "Several agencies", "Chronologies", "chronology protocol", "Publish a summary"} {
		if !strings.Contains(text(p), want) {
			t.Errorf("check your answers does not show %q", want)
		}
	}
	submit(p, out+"/check")
	at(p, "done=outcome", "review-outcome-notified")
	if !strings.Contains(text(p), "Outcome notified") || !strings.Contains(text(p), "sent to the regulator") {
		t.Fatalf("the review page does not show the outcome: %s", text(p))
	}

	p.Follow(chromedp.Click(chromedp.CSS(`main a[href^="` + path + `/actions/"]`)))
	checkPage(p, "outcome-action-status")
	p.Do(chromedp.Click(chromedp.CSS(`#status-in_progress`)))
	action := strings.TrimPrefix(strings.SplitN(p.URL(), "?", 2)[0], base)
	submit(p, action)
	at(p, "done=action", "review-action-updated")
	if !strings.Contains(text(p), "In progress") {
		t.Fatal("the action's new status is not shown")
	}
}

// reviewInProgress makes, in the running demo's database, a full review of the
// officer's committee whose decision is notified and which has been started.
func reviewInProgress(t *testing.T, email string) string {
	t.Helper()
	sys, db := openDemoDB(t)
	u, err := store.NewUsers(db).FindUserByEmail(sys, email)
	if err != nil {
		t.Fatal(err)
	}
	ctx := scrutineer.NewContextWithUser(context.Background(), u)
	reviews := store.NewLearningReviews(db)
	r := &scrutineer.LearningReview{SubjectType: "child", AgeBand: "1_4", Sex: "male", EventType: "significant_harm", IncidentOn: "2025-01-06", ReferralOn: "2025-01-13"}
	if err := reviews.CreateDraft(ctx, r); err != nil {
		t.Fatal(err)
	}
	if _, err := reviews.NotifyDecision(ctx, r.ID, scrutineer.ReviewDecisionInput{Decision: "full_review", DecidedOn: "2025-02-03"}); err != nil {
		t.Fatal(err)
	}
	if _, err := reviews.StartReview(ctx, r.ID); err != nil {
		t.Fatal(err)
	}
	return r.ID
}
