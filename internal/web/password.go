package web

import (
	"net/http"
	"strings"

	"github.com/scrutineer/scrutineer"
)

// passwordResetRoutes are the public pages of a forgotten password: ask for a link,
// then set a new password through it.
func (s *Server) passwordResetRoutes() []route {
	return []route{
		{"GET /password/forgot", s.passwordForgotForm, Public},
		{"POST /password/forgot", s.passwordForgot, Public},
		{"GET /password/forgot/sent", s.passwordForgotSent, Public},
		{"GET /password/reset/done", s.passwordResetDone, Public},
		{"GET /password/reset/{token}", s.passwordResetForm, Public},
		{"POST /password/reset/{token}", s.passwordReset, Public},
	}
}

// linkPage marks a page reached through a secret link: never cached, and the link is
// not sent on as a referrer.
func linkPage(w http.ResponseWriter) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
}

func (s *Server) passwordForgotForm(w http.ResponseWriter, r *http.Request) error {
	if err := s.accountsReady(); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "password-forgot", s.page(r, "Reset your password"))
	return nil
}

// passwordForgot asks for a reset link. NOTE: whatever the address, a well-formed one
// gets the same page, so the answer does not tell anyone whether it has an account.
func (s *Server) passwordForgot(w http.ResponseWriter, r *http.Request) error {
	if err := s.accountsReady(); err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return scrutineer.Errorf(scrutineer.EINVALID, "The form could not be read. Try again.")
	}
	email := strings.TrimSpace(r.PostForm.Get("email"))
	var p scrutineer.Problems
	scrutineer.ValidateEmail(&p, "email", email)
	if err := p.Err("Check your email address."); err != nil {
		d := s.page(r, "Error: Reset your password").withErrors(err, "email")
		d.Form = map[string]string{"email": email}
		s.render(w, r, http.StatusUnprocessableEntity, "password-forgot", d)
		return nil
	}
	if err := s.Passwords.RequestPasswordReset(r.Context(), email); err != nil {
		return err
	}
	http.Redirect(w, r, "/password/forgot/sent", http.StatusSeeOther)
	return nil
}

func (s *Server) passwordForgotSent(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, http.StatusOK, "password-forgot-sent", s.page(r, "Check your email"))
	return nil
}

// resetFormData is what the set-a-new-password page shows.
type resetFormData struct {
	Token string
	Email string
}

func (s *Server) passwordResetForm(w http.ResponseWriter, r *http.Request) error {
	if err := s.accountsReady(); err != nil {
		return err
	}
	linkPage(w)
	token := r.PathValue("token")
	email, err := s.Passwords.CheckPasswordReset(r.Context(), token)
	if scrutineer.ErrorCode(err) == scrutineer.ENOTFOUND {
		return s.resetLinkGone(w, r)
	}
	if err != nil {
		return err
	}
	d := s.page(r, "Choose a new password")
	d.Data = resetFormData{Token: token, Email: email}
	s.render(w, r, http.StatusOK, "password-reset", d)
	return nil
}

func (s *Server) passwordReset(w http.ResponseWriter, r *http.Request) error {
	if err := s.accountsReady(); err != nil {
		return err
	}
	linkPage(w)
	if err := r.ParseForm(); err != nil {
		return scrutineer.Errorf(scrutineer.EINVALID, "The form could not be read. Try again.")
	}
	token := r.PathValue("token")
	err := s.Passwords.ResetPassword(r.Context(), token, r.PostForm.Get("password"))
	switch scrutineer.ErrorCode(err) {
	case "":
		http.Redirect(w, r, "/password/reset/done", http.StatusSeeOther)
		return nil
	case scrutineer.ENOTFOUND:
		return s.resetLinkGone(w, r)
	case scrutineer.EINVALID:
		email, cerr := s.Passwords.CheckPasswordReset(r.Context(), token)
		if cerr != nil {
			return s.resetLinkGone(w, r)
		}
		d := s.page(r, "Error: Choose a new password").withErrors(err, "password")
		d.Data = resetFormData{Token: token, Email: email}
		s.render(w, r, http.StatusUnprocessableEntity, "password-reset", d)
		return nil
	}
	return err
}

// resetLinkGone answers a reset link that is unknown, used or expired. NOTE: 410, not
// 404: the page tells a person what to do next.
func (s *Server) resetLinkGone(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, http.StatusGone, "password-reset-invalid", s.page(r, "This link has expired"))
	return nil
}

func (s *Server) passwordResetDone(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, http.StatusOK, "password-reset-done", s.page(r, "Your password has been changed"))
	return nil
}
