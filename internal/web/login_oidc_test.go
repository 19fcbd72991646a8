package web

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// oidcProvider is a real OpenID Connect provider for the tests: discovery, keys and
// a token endpoint that checks the client and PKCE and signs RS256 ID tokens.
type oidcProvider struct {
	*httptest.Server
	key, wrongKey *rsa.PrivateKey
	mu            sync.Mutex
	grants        map[string]grant // by authorisation code
}

// grant is what the provider knows about one sign-in: who, and the request's nonce
// and PKCE challenge.
type grant struct {
	email     string
	verified  any
	nonce     string
	challenge string
	badSig    bool
}

func newOIDCProvider(t *testing.T) *oidcProvider {
	p := &oidcProvider{grants: map[string]grant{}}
	var err error
	if p.key, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
		t.Fatal(err)
	}
	if p.wrongKey, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode(map[string]any{
			"issuer": p.URL, "authorization_endpoint": p.URL + "/authorize", "token_endpoint": p.URL + "/token",
			"jwks_uri": p.URL + "/jwks", "response_types_supported": []string{"code"}, "subject_types_supported": []string{"public"},
			"id_token_signing_alg_values_supported": []string{"RS256"}, "code_challenge_methods_supported": []string{"S256"},
		})
	})
	mux.HandleFunc("GET /jwks", func(w http.ResponseWriter, r *http.Request) {
		b64 := base64.RawURLEncoding.EncodeToString
		json.NewEncoder(w).Encode(map[string]any{"keys": []map[string]string{{
			"kty": "RSA", "kid": "k1", "use": "sig", "alg": "RS256",
			"n": b64(p.key.N.Bytes()), "e": b64(big.NewInt(int64(p.key.E)).Bytes()),
		}}})
	})
	mux.HandleFunc("POST /token", func(w http.ResponseWriter, r *http.Request) {
		id, secret, _ := r.BasicAuth()
		if r.ParseForm() != nil || id != "scrutineer" || secret != "client-secret" {
			http.Error(w, `{"error":"invalid_client"}`, http.StatusUnauthorized)
			return
		}
		p.mu.Lock()
		g, ok := p.grants[r.PostForm.Get("code")]
		delete(p.grants, r.PostForm.Get("code"))
		p.mu.Unlock()
		sum := sha256.Sum256([]byte(r.PostForm.Get("code_verifier")))
		if !ok || base64.RawURLEncoding.EncodeToString(sum[:]) != g.challenge {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			w.Write([]byte(`{"error":"invalid_grant"}`))
			return
		}
		claims := map[string]any{"iss": p.URL, "aud": "scrutineer", "sub": "sub-" + g.email, "email": g.email,
			"email_verified": g.verified, "nonce": g.nonce, "iat": time.Now().Unix(), "exp": time.Now().Add(5 * time.Minute).Unix()}
		signer := p.key
		if g.badSig {
			signer = p.wrongKey
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"access_token": "at", "token_type": "Bearer", "expires_in": 300, "id_token": signJWT(t, signer, claims)})
	})
	p.Server = httptest.NewServer(mux)
	t.Cleanup(p.Close)
	return p
}

func signJWT(t *testing.T, key *rsa.PrivateKey, claims map[string]any) string {
	enc := func(v any) string {
		b, _ := json.Marshal(v)
		return base64.RawURLEncoding.EncodeToString(b)
	}
	head := enc(map[string]string{"alg": "RS256", "kid": "k1", "typ": "JWT"}) + "." + enc(claims)
	sum := sha256.Sum256([]byte(head))
	sig, err := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, sum[:])
	if err != nil {
		t.Fatal(err)
	}
	return head + "." + base64.RawURLEncoding.EncodeToString(sig)
}

// signInThroughProvider starts single sign-on, lets the provider grant g (as if the
// person signed in there), and returns Scrutineer's answer to the callback.
func signInThroughProvider(t *testing.T, ts *testServer, p *oidcProvider, g grant, tamper func(q url.Values)) *httptest.ResponseRecorder {
	t.Helper()
	w := ts.send(t, "GET", "/login/oidc?next=/admin/jobs", "192.0.2.1", nil)
	flow := cookieOf(w, oidcCookie)
	to, _ := url.Parse(w.Header().Get("Location"))
	q := to.Query()
	if w.Code != 303 || flow == nil || !strings.HasPrefix(to.String(), p.URL+"/authorize") || q.Get("code_challenge_method") != "S256" ||
		q.Get("state") == "" || q.Get("nonce") == "" || q.Get("client_id") != "scrutineer" || !strings.Contains(q.Get("scope"), "openid") {
		t.Fatalf("redirect to the provider: %d %s", w.Code, to)
	}
	if g.nonce == "" {
		g.nonce = q.Get("nonce")
	}
	g.challenge = q.Get("code_challenge")
	code := "code-" + auth.NewToken()
	p.mu.Lock()
	p.grants[code] = g
	p.mu.Unlock()
	back := url.Values{"code": {code}, "state": {q.Get("state")}}
	if tamper != nil {
		tamper(back)
	}
	return ts.send(t, "GET", "/login/oidc/callback?"+back.Encode(), "192.0.2.1", nil, flow)
}

func TestSingleSignOn(t *testing.T) {
	ts := newTestServer(t)
	p := newOIDCProvider(t)
	ts.OIDC = auth.NewOIDC(p.URL, "scrutineer", "client-secret", "http://scrutineer.test/login/oidc/callback")
	officer := ts.user(t, "officer@example.org", scrutineer.RoleCommitteeOfficer)
	ts.user(t, "analyst@example.org", scrutineer.RoleAnalyst)

	if w := ts.send(t, "GET", "/login", "192.0.2.1", nil); !strings.Contains(w.Body.String(), "Sign in with your organisation") {
		t.Fatal("the sign-in page does not offer single sign-on")
	}
	w := signInThroughProvider(t, ts, p, grant{email: "Officer@Example.org", verified: true}, nil)
	if w.Code != 303 || w.Header().Get("Location") != "/admin/jobs" || cookieOf(w, "scrutineer_session") == nil {
		t.Fatalf("verified email of an account: %d %s", w.Code, w.Header().Get("Location"))
	}
	if ok := auditOf(t, ts.db, "login.success"); len(ok) != 1 || ok[0].TargetID != officer.ID || !strings.Contains(ok[0].Detail, "single sign-on") {
		t.Fatalf("success audit: %+v", ok)
	}
	// Regulator roles still set up and use two-factor authentication.
	if w := signInThroughProvider(t, ts, p, grant{email: "analyst@example.org", verified: "true"}, nil); w.Code != 303 || w.Header().Get("Location") != "/login/set-up" || cookieOf(w, "scrutineer_session") != nil {
		t.Fatalf("regulator: %d %s", w.Code, w.Header().Get("Location"))
	}

	refusals := []struct {
		name   string
		g      grant
		tamper func(url.Values)
	}{
		{"unverified email", grant{email: "officer@example.org", verified: false}, nil},
		{"no email_verified claim", grant{email: "officer@example.org"}, nil},
		{"unknown email", grant{email: "stranger@example.org", verified: true}, nil},
		{"wrong state", grant{email: "officer@example.org", verified: true}, func(q url.Values) { q.Set("state", "forged") }},
		{"wrong nonce", grant{email: "officer@example.org", verified: true, nonce: "replayed-nonce"}, nil},
		{"signed with another key", grant{email: "officer@example.org", verified: true, badSig: true}, nil},
		{"provider error", grant{email: "officer@example.org", verified: true}, func(q url.Values) { q.Del("code"); q.Set("error", "access_denied") }},
	}
	for i, tt := range refusals {
		t.Run(tt.name, func(t *testing.T) {
			w := signInThroughProvider(t, ts, p, tt.g, tt.tamper)
			if w.Code != http.StatusForbidden || cookieOf(w, "scrutineer_session") != nil || !strings.Contains(w.Body.String(), "could not be matched") {
				t.Fatalf("%d %s", w.Code, w.Body)
			}
			if got := auditOf(t, ts.db, "login.failure"); len(got) != i+1 || got[0].Outcome != scrutineer.OutcomeRefused {
				t.Fatalf("refusal audit: %d entries, newest %+v", len(got), got[0])
			}
		})
	}
	// A callback without the browser's flow cookie is refused too.
	if w := ts.send(t, "GET", "/login/oidc/callback?code=x&state=y", "192.0.2.1", nil); w.Code != http.StatusForbidden {
		t.Fatalf("callback without a flow: %d", w.Code)
	}
}
