package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// adminUserRoutes are the administrators' pages about accounts. The account service
// asks the access policy; others get not found.
func (s *Server) adminUserRoutes() []route {
	manage := Requires(auth.ManageUsers)
	return []route{
		{"GET /admin/users", s.userList, manage},
		{"GET /admin/users/invite", s.inviteForm, manage},
		{"POST /admin/users/invite", s.inviteCheck, manage},
		{"POST /admin/users/invite/confirm", s.inviteConfirm, manage},
		{"GET /admin/users/{id}", s.userShow, manage},
		{"GET /admin/users/{id}/roles", s.rolesForm, manage},
		{"POST /admin/users/{id}/roles", s.rolesCheck, manage},
		{"POST /admin/users/{id}/roles/confirm", s.rolesConfirm, manage},
		{"GET /admin/users/{id}/deactivate", s.statusForm(false), manage},
		{"POST /admin/users/{id}/deactivate", s.statusChange(false), manage},
		{"GET /admin/users/{id}/reactivate", s.statusForm(true), manage},
		{"POST /admin/users/{id}/reactivate", s.statusChange(true), manage},
		{"POST /admin/users/{id}/sessions/end", s.userEndSessions, manage},
		{"GET /admin/users/{id}/two-factor/reset", s.twoFactorResetForm, Requires(auth.ResetTwoFactor)},
		{"POST /admin/users/{id}/two-factor/reset", s.twoFactorReset, Requires(auth.ResetTwoFactor)},
	}
}

// userPageSize is how many accounts or invitations one page lists.
const userPageSize = 50

func userPath(id string) string { return "/admin/users/" + url.PathEscape(id) }

// userFlashes are the notices of the user and invitation pages, by the done
// parameter. Only these fixed texts are shown, never text from the address.
var userFlashes = map[string]string{
	"invited":     "Invitation sent. The link in it works for 7 days.",
	"roles":       "Roles changed. The change is in the audit log.",
	"deactivated": "Account deactivated. The person has been signed out everywhere.",
	"reactivated": "Account reactivated. The person can sign in again.",
	"signed_out":  "The person has been signed out everywhere.",
	"resent":      "A new invitation link has been sent. The earlier link no longer works.",
	"withdrawn":   "Invitation withdrawn. The link no longer works.",
	"roles_same":  "The roles were not changed.",

	// admin_users_twofactor.go
	"twofactor_reset": "Two-factor authentication reset. The person has been signed out everywhere and emailed.",
}

// accountTagColours gives each account status a design system tag colour.
var accountTagColours = map[scrutineer.UserStatus]string{
	scrutineer.UserActive:      "green",
	scrutineer.UserInvited:     "blue",
	scrutineer.UserDeactivated: "grey",
}

type userRow struct {
	*scrutineer.Account
	TagColour string
	RolesText string
}

func rolesText(roles []scrutineer.Role) string {
	labels := make([]string, len(roles))
	for i, r := range roles {
		labels[i] = r.Label()
	}
	return strings.Join(labels, ", ")
}

type userListData struct {
	Organisations []fieldOption
	Roles         []fieldOption
	Statuses      []fieldOption
	Text          string
	Filtered      bool
	Rows          []userRow
	Pager         pager
}

func (s *Server) userList(w http.ResponseWriter, r *http.Request) error {
	if err := s.accountsReady(); err != nil {
		return err
	}
	if err := mayManageUsers(r); err != nil {
		return err
	}
	q := r.URL.Query()
	f := scrutineer.UserFilter{
		OrganisationSlug: q.Get("organisation"),
		Role:             scrutineer.Role(q.Get("role")),
		Status:           scrutineer.UserStatus(q.Get("status")),
		Text:             strings.TrimSpace(q.Get("q")),
	}
	// An unknown value (an edited address) shows everything rather than nothing.
	if !f.Role.Valid() {
		f.Role = ""
	}
	if !f.Status.Valid() {
		f.Status = ""
	}
	orgs, err := s.Organisations.FindOrganisations(r.Context(), scrutineer.OrganisationFilter{})
	if err != nil {
		return err
	}
	data := userListData{
		Organisations: []fieldOption{{Value: "", Label: "All organisations", Selected: f.OrganisationSlug == ""}},
		Roles:         []fieldOption{{Value: "", Label: "Any role", Selected: f.Role == ""}},
		Statuses:      []fieldOption{{Value: "", Label: "Any status", Selected: f.Status == ""}},
		Text:          f.Text,
	}
	known := false
	for _, o := range orgs {
		known = known || o.Slug == f.OrganisationSlug
		data.Organisations = append(data.Organisations, fieldOption{Value: o.Slug, Label: o.Name, Selected: o.Slug == f.OrganisationSlug})
	}
	if !known {
		f.OrganisationSlug = ""
	}
	data.Filtered = f != scrutineer.UserFilter{}
	for _, ro := range scrutineer.Roles {
		data.Roles = append(data.Roles, fieldOption{Value: string(ro), Label: ro.Label(), Selected: ro == f.Role})
	}
	for _, st := range scrutineer.UserStatuses {
		data.Statuses = append(data.Statuses, fieldOption{Value: string(st), Label: st.Label(), Selected: st == f.Status})
	}
	page := pageNumber(r)
	f.Limit, f.Offset = userPageSize+1, (page-1)*userPageSize
	list, err := s.Accounts.FindAccounts(r.Context(), f)
	if err != nil {
		return err
	}
	more := len(list) > userPageSize
	if more {
		list = list[:userPageSize]
	}
	for _, a := range list {
		data.Rows = append(data.Rows, userRow{Account: a, TagColour: accountTagColours[a.Status], RolesText: rolesText(a.Roles)})
	}
	data.Pager = newPager("/admin/users", q, page, more).named("Pages of users", "Previous page", "Next page")
	d := s.page(r, "Users")
	d.Data = data
	s.render(w, r, http.StatusOK, "admin-users", d)
	return nil
}

type userPageData struct {
	Account     *scrutineer.Account
	TagColour   string
	RolesText   string
	Self        bool
	Sessions    []sessionRow
	Invitations []invitationRow
	AuditHref   string
	// TwoFactor is the person's two-factor authentication; nil when the service that
	// resets it is not wired in (admin_users_twofactor.go).
	TwoFactor *scrutineer.TwoFactorAccount
}

func (s *Server) userShow(w http.ResponseWriter, r *http.Request) error {
	if err := s.accountsReady(); err != nil {
		return err
	}
	ctx, id := r.Context(), r.PathValue("id")
	a, err := s.Accounts.FindAccount(ctx, id)
	if err != nil {
		return err
	}
	sessions, err := s.SessionLists.ListSessions(ctx, id, "")
	if err != nil {
		return err
	}
	invs, err := s.Invitations.FindInvitations(ctx, scrutineer.InvitationFilter{UserID: id})
	if err != nil {
		return err
	}
	data := userPageData{
		Account: a, TagColour: accountTagColours[a.Status], RolesText: rolesText(a.Roles),
		Self:        scrutineer.UserFromContext(ctx).ID == a.ID,
		Sessions:    sessionRows(sessions),
		Invitations: invitationRows(invs),
	}
	if s.TwoFactorResets != nil {
		if data.TwoFactor, err = s.TwoFactorResets.TwoFactorAccount(ctx, id); err != nil {
			return err
		}
	}
	if s.hasRoute("GET /admin/audit") {
		data.AuditHref = "/admin/audit?" + url.Values{"target_type": {"user"}, "target_id": {a.ID}}.Encode()
	}
	d := s.page(r, displayName(a.User))
	d.Flash = userFlashes[r.URL.Query().Get("done")]
	d.Data = data
	s.render(w, r, http.StatusOK, "admin-user", d)
	return nil
}

// displayName is how a person is named on pages: their name, or their email address
// while they have not given one.
func displayName(u *scrutineer.User) string {
	if u.Name != "" {
		return u.Name
	}
	return u.Email
}

// userEndSessions signs a person out everywhere.
func (s *Server) userEndSessions(w http.ResponseWriter, r *http.Request) error {
	if err := s.accountsReady(); err != nil {
		return err
	}
	id := r.PathValue("id")
	if _, err := s.SessionLists.EndAllSessions(r.Context(), id); err != nil {
		return err
	}
	http.Redirect(w, r, userPath(id)+"?done=signed_out", http.StatusSeeOther)
	return nil
}
