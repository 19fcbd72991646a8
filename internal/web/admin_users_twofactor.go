package web

import (
	"net/http"

	"github.com/scrutineer/scrutineer"
)

// Resetting a person's two-factor authentication, for someone who has lost both their
// phone and their recovery codes: one page with the warning and the reason, which is
// kept on the account. The service refuses an administrator's own account with a
// message that says why, shown on the same page.

type twoFactorResetData struct {
	Account   *scrutineer.Account
	TwoFactor *scrutineer.TwoFactorAccount
	Conflict  string // why the reset cannot be done now
}

// twoFactorResetsReady answers not found when the service is not wired in (tests
// that build the server without it).
func (s *Server) twoFactorResetsReady() error {
	if s.TwoFactorResets == nil {
		return scrutineer.Errorf(scrutineer.ENOTFOUND, "Page not found.")
	}
	return s.accountsReady()
}

// twoFactorResetForm asks for the reason and says what a reset does.
func (s *Server) twoFactorResetForm(w http.ResponseWriter, r *http.Request) error {
	if err := s.twoFactorResetsReady(); err != nil {
		return err
	}
	a, st, err := s.twoFactorAccount(r, r.PathValue("id"))
	if err != nil {
		return err
	}
	var conflict error
	switch {
	case scrutineer.UserFromContext(r.Context()).ID == a.ID:
		conflict = scrutineer.Errorf(scrutineer.ECONFLICT, "You cannot reset your own two-factor authentication. Ask another administrator to do it, or set it up again on a new device from your account page.")
	case !st.Enabled:
		conflict = scrutineer.Errorf(scrutineer.ECONFLICT, "This person has not set up two-factor authentication, so there is nothing to reset.")
	}
	status := http.StatusOK
	if conflict != nil {
		status = http.StatusConflict
	}
	return s.renderTwoFactorReset(w, r, status, a, st, "", conflict)
}

// twoFactorReset resets it and goes back to the person's page with a notice.
func (s *Server) twoFactorReset(w http.ResponseWriter, r *http.Request) error {
	if err := s.twoFactorResetsReady(); err != nil {
		return err
	}
	id := r.PathValue("id")
	a, st, err := s.twoFactorAccount(r, id)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return scrutineer.Errorf(scrutineer.EINVALID, "The form could not be read. Try again.")
	}
	reason := r.PostForm.Get("reason")
	err = s.TwoFactorResets.ResetTwoFactor(r.Context(), id, reason)
	switch code := scrutineer.ErrorCode(err); code {
	case "":
		http.Redirect(w, r, userPath(id)+"?done=twofactor_reset", http.StatusSeeOther)
		return nil
	case scrutineer.EINVALID, scrutineer.ECONFLICT:
		return s.renderTwoFactorReset(w, r, statusOf(code), a, st, reason, err)
	}
	return err
}

func (s *Server) twoFactorAccount(r *http.Request, id string) (*scrutineer.Account, *scrutineer.TwoFactorAccount, error) {
	a, err := s.Accounts.FindAccount(r.Context(), id)
	if err != nil {
		return nil, nil, err
	}
	st, err := s.TwoFactorResets.TwoFactorAccount(r.Context(), id)
	if err != nil {
		return nil, nil, err
	}
	return a, st, nil
}

func (s *Server) renderTwoFactorReset(w http.ResponseWriter, r *http.Request, status int, a *scrutineer.Account, st *scrutineer.TwoFactorAccount, reason string, err error) error {
	data := twoFactorResetData{Account: a, TwoFactor: st}
	d := s.page(r, "Reset two-factor authentication for "+displayName(a.User))
	switch {
	case scrutineer.ErrorCode(err) == scrutineer.ECONFLICT:
		data.Conflict = scrutineer.ErrorMessage(err)
	case err != nil:
		d.withErrors(err, "reason")
		d.Title = "Error: " + d.Title
	}
	d.Form = map[string]string{"reason": reason}
	d.Data = data
	s.render(w, r, status, "admin-user-twofactor-reset", d)
	return nil
}
