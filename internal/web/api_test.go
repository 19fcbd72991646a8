package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// newAPITestServer is the test server with the API token store wired in.
func newAPITestServer(t *testing.T) *testServer {
	t.Helper()
	ts := newTestServer(t)
	ts.Tokens = store.NewAPITokens(ts.db)
	return ts
}

// mustToken makes an API token for u as the operator would from the command line.
func (ts *testServer) mustToken(t *testing.T, u *scrutineer.User) string {
	t.Helper()
	secret, err := ts.Tokens.CreateAPIToken(auth.SystemContext(context.Background()), &scrutineer.APIToken{UserID: u.ID, Label: "Test"})
	if err != nil {
		t.Fatal(err)
	}
	return secret
}

// api sends an API request with this Authorization header (none when empty).
func (ts *testServer) api(t *testing.T, method, target, authorization string, cookies ...*http.Cookie) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(method, target, nil)
	if authorization != "" {
		r.Header.Set("Authorization", authorization)
	}
	for _, c := range cookies {
		r.AddCookie(c)
	}
	w := httptest.NewRecorder()
	ts.ServeHTTP(w, r)
	return w
}

func TestAPIMeForEachRole(t *testing.T) {
	ts := newAPITestServer(t)
	org := testutil.MustCreateOrganisation(t, ts.db, "glasgow-cpc", scrutineer.KindChildProtectionCommittee)
	for _, role := range scrutineer.Roles {
		t.Run(string(role), func(t *testing.T) {
			u := testutil.MustCreateUser(t, ts.db, string(role)+"@example.org", org, role)
			w := ts.api(t, "GET", "/api/v1/me", "Bearer "+ts.mustToken(t, u))
			if w.Code != 200 || w.Header().Get("Content-Type") != "application/json; charset=utf-8" || w.Header().Get("Cache-Control") != "no-store" {
				t.Fatalf("%d %v %s", w.Code, w.Header(), w.Body)
			}
			var me map[string]any
			if err := json.Unmarshal(w.Body.Bytes(), &me); err != nil {
				t.Fatal(err)
			}
			want := map[string]any{"email": u.Email, "role": string(role), "roles": []any{string(role)}, "organisation": "glasgow-cpc", "organisation_name": org.Name}
			for k, v := range want {
				if got, _ := json.Marshal(me[k]); string(got) != mustJSON(v) {
					t.Errorf("%s = %s, want %s", k, got, mustJSON(v))
				}
			}
		})
	}
	t.Run("several roles: the first in the service's order is the main one", func(t *testing.T) {
		u := testutil.MustCreateUser(t, ts.db, "both@example.org", org, scrutineer.RoleLocalReader, scrutineer.RoleInspector)
		w := ts.api(t, "GET", "/api/v1/me", "bearer "+ts.mustToken(t, u))
		if !strings.Contains(w.Body.String(), `"role":"inspector","roles":["inspector","local_reader"]`) {
			t.Fatalf("%d %s", w.Code, w.Body)
		}
	})
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestAPIRefusesMissingAndDeadTokens(t *testing.T) {
	ts := newAPITestServer(t)
	org := testutil.MustCreateOrganisation(t, ts.db, "fife-apc", scrutineer.KindAdultProtectionCommittee)
	u := testutil.MustCreateUser(t, ts.db, "officer@example.org", org, scrutineer.RoleCommitteeOfficer)
	secret := ts.mustToken(t, u)
	unauthorised := func(t *testing.T, w *httptest.ResponseRecorder) {
		t.Helper()
		checkAPIError(t, w, http.StatusUnauthorized, scrutineer.EUNAUTHORISED)
		if w.Header().Get("WWW-Authenticate") != `Bearer realm="scrutineer"` {
			t.Errorf("WWW-Authenticate %q", w.Header().Get("WWW-Authenticate"))
		}
		// One message whatever the reason, so probing learns nothing.
		if !strings.Contains(w.Body.String(), `"message":"`+apiUnauthorised+`"`) {
			t.Errorf("message: %s", w.Body)
		}
	}
	for name, header := range map[string]string{
		"no header":     "",
		"basic scheme":  "Basic " + secret,
		"no token":      "Bearer ",
		"unknown token": "Bearer scr_" + strings.Repeat("a", 59),
		"session-like":  "Bearer " + auth.NewToken(),
	} {
		t.Run(name, func(t *testing.T) { unauthorised(t, ts.api(t, "GET", "/api/v1/me", header)) })
	}
	t.Run("a dead token is refused even where none is needed", func(t *testing.T) {
		unauthorised(t, ts.api(t, "GET", "/api/v1/openapi.json", "Bearer scr_nonsense"))
		if w := ts.api(t, "GET", "/api/v1/openapi.json", ""); w.Code != 200 {
			t.Errorf("openapi.json without a token: %d", w.Code)
		}
	})
	t.Run("the session cookie is not accepted", func(t *testing.T) {
		cookie := ts.signIn(t, "admin@example.org", scrutineer.RoleAdmin)
		if w := ts.do(t, "GET", "/dashboard", nil, cookie); w.Code != 200 {
			t.Fatalf("the session does not work: %d", w.Code)
		}
		unauthorised(t, ts.api(t, "GET", "/api/v1/me", "", cookie))
	})
	t.Run("a deactivated user's token stops at once", func(t *testing.T) {
		leaver := testutil.MustCreateUser(t, ts.db, "leaver@example.org", org, scrutineer.RoleCommitteeOfficer)
		token := ts.mustToken(t, leaver)
		if w := ts.api(t, "GET", "/api/v1/me", "Bearer "+token); w.Code != 200 {
			t.Fatalf("before: %d", w.Code)
		}
		admin := testutil.MustCreateUser(t, ts.db, "deactivating.admin@example.org", org, scrutineer.RoleAdmin)
		if err := store.NewUsers(ts.db).DeactivateUser(scrutineer.NewContextWithUser(context.Background(), admin), leaver.ID, "Left the committee"); err != nil {
			t.Fatal(err)
		}
		unauthorised(t, ts.api(t, "GET", "/api/v1/me", "Bearer "+token))
	})
	t.Run("unknown API paths answer JSON 404", func(t *testing.T) {
		checkAPIError(t, ts.api(t, "GET", "/api/v1/no-such-thing", "Bearer "+secret), http.StatusNotFound, scrutineer.ENOTFOUND)
	})
	t.Run("a record the caller may not see answers JSON 404", func(t *testing.T) {
		r := httptest.NewRequest("GET", "/api/v1/learning-reviews/someone-elses", nil)
		w := httptest.NewRecorder()
		ts.fail(w, r, auth.Authorise(scrutineer.NewContextWithUser(r.Context(), u), auth.ViewAudit, auth.Resource{}))
		checkAPIError(t, w, http.StatusNotFound, scrutineer.ENOTFOUND)
	})
	if strings.Contains(ts.log.String(), secret) {
		t.Error("a token reached the log")
	}
}

func TestAPIRateLimitPerToken(t *testing.T) {
	ts := newAPITestServer(t)
	ts.apiLimit = newAPILimiter(rate.Every(time.Hour), 2)
	org := testutil.MustCreateOrganisation(t, ts.db, "regulator", scrutineer.KindRegulator)
	a := ts.mustToken(t, testutil.MustCreateUser(t, ts.db, "a@example.org", org, scrutineer.RoleAnalyst))
	b := ts.mustToken(t, testutil.MustCreateUser(t, ts.db, "b@example.org", org, scrutineer.RoleAnalyst))
	for i := range 2 {
		if w := ts.api(t, "GET", "/api/v1/me", "Bearer "+a); w.Code != 200 {
			t.Fatalf("request %d: %d", i+1, w.Code)
		}
	}
	w := ts.api(t, "GET", "/api/v1/me", "Bearer "+a)
	checkAPIError(t, w, http.StatusTooManyRequests, codeRateLimited)
	if w.Header().Get("Retry-After") == "" {
		t.Error("429 without Retry-After")
	}
	if w := ts.api(t, "GET", "/api/v1/me", "Bearer "+b); w.Code != 200 {
		t.Errorf("another token was limited too: %d", w.Code)
	}
}

func TestAPIAuditNamesTheToken(t *testing.T) {
	ts := newAPITestServer(t)
	org := testutil.MustCreateOrganisation(t, ts.db, "regulator", scrutineer.KindRegulator)
	u := testutil.MustCreateUser(t, ts.db, "inspector@example.org", org, scrutineer.RoleInspector)
	secret := ts.mustToken(t, u)
	audit := store.NewAudit(ts.db)
	h := ts.withBearer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := audit.RecordAudit(r.Context(), &scrutineer.AuditEntry{Action: "test.api", TargetType: "test"}); err != nil {
			t.Error(err)
		}
	}))
	r := httptest.NewRequest("GET", "/api/v1/anything", nil)
	r.Header.Set("Authorization", "Bearer "+secret)
	h.ServeHTTP(httptest.NewRecorder(), r)
	var actor, label string
	if err := ts.db.Reader().QueryRow(`SELECT actor_id, actor_label FROM audit_log WHERE action = 'test.api'`).Scan(&actor, &label); err != nil {
		t.Fatal(err)
	}
	if actor != u.ID || label != scrutineer.ActorLabelAPIToken {
		t.Errorf("actor %q labelled %q, want %q labelled %q", actor, label, u.ID, scrutineer.ActorLabelAPIToken)
	}
}

func TestOpenAPIDescribesEveryAPIRoute(t *testing.T) {
	ts := newAPITestServer(t)
	w := ts.api(t, "GET", "/api/v1/openapi.json", "")
	if w.Code != 200 {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	var doc struct {
		OpenAPI    string                               `json:"openapi"`
		Paths      map[string]map[string]map[string]any `json:"paths"`
		Components map[string]map[string]any            `json:"components"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi %q", doc.OpenAPI)
	}
	ids := map[string]bool{}
	n := 0
	for _, rt := range ts.routeTable() {
		if !isAPIPattern(rt.pattern) {
			continue
		}
		n++
		method, path, _ := strings.Cut(rt.pattern, " ")
		op, ok := doc.Paths[strings.TrimSuffix(path, "{$}")][strings.ToLower(method)]
		if !ok {
			t.Errorf("%s is not in openapi.json", rt.pattern)
			continue
		}
		if _, ok := apiDocs[rt.pattern]; !ok {
			t.Errorf("%s has no entry in apiDocs (api_docs.go): describe it", rt.pattern)
		}
		id, _ := op["operationId"].(string)
		if id == "" || ids[id] {
			t.Errorf("%s: operationId %q missing or not unique", rt.pattern, id)
		}
		ids[id] = true
		_, hasSecurity := op["security"]
		if rt.access.public != hasSecurity {
			t.Errorf("%s: public %v but security override %v", rt.pattern, rt.access.public, hasSecurity)
		}
		if _, ok := op["responses"].(map[string]any)["401"]; ok == rt.access.public {
			t.Errorf("%s: a 401 answer is documented %v for a public %v operation", rt.pattern, ok, rt.access.public)
		}
	}
	if n < 2 {
		t.Errorf("only %d API routes found", n)
	}
	for pattern := range apiDocs {
		if !slices.ContainsFunc(ts.routeTable(), func(rt route) bool { return rt.pattern == pattern }) {
			t.Errorf("apiDocs describes %s, which is not in the route table", pattern)
		}
	}
	// Every $ref points at something in the document.
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if ref, ok := x["$ref"].(string); ok {
				parts := strings.Split(strings.TrimPrefix(ref, "#/components/"), "/")
				if len(parts) != 2 || doc.Components[parts[0]][parts[1]] == nil {
					t.Errorf("dangling $ref %s", ref)
				}
			}
			for _, e := range x {
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	var all any
	json.Unmarshal(w.Body.Bytes(), &all)
	walk(all)
}
