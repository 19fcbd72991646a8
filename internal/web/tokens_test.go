package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/store"
)

var secretInPage = regexp.MustCompile(`value="(scr_[a-z2-7]+)"`)

// TestTokenPage walks the token page as a person would: make a token, see it once,
// use it, revoke it, and find it refused at once.
func TestTokenPage(t *testing.T) {
	ts := newAPITestServer(t)
	cookie := ts.signIn(t, "officer@example.org", scrutineer.RoleCommitteeOfficer)

	if w := ts.do(t, "GET", tokensPath, nil); w.Code != http.StatusSeeOther || !strings.HasPrefix(w.Header().Get("Location"), "/login?next=") {
		t.Fatalf("anonymous: %d %s", w.Code, w.Header().Get("Location"))
	}
	w := ts.do(t, "GET", tokensPath, nil, cookie)
	if w.Code != 200 || !strings.Contains(w.Body.String(), "You have no API tokens") || !strings.Contains(w.Body.String(), `id="expires-90" name="expires" value="90" checked`) {
		t.Fatalf("empty list: %d %s", w.Code, w.Body)
	}

	t.Run("problems are shown on the form", func(t *testing.T) {
		w := ts.do(t, "POST", tokensPath, url.Values{"label": {"  "}, "expires": {"90"}}, cookie)
		b := w.Body.String()
		if w.Code != http.StatusUnprocessableEntity || !strings.Contains(b, "ds_error-summary") || !strings.Contains(b, `href="#label"`) || !strings.Contains(b, `id="label-error"`) || !strings.Contains(b, "<title>Error: API tokens") {
			t.Fatalf("%d %s", w.Code, b)
		}
		w = ts.do(t, "POST", tokensPath, url.Values{"label": {"Script"}, "expires": {"forever"}}, cookie)
		if w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), `href="#expires"`) || !strings.Contains(w.Body.String(), `value="Script"`) {
			t.Fatalf("%d %s", w.Code, w.Body)
		}
	})

	w = ts.do(t, "POST", tokensPath, url.Values{"label": {"Returns script"}, "expires": {"30"}}, cookie)
	m := secretInPage.FindStringSubmatch(w.Body.String())
	if w.Code != http.StatusCreated || m == nil || !strings.Contains(w.Body.String(), "This is the only time it is shown") || w.Header().Get("Cache-Control") != "no-store" {
		t.Fatalf("create: %d %v %s", w.Code, w.Header(), w.Body)
	}
	secret := m[1]
	if w := ts.api(t, "GET", "/api/v1/me", "Bearer "+secret); w.Code != 200 || !strings.Contains(w.Body.String(), "officer@example.org") {
		t.Fatalf("the new token does not work: %d %s", w.Code, w.Body)
	}

	w = ts.do(t, "GET", tokensPath, nil, cookie)
	b := w.Body.String()
	if !strings.Contains(b, "Returns script") || !strings.Contains(b, secret[len(secret)-4:]) || !strings.Contains(b, "Active") || strings.Contains(b, secret) {
		t.Fatalf("list after making: %s", b)
	}
	officer := userOf(t, ts, "officer@example.org")
	tokens, err := ts.Tokens.FindAPITokens(scrutineer.NewContextWithUser(t.Context(), officer), officer.ID)
	if err != nil || len(tokens) != 1 {
		t.Fatal(tokens, err)
	}
	revoke := tokensPath + "/" + tokens[0].ID + "/revoke"
	if !strings.Contains(b, `href="`+revoke+`"`) {
		t.Fatalf("no revoke link: %s", b)
	}

	t.Run("someone else cannot see or revoke it", func(t *testing.T) {
		other := ts.signIn(t, "admin@example.org", scrutineer.RoleAdmin)
		if w := ts.do(t, "GET", revoke, nil, other); w.Code != http.StatusNotFound {
			t.Errorf("GET: %d", w.Code)
		}
		if w := ts.do(t, "POST", revoke, url.Values{}, other); w.Code != http.StatusNotFound {
			t.Errorf("POST: %d", w.Code)
		}
		if w := ts.do(t, "GET", tokensPath, nil, other); strings.Contains(w.Body.String(), "Returns script") {
			t.Error("another user's list shows the token")
		}
	})

	w = ts.do(t, "GET", revoke, nil, cookie)
	if w.Code != 200 || !strings.Contains(w.Body.String(), "Revoke the token Returns script?") || !strings.Contains(w.Body.String(), `action="`+revoke+`"`) {
		t.Fatalf("confirm: %d %s", w.Code, w.Body)
	}
	w = ts.do(t, "POST", revoke, url.Values{}, cookie)
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != tokensPath+"?done=revoked" {
		t.Fatalf("revoke: %d %s", w.Code, w.Header().Get("Location"))
	}
	if w := ts.api(t, "GET", "/api/v1/me", "Bearer "+secret); w.Code != http.StatusUnauthorized {
		t.Fatalf("the revoked token still works: %d", w.Code)
	}
	w = ts.do(t, "GET", tokensPath+"?done=revoked", nil, cookie)
	if b := w.Body.String(); !strings.Contains(b, "Token revoked") || !strings.Contains(b, "Revoked") || strings.Contains(b, `href="`+revoke+`"`) {
		t.Fatalf("list after revoking: %s", b)
	}
	if w := ts.do(t, "GET", revoke, nil, cookie); w.Code != http.StatusSeeOther {
		t.Errorf("confirming a revoked token again: %d", w.Code)
	}
	if strings.Contains(ts.log.String(), secret) {
		t.Error("a token reached the log")
	}
}

func userOf(t *testing.T, ts *testServer, email string) *scrutineer.User {
	t.Helper()
	u, err := store.NewUsers(ts.db).FindUserByEmail(t.Context(), email)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
