package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// twoFactorPath is the account page for two-factor authentication.
const twoFactorPath = "/account/two-factor"

// twoFactorRoutes are a user's own two-factor pages. Any signed-in user may reach
// them; the store asks the policy (auth.ManageTwoFactor) for the account itself.
func (s *Server) twoFactorRoutes() []route {
	return []route{
		{"GET " + twoFactorPath, s.twoFactorShow, SignedIn},
		{"GET " + twoFactorPath + "/set-up", s.twoFactorSetupForm, SignedIn},
		{"POST " + twoFactorPath + "/set-up", s.twoFactorSetup, SignedIn},
		{"GET " + twoFactorPath + "/recovery-codes", s.twoFactorPasswordForm("recovery-codes"), SignedIn},
		{"POST " + twoFactorPath + "/recovery-codes", s.twoFactorRecoveryCodes, SignedIn},
		{"GET " + twoFactorPath + "/turn-off", s.twoFactorPasswordForm("turn-off"), SignedIn},
		{"POST " + twoFactorPath + "/turn-off", s.twoFactorTurnOff, SignedIn},
	}
}

// notices are the notifications shown after a change, by the done parameter.
var twoFactorNotices = map[string]string{
	"off": "Two-factor authentication is turned off.",
}

func (s *Server) twoFactorShow(w http.ResponseWriter, r *http.Request) error {
	u := scrutineer.UserFromContext(r.Context())
	st, err := s.Login.TwoFactorStatus(r.Context(), u.ID)
	if err != nil {
		return err
	}
	d := s.page(r, "Two-factor authentication")
	q := r.URL.Query()
	d.Flash = twoFactorNotices[q.Get("done")]
	if q.Get("done") == "recovery-used" {
		left, _ := strconv.Atoi(q.Get("left"))
		d.Flash = "You signed in with a recovery code. It cannot be used again; you have " + strconv.Itoa(min(left, st.RecoveryCodesLeft)) + " left."
	}
	d.Data = st
	s.render(w, r, http.StatusOK, "twofactor", d)
	return nil
}

func (s *Server) twoFactorSetupForm(w http.ResponseWriter, r *http.Request) error {
	return s.renderTwoFactorSetup(w, r, http.StatusOK, nil)
}

func (s *Server) renderTwoFactorSetup(w http.ResponseWriter, r *http.Request, status int, problem error) error {
	u := scrutineer.UserFromContext(r.Context())
	st, err := s.Login.TwoFactorStatus(r.Context(), u.ID)
	if err != nil {
		return err
	}
	e, err := s.Login.BeginEnrolment(r.Context(), u.ID)
	if err != nil {
		return err
	}
	data, err := newEnrolData(e)
	if err != nil {
		return err
	}
	data.Action, data.AskPassword, data.Replacing = twoFactorPath+"/set-up", true, st.Enabled
	d := s.page(r, "Set up two-factor authentication")
	if problem != nil {
		d.withErrors(problem, "code", "password")
		d.Title = "Error: " + d.Title
	}
	d.Data = data
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, status, "twofactor-setup", d)
	return nil
}

func (s *Server) twoFactorSetup(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return scrutineer.Errorf(scrutineer.EINVALID, "The form could not be read. Try again.")
	}
	u := scrutineer.UserFromContext(r.Context())
	code, password := r.PostForm.Get("code"), r.PostForm.Get("password")
	var p scrutineer.Problems
	if auth.NormaliseCode(code) == "" {
		p.Add("code", "Enter the 6-digit code your authenticator app shows for Scrutineer")
	}
	if password == "" {
		p.Add("password", "Enter your current password")
	}
	err := p.Err("Check the code and your password.")
	var codes []string
	if err == nil {
		codes, err = s.Login.ConfirmEnrolment(r.Context(), u.ID, password, code)
	}
	if te := (*scrutineer.ThrottledError)(nil); errors.As(err, &te) {
		return s.throttled(w, r, te)
	}
	if scrutineer.ErrorCode(err) == scrutineer.EINVALID {
		return s.renderTwoFactorSetup(w, r, http.StatusUnprocessableEntity, err)
	}
	if err != nil {
		return err
	}
	return s.renderRecoveryCodes(w, r, codes, twoFactorPath, "Two-factor authentication is set up")
}

// twoFactorPasswordForm asks for the password before a change: new recovery codes
// or turning two-factor authentication off.
func (s *Server) twoFactorPasswordForm(what string) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		return s.renderTwoFactorPassword(w, r, what, http.StatusOK, nil)
	}
}

func (s *Server) renderTwoFactorPassword(w http.ResponseWriter, r *http.Request, what string, status int, problem error) error {
	u := scrutineer.UserFromContext(r.Context())
	st, err := s.Login.TwoFactorStatus(r.Context(), u.ID)
	if err != nil {
		return err
	}
	title := map[string]string{"recovery-codes": "Make new recovery codes", "turn-off": "Turn off two-factor authentication"}[what]
	d := s.page(r, title)
	if problem != nil {
		d.withErrors(problem, "password")
		d.Title = "Error: " + title
	}
	d.Data = struct {
		What   string
		Status *scrutineer.TwoFactorStatus
	}{what, st}
	s.render(w, r, status, "twofactor-confirm", d)
	return nil
}

func (s *Server) twoFactorRecoveryCodes(w http.ResponseWriter, r *http.Request) error {
	return s.withPassword(w, r, "recovery-codes", func(userID, password string) error {
		codes, err := s.Login.NewRecoveryCodes(r.Context(), userID, password)
		if err != nil {
			return err
		}
		return s.renderRecoveryCodes(w, r, codes, twoFactorPath, "Your new recovery codes")
	})
}

func (s *Server) twoFactorTurnOff(w http.ResponseWriter, r *http.Request) error {
	return s.withPassword(w, r, "turn-off", func(userID, password string) error {
		if err := s.Login.DisableTwoFactor(r.Context(), userID, password); err != nil {
			return err
		}
		http.Redirect(w, r, twoFactorPath+"?done=off", http.StatusSeeOther)
		return nil
	})
}

// withPassword reads the password form and runs fn, answering its problems on the
// form again.
func (s *Server) withPassword(w http.ResponseWriter, r *http.Request, what string, fn func(userID, password string) error) error {
	if err := r.ParseForm(); err != nil {
		return scrutineer.Errorf(scrutineer.EINVALID, "The form could not be read. Try again.")
	}
	password := r.PostForm.Get("password")
	var err error
	if password == "" {
		err = &scrutineer.Error{Code: scrutineer.EINVALID, Message: "Enter your password.", Fields: map[string]string{"password": "Enter your current password"}}
	} else {
		err = fn(scrutineer.UserFromContext(r.Context()).ID, password)
	}
	if te := (*scrutineer.ThrottledError)(nil); errors.As(err, &te) {
		return s.throttled(w, r, te)
	}
	if scrutineer.ErrorCode(err) == scrutineer.EINVALID {
		return s.renderTwoFactorPassword(w, r, what, http.StatusUnprocessableEntity, err)
	}
	return err
}
