package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// TestTokenPagesInTheBrowser makes, shows and revokes a token in headless Chromium,
// with and without JavaScript, and checks every page of the journey with axe (WCAG 2.2
// A/AA) and for console errors. The demo crawl reaches these pages only from the
// account page, so they are checked here too.
func TestTokenPagesInTheBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	b := testutil.NewBrowser(t)
	ts := newAPITestServer(t)
	srv := httptest.NewServer(ts)
	t.Cleanup(srv.Close)
	org := testutil.MustCreateOrganisation(t, ts.db, "glasgow-cpc", scrutineer.KindChildProtectionCommittee)

	for _, js := range []bool{true, false} {
		name := map[bool]string{true: "with JavaScript", false: "without JavaScript"}[js]
		t.Run(name, func(t *testing.T) {
			var opts []testutil.PageOption
			if !js {
				opts = append(opts, testutil.WithoutJavaScript())
			}
			p := b.NewPage(t, opts...)
			u := testutil.MustCreateUser(t, ts.db, strings.ReplaceAll(name, " ", ".")+"@example.org", org, scrutineer.RoleCommitteeOfficer)
			session, err := ts.Sessions.CreateSession(context.Background(), u.ID)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := chromedp.Call(p.Context(), network.SetCookie, network.SetCookieParams{Name: "scrutineer_session", Value: session, URL: srv.URL}); err != nil {
				t.Fatal(err)
			}
			check := func(shot string) {
				t.Helper()
				p.CheckShell()
				p.Check(shot)
			}

			if got := p.Visit(srv.URL + tokensPath); got != http.StatusOK {
				t.Fatalf("list: %d", got)
			}
			check("tokens-empty")

			submit := chromedp.Click(chromedp.CSS(`form[action="/account/tokens"] button[type="submit"]`))
			if got := p.Follow(submit); got != http.StatusUnprocessableEntity {
				t.Fatalf("empty form: %d", got)
			}
			check("tokens-errors")

			p.Do(chromedp.SendKeys(chromedp.CSS(`#label`), "Returns script"), chromedp.Click(chromedp.CSS(`input[name="expires"][value="30"]`)))
			if got := p.Follow(submit); got != http.StatusCreated {
				t.Fatalf("make: %d", got)
			}
			secret := testutil.Eval[string](p, `document.getElementById('token').value`)
			if !strings.HasPrefix(secret, "scr_") {
				t.Fatalf("no token shown: %q", secret)
			}
			check("token-created")

			if got := p.Follow(chromedp.Click(chromedp.CSS(`main a.ds_button[href="/account/tokens"]`))); got != http.StatusOK {
				t.Fatalf("back to the list: %d", got)
			}
			check("tokens-one")

			if got := p.Follow(chromedp.Click(chromedp.CSS(`main table a[href$="/revoke"]`))); got != http.StatusOK {
				t.Fatalf("revoke link: %d", got)
			}
			check("token-revoke")

			if got := p.Follow(chromedp.Click(chromedp.CSS(`main form button[type="submit"]`))); got != http.StatusOK {
				t.Fatalf("revoke: %d", got)
			}
			if !strings.Contains(testutil.Eval[string](p, `document.querySelector('main').innerText`), "Token revoked") {
				t.Error("no notice after revoking")
			}
			check("tokens-revoked")

			if w := ts.api(t, "GET", "/api/v1/me", "Bearer "+secret); w.Code != http.StatusUnauthorized {
				t.Errorf("the revoked token still works: %d", w.Code)
			}
		})
	}
}
