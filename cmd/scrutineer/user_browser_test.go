package main

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/scrutineer/scrutineer/internal/testutil"
)

var invitationPath = regexp.MustCompile(`/invitations/[A-Za-z0-9_-]{40,}`)

// TestBrowserInvitationJourney follows an invitation from end to end in Chromium, as
// people would: an administrator invites a committee officer (form, check your
// answers, send), finds the email on the outbox page, and the officer opens the link,
// is refused a weak password, sets a good one, signs in, sees their account and
// sessions, signs out; the used link then says so. Every page is checked with axe.
func TestBrowserInvitationJourney(t *testing.T) {
	if testing.Short() {
		t.Skip("browser journey skipped in -short mode")
	}
	b := testutil.NewBrowser(t)
	base := startDemo(t)
	submit := func(p *testutil.Page, action string) int {
		return p.Follow(chromedp.Click(chromedp.CSS(`main form[action="` + action + `"] button[type="submit"]`)))
	}

	admin := b.NewPage(t)
	signIn(t, admin, base, "admin@demo.scrutineer.test")
	admin.Visit(base + "/admin/users/invite")
	checkPage(admin, "invite")
	if got := submit(admin, "/admin/users/invite"); got != http.StatusUnprocessableEntity {
		t.Fatalf("empty invitation: status %d", got)
	}
	if n := testutil.Eval[int](admin, `document.querySelectorAll('.ds_error-summary a[href="#email"], .ds_error-summary a[href="#organisation"], .ds_error-summary a[href="#roles"]').length`); n != 3 {
		t.Errorf("error summary links to %d of the 3 missing answers", n)
	}
	checkPage(admin, "invite-errors")
	// NOTE: SetValue rather than SendKeys: typing key by key into a page that is
	// still settling lost characters on a loaded machine and made the form invalid.
	admin.Do(
		chromedp.SetValue(chromedp.CSS(`#email`), "new.officer@demo.scrutineer.test"),
		chromedp.SetValue(chromedp.CSS(`#name`), "Fiona Reid"),
		chromedp.SetValue(chromedp.CSS(`#organisation`), "glasgow-cpc"),
		chromedp.Click(chromedp.CSS(`#roles-committee_officer`)),
	)
	if got := submit(admin, "/admin/users/invite"); got != http.StatusOK || !strings.Contains(testutil.Eval[string](admin, `document.querySelector('main').innerText`), "Glasgow") {
		t.Fatalf("check page: status %d", got)
	}
	checkPage(admin, "invite-check")
	if got := submit(admin, "/admin/users/invite/confirm"); got != http.StatusOK || !strings.Contains(admin.URL(), "done=invited") {
		t.Fatalf("send invitation: status %d at %s", got, admin.URL())
	}
	checkPage(admin, "invited-user")

	admin.Visit(base + "/admin/outbox")
	href := testutil.Eval[string](admin, `(Array.from(document.querySelectorAll('main a')).find(a => a.textContent.includes('Set up your Scrutineer account')) || {}).href || ''`)
	if href == "" {
		t.Fatal("the invitation email is not on the outbox page")
	}
	admin.Visit(href)
	link := invitationPath.FindString(testutil.Eval[string](admin, `document.querySelector('main').innerText`))
	if link == "" {
		t.Fatal("no invitation link in the email")
	}

	p := b.NewPage(t)
	if got := p.Visit(base + link); got != http.StatusOK {
		t.Fatalf("invitation link: status %d", got)
	}
	checkPage(p, "invitation")
	p.Do(chromedp.SendKeys(chromedp.CSS(`#password`), "password1234"))
	if got := submit(p, link); got != http.StatusUnprocessableEntity {
		t.Fatalf("weak password: status %d", got)
	}
	checkPage(p, "invitation-weak-password")
	p.Do(chromedp.SendKeys(chromedp.CSS(`#password`), "gravel lantern otter spoon"))
	if got := submit(p, link); got != http.StatusOK || !strings.HasSuffix(p.URL(), "/invitations/accepted") {
		t.Fatalf("accept: status %d at %s", got, p.URL())
	}
	checkPage(p, "invitation-accepted")

	p.Follow(chromedp.Click(chromedp.CSS(`main a[href="/login"]`)))
	p.Do(
		chromedp.SendKeys(chromedp.CSS(`#email`), "new.officer@demo.scrutineer.test"),
		chromedp.SendKeys(chromedp.CSS(`#password`), "gravel lantern otter spoon"),
	)
	if got := submit(p, "/login"); got != http.StatusOK || !strings.HasSuffix(p.URL(), "/dashboard") {
		t.Fatalf("first sign-in: status %d at %s", got, p.URL())
	}
	for _, path := range []string{"/account", "/account/password", "/account/sessions"} {
		if got := p.Visit(base + path); got != http.StatusOK {
			t.Errorf("%s: status %d", path, got)
		}
		checkPage(p, strings.ReplaceAll(strings.Trim(path, "/"), "/", "-"))
	}
	if got := p.Follow(chromedp.Click(chromedp.CSS(`form[action="/logout"] button[type="submit"]`))); got != http.StatusOK {
		t.Fatalf("sign out: status %d", got)
	}
	if got := p.Visit(base + link); got != http.StatusGone {
		t.Fatalf("used link: status %d", got)
	}
	checkPage(p, "invitation-used")

	p.Visit(base + "/password/forgot")
	checkPage(p, "password-forgot")
	p.Do(chromedp.SendKeys(chromedp.CSS(`#email`), "new.officer@demo.scrutineer.test"))
	if got := submit(p, "/password/forgot"); got != http.StatusOK || !strings.HasSuffix(p.URL(), "/password/forgot/sent") {
		t.Fatalf("ask for a reset link: status %d at %s", got, p.URL())
	}
	checkPage(p, "password-forgot-sent")
	if got := p.Visit(base + "/password/reset/not-a-real-token"); got != http.StatusGone {
		t.Fatalf("unknown reset link: status %d", got)
	}
	checkPage(p, "password-reset-invalid")
}
