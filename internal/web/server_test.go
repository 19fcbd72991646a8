package web

import (
	"bytes"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// testServer is the web server on a real SQLite database, with its log captured.
type testServer struct {
	*Server
	db  *store.DB
	log *bytes.Buffer
}

func newTestServer(t *testing.T) *testServer {
	t.Helper()
	db := testutil.NewSQLite(t)
	var log bytes.Buffer
	s, err := New(Deps{
		Logger:        slog.New(slog.NewJSONHandler(&log, nil)),
		Readiness:     db,
		Users:         store.NewUsers(db),
		Sessions:      store.NewSessions(db),
		Organisations: store.NewOrganisations(db),
		Jobs:          store.NewJobs(db),
		Login:         testLogin(db),
		Audit:         store.NewAudit(db),
		Version:       "test",
	})
	if err != nil {
		t.Fatal(err)
	}
	s.SetStarted()
	return &testServer{Server: s, db: db, log: &log}
}

// do sends a request through the whole middleware stack.
func (ts *testServer) do(t *testing.T, method, target string, form url.Values, cookies ...*http.Cookie) *httptest.ResponseRecorder {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	r := httptest.NewRequest(method, target, body)
	if form != nil {
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for _, c := range cookies {
		r.AddCookie(c)
	}
	w := httptest.NewRecorder()
	ts.ServeHTTP(w, r)
	return w
}

// signIn signs a new user with these roles in and returns the session cookie.
func (ts *testServer) signIn(t *testing.T, email string, roles ...scrutineer.Role) *http.Cookie {
	t.Helper()
	org := testutil.MustCreateOrganisation(t, ts.db, "org-"+strings.Split(email, "@")[0], scrutineer.KindRegulator)
	u := testutil.MustCreateUser(t, ts.db, email, org, roles...)
	w := ts.do(t, "POST", "/login", ts.loginForm(t, u))
	if w.Code != http.StatusSeeOther {
		t.Fatalf("sign in: %d %s", w.Code, w.Body)
	}
	for _, c := range w.Result().Cookies() {
		if c.Name == "scrutineer_session" {
			return c
		}
	}
	t.Fatal("no session cookie")
	return nil
}

func TestSecurityHeadersOnEveryAnswer(t *testing.T) {
	ts := newTestServer(t)
	for _, path := range []string{"/", "/no-such-page", "/healthz", "/assets/app.css"} {
		h := ts.do(t, "GET", path, nil).Header()
		csp := h.Get("Content-Security-Policy")
		if !strings.Contains(csp, "frame-ancestors 'none'") || !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: CSP %q", path, csp)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") == "" || h.Get("X-Request-Id") == "" {
			t.Errorf("%s: headers %v", path, h)
		}
		if h.Get("Strict-Transport-Security") != "" {
			t.Errorf("%s: HSTS sent over plain HTTP", path)
		}
	}
}

func TestPagesAndErrors(t *testing.T) {
	ts := newTestServer(t)
	tests := []struct {
		path   string
		status int
		want   string
	}{
		{"/", 200, "Who it is for"},
		{"/accessibility", 200, "Accessibility statement"},
		{"/privacy", 200, "Privacy notice"},
		{"/login", 200, "Sign in to Scrutineer"},
		{"/no/such/page", 404, "Page not found"},
		{"/healthz", 200, "ok"},
		{"/readyz", 200, "ok"},
	}
	for _, tt := range tests {
		w := ts.do(t, "GET", tt.path, nil)
		if w.Code != tt.status || !strings.Contains(w.Body.String(), tt.want) {
			t.Errorf("GET %s: %d, want %d with %q", tt.path, w.Code, tt.status, tt.want)
		}
		if tt.path != "/healthz" && tt.path != "/readyz" {
			if b := w.Body.String(); !strings.Contains(b, `<html lang="en"`) || !strings.Contains(b, `href="#main-content"`) || !strings.Contains(b, "/assets/vendor/sgds/design-system.min.css") {
				t.Errorf("GET %s: the page lacks the design-system shell", tt.path)
			}
		}
	}
	w := ts.do(t, "GET", "/api/v1/nothing", nil)
	if w.Code != 404 || !strings.Contains(w.Body.String(), `"code":"not_found"`) || w.Header().Get("Content-Type") != "application/json; charset=utf-8" {
		t.Errorf("API 404: %d %s", w.Code, w.Body)
	}
}

func TestInternalErrorShowsRequestIDAndLogsIt(t *testing.T) {
	ts := newTestServer(t)
	r := httptest.NewRequest("GET", "/broken", nil)
	r = r.WithContext(withRequestID(r.Context(), "abc123"))
	w := httptest.NewRecorder()
	ts.fail(w, r, errors.New("database fell over: secret detail"))
	if w.Code != 500 || !strings.Contains(w.Body.String(), "abc123") {
		t.Fatalf("500 page: %d %s", w.Code, w.Body)
	}
	if strings.Contains(w.Body.String(), "secret detail") {
		t.Error("the error detail leaked to the page")
	}
	if !strings.Contains(ts.log.String(), `"request_id":"abc123"`) || !strings.Contains(ts.log.String(), "secret detail") {
		t.Errorf("internal error not logged with its request ID: %s", ts.log)
	}
}

func TestSignInAndOut(t *testing.T) {
	ts := newTestServer(t)
	if w := ts.do(t, "GET", "/dashboard", nil); w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/login?next=%2Fdashboard" {
		t.Fatalf("anonymous dashboard: %d %s", w.Code, w.Header().Get("Location"))
	}
	cookie := ts.signIn(t, "admin@example.org", scrutineer.RoleAdmin)
	if !cookie.HttpOnly || cookie.SameSite != http.SameSiteLaxMode {
		t.Errorf("cookie attributes: %+v", cookie)
	}
	w := ts.do(t, "GET", "/dashboard", nil, cookie)
	if w.Code != 200 || !strings.Contains(w.Body.String(), "Test User") || !strings.Contains(w.Body.String(), `href="/admin/organisations"`) {
		t.Fatalf("dashboard: %d %s", w.Code, w.Body)
	}
	if w.Header().Get("Cache-Control") != "no-store" {
		t.Error("signed-in pages must not be cached")
	}
	if w := ts.do(t, "POST", "/logout", url.Values{}, cookie); w.Code != http.StatusSeeOther {
		t.Fatalf("logout: %d", w.Code)
	}
	if w := ts.do(t, "GET", "/dashboard", nil, cookie); w.Code != http.StatusSeeOther {
		t.Fatalf("dashboard after logout: %d", w.Code)
	}
}

func TestSignInProblems(t *testing.T) {
	ts := newTestServer(t)
	ts.signIn(t, "officer@example.org", scrutineer.RoleCommitteeOfficer)
	w := ts.do(t, "POST", "/login", url.Values{"email": {""}, "password": {""}})
	if w.Code != 422 || !strings.Contains(w.Body.String(), "Enter your email address") || !strings.Contains(w.Body.String(), "Enter your password") || !strings.Contains(w.Body.String(), "ds_error-summary") {
		t.Errorf("empty form: %d %s", w.Code, w.Body)
	}
	w = ts.do(t, "POST", "/login", url.Values{"email": {"officer@example.org"}, "password": {"wrong-password-entirely"}})
	if w.Code != 422 || !strings.Contains(w.Body.String(), "Enter a correct email address and password") {
		t.Errorf("wrong password: %d", w.Code)
	}
	if !strings.Contains(w.Body.String(), `value="officer@example.org"`) {
		t.Error("the email typed was not kept")
	}
	if strings.Contains(ts.log.String(), "officer@example.org") {
		t.Error("an email address reached the log")
	}
	big := url.Values{"email": {strings.Repeat("a", 2<<20)}, "password": {"x"}}
	if w := ts.do(t, "POST", "/login", big); w.Code != http.StatusRequestEntityTooLarge && w.Code != 422 {
		t.Errorf("oversized body: %d", w.Code)
	}
}

func TestCrossOriginPostIsRefused(t *testing.T) {
	ts := newTestServer(t)
	r := httptest.NewRequest("POST", "/login", strings.NewReader("email=a%40b.c&password=x"))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("Sec-Fetch-Site", "cross-site")
	w := httptest.NewRecorder()
	ts.ServeHTTP(w, r)
	if w.Code != http.StatusForbidden || !strings.Contains(w.Body.String(), "sent from another website") {
		t.Fatalf("cross-site POST: %d %s", w.Code, w.Body)
	}
}

func TestSafeNext(t *testing.T) {
	for in, want := range map[string]string{
		"/dashboard":                "/dashboard",
		"/admin/jobs?status=failed": "/admin/jobs?status=failed",
		"https://evil.example/":     "",
		"//evil.example/":           "",
		"/\\evil.example":           "",
		"dashboard":                 "",
		"":                          "",
	} {
		if got := safeNext(in); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNavigationByRole(t *testing.T) {
	labels := func(u *scrutineer.User) string {
		var s []string
		for _, n := range navFor(u, "/") {
			s = append(s, n.Label)
		}
		return strings.Join(s, ",")
	}
	if got := labels(nil); got != "Home,Publications,Sign in" {
		t.Errorf("anonymous: %s", got)
	}
	if got := labels(&scrutineer.User{Roles: []scrutineer.Role{scrutineer.RoleCommitteeOfficer}}); strings.Contains(got, "Organisations") {
		t.Errorf("committee officer sees admin links: %s", got)
	}
	if got := labels(&scrutineer.User{Roles: []scrutineer.Role{scrutineer.RoleAdmin}}); !strings.Contains(got, "Organisations") || !strings.Contains(got, "Background jobs") {
		t.Errorf("admin: %s", got)
	}
}
