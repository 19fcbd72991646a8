package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// send posts a form from a client address with cookies, through the whole stack.
func (ts *testServer) send(t *testing.T, method, target, addr string, form url.Values, cookies ...*http.Cookie) *httptest.ResponseRecorder {
	t.Helper()
	var r *http.Request
	if form != nil {
		r = httptest.NewRequest(method, target, strings.NewReader(form.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		r = httptest.NewRequest(method, target, nil)
	}
	r.RemoteAddr = addr + ":40000"
	for _, c := range cookies {
		r.AddCookie(c)
	}
	w := httptest.NewRecorder()
	ts.ServeHTTP(w, r)
	return w
}

func cookieOf(w *httptest.ResponseRecorder, name string) *http.Cookie {
	for _, c := range w.Result().Cookies() {
		if c.Name == name && c.MaxAge >= 0 {
			return c
		}
	}
	return nil
}

func (ts *testServer) user(t *testing.T, email string, role scrutineer.Role) *scrutineer.User {
	t.Helper()
	org := testutil.MustCreateOrganisation(t, ts.db, "org-"+strings.Split(email, "@")[0], scrutineer.KindRegulator)
	return testutil.MustCreateUser(t, ts.db, email, org, role)
}

func auditOf(t *testing.T, db *store.DB, action string) []*scrutineer.AuditEntry {
	t.Helper()
	es, err := store.NewAudit(db).FindAudit(auth.SystemContext(context.Background()), scrutineer.AuditFilter{Action: action, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	return es
}

func TestLoginThrottlePerAccountThen429(t *testing.T) {
	ts := newTestServer(t)
	var slept []time.Duration
	ts.Login.(*store.Login).Sleep = func(_ context.Context, d time.Duration) { slept = append(slept, d) }
	u := ts.user(t, "officer@example.org", scrutineer.RoleCommitteeOfficer)
	wrong := url.Values{"email": {"officer@example.org"}, "password": {"not-the-password"}}
	var got []int
	for i := 0; i < 12; i++ {
		// A new address each time: only the account's limit applies.
		w := ts.send(t, "POST", "/login", "198.51.100."+strconv.Itoa(10+i), wrong)
		got = append(got, w.Code)
		if w.Code == http.StatusTooManyRequests {
			if w.Header().Get("Retry-After") == "" || !strings.Contains(w.Body.String(), "Too many attempts to sign in") || !strings.Contains(w.Body.String(), "then try again") {
				t.Fatalf("429 without a clear message or Retry-After: %s", w.Body)
			}
		}
	}
	if got[0] != 422 || got[2] != 422 || got[len(got)-1] != 429 {
		t.Fatalf("statuses %v: want 422 at first, then 429", got)
	}
	if len(slept) < 3 || slept[len(slept)-1] <= slept[0] {
		t.Errorf("no growing slowdown: %v", slept)
	}
	if a := auditOf(t, ts.db, "login.failure"); len(a) == 0 || a[0].TargetID != u.ID || strings.Contains(a[0].Detail, "officer@") {
		t.Errorf("failures not audited by user id: %+v", a)
	}
	// The slowdown also holds against a fast client; wait out whatever it asks.
	ts.db.Now = func() time.Time { return time.Now().UTC().Add(time.Minute) }
	for i := 0; i < 30; i++ {
		w := ts.send(t, "POST", "/login", "203.0.113.5", wrong)
		if w.Code == 429 && strings.Contains(w.Body.String(), "15 minutes") {
			if locks := auditOf(t, ts.db, "login.lockout"); len(locks) == 0 || locks[0].TargetID != u.ID {
				t.Fatalf("lockout not audited: %+v", locks)
			}
			// Even the right password waits now.
			if w := ts.send(t, "POST", "/login", "203.0.113.6", url.Values{"email": {"officer@example.org"}, "password": {testutil.Password}}); w.Code != 429 {
				t.Fatalf("locked account with the right password: %d", w.Code)
			}
			return
		}
		base := ts.db.Now()
		ts.db.Now = func() time.Time { return base.Add(31 * time.Second) }
	}
	t.Fatal("never locked out")
}

func TestLoginThrottlePerAddress(t *testing.T) {
	ts := newTestServer(t)
	ts.user(t, "officer@example.org", scrutineer.RoleCommitteeOfficer)
	now := time.Now().UTC()
	ts.db.Now = func() time.Time { return now }
	def := store.DefaultThrottle
	if def.Address.Free <= def.Account.Free || def.Address.Lockout <= def.Account.Lockout {
		t.Fatalf("per-address limits must be higher than per-account ones: %+v", def)
	}
	// A lower limit than the default keeps the test quick; the mechanism is the same.
	lim := store.ThrottleLimit{Free: 4, Lockout: 12, Window: time.Hour, LockFor: 15 * time.Minute}
	ts.Login.(*store.Login).Throttle.Address = lim
	account := 0
	for account < 200 {
		account++
		// A different account each time: only the address's limit applies.
		w := ts.send(t, "POST", "/login", "192.0.2.50", url.Values{"email": {"guess" + strconv.Itoa(account) + "@example.org"}, "password": {"not-the-password"}})
		if w.Code == 429 {
			if strings.Contains(w.Body.String(), "15 minutes") {
				break
			}
			now = now.Add(31 * time.Second)
		}
	}
	if account < lim.Lockout || account > 2*lim.Lockout {
		t.Fatalf("address locked after %d attempts, want about %d", account, lim.Lockout)
	}
	if locks := auditOf(t, ts.db, "login.lockout"); len(locks) != 1 || locks[0].TargetType != "client_address" {
		t.Fatalf("address lockout audit: %+v", locks)
	}
	if w := ts.send(t, "POST", "/login", "192.0.2.50", url.Values{"email": {"officer@example.org"}, "password": {testutil.Password}}); w.Code != 429 {
		t.Errorf("the right password from a locked address: %d", w.Code)
	}
	if w := ts.send(t, "POST", "/login", "192.0.2.51", url.Values{"email": {"officer@example.org"}, "password": {testutil.Password}}); w.Code != 303 {
		t.Errorf("another address: %d", w.Code)
	}
}

var secretRe = regexp.MustCompile(`id="totp-secret">([A-Z2-7 ]+)<`)

func TestRegulatorEnrolsBeforeGettingASession(t *testing.T) {
	ts := newTestServer(t)
	ts.user(t, "inspector@example.org", scrutineer.RoleInspector)
	w := ts.send(t, "POST", "/login", "192.0.2.1", url.Values{"email": {"inspector@example.org"}, "password": {testutil.Password}, "next": {"/admin/jobs"}})
	if w.Code != 303 || w.Header().Get("Location") != "/login/set-up" || cookieOf(w, "scrutineer_session") != nil {
		t.Fatalf("password step: %d %s %v", w.Code, w.Header().Get("Location"), w.Result().Cookies())
	}
	pending := cookieOf(w, pendingCookie)
	if pending == nil || !pending.HttpOnly {
		t.Fatal("no pending sign-in cookie")
	}
	// The pending cookie is no session.
	if w := ts.send(t, "GET", "/dashboard", "192.0.2.1", nil, &http.Cookie{Name: "scrutineer_session", Value: pending.Value}); w.Code != 303 {
		t.Fatalf("pending token used as a session: %d", w.Code)
	}
	w = ts.send(t, "GET", "/login/set-up", "192.0.2.1", nil, pending)
	m := secretRe.FindStringSubmatch(w.Body.String())
	if w.Code != 200 || m == nil || !strings.Contains(w.Body.String(), `src="data:image/png;base64,`) || w.Header().Get("Cache-Control") != "no-store" {
		t.Fatalf("set-up page: %d %s", w.Code, w.Body)
	}
	secret := strings.ReplaceAll(m[1], " ", "")
	if w := ts.send(t, "POST", "/login/set-up", "192.0.2.1", url.Values{"code": {"12"}}, pending); w.Code != 422 || !strings.Contains(w.Body.String(), "ds_error-summary") {
		t.Fatalf("wrong code: %d", w.Code)
	}
	code, _ := auth.TOTPCode(secret, time.Now())
	w = ts.send(t, "POST", "/login/set-up", "192.0.2.1", url.Values{"code": {code}}, pending)
	session := cookieOf(w, "scrutineer_session")
	if w.Code != 200 || session == nil || strings.Count(w.Body.String(), "<li><code>") != auth.RecoveryCodeCount || !strings.Contains(w.Body.String(), `href="/admin/jobs"`) {
		t.Fatalf("confirm: %d %s", w.Code, w.Body)
	}
	if w := ts.send(t, "GET", "/account/two-factor", "192.0.2.1", nil, session); w.Code != 200 || !strings.Contains(w.Body.String(), "Recovery codes left") {
		t.Fatalf("account page: %d", w.Code)
	}
	// Next time the code is asked for on a second page.
	w = ts.send(t, "POST", "/login", "192.0.2.1", url.Values{"email": {"inspector@example.org"}, "password": {testutil.Password}})
	if w.Code != 303 || w.Header().Get("Location") != "/login/code" {
		t.Fatalf("second sign-in: %d %s", w.Code, w.Header().Get("Location"))
	}
	pending = cookieOf(w, pendingCookie)
	if w := ts.send(t, "POST", "/login/code", "192.0.2.1", url.Values{"code": {code}}, pending); w.Code != 422 || !strings.Contains(w.Body.String(), "unused recovery code") {
		t.Fatalf("replayed code: %d", w.Code)
	}
	next, _ := auth.TOTPCode(secret, time.Now().Add(auth.TOTPPeriod))
	if w := ts.send(t, "POST", "/login/code", "192.0.2.1", url.Values{"code": {next}}, pending); w.Code != 303 || w.Header().Get("Location") != "/dashboard" || cookieOf(w, "scrutineer_session") == nil {
		t.Fatalf("code step: %d %s", w.Code, w.Header().Get("Location"))
	}
}

func TestSessionFixation(t *testing.T) {
	ts := newTestServer(t)
	attacker := ts.user(t, "attacker@example.org", scrutineer.RoleCommitteeOfficer)
	ts.user(t, "victim@example.org", scrutineer.RoleCommitteeOfficer)
	planted, err := ts.Sessions.CreateSession(context.Background(), attacker.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, token := range []string{planted, "made-up-token-the-attacker-knows"} {
		w := ts.send(t, "POST", "/login", "192.0.2.1", url.Values{"email": {"victim@example.org"}, "password": {testutil.Password}}, &http.Cookie{Name: "scrutineer_session", Value: token})
		fresh := cookieOf(w, "scrutineer_session")
		if w.Code != 303 || fresh == nil || fresh.Value == token {
			t.Fatalf("sign-in did not renew the session token: %d %v", w.Code, fresh)
		}
		if w := ts.send(t, "GET", "/dashboard", "192.0.2.2", nil, &http.Cookie{Name: "scrutineer_session", Value: token}); w.Code != 303 {
			t.Fatalf("the planted token still opens a session: %d", w.Code)
		}
		if w := ts.send(t, "GET", "/dashboard", "192.0.2.1", nil, fresh); w.Code != 200 || !strings.Contains(w.Body.String(), "Test User") {
			t.Fatalf("the new token: %d", w.Code)
		}
	}
}

func TestTwoFactorAccountPages(t *testing.T) {
	ts := newTestServer(t)
	cookie := ts.signIn(t, "officer@example.org", scrutineer.RoleCommitteeOfficer)
	w := ts.send(t, "GET", "/account/two-factor/set-up", "192.0.2.1", nil, cookie)
	m := secretRe.FindStringSubmatch(w.Body.String())
	if w.Code != 200 || m == nil {
		t.Fatalf("set-up page: %d", w.Code)
	}
	code, _ := auth.TOTPCode(strings.ReplaceAll(m[1], " ", ""), time.Now())
	if w := ts.send(t, "POST", "/account/two-factor/set-up", "192.0.2.1", url.Values{"code": {code}}, cookie); w.Code != 422 || !strings.Contains(w.Body.String(), "Enter your current password") {
		t.Fatalf("no password: %d", w.Code)
	}
	if w := ts.send(t, "POST", "/account/two-factor/set-up", "192.0.2.1", url.Values{"code": {code}, "password": {testutil.Password}}, cookie); w.Code != 200 || !strings.Contains(w.Body.String(), "recovery-codes") {
		t.Fatalf("confirm: %d %s", w.Code, w.Body)
	}
	if w := ts.send(t, "POST", "/account/two-factor/recovery-codes", "192.0.2.1", url.Values{"password": {testutil.Password}}, cookie); w.Code != 200 || strings.Count(w.Body.String(), "<li><code>") != 10 {
		t.Fatalf("new recovery codes: %d", w.Code)
	}
	if w := ts.send(t, "POST", "/account/two-factor/turn-off", "192.0.2.1", url.Values{"password": {"wrong-password-here"}}, cookie); w.Code != 422 {
		t.Fatalf("turn off with a wrong password: %d", w.Code)
	}
	w = ts.send(t, "POST", "/account/two-factor/turn-off", "192.0.2.1", url.Values{"password": {testutil.Password}}, cookie)
	if w.Code != 303 || w.Header().Get("Location") != "/account/two-factor?done=off" {
		t.Fatalf("turn off: %d", w.Code)
	}
	if w := ts.send(t, "GET", "/account/two-factor?done=off", "192.0.2.1", nil, cookie); !strings.Contains(w.Body.String(), "turned off") {
		t.Fatal("no notification after turning off")
	}
	admin := ts.signIn(t, "admin@example.org", scrutineer.RoleAdmin)
	if w := ts.send(t, "GET", "/account/two-factor/turn-off", "192.0.2.1", nil, admin); w.Code != 200 || strings.Contains(w.Body.String(), `action="/account/two-factor/turn-off"`) {
		t.Fatalf("regulators are offered to turn it off: %d", w.Code)
	}
}
