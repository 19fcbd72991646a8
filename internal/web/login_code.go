package web

import (
	"errors"
	"html/template"
	"net/http"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

func (s *Server) loginCodeForm(w http.ResponseWriter, r *http.Request) error {
	if _, p := s.pendingLogin(w, r, scrutineer.LoginNeedsCode); p != nil {
		s.render(w, r, http.StatusOK, "login-code", s.page(r, "Enter your security code"))
	}
	return nil
}

func (s *Server) loginCode(w http.ResponseWriter, r *http.Request) error {
	token, p := s.pendingLogin(w, r, scrutineer.LoginNeedsCode)
	if p == nil {
		return nil
	}
	if err := r.ParseForm(); err != nil {
		return scrutineer.Errorf(scrutineer.EINVALID, "The form could not be read. Try again.")
	}
	code := r.PostForm.Get("code")
	var res *scrutineer.LoginResult
	var err error
	if auth.NormaliseCode(code) == "" {
		err = &scrutineer.Error{Code: scrutineer.EINVALID, Message: "Enter your code.", Fields: map[string]string{"code": "Enter the 6-digit code from your authenticator app"}}
	} else {
		res, err = s.Login.SignInWithCode(r.Context(), token, code)
	}
	if te := (*scrutineer.ThrottledError)(nil); errors.As(err, &te) {
		return s.throttled(w, r, te)
	}
	switch scrutineer.ErrorCode(err) {
	case "":
		return s.afterLoginStep(w, r, res)
	case scrutineer.EINVALID:
		s.render(w, r, http.StatusUnprocessableEntity, "login-code", s.page(r, "Error: Enter your security code").withErrors(err, "code"))
		return nil
	case scrutineer.EUNAUTHORISED:
		// Too many wrong codes, or the time ran out: start again.
		s.setCookie(w, pendingCookie, "", -1)
		http.Redirect(w, r, "/login?timeout=1", http.StatusSeeOther)
		return nil
	}
	return err
}

// enrolData is the set-up page: the QR code, the secret for typing, and whether the
// password is asked for (on the account page, not during sign-in).
type enrolData struct {
	QR           template.URL
	Secret       string
	Account      string
	Action       string
	AskPassword  bool
	Replacing    bool
	DuringSignIn bool
}

func newEnrolData(e *scrutineer.TOTPEnrolment) (*enrolData, error) {
	k := &auth.TOTPKey{Secret: e.Secret, URL: e.URL}
	qr, err := k.QRCodeDataURL()
	if err != nil {
		return nil, err
	}
	// NOTE: template.URL marks the data: URL safe; it is made here from a PNG we
	// encoded, never from input.
	return &enrolData{QR: template.URL(qr), Secret: k.GroupedSecret(), Account: e.Account}, nil
}

func (s *Server) loginEnrolForm(w http.ResponseWriter, r *http.Request) error {
	token, p := s.pendingLogin(w, r, scrutineer.LoginNeedsEnrolment)
	if p == nil {
		return nil
	}
	return s.renderLoginEnrol(w, r, token, http.StatusOK, nil)
}

func (s *Server) renderLoginEnrol(w http.ResponseWriter, r *http.Request, token string, status int, problem error) error {
	e, err := s.Login.BeginSignInEnrolment(r.Context(), token)
	if err != nil {
		return err
	}
	data, err := newEnrolData(e)
	if err != nil {
		return err
	}
	data.Action, data.DuringSignIn = "/login/set-up", true
	d := s.page(r, "Set up two-factor authentication")
	if problem != nil {
		d.withErrors(problem, "code")
		d.Title = "Error: " + d.Title
	}
	d.Data = data
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, status, "twofactor-setup", d)
	return nil
}

func (s *Server) loginEnrol(w http.ResponseWriter, r *http.Request) error {
	token, p := s.pendingLogin(w, r, scrutineer.LoginNeedsEnrolment)
	if p == nil {
		return nil
	}
	if err := r.ParseForm(); err != nil {
		return scrutineer.Errorf(scrutineer.EINVALID, "The form could not be read. Try again.")
	}
	code := r.PostForm.Get("code")
	if auth.NormaliseCode(code) == "" {
		return s.renderLoginEnrol(w, r, token, http.StatusUnprocessableEntity, &scrutineer.Error{Code: scrutineer.EINVALID, Message: "Enter the code.",
			Fields: map[string]string{"code": "Enter the 6-digit code your authenticator app shows for Scrutineer"}})
	}
	res, codes, err := s.Login.ConfirmSignInEnrolment(r.Context(), token, code)
	if te := (*scrutineer.ThrottledError)(nil); errors.As(err, &te) {
		return s.throttled(w, r, te)
	}
	switch scrutineer.ErrorCode(err) {
	case "":
	case scrutineer.EINVALID:
		return s.renderLoginEnrol(w, r, token, http.StatusUnprocessableEntity, err)
	case scrutineer.EUNAUTHORISED:
		s.setCookie(w, pendingCookie, "", -1)
		http.Redirect(w, r, "/login?timeout=1", http.StatusSeeOther)
		return nil
	default:
		return err
	}
	if err := s.startSession(w, r, res.User); err != nil {
		return err
	}
	next := res.ReturnTo
	if next == "" {
		next = "/dashboard"
	}
	// The page is shown as the answer to the POST rather than after a redirect: the
	// codes exist in the clear only now, and are never stored so.
	r = r.WithContext(scrutineer.NewContextWithUser(r.Context(), res.User))
	return s.renderRecoveryCodes(w, r, codes, next, "Two-factor authentication is set up")
}

// renderRecoveryCodes shows new recovery codes, once.
func (s *Server) renderRecoveryCodes(w http.ResponseWriter, r *http.Request, codes []string, next, title string) error {
	d := s.page(r, title)
	d.Data = struct {
		Codes []string
		Next  string
	}{codes, next}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, http.StatusOK, "twofactor-recovery-codes", d)
	return nil
}
