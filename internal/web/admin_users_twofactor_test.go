package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// newResetServer is the account test server with the two-factor reset service wired.
func newResetServer(t *testing.T) *testServer {
	t.Helper()
	ts := newAccountServer(t)
	ts.TwoFactorResets = store.NewTwoFactorResets(ts.db, store.NewJobs(ts.db), "https://scrutineer.example.org")
	return ts
}

func TestAdminResetsTwoFactor(t *testing.T) {
	ts := newResetServer(t)
	admin := ts.signIn(t, "admin@example.org", scrutineer.RoleAdmin)
	inspector := ts.user(t, "inspector@example.org", scrutineer.RoleInspector)
	ts.loginForm(t, inspector) // sets up the inspector's TOTP secret
	theirs := ts.session(t, inspector.ID)
	base := "/admin/users/" + inspector.ID

	page := ts.do(t, "GET", base, nil, admin).Body.String()
	if !strings.Contains(page, "Two-factor authentication</span>") || !strings.Contains(page, `href="`+base+`/two-factor/reset"`) {
		t.Fatalf("the user page shows no two-factor state or reset button:\n%s", page)
	}
	w := ts.do(t, "GET", base+"/two-factor/reset", nil, admin)
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "signed out everywhere") || !strings.Contains(w.Body.String(), "must set up two-factor authentication again") {
		t.Fatalf("confirmation page: %d\n%s", w.Code, w.Body)
	}

	w = ts.do(t, "POST", base+"/two-factor/reset", url.Values{"reason": {"  "}}, admin)
	if body := w.Body.String(); w.Code != http.StatusUnprocessableEntity || !strings.Contains(body, "ds_error-summary") ||
		!strings.Contains(body, "Enter the reason for this change") || !strings.Contains(body, "<title>Error: ") {
		t.Fatalf("no reason: %d\n%s", w.Code, body)
	}
	if got := auditOf(t, ts.db, "twofactor.reset"); len(got) != 0 {
		t.Fatal("a refused reset was audited")
	}

	w = ts.do(t, "POST", base+"/two-factor/reset", url.Values{"reason": {"Phone lost; identity checked by video call"}}, admin)
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != base+"?done=twofactor_reset" {
		t.Fatalf("reset: %d %s", w.Code, w.Header().Get("Location"))
	}
	page = ts.do(t, "GET", w.Header().Get("Location"), nil, admin).Body.String()
	for _, want := range []string{"Two-factor authentication reset. The person has been signed out everywhere and emailed.",
		"Not set up: they must set it up at their next sign-in", "Last reset by an administrator", "Phone lost; identity checked by video call"} {
		if !strings.Contains(page, want) {
			t.Errorf("the user page after the reset lacks %q", want)
		}
	}
	if strings.Contains(page, `href="`+base+`/two-factor/reset"`) {
		t.Error("the reset button is offered with nothing to reset")
	}
	if w := ts.do(t, "GET", "/dashboard", nil, theirs); w.Code != http.StatusSeeOther {
		t.Fatalf("the person's session outlived the reset: %d", w.Code)
	}
	if got := auditOf(t, ts.db, "twofactor.reset"); len(got) != 1 || got[0].TargetID != inspector.ID || strings.Contains(got[0].Detail, "Phone") {
		t.Fatalf("audit: %+v", got)
	}
	// Signing in again takes the inspector to set up two-factor authentication.
	w = ts.send(t, "POST", "/login", "192.0.2.1", url.Values{"email": {inspector.Email}, "password": {testutil.Password}})
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/login/set-up" || cookieOf(w, "scrutineer_session") != nil {
		t.Fatalf("sign-in after the reset: %d %s", w.Code, w.Header().Get("Location"))
	}
	// Nothing left to reset.
	if w := ts.do(t, "POST", base+"/two-factor/reset", url.Values{"reason": {"Again"}}, admin); w.Code != http.StatusConflict || !strings.Contains(w.Body.String(), "nothing to reset") {
		t.Fatalf("second reset: %d", w.Code)
	}
}

func TestAdminCannotResetOwnTwoFactor(t *testing.T) {
	ts := newResetServer(t)
	admin := ts.signIn(t, "admin@example.org", scrutineer.RoleAdmin) // enrolled by signIn
	me := ts.mustUser(t, "admin@example.org")
	base := "/admin/users/" + me.ID
	if page := ts.do(t, "GET", base, nil, admin).Body.String(); strings.Contains(page, "/two-factor/reset") {
		t.Error("the own account page offers a reset")
	}
	for _, method := range []string{"GET", "POST"} {
		var form url.Values
		if method == "POST" {
			form = url.Values{"reason": {"Lost my phone"}}
		}
		w := ts.do(t, method, base+"/two-factor/reset", form, admin)
		if w.Code != http.StatusConflict || !strings.Contains(w.Body.String(), "You cannot reset your own two-factor authentication") {
			t.Fatalf("%s own account: %d", method, w.Code)
		}
	}
	if got := auditOf(t, ts.db, "twofactor.reset"); len(got) != 0 {
		t.Fatal("an own reset was audited")
	}
}

func TestResetTwoFactorIsNotFoundToOthers(t *testing.T) {
	ts := newResetServer(t)
	inspector := ts.user(t, "target@example.org", scrutineer.RoleInspector)
	ts.loginForm(t, inspector)
	base := "/admin/users/" + inspector.ID + "/two-factor/reset"
	for _, role := range []scrutineer.Role{scrutineer.RoleManager, scrutineer.RoleInspector, scrutineer.RoleCommitteeOfficer} {
		c := ts.signIn(t, strings.ReplaceAll(string(role), "_", "-")+"@example.org", role)
		if w := ts.do(t, "GET", base, nil, c); w.Code != http.StatusNotFound {
			t.Errorf("%s GET: %d", role, w.Code)
		}
		if w := ts.do(t, "POST", base, url.Values{"reason": {"Lost phone"}}, c); w.Code != http.StatusNotFound {
			t.Errorf("%s POST: %d", role, w.Code)
		}
	}
	if got := auditOf(t, ts.db, "twofactor.reset"); len(got) != 0 {
		t.Fatal("a refused reset was audited")
	}
	if w := ts.do(t, "GET", base, nil); w.Code != http.StatusSeeOther || !strings.HasPrefix(w.Header().Get("Location"), "/login") {
		t.Errorf("anonymous: %d %s", w.Code, w.Header().Get("Location"))
	}
}
