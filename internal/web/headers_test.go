package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// TestSecurityHeadersEveryRoute sends the isolation matrix's sample request for every
// route of the table, as every role and anonymously, over "TLS" (SecureCookies), and
// checks every answer carries the security headers, whatever its status. The route
// table and the samples are the isolation test's, so a new route is covered as soon
// as it has its isolation sample.
func TestSecurityHeadersEveryRoute(t *testing.T) {
	db := testutil.NewSQLite(t)
	w := newIsolationWorld(t, db)
	w.srv.SecureCookies = true
	smps := allSamples(t, w)
	statuses := map[int]int{}
	for _, rt := range w.srv.routeTable() {
		smp, ok := smps[rt.pattern]
		if !ok {
			t.Errorf("%s has no sample request in isolation_test.go", rt.pattern)
			continue
		}
		method := strings.SplitN(rt.pattern, " ", 2)[0]
		for who, u := range w.users {
			rec := w.sendSample(t, method, smp, u)
			statuses[rec.Code]++
			// NOTE: a public route may declare its answer the same for everyone
			// (the published statistics files) and let caches keep it.
			private := u != nil && !(rt.access.public && strings.HasPrefix(rec.Header().Get("Cache-Control"), "public"))
			checkSecurityHeaders(t, rt.pattern+" as "+who, rec, true, private)
		}
	}
	t.Logf("answers by status: %v", statuses)
}

// TestSecurityHeadersEdges covers answers no route of the table gives: unknown paths
// (page and API), a method the path does not allow, an oversized body, a panic, the
// probes, static files, a failed database, and plain HTTP (no HSTS).
func TestSecurityHeadersEdges(t *testing.T) {
	db := testutil.NewSQLite(t)
	w := newIsolationWorld(t, db)
	w.srv.SecureCookies = true
	admin := w.users["admin"]
	big := strings.Repeat("a", maxBodyBytes+10)
	cases := []struct {
		name, method, path, body string
		user                     bool
		status                   int
	}{
		{"unknown page", "GET", "/no/such/page", "", false, 404},
		{"unknown page signed in", "GET", "/no/such/page", "", true, 404},
		{"unknown API", "GET", "/api/v1/no-such-thing", "", true, 404},
		// NOTE: the catch-all "/" route answers a method a path does not allow with
		// the 404 page rather than ServeMux's bare 405.
		{"method not allowed", "DELETE", "/dashboard", "", true, 404},
		{"oversized form", "POST", "/account/tokens", "label=" + big, true, 413},
		{"healthz", "GET", "/healthz", "", false, 200},
		{"readyz", "GET", "/readyz", "", false, 200},
		{"static file", "GET", "/assets/app.css", "", false, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := httptest.NewRequest(c.method, c.path, strings.NewReader(c.body))
			if c.body != "" {
				r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			}
			if c.user {
				w.signIn(t, r, admin)
			}
			rec := httptest.NewRecorder()
			w.srv.ServeHTTP(rec, r)
			if c.status != 0 && rec.Code != c.status {
				t.Fatalf("status %d, want %d", rec.Code, c.status)
			}
			checkSecurityHeaders(t, c.name, rec, true, c.user)
		})
	}
	t.Run("panic", func(t *testing.T) {
		h := w.srv.middleware(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") }))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/dashboard", nil))
		if rec.Code != http.StatusInternalServerError {
			t.Fatalf("status %d, want 500", rec.Code)
		}
		checkSecurityHeaders(t, "panic", rec, true, true)
	})
	t.Run("plain HTTP has no HSTS", func(t *testing.T) {
		w.srv.SecureCookies = false
		defer func() { w.srv.SecureCookies = true }()
		rec := httptest.NewRecorder()
		w.srv.ServeHTTP(rec, httptest.NewRequest("GET", "/login", nil))
		checkSecurityHeaders(t, "plain", rec, false, false)
	})
	t.Run("database closed", func(t *testing.T) {
		r := httptest.NewRequest("GET", "/dashboard", nil)
		w.signIn(t, r, admin)
		db.Close()
		rec := httptest.NewRecorder()
		w.srv.ServeHTTP(rec, r)
		if rec.Code < 500 {
			t.Fatalf("status %d with the database closed, want 5xx", rec.Code)
		}
		checkSecurityHeaders(t, "database closed", rec, true, true)
	})
}

// checkSecurityHeaders fails the test when an answer lacks a security header.
func checkSecurityHeaders(t *testing.T, what string, rec *httptest.ResponseRecorder, tls, credentials bool) {
	t.Helper()
	h := rec.Header()
	csp := h.Get("Content-Security-Policy")
	wants := []string{"default-src 'self'", "script-src 'self'", "object-src 'none'", "frame-ancestors 'none'"}
	if strings.HasPrefix(csp, "sandbox") {
		// A download of someone's file allows nothing at all.
		wants = []string{"default-src 'none'", "frame-ancestors 'none'"}
	}
	for _, want := range wants {
		if !strings.Contains(csp, want) {
			t.Errorf("%s (%d): Content-Security-Policy %q lacks %q", what, rec.Code, csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
		t.Errorf("%s (%d): Content-Security-Policy allows unsafe script: %q", what, rec.Code, csp)
	}
	checks := map[string]string{
		"X-Content-Type-Options": "nosniff",
		"X-Frame-Options":        "DENY",
	}
	// Pages whose address holds a secret (password reset, invitation) send none.
	if rp := h.Get("Referrer-Policy"); rp != "same-origin" && rp != "no-referrer" {
		t.Errorf("%s (%d): Referrer-Policy = %q", what, rec.Code, rp)
	}
	for name, want := range checks {
		if got := h.Get(name); got != want {
			t.Errorf("%s (%d): %s = %q, want %q", what, rec.Code, name, got, want)
		}
	}
	hsts := h.Get("Strict-Transport-Security")
	if tls && !strings.Contains(hsts, "max-age=") {
		t.Errorf("%s (%d): no HSTS over TLS", what, rec.Code)
	}
	if !tls && hsts != "" {
		t.Errorf("%s (%d): HSTS over plain HTTP", what, rec.Code)
	}
	if credentials && !strings.Contains(h.Get("Cache-Control"), "no-store") {
		t.Errorf("%s (%d): an answer to a signed-in caller may be cached: Cache-Control %q", what, rec.Code, h.Get("Cache-Control"))
	}
}

// sendSample signs u in (unless nil) and sends the sample request, keeping the whole answer.
func (w *isolationWorld) sendSample(t *testing.T, method string, smp sample, u *scrutineer.User) *httptest.ResponseRecorder {
	t.Helper()
	var r *http.Request
	if smp.form != nil {
		r = httptest.NewRequest(method, smp.path, strings.NewReader(smp.form.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		r = httptest.NewRequest(method, smp.path, nil)
	}
	if u != nil {
		w.signIn(t, r, u)
		w.api.authorise(t, r, u)
	}
	rec := httptest.NewRecorder()
	w.srv.ServeHTTP(rec, r)
	return rec
}

// signIn adds a new session of u to r, under the cookie name the server expects.
func (w *isolationWorld) signIn(t *testing.T, r *http.Request, u *scrutineer.User) {
	t.Helper()
	token, err := w.srv.Sessions.CreateSession(context.Background(), u.ID)
	if err != nil {
		t.Fatal(err)
	}
	r.AddCookie(&http.Cookie{Name: w.srv.sessionCookie(), Value: token})
}

// allSamples is the isolation matrix's sample of every route: isolation_test.go's
// and those other files add through moreSamples.
func allSamples(t *testing.T, w *isolationWorld) map[string]sample {
	t.Helper()
	smps := samples(w)
	for _, more := range moreSamples {
		for pattern, smp := range more(t, w) {
			smps[pattern] = smp
		}
	}
	return smps
}
