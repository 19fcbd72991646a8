package web

import (
	"net/http"
	"slices"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// accountRoutes registers every page of the accounts part: a signed-in user's own
// account, the public invitation and password-reset links, and the administrators'
// user and invitation pages.
func (s *Server) accountRoutes() []route {
	own := []route{
		{"GET /account", s.accountShow, SignedIn},
		{"GET /account/password", s.passwordChangeForm, SignedIn},
		{"POST /account/password", s.passwordChange, SignedIn},
		{"GET /account/sessions", s.sessionList, SignedIn},
		{"POST /account/sessions/end-others", s.sessionEndOthers, SignedIn},
		{"POST /account/sessions/{id}/end", s.sessionEnd, SignedIn},
	}
	own = append(own, s.passwordResetRoutes()...)
	own = append(own, s.invitationRoutes()...)
	return append(own, s.adminUserRoutes()...)
}

// accountsReady answers not found when the account services are not wired, as in
// tests of other parts that build a server without them.
func (s *Server) accountsReady() error {
	if s.Accounts == nil || s.SessionLists == nil || s.Invitations == nil || s.Passwords == nil {
		return scrutineer.Errorf(scrutineer.ENOTFOUND, "Page not found.")
	}
	return nil
}

// sessionToken is the caller's session token, to tell their current session apart.
func (s *Server) sessionToken(r *http.Request) string {
	if c, err := r.Cookie(s.sessionCookie()); err == nil {
		return c.Value
	}
	return ""
}

// hasRoute reports whether the route table has pattern. The account page links to
// pages other parts add (two-factor authentication, API tokens) only when they exist,
// so it never links to a missing page.
func (s *Server) hasRoute(pattern string) bool {
	return slices.ContainsFunc(s.routeTable(), func(rt route) bool { return rt.pattern == pattern })
}

// accountLink is one thing a user can do with their account.
type accountLink struct {
	Href, Label, Description string
}

type accountData struct {
	Links []accountLink
}

// accountFlashes are the notices of the account pages, by the done parameter.
var accountFlashes = map[string]string{
	"password": "Your password has been changed. You have been signed out everywhere else.",
}

func (s *Server) accountShow(w http.ResponseWriter, r *http.Request) error {
	if err := s.accountsReady(); err != nil {
		return err
	}
	data := accountData{Links: []accountLink{
		{"/account/password", "Change your password", "You need your current password."},
		{"/account/sessions", "Where you are signed in", "See the browsers signed in to your account and sign them out."},
	}}
	if s.hasRoute("GET /account/two-factor") {
		data.Links = append(data.Links, accountLink{"/account/two-factor", "Two-factor authentication", "Set up or change the code app you use when you sign in."})
	}
	if s.hasRoute("GET /account/tokens") {
		data.Links = append(data.Links, accountLink{"/account/tokens", "API tokens", "Create and revoke tokens for scripts that use the Scrutineer API."})
	}
	d := s.page(r, "Your account")
	d.Flash = accountFlashes[r.URL.Query().Get("done")]
	d.Data = data
	s.render(w, r, http.StatusOK, "account", d)
	return nil
}

// passwordChangeFields are the change-password form's fields in order.
var passwordChangeFields = []string{"current_password", "new_password"}

func (s *Server) passwordChangeForm(w http.ResponseWriter, r *http.Request) error {
	if err := s.accountsReady(); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "account-password", s.page(r, "Change your password"))
	return nil
}

func (s *Server) passwordChange(w http.ResponseWriter, r *http.Request) error {
	if err := s.accountsReady(); err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return scrutineer.Errorf(scrutineer.EINVALID, "The form could not be read. Try again.")
	}
	err := s.Passwords.ChangePassword(r.Context(), s.sessionToken(r), r.PostForm.Get("current_password"), r.PostForm.Get("new_password"))
	if scrutineer.ErrorCode(err) == scrutineer.EINVALID {
		// Passwords are never sent back into the form.
		d := s.page(r, "Error: Change your password").withErrors(err, passwordChangeFields...)
		s.render(w, r, http.StatusUnprocessableEntity, "account-password", d)
		return nil
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/account?done=password", http.StatusSeeOther)
	return nil
}

// mayManageUsers asks the access policy whether the caller may manage accounts; the
// admin pages ask before they read the directory, which everyone may read.
func mayManageUsers(r *http.Request) error {
	return auth.Authorise(r.Context(), auth.ManageUsers, auth.Resource{})
}
