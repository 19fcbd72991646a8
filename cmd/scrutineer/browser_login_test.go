package main

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// The demo prints each regulator account's TOTP secret at start (docs/contract.md);
// the browser tests read them there, as a person would, and compute codes as an
// authenticator app does.
var (
	totpMu      sync.Mutex
	demoSecrets = map[string]string{}
	// lastStep is the TOTP period of the last code used per account: a code is
	// accepted once, so the next sign-in uses a later period.
	lastStep = map[string]int64{}
	// demoDirs are the data folders of the demos started, by test.
	demoDirs = map[testing.TB]string{}
)

var secretLine = regexp.MustCompile(`(?m)^\s+(\S+@\S+)\s+TOTP secret ([A-Z2-7]+)\s*$`)

func readDemoSecrets(t *testing.T, out string) {
	t.Helper()
	totpMu.Lock()
	defer totpMu.Unlock()
	for _, m := range secretLine.FindAllStringSubmatch(out, -1) {
		demoSecrets[m[1]] = m[2]
	}
}

func demoDataDir(t *testing.T) string {
	dir := t.TempDir()
	totpMu.Lock()
	demoDirs[t] = dir
	totpMu.Unlock()
	return dir
}

// nextCode returns a code of secret that has not been used for email, waiting for
// the next period when the current one is spent.
func nextCode(t *testing.T, email, secret string) string {
	t.Helper()
	totpMu.Lock()
	defer totpMu.Unlock()
	now := time.Now()
	step := max(auth.TOTPStep(now), lastStep[email]+1)
	if step > auth.TOTPStep(now)+1 {
		// Only one period ahead is accepted: wait until this one is.
		time.Sleep(time.Until(time.Unix((step-1)*int64(auth.TOTPPeriod/time.Second), 0)) + 100*time.Millisecond)
	}
	lastStep[email] = step
	code, err := auth.TOTPCode(secret, time.Unix(step*int64(auth.TOTPPeriod/time.Second), 0))
	if err != nil {
		t.Fatal(err)
	}
	return code
}

// enterCode passes the second sign-in step for a demo account.
func enterCode(t *testing.T, p *testutil.Page, email string) int {
	t.Helper()
	totpMu.Lock()
	secret := demoSecrets[email]
	totpMu.Unlock()
	if secret == "" {
		t.Fatalf("scrutineer demo printed no TOTP secret for %s", email)
	}
	p.Do(chromedp.SendKeys(chromedp.CSS(`#code`), nextCode(t, email, secret)))
	return p.Follow(chromedp.Click(chromedp.CSS(`main form[action="/login/code"] button[type="submit"]`)))
}

// TestBrowserFirstSignInWithTwoFactor is the journey of a new regulator account:
// the first sign-in asks for two-factor set-up before any session; the person scans
// (here: reads) the secret, confirms a code, is shown recovery codes once, reaches
// the dashboard and their two-factor page, and signs out. The next sign-in asks for
// a code on its own page. Every page is checked with axe.
func TestBrowserFirstSignInWithTwoFactor(t *testing.T) {
	if testing.Short() {
		t.Skip("browser journey skipped in -short mode")
	}
	b := testutil.NewBrowser(t)
	base := startDemo(t)
	const email = "new.manager@demo.scrutineer.test"
	addRegulatorAccount(t, email)

	p := b.NewPage(t)
	p.Visit(base + "/login")
	p.Do(chromedp.SendKeys(chromedp.CSS(`#email`), email), chromedp.SendKeys(chromedp.CSS(`#password`), demoPassword))
	if got := p.Follow(chromedp.Click(chromedp.CSS(`main form[action="/login"] button[type="submit"]`))); got != http.StatusOK || !strings.HasSuffix(p.URL(), "/login/set-up") {
		t.Fatalf("first sign-in: status %d at %s, want the set-up page", got, p.URL())
	}
	checkPage(p, "twofactor-set-up")
	if n := testutil.Eval[int](p, `document.querySelectorAll('img[src^="data:image/png"][alt]').length`); n != 1 {
		t.Error("the set-up page shows no QR code with a text alternative")
	}
	// A wrong code first: the error summary links to the field.
	p.Do(chromedp.SendKeys(chromedp.CSS(`#code`), "000000"))
	if got := p.Follow(chromedp.Click(chromedp.CSS(`main form[action="/login/set-up"] button[type="submit"]`))); got != http.StatusUnprocessableEntity {
		t.Fatalf("wrong code: status %d", got)
	}
	checkPage(p, "twofactor-set-up-error")
	secret := strings.ReplaceAll(testutil.Eval[string](p, `document.getElementById('totp-secret').textContent`), " ", "")
	p.Do(chromedp.SendKeys(chromedp.CSS(`#code`), nextCode(t, email, secret)))
	if got := p.Follow(chromedp.Click(chromedp.CSS(`main form[action="/login/set-up"] button[type="submit"]`))); got != http.StatusOK {
		t.Fatalf("confirm: status %d", got)
	}
	if n := testutil.Eval[int](p, `document.querySelectorAll('#recovery-codes li').length`); n != auth.RecoveryCodeCount {
		t.Errorf("%d recovery codes shown, want %d", n, auth.RecoveryCodeCount)
	}
	checkPage(p, "twofactor-recovery-codes")
	if got := p.Follow(chromedp.Click(chromedp.CSS(`main a.ds_button`))); got != http.StatusOK || !strings.HasSuffix(p.URL(), "/dashboard") {
		t.Fatalf("continue: status %d at %s", got, p.URL())
	}
	for _, page := range []string{"/account/two-factor", "/account/two-factor/recovery-codes", "/account/two-factor/turn-off", "/account/two-factor/set-up"} {
		if got := p.Visit(base + page); got != http.StatusOK {
			t.Errorf("%s: status %d", page, got)
		}
		checkPage(p, "account"+strings.ReplaceAll(strings.TrimPrefix(page, "/account"), "/", "-"))
	}
	if got := p.Follow(chromedp.Click(chromedp.CSS(`form[action="/logout"] button[type="submit"]`))); got != http.StatusOK {
		t.Fatalf("sign out: status %d", got)
	}
	if p.Visit(base + "/dashboard"); !strings.Contains(p.URL(), "/login") {
		t.Fatalf("signed out, /dashboard shows %s", p.URL())
	}

	// The next sign-in asks for a code on a page of its own.
	p.Do(chromedp.SendKeys(chromedp.CSS(`#email`), email), chromedp.SendKeys(chromedp.CSS(`#password`), demoPassword))
	if got := p.Follow(chromedp.Click(chromedp.CSS(`main form[action="/login"] button[type="submit"]`))); got != http.StatusOK || !strings.HasSuffix(p.URL(), "/login/code") {
		t.Fatalf("second sign-in: status %d at %s", got, p.URL())
	}
	checkPage(p, "login-code")
	totpMu.Lock()
	demoSecrets[email] = secret
	totpMu.Unlock()
	if got := enterCode(t, p, email); got != http.StatusOK || !strings.HasSuffix(p.URL(), "/dashboard") {
		t.Fatalf("code step: status %d at %s", got, p.URL())
	}

	// Repeated failures are slowed, then refused with a page that says how long to wait.
	q := b.NewPage(t)
	var status int
	for i := 0; i < 8 && status != http.StatusTooManyRequests; i++ {
		q.Visit(base + "/login")
		q.Do(chromedp.SendKeys(chromedp.CSS(`#email`), "nobody@demo.scrutineer.test"), chromedp.SendKeys(chromedp.CSS(`#password`), "not-the-password"))
		status = q.Follow(chromedp.Click(chromedp.CSS(`main form[action="/login"] button[type="submit"]`)))
	}
	if status != http.StatusTooManyRequests {
		t.Fatalf("repeated failures never answered 429 (last %d)", status)
	}
	checkPage(q, "login-throttled")
}

// openDemoDB opens the database of the demo the test started (startDemo), for
// setting up records through the stores, and closes it when the test ends.
func openDemoDB(t *testing.T) (context.Context, *store.DB) {
	t.Helper()
	totpMu.Lock()
	dir := demoDirs[t]
	totpMu.Unlock()
	ctx := auth.SystemContext(context.Background())
	db, err := store.Open(ctx, store.Options{Path: dir + "/scrutineer.db"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return ctx, db
}

// addRegulatorAccount adds a regulator account without two-factor authentication to
// the running demo's database, as an administrator's invitation would.
func addRegulatorAccount(t *testing.T, email string) {
	t.Helper()
	ctx, db := openDemoDB(t)
	org, err := store.NewOrganisations(db).FindOrganisationBySlug(ctx, "regulator")
	if err != nil {
		t.Fatal(err)
	}
	u := &scrutineer.User{Email: email, Name: "Mhairi Stewart", OrganisationID: org.ID, Roles: []scrutineer.Role{scrutineer.RoleManager}}
	if err := store.NewUsers(db).CreateUser(ctx, u, demoPassword); err != nil {
		t.Fatal(err)
	}
}
