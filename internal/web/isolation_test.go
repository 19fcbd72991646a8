package web

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/directory"
	"github.com/scrutineer/scrutineer/internal/search"
	"github.com/scrutineer/scrutineer/internal/stats"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
	"github.com/scrutineer/scrutineer/internal/themes"
)

// isolationWorld is a directory with one user per role, and records of
// organisations other than theirs, for the isolation matrix.
type isolationWorld struct {
	db     *store.DB
	srv    *Server
	users  map[string]*scrutineer.User // by role, plus "anonymous" as nil
	emails string                      // an outbox email's ID
	job    string                      // a job's ID
	api    isolationAPI                // API tokens (api_isolation_test.go)
	acct   isolationAccounts           // accounts (account_isolation_test.go)
	docs   isolationDocs               // documents (documents_isolation_test.go)
	lr     isolationReviews            // learning reviews (api_learning_reviews_isolation_test.go)
}

// sample is a concrete request for one route: its path and form, and the record it
// touches (for the policy's answer).
type sample struct {
	path     string
	form     url.Values
	resource auth.Resource
}

// samples gives every route of the table a concrete request on records of another
// organisation than the caller's. A route added to the table without a sample here
// fails TestIsolationMatrix, so no route escapes the matrix.
func samples(w *isolationWorld) map[string]sample {
	other := "fife-apc"
	return map[string]sample{
		"GET /{$}":           {path: "/"},
		"GET /accessibility": {path: "/accessibility"},
		"GET /privacy":       {path: "/privacy"},
		"GET /login":         {path: "/login"},
		"POST /login":        {path: "/login", form: url.Values{"email": {""}}},
		"POST /logout":       {path: "/logout", form: url.Values{}},
		"GET /dashboard":     {path: "/dashboard"},

		"GET /login/code":                         {path: "/login/code"},
		"POST /login/code":                        {path: "/login/code", form: url.Values{"code": {"123456"}}},
		"GET /login/set-up":                       {path: "/login/set-up"},
		"POST /login/set-up":                      {path: "/login/set-up", form: url.Values{"code": {"123456"}}},
		"POST /login/cancel":                      {path: "/login/cancel", form: url.Values{}},
		"GET /login/oidc":                         {path: "/login/oidc"},
		"GET /login/oidc/callback":                {path: "/login/oidc/callback?state=x&code=y"},
		"GET /account/two-factor":                 {path: "/account/two-factor"},
		"GET /account/two-factor/set-up":          {path: "/account/two-factor/set-up"},
		"POST /account/two-factor/set-up":         {path: "/account/two-factor/set-up", form: url.Values{"code": {"123456"}}},
		"GET /account/two-factor/recovery-codes":  {path: "/account/two-factor/recovery-codes"},
		"POST /account/two-factor/recovery-codes": {path: "/account/two-factor/recovery-codes", form: url.Values{}},
		"GET /account/two-factor/turn-off":        {path: "/account/two-factor/turn-off"},
		"POST /account/two-factor/turn-off":       {path: "/account/two-factor/turn-off", form: url.Values{}},

		"GET /admin/organisations":              {path: "/admin/organisations?kind=adult_protection_committee"},
		"GET /admin/organisations/new":          {path: "/admin/organisations/new"},
		"POST /admin/organisations/new":         {path: "/admin/organisations/new", form: url.Values{"slug": {"test-new-body"}, "name": {"Test New Body"}, "kind": {"partner_scrutiny_body"}, "reason": {"Isolation test"}}},
		"GET /admin/organisations/{slug}":       {path: "/admin/organisations/" + other},
		"GET /admin/organisations/{slug}/edit":  {path: "/admin/organisations/" + other + "/edit"},
		"POST /admin/organisations/{slug}/edit": {path: "/admin/organisations/" + other + "/edit", form: url.Values{"name": {"Renamed Committee"}, "status": {"active"}, "version": {"1"}, "reason": {"Isolation test"}}},

		"GET /admin/jobs":             {path: "/admin/jobs?status=failed"},
		"POST /admin/jobs/{id}/retry": {path: "/admin/jobs/" + w.job + "/retry", form: url.Values{}},
		"GET /admin/outbox":           {path: "/admin/outbox"},
		"GET /admin/outbox/{id}":      {path: "/admin/outbox/" + w.emails},

		"GET /account/tokens":              {path: "/account/tokens"},
		"POST /account/tokens":             {path: "/account/tokens", form: url.Values{"label": {"Isolation test"}, "expires": {"30"}}},
		"GET /account/tokens/{id}/revoke":  {path: "/account/tokens/" + w.api.otherToken + "/revoke", resource: auth.Resource{AssignedUsers: []string{w.api.otherOwner}}},
		"POST /account/tokens/{id}/revoke": {path: "/account/tokens/" + w.api.otherToken + "/revoke", form: url.Values{}, resource: auth.Resource{AssignedUsers: []string{w.api.otherOwner}}},
		"GET /api/v1/openapi.json":         {path: "/api/v1/openapi.json"},
		"GET /api/v1/me":                   {path: "/api/v1/me"},

		"GET /account":                          {path: "/account"},
		"GET /account/password":                 {path: "/account/password"},
		"POST /account/password":                {path: "/account/password", form: url.Values{"current_password": {"wrong"}, "new_password": {"gravel lantern otter spoon"}}},
		"GET /account/sessions":                 {path: "/account/sessions"},
		"POST /account/sessions/end-others":     {path: "/account/sessions/end-others", form: url.Values{}},
		"POST /account/sessions/{id}/end":       {path: "/account/sessions/" + w.acct.otherSession + "/end", form: url.Values{}},
		"GET /password/forgot":                  {path: "/password/forgot"},
		"POST /password/forgot":                 {path: "/password/forgot", form: url.Values{"email": {"nobody@example.org"}}},
		"GET /password/forgot/sent":             {path: "/password/forgot/sent"},
		"GET /password/reset/done":              {path: "/password/reset/done"},
		"GET /password/reset/{token}":           {path: "/password/reset/" + w.acct.resetToken},
		"POST /password/reset/{token}":          {path: "/password/reset/" + w.acct.resetToken, form: url.Values{"password": {"short"}}},
		"GET /invitations/accepted":             {path: "/invitations/accepted"},
		"GET /invitations/{token}":              {path: "/invitations/" + w.acct.inviteToken},
		"POST /invitations/{token}":             {path: "/invitations/" + w.acct.inviteToken, form: url.Values{"name": {"Test Invitee"}, "password": {"short"}}},
		"GET /admin/users":                      {path: "/admin/users?organisation=" + other},
		"GET /admin/users/invite":               {path: "/admin/users/invite"},
		"POST /admin/users/invite":              {path: "/admin/users/invite", form: url.Values{"email": {"check@example.org"}, "organisation": {other}, "roles": {"committee_officer"}}},
		"POST /admin/users/invite/confirm":      {path: "/admin/users/invite/confirm", form: url.Values{"email": {"invited@example.org"}, "organisation": {other}, "roles": {"committee_officer"}}},
		"GET /admin/users/{id}":                 {path: "/admin/users/" + w.acct.target},
		"GET /admin/users/{id}/roles":           {path: "/admin/users/" + w.acct.target + "/roles"},
		"POST /admin/users/{id}/roles":          {path: "/admin/users/" + w.acct.target + "/roles", form: url.Values{"roles": {"committee_officer"}}},
		"POST /admin/users/{id}/roles/confirm":  {path: "/admin/users/" + w.acct.target + "/roles/confirm", form: url.Values{"roles": {"committee_officer"}}},
		"GET /admin/users/{id}/deactivate":      {path: "/admin/users/" + w.acct.target + "/deactivate"},
		"POST /admin/users/{id}/deactivate":     {path: "/admin/users/" + w.acct.target + "/deactivate", form: url.Values{"reason": {"Isolation test"}}},
		"GET /admin/users/{id}/reactivate":      {path: "/admin/users/" + w.acct.target + "/reactivate"},
		"POST /admin/users/{id}/reactivate":     {path: "/admin/users/" + w.acct.target + "/reactivate", form: url.Values{"reason": {"Isolation test"}}},
		"POST /admin/users/{id}/sessions/end":   {path: "/admin/users/" + w.acct.target + "/sessions/end", form: url.Values{}},
		"GET /admin/invitations":                {path: "/admin/invitations?status=pending"},
		"POST /admin/invitations/{id}/resend":   {path: "/admin/invitations/" + w.acct.invitation + "/resend", form: url.Values{}},
		"POST /admin/invitations/{id}/withdraw": {path: "/admin/invitations/" + w.acct.otherInvitation + "/withdraw", form: url.Values{}},

		"GET /admin/audit":            {path: "/admin/audit?action=login.&organisation=" + other},
		"GET /admin/audit/export.csv": {path: "/admin/audit/export.csv?organisation=" + other},
		"GET /admin/audit/{seq}":      {path: "/admin/audit/1"},

		"GET /search":        {path: "/search?q=neglect&theme=neglect&organisation=" + other},
		"GET /api/v1/search": {path: "/api/v1/search?q=neglect&theme=neglect&organisation=" + other},

		// documents*.go: a sent document of Fife's committee, so regulator staff may read it.
		"GET /documents":                                  {path: "/documents"},
		"GET /documents/new":                              {path: "/documents/new"},
		"POST /documents/new":                             {path: "/documents/new", form: url.Values{"kind": {"report"}, "title": {"Isolation test"}}},
		"GET /documents/{id}":                             {path: "/documents/" + w.docs.doc, resource: auth.Resource{OrganisationID: w.docs.org}},
		"GET /documents/{id}/versions/{n}/{file}":         {path: "/documents/" + w.docs.doc + "/versions/1/statement.txt", resource: auth.Resource{OrganisationID: w.docs.org}},
		"GET /documents/{id}/versions/new":                {path: "/documents/" + w.docs.doc + "/versions/new", resource: auth.Resource{OrganisationID: w.docs.org}},
		"POST /documents/{id}/versions/new":               {path: "/documents/" + w.docs.doc + "/versions/new", form: url.Values{}, resource: auth.Resource{OrganisationID: w.docs.org}},
		"GET /documents/{id}/findings/{finding}/dismiss":  {path: "/documents/" + w.docs.doc + "/findings/" + w.docs.finding + "/dismiss", resource: auth.Resource{OrganisationID: w.docs.org}},
		"POST /documents/{id}/findings/{finding}/dismiss": {path: "/documents/" + w.docs.doc + "/findings/" + w.docs.finding + "/dismiss", form: url.Values{"reason": {"Isolation test"}}, resource: auth.Resource{OrganisationID: w.docs.org}},
		"GET /documents/{id}/send":                        {path: "/documents/" + w.docs.doc + "/send", resource: auth.Resource{OrganisationID: w.docs.org}},
		"POST /documents/{id}/send":                       {path: "/documents/" + w.docs.doc + "/send", form: url.Values{}, resource: auth.Resource{OrganisationID: w.docs.org}},

		// api_learning_reviews*.go: a notified review of Fife's committee, so regulator
		// staff may read it; a new draft always goes to the caller's own committee.
		"POST /api/v1/learning-reviews":               {path: "/api/v1/learning-reviews", form: url.Values{"subject_type": {"child"}}, resource: auth.Resource{OrganisationID: w.lr.own}},
		"GET /api/v1/learning-reviews":                {path: "/api/v1/learning-reviews?status=decision_notified", resource: auth.Resource{OrganisationID: w.lr.own}},
		"GET /api/v1/learning-reviews/{id}":           {path: "/api/v1/learning-reviews/" + w.lr.review, resource: auth.Resource{OrganisationID: w.lr.org}},
		"PATCH /api/v1/learning-reviews/{id}":         {path: "/api/v1/learning-reviews/" + w.lr.review, form: url.Values{"sex": {"male"}}, resource: auth.Resource{OrganisationID: w.lr.org}},
		"POST /api/v1/learning-reviews/{id}/decision": {path: "/api/v1/learning-reviews/" + w.lr.review + "/decision", form: url.Values{"decision": {"no_review"}}, resource: auth.Resource{OrganisationID: w.lr.org}},

		// admin_users_twofactor.go: the target is not the administrator, so allowed.
		"GET /admin/users/{id}/two-factor/reset":  {path: "/admin/users/" + w.acct.target + "/two-factor/reset", resource: auth.Resource{AssignedUsers: []string{w.acct.target}}},
		"POST /admin/users/{id}/two-factor/reset": {path: "/admin/users/" + w.acct.target + "/two-factor/reset", form: url.Values{"reason": {"Isolation test"}}, resource: auth.Resource{AssignedUsers: []string{w.acct.target}}},
	}
}

// moreSamples are the samples of later parts of the service, each in the part's own
// *_isolation_test.go, so that no part edits another's samples. Each may create the
// records it needs (of another organisation than the callers') through w.db.
var moreSamples = []func(t *testing.T, w *isolationWorld) map[string]sample{
	reviewPageSamples,      // review_page_isolation_test.go
	reviewNotifySamples,    // review_notify_isolation_test.go
	reviewOutcomeSamples,   // review_outcome_isolation_test.go
	reviewRegulatorSamples, // review_regulator_isolation_test.go
	reviewThemeSamples,     // review_themes_isolation_test.go
	statisticsSamples,      // statistics_isolation_test.go
	publicationSamples,     // publications_isolation_test.go
}

// roleHomes places each role's test user in a plausible organisation of its own.
var roleHomes = map[scrutineer.Role]string{
	scrutineer.RoleAdmin:            "regulator",
	scrutineer.RoleInspector:        "regulator",
	scrutineer.RoleAnalyst:          "regulator",
	scrutineer.RoleManager:          "regulator",
	scrutineer.RoleCommitteeOfficer: "glasgow-cpc",
	scrutineer.RoleAreaContact:      "clackmannanshire-cjp",
	scrutineer.RoleLocalReader:      "clackmannanshire-cjp",
}

func newIsolationWorld(t *testing.T, db *store.DB) *isolationWorld {
	t.Helper()
	ctx := auth.SystemContext(context.Background())
	orgs := store.NewOrganisations(db)
	if _, err := directory.Sync(ctx, orgs); err != nil {
		t.Fatal(err)
	}
	w := &isolationWorld{db: db, users: map[string]*scrutineer.User{"anonymous": nil}}
	for _, role := range scrutineer.Roles {
		org, err := orgs.FindOrganisationBySlug(ctx, roleHomes[role])
		if err != nil {
			t.Fatal(err)
		}
		w.users[string(role)] = testutil.MustCreateUser(t, db, string(role)+"@example.org", org, role)
	}
	jobs := store.NewJobs(db)
	id, err := jobs.EnqueueEmail(ctx, &scrutineer.Email{To: "lead.officer@example.org", Subject: "About your review", Text: "Hello"})
	if err != nil {
		t.Fatal(err)
	}
	w.emails = id
	found, err := jobs.FindJobs(ctx, scrutineer.JobFilter{})
	if err != nil || len(found) == 0 {
		t.Fatalf("no job to retry: %v", err)
	}
	w.job = found[0].ID
	w.api = newIsolationAPI(t, db, w.users)
	w.acct = newIsolationAccounts(t, db)
	w.docs = newIsolationDocs(t, db)
	w.lr = newIsolationReviews(t, db)
	srv, err := New(Deps{
		Tokens:   w.api.tokens,
		Accounts: store.NewUsers(db), SessionLists: store.NewSessions(db), Invitations: w.acct.invitations, Passwords: w.acct.passwords,
		Login:  testLogin(db),
		Logger: discardLogger(), Readiness: db, Users: store.NewUsers(db), Sessions: store.NewSessions(db),
		Organisations: orgs, Jobs: jobs, Audit: store.NewAudit(db), Version: "test",
		Search: search.New(db),

		// documents*.go
		Documents: w.docs.service,

		// api_learning_reviews*.go
		LearningReviews: w.lr.service,

		// review_regulator*.go, review_messages_section.go
		ReviewRegulator: store.NewReviewRegulator(db, jobs, "http://127.0.0.1"),
		ReviewMessages:  store.NewReviewMessages(db, jobs, "http://127.0.0.1"),
		// review_themes*.go, review_settings.go
		Themes:     themes.New(store.NewThemes(db), nil, search.New(db), jobs, nil),
		Deadlines:  store.NewReviewDeadlines(db, jobs, "http://127.0.0.1"),
		Repository: w.lr.service,
		// statistics*.go
		Statistics: stats.New(db.Reader()),

		// admin_users_twofactor.go
		TwoFactorResets: store.NewTwoFactorResets(db, jobs, "http://127.0.0.1"),
	})
	if err != nil {
		t.Fatal(err)
	}
	srv.SetStarted()
	w.srv = srv
	return w
}

// TestIsolationMatrix sends, for every route of the table and every role (and no one
// signed in), a request about another organisation's records, and checks the answer
// against the access policy: refused means 404 (or the sign-in page for anonymous
// callers) and nothing changed in the database.
func TestIsolationMatrix(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		w := newIsolationWorld(t, db)
		samples := samples(w)
		for _, more := range moreSamples {
			for pattern, smp := range more(t, w) {
				samples[pattern] = smp
			}
		}
		for _, rt := range w.srv.routeTable() {
			if !rt.access.decided() {
				t.Errorf("%s has no access decision", rt.pattern)
				continue
			}
			smp, ok := samples[rt.pattern]
			if !ok {
				t.Errorf("%s has no sample request in isolation_test.go: add one", rt.pattern)
				continue
			}
			method := strings.SplitN(rt.pattern, " ", 2)[0]
			for who, u := range w.users {
				t.Run(rt.pattern+"/"+who, func(t *testing.T) {
					checkRoute(t, w, rt, method, smp, u)
				})
			}
		}
	})
}

func checkRoute(t *testing.T, w *isolationWorld, rt route, method string, smp sample, u *scrutineer.User) {
	before := testutil.Fingerprint(t, w.db, "sessions")
	status, location := w.request(t, method, smp, u)
	after := testutil.Fingerprint(t, w.db, "sessions")
	switch {
	case rt.access.public:
		if status == http.StatusNotFound || status >= 500 {
			t.Fatalf("public route answered %d", status)
		}
	case u == nil && isAPIPattern(rt.pattern):
		checkAnonymousAPI(t, w, method, smp)
		if before != after {
			t.Fatal("an anonymous request changed the database")
		}
	case u == nil:
		if status != http.StatusSeeOther || !strings.HasPrefix(location, "/login?next=") {
			t.Fatalf("anonymous caller: %d %q, want the sign-in page", status, location)
		}
		if before != after {
			t.Fatal("an anonymous request changed the database")
		}
	case rt.access.signedIn || auth.Allowed(u, rt.access.action, smp.resource):
		if status == http.StatusNotFound || status >= 500 {
			t.Fatalf("allowed caller answered %d", status)
		}
	default:
		if status != http.StatusNotFound {
			t.Fatalf("refused caller answered %d, want 404", status)
		}
		if before != after {
			t.Fatal("a refused request changed the database")
		}
	}
}

// request signs u in (unless nil) and sends the sample request.
func (w *isolationWorld) request(t *testing.T, method string, smp sample, u *scrutineer.User) (int, string) {
	t.Helper()
	var cookie *http.Cookie
	if u != nil {
		token, err := w.srv.Sessions.CreateSession(context.Background(), u.ID)
		if err != nil {
			t.Fatal(err)
		}
		cookie = &http.Cookie{Name: "scrutineer_session", Value: token}
	}
	var r *http.Request
	if smp.form != nil {
		r = httptest.NewRequest(method, smp.path, strings.NewReader(smp.form.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		r = httptest.NewRequest(method, smp.path, nil)
	}
	if cookie != nil {
		r.AddCookie(cookie)
	}
	w.api.authorise(t, r, u)
	rec := httptest.NewRecorder()
	w.srv.ServeHTTP(rec, r)
	return rec.Code, rec.Header().Get("Location")
}

func discardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }
