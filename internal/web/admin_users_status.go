package web

import (
	"net/http"

	"github.com/scrutineer/scrutineer"
)

// Deactivating and reactivating an account: one page each, with the reason, which is
// kept on the account.

type statusPageData struct {
	Account    *scrutineer.Account
	Reactivate bool
	Action     string // the form's address
	Conflict   string // why the change cannot be made now
}

func statusTitle(reactivate bool, a *scrutineer.Account) string {
	if reactivate {
		return "Reactivate " + displayName(a.User)
	}
	return "Deactivate " + displayName(a.User)
}

func statusAction(reactivate bool, id string) string {
	if reactivate {
		return userPath(id) + "/reactivate"
	}
	return userPath(id) + "/deactivate"
}

func (s *Server) statusForm(reactivate bool) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		if err := s.accountsReady(); err != nil {
			return err
		}
		a, err := s.Accounts.FindAccount(r.Context(), r.PathValue("id"))
		if err != nil {
			return err
		}
		return s.renderStatusForm(w, r, http.StatusOK, a, reactivate, "", nil)
	}
}

func (s *Server) renderStatusForm(w http.ResponseWriter, r *http.Request, status int, a *scrutineer.Account, reactivate bool, reason string, err error) error {
	data := statusPageData{Account: a, Reactivate: reactivate, Action: statusAction(reactivate, a.ID)}
	d := s.page(r, statusTitle(reactivate, a))
	switch {
	case scrutineer.ErrorCode(err) == scrutineer.ECONFLICT:
		data.Conflict = scrutineer.ErrorMessage(err)
	case err != nil:
		d.withErrors(err, "reason")
		d.Title = "Error: " + d.Title
	}
	d.Form = map[string]string{"reason": reason}
	d.Data = data
	s.render(w, r, status, "admin-user-status", d)
	return nil
}

func (s *Server) statusChange(reactivate bool) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
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
		reason := r.PostForm.Get("reason")
		done := "reactivated"
		if reactivate {
			err = s.Accounts.ReactivateUser(r.Context(), id, reason)
		} else {
			done, err = "deactivated", s.Accounts.DeactivateUser(r.Context(), id, reason)
		}
		switch code := scrutineer.ErrorCode(err); code {
		case "":
			http.Redirect(w, r, userPath(id)+"?done="+done, http.StatusSeeOther)
			return nil
		case scrutineer.EINVALID, scrutineer.ECONFLICT:
			return s.renderStatusForm(w, r, statusOf(code), a, reactivate, reason, err)
		}
		return err
	}
}
