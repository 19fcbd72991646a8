package web

import (
	"net/http"
	"net/url"
	"slices"

	"github.com/scrutineer/scrutineer"
)

// Inviting someone: a form, a page to check the answers, then the invitation. The
// check page carries the answers in hidden fields, so nothing is saved until the
// administrator confirms and the journey works without JavaScript.

// inviteFields are the invite form's fields in order, for the error summary.
var inviteFields = []string{"email", "name", "organisation", "roles"}

type inviteFormData struct {
	Organisations []fieldOption
	Roles         []fieldOption
}

// readInvitation reads the invite form (or the check page's hidden fields).
func readInvitation(f url.Values) scrutineer.NewInvitation {
	n := scrutineer.NewInvitation{Email: f.Get("email"), Name: f.Get("name"), OrganisationSlug: f.Get("organisation")}
	for _, r := range f["roles"] {
		n.Roles = append(n.Roles, scrutineer.Role(r))
	}
	return n
}

// roleOptions are the roles as checkboxes, with chosen ones ticked.
func roleOptions(chosen []scrutineer.Role) []fieldOption {
	var opts []fieldOption
	for _, ro := range scrutineer.Roles {
		opts = append(opts, fieldOption{Value: string(ro), Label: ro.Label(), Selected: slices.Contains(chosen, ro)})
	}
	return opts
}

func (s *Server) inviteForm(w http.ResponseWriter, r *http.Request) error {
	if err := s.accountsReady(); err != nil {
		return err
	}
	if err := mayManageUsers(r); err != nil {
		return err
	}
	return s.renderInviteForm(w, r, http.StatusOK, scrutineer.NewInvitation{}, nil)
}

func (s *Server) renderInviteForm(w http.ResponseWriter, r *http.Request, status int, n scrutineer.NewInvitation, err error) error {
	orgs, ferr := s.Organisations.FindOrganisations(r.Context(), scrutineer.OrganisationFilter{Status: scrutineer.StatusActive})
	if ferr != nil {
		return ferr
	}
	data := inviteFormData{
		Organisations: []fieldOption{{Value: "", Label: "Choose an organisation", Selected: n.OrganisationSlug == ""}},
		Roles:         roleOptions(n.Roles),
	}
	for _, o := range orgs {
		data.Organisations = append(data.Organisations, fieldOption{Value: o.Slug, Label: o.Name, Selected: o.Slug == n.OrganisationSlug})
	}
	d := s.page(r, "Invite someone")
	if err != nil {
		d.withErrors(err, inviteFields...)
		d.Title = "Error: " + d.Title
	}
	d.Form = map[string]string{"email": n.Email, "name": n.Name}
	d.Data = data
	s.render(w, r, status, "admin-user-invite", d)
	return nil
}

// inviteCheck shows the answers to check, or the form again: with its problems, or
// because the administrator chose to change an answer (step=edit).
func (s *Server) inviteCheck(w http.ResponseWriter, r *http.Request) error {
	if err := s.accountsReady(); err != nil {
		return err
	}
	if err := mayManageUsers(r); err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return scrutineer.Errorf(scrutineer.EINVALID, "The form could not be read. Try again.")
	}
	n := readInvitation(r.PostForm)
	if r.PostForm.Get("step") == "edit" {
		return s.renderInviteForm(w, r, http.StatusOK, n, nil)
	}
	inv, err := s.Invitations.PreviewInvitation(r.Context(), n)
	if len(scrutineer.ErrorFields(err)) > 0 {
		return s.renderInviteForm(w, r, statusOf(scrutineer.ErrorCode(err)), n, err)
	}
	if err != nil {
		return err
	}
	n.Normalise()
	d := s.page(r, "Check the invitation")
	d.Data = struct {
		Inv       *scrutineer.Invitation
		RolesText string
		Slug      string
	}{inv, rolesText(inv.Roles), n.OrganisationSlug}
	s.render(w, r, http.StatusOK, "admin-user-invite-check", d)
	return nil
}

func (s *Server) inviteConfirm(w http.ResponseWriter, r *http.Request) error {
	if err := s.accountsReady(); err != nil {
		return err
	}
	if err := mayManageUsers(r); err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return scrutineer.Errorf(scrutineer.EINVALID, "The form could not be read. Try again.")
	}
	n := readInvitation(r.PostForm)
	inv, _, err := s.Invitations.InviteUser(r.Context(), n)
	if len(scrutineer.ErrorFields(err)) > 0 {
		return s.renderInviteForm(w, r, statusOf(scrutineer.ErrorCode(err)), n, err)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, userPath(inv.UserID)+"?done=invited", http.StatusSeeOther)
	return nil
}
