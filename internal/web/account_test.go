package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// newAccountServer is the test server with the account services wired, and a
// committee in the directory to invite people to.
func newAccountServer(t *testing.T) *testServer {
	t.Helper()
	ts := newTestServer(t)
	jobs := store.NewJobs(ts.db)
	ts.Accounts = store.NewUsers(ts.db)
	ts.SessionLists = store.NewSessions(ts.db)
	ts.Invitations = store.NewInvitations(ts.db, jobs, "https://scrutineer.example.org")
	ts.Passwords = store.NewPasswords(ts.db, jobs, "https://scrutineer.example.org")
	testutil.MustCreateOrganisation(t, ts.db, "fife-apc", scrutineer.KindAdultProtectionCommittee)
	return ts
}

// session signs an existing user in through a new session and returns its cookie.
func (ts *testServer) session(t *testing.T, userID string) *http.Cookie {
	t.Helper()
	token, err := ts.Sessions.CreateSession(context.Background(), userID)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Cookie{Name: "scrutineer_session", Value: token}
}

var anyLink = regexp.MustCompile(`https://scrutineer\.example\.org(/(?:invitations|password/reset)/[A-Za-z0-9_-]+)`)

// emailedLink returns the path of the link in the newest email to this address.
func (ts *testServer) emailedLink(t *testing.T, to string) string {
	t.Helper()
	emails, err := ts.Jobs.FindEmails(auth.SystemContext(context.Background()), scrutineer.EmailFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range emails {
		if m := anyLink.FindStringSubmatch(e.Text); e.To == to && m != nil {
			return m[1]
		}
	}
	t.Fatalf("no link emailed to %s", to)
	return ""
}

func TestAdminPagesAreRefusedToOthers(t *testing.T) {
	ts := newAccountServer(t)
	admin := ts.signIn(t, "admin@example.org", scrutineer.RoleAdmin)
	inspector := ts.signIn(t, "inspector@example.org", scrutineer.RoleInspector)
	target := testutil.MustCreateUser(t, ts.db, "target@example.org", ts.mustOrg(t, "fife-apc"), scrutineer.RoleCommitteeOfficer)
	for _, path := range []string{"/admin/users", "/admin/users/invite", "/admin/invitations", "/admin/users/" + target.ID, "/admin/users/" + target.ID + "/roles", "/admin/users/" + target.ID + "/deactivate"} {
		if w := ts.do(t, "GET", path, nil, inspector); w.Code != http.StatusNotFound {
			t.Errorf("inspector GET %s: %d, want 404", path, w.Code)
		}
		if w := ts.do(t, "GET", path, nil, admin); w.Code != http.StatusOK {
			t.Errorf("admin GET %s: %d", path, w.Code)
		}
	}
	before := testutil.Fingerprint(t, ts.db, "sessions")
	if w := ts.do(t, "POST", "/admin/users/"+target.ID+"/deactivate", url.Values{"reason": {"No"}}, inspector); w.Code != http.StatusNotFound {
		t.Errorf("inspector deactivating: %d", w.Code)
	}
	if testutil.Fingerprint(t, ts.db, "sessions") != before {
		t.Error("a refused deactivation changed the database")
	}
	w := ts.do(t, "GET", "/dashboard", nil, admin)
	if !strings.Contains(w.Body.String(), `href="/admin/users"`) || !strings.Contains(w.Body.String(), `href="/account"`) {
		t.Error("the admin's navigation lacks Users or Your account")
	}
	w = ts.do(t, "GET", "/dashboard", nil, inspector)
	if strings.Contains(w.Body.String(), `href="/admin/users"`) || !strings.Contains(w.Body.String(), `href="/account"`) {
		t.Error("the inspector's navigation is wrong")
	}
}

func (ts *testServer) mustOrg(t *testing.T, slug string) *scrutineer.Organisation {
	t.Helper()
	o, err := ts.Organisations.FindOrganisationBySlug(auth.SystemContext(context.Background()), slug)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func TestInvitationJourney(t *testing.T) {
	ts := newAccountServer(t)
	admin := ts.signIn(t, "admin@example.org", scrutineer.RoleAdmin)
	form := url.Values{"email": {"Lead.Officer@example.org"}, "name": {"Morven Hay"}, "organisation": {"fife-apc"}, "roles": {"committee_officer"}}

	w := ts.do(t, "POST", "/admin/users/invite", url.Values{"email": {"nope"}, "organisation": {"fife-apc"}, "roles": {"admin"}}, admin)
	if w.Code != 422 || !strings.Contains(w.Body.String(), "ds_error-summary") || !strings.Contains(w.Body.String(), "not a role for someone at a adult protection committee") {
		t.Fatalf("bad invitation: %d", w.Code)
	}
	w = ts.do(t, "POST", "/admin/users/invite", form, admin)
	if w.Code != 200 || !strings.Contains(w.Body.String(), "Check the invitation") || !strings.Contains(w.Body.String(), "lead.officer@example.org") {
		t.Fatalf("check page: %d", w.Code)
	}
	w = ts.do(t, "POST", "/admin/users/invite/confirm", form, admin)
	if w.Code != http.StatusSeeOther || !strings.HasPrefix(w.Header().Get("Location"), "/admin/users/") {
		t.Fatalf("confirm: %d %s", w.Code, w.Header().Get("Location"))
	}
	if page := ts.do(t, "GET", w.Header().Get("Location"), nil, admin); !strings.Contains(page.Body.String(), "Invitation sent") || !strings.Contains(page.Body.String(), "Invited") {
		t.Fatalf("user page after inviting: %s", page.Body)
	}
	link := ts.emailedLink(t, "lead.officer@example.org")

	w = ts.do(t, "GET", link, nil)
	if w.Code != 200 || !strings.Contains(w.Body.String(), "Set up your account") || !strings.Contains(w.Body.String(), `value="Morven Hay"`) {
		t.Fatalf("invitation page: %d", w.Code)
	}
	if w.Header().Get("Referrer-Policy") != "no-referrer" || w.Header().Get("Cache-Control") != "no-store" {
		t.Errorf("link page headers: %v", w.Header())
	}
	for pw, want := range map[string]string{"short": "12 characters or more", "password1234": "most common passwords", "morven-hay-likes-tea": "name or email address"} {
		w = ts.do(t, "POST", link, url.Values{"name": {"Morven Hay"}, "password": {pw}})
		if w.Code != 422 || !strings.Contains(w.Body.String(), want) || strings.Contains(w.Body.String(), pw) {
			t.Errorf("password %q: %d, want %q and the password not echoed", pw, w.Code, want)
		}
	}
	w = ts.do(t, "POST", link, url.Values{"name": {"Morven Hay"}, "password": {"gravel lantern otter spoon"}})
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/invitations/accepted" {
		t.Fatalf("accept: %d %s", w.Code, w.Body)
	}
	if _, err := ts.Users.Authenticate(context.Background(), "lead.officer@example.org", "gravel lantern otter spoon"); err != nil {
		t.Fatalf("cannot sign in after accepting: %v", err)
	}
	w = ts.do(t, "GET", link, nil)
	if w.Code != http.StatusGone || !strings.Contains(w.Body.String(), "already been used") {
		t.Fatalf("used link: %d", w.Code)
	}
	if w := ts.do(t, "GET", "/invitations/not-a-real-token", nil); w.Code != http.StatusGone || !strings.Contains(w.Body.String(), "not right") {
		t.Fatalf("unknown link: %d", w.Code)
	}
	if strings.Contains(ts.log.String(), "lead.officer") || strings.Contains(ts.log.String(), link) {
		t.Error("an email address or a link reached the log")
	}
}

func TestPasswordResetDoesNotRevealAccounts(t *testing.T) {
	ts := newAccountServer(t)
	ts.signIn(t, "known@example.org", scrutineer.RoleAnalyst)
	a := ts.do(t, "POST", "/password/forgot", url.Values{"email": {"known@example.org"}})
	b := ts.do(t, "POST", "/password/forgot", url.Values{"email": {"unknown@example.org"}})
	if a.Code != b.Code || a.Header().Get("Location") != b.Header().Get("Location") || a.Body.String() != b.Body.String() || a.Code != http.StatusSeeOther {
		t.Fatalf("answers differ: %d %q / %d %q", a.Code, a.Header().Get("Location"), b.Code, b.Header().Get("Location"))
	}
	if w := ts.do(t, "GET", "/password/forgot/sent", nil); w.Code != 200 || !strings.Contains(w.Body.String(), "If the address you entered has a Scrutineer account") {
		t.Fatalf("sent page: %d", w.Code)
	}
	if w := ts.do(t, "POST", "/password/forgot", url.Values{"email": {""}}); w.Code != 422 || !strings.Contains(w.Body.String(), "Enter an email address") {
		t.Fatalf("empty address: %d", w.Code)
	}
	old := ts.session(t, ts.mustUser(t, "known@example.org").ID)
	link := ts.emailedLink(t, "known@example.org")
	if w := ts.do(t, "GET", link, nil); w.Code != 200 || !strings.Contains(w.Body.String(), "known@example.org") {
		t.Fatalf("reset page: %d", w.Code)
	}
	if w := ts.do(t, "POST", link, url.Values{"password": {"aaaaaaaaaaaa"}}); w.Code != 422 {
		t.Fatalf("weak reset: %d", w.Code)
	}
	if w := ts.do(t, "POST", link, url.Values{"password": {"gravel lantern otter spoon"}}); w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/password/reset/done" {
		t.Fatalf("reset: %d", w.Code)
	}
	if w := ts.do(t, "GET", "/dashboard", nil, old); w.Code != http.StatusSeeOther {
		t.Fatalf("a session survived the reset: %d", w.Code)
	}
	if w := ts.do(t, "GET", link, nil); w.Code != http.StatusGone {
		t.Fatalf("reset link used twice: %d", w.Code)
	}
}

func (ts *testServer) mustUser(t *testing.T, email string) *scrutineer.User {
	t.Helper()
	u, err := store.NewUsers(ts.db).FindUserByEmail(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestDeactivationRolesAndSessionsThroughTheAdminPages(t *testing.T) {
	ts := newAccountServer(t)
	admin := ts.signIn(t, "admin@example.org", scrutineer.RoleAdmin)
	target := testutil.MustCreateUser(t, ts.db, "officer@example.org", ts.mustOrg(t, "fife-apc"), scrutineer.RoleCommitteeOfficer)
	theirs := ts.session(t, target.ID)
	base := "/admin/users/" + target.ID

	w := ts.do(t, "POST", base+"/roles", url.Values{"roles": {"committee_officer", "area_contact"}}, admin)
	if w.Code != 422 || !strings.Contains(w.Body.String(), "Area contact is not a role") {
		t.Fatalf("roles that do not fit: %d", w.Code)
	}
	w = ts.do(t, "POST", base+"/roles", url.Values{}, admin)
	if w.Code != 422 || !strings.Contains(w.Body.String(), "Choose at least one role") {
		t.Fatalf("no roles: %d", w.Code)
	}
	if w := ts.do(t, "POST", "/admin/users/"+ts.mustUser(t, "admin@example.org").ID+"/roles/confirm", url.Values{"roles": {"inspector"}}, admin); w.Code != http.StatusConflict || !strings.Contains(w.Body.String(), "cannot remove your own administrator role") {
		t.Fatalf("own admin role removed: %d", w.Code)
	}

	if w := ts.do(t, "POST", base+"/deactivate", url.Values{"reason": {""}}, admin); w.Code != 422 {
		t.Fatalf("no reason: %d", w.Code)
	}
	if w := ts.do(t, "POST", base+"/deactivate", url.Values{"reason": {"Left the committee"}}, admin); w.Code != http.StatusSeeOther {
		t.Fatalf("deactivate: %d", w.Code)
	}
	if w := ts.do(t, "GET", "/dashboard", nil, theirs); w.Code != http.StatusSeeOther {
		t.Fatalf("a deactivated person's session still works: %d", w.Code)
	}
	page := ts.do(t, "GET", base, nil, admin).Body.String()
	if !strings.Contains(page, "Deactivated") || !strings.Contains(page, "Left the committee") || !strings.Contains(page, "Reactivate account") {
		t.Fatal("the user page does not show the deactivation")
	}
	if w := ts.do(t, "POST", base+"/deactivate", url.Values{"reason": {"Again"}}, admin); w.Code != http.StatusConflict {
		t.Fatalf("deactivated twice: %d", w.Code)
	}
	if w := ts.do(t, "POST", base+"/reactivate", url.Values{"reason": {"Back"}}, admin); w.Code != http.StatusSeeOther {
		t.Fatalf("reactivate: %d", w.Code)
	}
	ts.session(t, target.ID)
	if w := ts.do(t, "POST", base+"/sessions/end", url.Values{}, admin); w.Code != http.StatusSeeOther {
		t.Fatalf("sign out everywhere: %d", w.Code)
	}
	entries, err := store.NewAudit(ts.db).FindAudit(auth.SystemContext(context.Background()), scrutineer.AuditFilter{TargetID: target.ID})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range entries {
		actions = append(actions, e.Action)
	}
	if strings.Join(actions, " ") != "session.end_all user.reactivate user.deactivate" {
		t.Fatalf("audit %v", actions)
	}
}

func TestOwnAccountPasswordAndSessions(t *testing.T) {
	ts := newAccountServer(t)
	mine := ts.signIn(t, "reader@example.org", scrutineer.RoleLocalReader)
	me := ts.mustUser(t, "reader@example.org")
	other := ts.session(t, me.ID)

	w := ts.do(t, "GET", "/account", nil, mine)
	if w.Code != 200 || !strings.Contains(w.Body.String(), `href="/account/password"`) || !strings.Contains(w.Body.String(), `href="/account/sessions"`) {
		t.Fatalf("account page: %d", w.Code)
	}
	w = ts.do(t, "GET", "/account/sessions", nil, mine)
	if w.Code != 200 || strings.Count(w.Body.String(), "This session") != 1 || strings.Count(w.Body.String(), "/end\"") != 2 {
		t.Fatalf("sessions page: %d", w.Code)
	}
	if w := ts.do(t, "POST", "/account/sessions/end-others", url.Values{}, mine); w.Code != http.StatusSeeOther {
		t.Fatalf("end others: %d", w.Code)
	}
	if w := ts.do(t, "GET", "/dashboard", nil, other); w.Code != http.StatusSeeOther {
		t.Fatal("the other session survived")
	}
	if w := ts.do(t, "GET", "/dashboard", nil, mine); w.Code != 200 {
		t.Fatal("this session was ended")
	}

	other = ts.session(t, me.ID)
	w = ts.do(t, "POST", "/account/password", url.Values{"current_password": {"not it"}, "new_password": {"gravel lantern otter spoon"}}, mine)
	if w.Code != 422 || !strings.Contains(w.Body.String(), "Your current password is not right") {
		t.Fatalf("wrong current password: %d", w.Code)
	}
	w = ts.do(t, "POST", "/account/password", url.Values{"current_password": {testutil.Password}, "new_password": {"gravel lantern otter spoon"}}, mine)
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/account?done=password" {
		t.Fatalf("change password: %d", w.Code)
	}
	if w := ts.do(t, "GET", "/dashboard", nil, other); w.Code != http.StatusSeeOther {
		t.Fatal("another session survived the change of password")
	}
	if w := ts.do(t, "GET", "/account?done=password", nil, mine); !strings.Contains(w.Body.String(), "Your password has been changed") {
		t.Fatal("no notice after changing the password")
	}
}
