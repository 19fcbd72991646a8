package web

import (
	"net/http"
	"slices"

	"github.com/scrutineer/scrutineer"
)

// Changing someone's roles: one question (which roles), then a page to check the
// change before it is made. Permission changes deserve a second look.

func (s *Server) rolesForm(w http.ResponseWriter, r *http.Request) error {
	if err := s.accountsReady(); err != nil {
		return err
	}
	a, err := s.Accounts.FindAccount(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return s.renderRolesForm(w, r, http.StatusOK, a, a.Roles, nil)
}

type rolesFormData struct {
	Account *scrutineer.Account
	Roles   []fieldOption
}

func (s *Server) renderRolesForm(w http.ResponseWriter, r *http.Request, status int, a *scrutineer.Account, chosen []scrutineer.Role, err error) error {
	d := s.page(r, "Change roles: "+displayName(a.User))
	if err != nil {
		d.withErrors(err, "roles")
		d.Title = "Error: " + d.Title
	}
	d.Data = rolesFormData{Account: a, Roles: roleOptions(chosen)}
	s.render(w, r, status, "admin-user-roles", d)
	return nil
}

// readRoles reads the ticked roles, in the order of scrutineer.Roles.
func readRoles(r *http.Request) []scrutineer.Role {
	var roles []scrutineer.Role
	for _, v := range r.PostForm["roles"] {
		roles = append(roles, scrutineer.Role(v))
	}
	slices.Sort(roles)
	return slices.Compact(roles)
}

type rolesCheckData struct {
	Account   *scrutineer.Account
	Roles     []scrutineer.Role
	Before    string
	After     string
	Added     []string
	Removed   []string
	Unchanged bool
}

func (s *Server) rolesCheck(w http.ResponseWriter, r *http.Request) error {
	if err := s.accountsReady(); err != nil {
		return err
	}
	a, err := s.Accounts.FindAccount(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return scrutineer.Errorf(scrutineer.EINVALID, "The form could not be read. Try again.")
	}
	roles := readRoles(r)
	if r.PostForm.Get("step") == "edit" {
		return s.renderRolesForm(w, r, http.StatusOK, a, roles, nil)
	}
	var p scrutineer.Problems
	scrutineer.ValidateRoles(&p, roles, a.Organisation.Kind)
	if err := p.Err("Check the roles."); err != nil {
		return s.renderRolesForm(w, r, http.StatusUnprocessableEntity, a, roles, err)
	}
	data := rolesCheckData{Account: a, Roles: roles, Before: rolesText(a.Roles), After: rolesText(roles)}
	for _, ro := range scrutineer.Roles {
		had, has := slices.Contains(a.Roles, ro), slices.Contains(roles, ro)
		switch {
		case has && !had:
			data.Added = append(data.Added, ro.Label())
		case had && !has:
			data.Removed = append(data.Removed, ro.Label())
		}
	}
	data.Unchanged = len(data.Added) == 0 && len(data.Removed) == 0
	d := s.page(r, "Check the change of roles")
	d.Data = data
	s.render(w, r, http.StatusOK, "admin-user-roles-check", d)
	return nil
}

func (s *Server) rolesConfirm(w http.ResponseWriter, r *http.Request) error {
	if err := s.accountsReady(); err != nil {
		return err
	}
	id := r.PathValue("id")
	a, err := s.Accounts.FindAccount(r.Context(), id)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return scrutineer.Errorf(scrutineer.EINVALID, "The form could not be read. Try again.")
	}
	roles := readRoles(r)
	err = s.Accounts.ChangeRoles(r.Context(), id, roles)
	switch {
	case len(scrutineer.ErrorFields(err)) > 0:
		return s.renderRolesForm(w, r, http.StatusUnprocessableEntity, a, roles, err)
	case scrutineer.ErrorCode(err) == scrutineer.ECONFLICT:
		return s.renderRolesForm(w, r, http.StatusConflict, a, roles,
			&scrutineer.Error{Code: scrutineer.ECONFLICT, Message: scrutineer.ErrorMessage(err), Fields: map[string]string{"roles": scrutineer.ErrorMessage(err)}})
	case err != nil:
		return err
	}
	done := "roles"
	if slices.Equal(a.Roles, roles) {
		done = "roles_same"
	}
	http.Redirect(w, r, userPath(id)+"?done="+done, http.StatusSeeOther)
	return nil
}
