package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// isolationAPI is the isolation world's part for API tokens: a token per test user,
// so API routes are called as each role with a bearer token, and a token of a user
// who is none of them, for the token pages' requests about someone else's token.
type isolationAPI struct {
	tokens  *store.APITokens
	secrets map[string]string // by user ID
	// otherToken is the ID of a token of otherOwner, a committee officer of another
	// organisation than every test user's.
	otherToken, otherOwner string
}

// newIsolationAPI makes the tokens. Each is used once here, and last_used_at is then
// written at most once a day, so the matrix's requests change no token row.
func newIsolationAPI(t *testing.T, db *store.DB, users map[string]*scrutineer.User) isolationAPI {
	t.Helper()
	ctx := auth.SystemContext(context.Background())
	a := isolationAPI{tokens: store.NewAPITokens(db), secrets: map[string]string{}}
	a.tokens.TouchEvery = 24 * time.Hour
	for _, u := range users {
		if u == nil {
			continue
		}
		secret, err := a.tokens.CreateAPIToken(ctx, &scrutineer.APIToken{UserID: u.ID, Label: "Isolation test"})
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := a.tokens.AuthenticateAPIToken(ctx, secret); err != nil {
			t.Fatal(err)
		}
		a.secrets[u.ID] = secret
	}
	org, err := store.NewOrganisations(db).FindOrganisationBySlug(ctx, "fife-apc")
	if err != nil {
		t.Fatal(err)
	}
	owner := testutil.MustCreateUser(t, db, "token.owner@example.org", org, scrutineer.RoleCommitteeOfficer)
	tok := &scrutineer.APIToken{UserID: owner.ID, Label: "Someone else's"}
	if _, err := a.tokens.CreateAPIToken(ctx, tok); err != nil {
		t.Fatal(err)
	}
	a.otherToken, a.otherOwner = tok.ID, owner.ID
	return a
}

// authorise adds u's bearer token to a request for the API. The session cookie the
// matrix also sends must make no difference there.
func (a isolationAPI) authorise(t *testing.T, r *http.Request, u *scrutineer.User) {
	t.Helper()
	if u == nil || !isAPIPath(r.URL.Path) {
		return
	}
	secret, ok := a.secrets[u.ID]
	if !ok {
		t.Fatalf("no API token for %s", u.Email)
	}
	r.Header.Set("Authorization", "Bearer "+secret)
}

// checkAnonymousAPI: an API route asked without a token answers 401 with the JSON
// error shape and WWW-Authenticate, never the sign-in page.
func checkAnonymousAPI(t *testing.T, w *isolationWorld, method string, smp sample) {
	t.Helper()
	r := httptest.NewRequest(method, smp.path, nil)
	rec := httptest.NewRecorder()
	w.srv.ServeHTTP(rec, r)
	checkAPIError(t, rec, http.StatusUnauthorized, scrutineer.EUNAUTHORISED)
	if !strings.HasPrefix(rec.Header().Get("WWW-Authenticate"), "Bearer") {
		t.Errorf("401 without WWW-Authenticate: Bearer: %v", rec.Header())
	}
}

// checkAPIError checks an answer is {"error": {"code", "message"}} with this status.
func checkAPIError(t *testing.T, rec *httptest.ResponseRecorder, status int, code string) {
	t.Helper()
	if rec.Code != status {
		t.Fatalf("status %d, want %d: %s", rec.Code, status, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	var body struct {
		Error struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatalf("not JSON: %v: %s", err, rec.Body)
	}
	if body.Error.Code != code || body.Error.Message == "" {
		t.Errorf("error %+v, want code %q with a message", body.Error, code)
	}
}
