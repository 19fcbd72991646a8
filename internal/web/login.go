package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/scrutineer/scrutineer"
)

// pendingCookie holds the token of a half-done sign-in between the password (or
// single sign-on) step and the code or set-up step. Only its hash is stored.
const pendingCookie = "scrutineer_login"

// loginFields are the sign-in form's fields in the order they appear.
var loginFields = []string{"email", "password", "code"}

type loginData struct {
	// SSO is set when single sign-on is configured: the page offers it.
	SSO bool
}

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) error {
	d := s.page(r, "Sign in")
	d.Form = map[string]string{"next": safeNext(r.URL.Query().Get("next"))}
	d.Data = loginData{SSO: s.OIDC != nil}
	if r.URL.Query().Get("timeout") != "" {
		d.Message = "Your sign-in timed out before it was finished. Sign in again."
	}
	s.render(w, r, http.StatusOK, "login", d)
	return nil
}

// login is POST /login: email and password, and for accounts with two-factor
// authentication optionally the code in the same request (the contract). Without
// the code, the person is asked for it on the next page.
func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return scrutineer.Errorf(scrutineer.EINVALID, "The form could not be read. Try again.")
	}
	f := r.PostForm
	email, password, code := strings.TrimSpace(f.Get("email")), f.Get("password"), f.Get("code")
	next := safeNext(f.Get("next"))
	var p scrutineer.Problems
	if email == "" {
		p.Add("email", "Enter your email address")
	}
	if password == "" {
		p.Add("password", "Enter your password")
	}
	err := p.Err("Check your sign-in details.")
	var res *scrutineer.LoginResult
	if err == nil {
		res, err = s.Login.SignInWithPassword(r.Context(), email, password, code, next)
	}
	if te := (*scrutineer.ThrottledError)(nil); errors.As(err, &te) {
		return s.throttled(w, r, te)
	}
	if scrutineer.ErrorCode(err) == scrutineer.EINVALID {
		d := s.page(r, "Error: Sign in").withErrors(err, loginFields...)
		d.Form = map[string]string{"email": email, "next": next}
		d.Data = loginData{SSO: s.OIDC != nil}
		s.render(w, r, http.StatusUnprocessableEntity, "login", d)
		return nil
	}
	if err != nil {
		return err
	}
	return s.afterLoginStep(w, r, res)
}

// afterLoginStep starts the session of a complete sign-in, or keeps the half-done
// one in a cookie and sends the person to its next step.
func (s *Server) afterLoginStep(w http.ResponseWriter, r *http.Request, res *scrutineer.LoginResult) error {
	switch res.Next {
	case scrutineer.LoginComplete:
		if err := s.startSession(w, r, res.User); err != nil {
			return err
		}
		to := res.ReturnTo
		if to == "" {
			to = "/dashboard"
		}
		if res.RecoveryCodeUsed {
			to = "/account/two-factor?done=recovery-used&left=" + strconv.Itoa(res.RecoveryCodesLeft)
		}
		http.Redirect(w, r, to, http.StatusSeeOther)
	case scrutineer.LoginNeedsCode:
		s.setCookie(w, pendingCookie, res.Pending, 0)
		http.Redirect(w, r, "/login/code", http.StatusSeeOther)
	case scrutineer.LoginNeedsEnrolment:
		s.setCookie(w, pendingCookie, res.Pending, 0)
		http.Redirect(w, r, "/login/set-up", http.StatusSeeOther)
	default:
		return errors.New("web: unknown sign-in step " + string(res.Next))
	}
	return nil
}

// throttled answers 429 with how long to wait, in words and in Retry-After.
func (s *Server) throttled(w http.ResponseWriter, r *http.Request, te *scrutineer.ThrottledError) error {
	secs := int(te.RetryAfter.Seconds() + 0.999)
	w.Header().Set("Retry-After", strconv.Itoa(max(secs, 1)))
	d := s.page(r, "Too many attempts to sign in")
	d.Status = http.StatusTooManyRequests
	d.Message = "There have been too many unsuccessful attempts to sign in. Wait " + te.Wait() + ", then try again."
	d.Data = te
	s.render(w, r, http.StatusTooManyRequests, "login-throttled", d)
	return nil
}

// pendingLogin returns the half-done sign-in of the request's cookie at stage; when
// there is none (timed out, finished, never started) it sends the person back to the
// sign-in page and returns nil.
func (s *Server) pendingLogin(w http.ResponseWriter, r *http.Request, stage scrutineer.LoginNext) (string, *scrutineer.PendingLogin) {
	token := s.cookie(r, pendingCookie)
	p, err := s.Login.PendingLogin(r.Context(), token)
	if err != nil || p.Next != stage {
		if token != "" {
			s.setCookie(w, pendingCookie, "", -1)
		}
		http.Redirect(w, r, "/login?timeout=1", http.StatusSeeOther)
		return "", nil
	}
	return token, p
}

// loginStepRoutes are the steps after the password: the code, the set-up of
// two-factor authentication, and single sign-on. Anyone may reach them; each needs
// the cookie of a half-done sign-in (or of a single sign-on flow) to do anything.
func (s *Server) loginStepRoutes() []route {
	return []route{
		{"GET /login/code", s.loginCodeForm, Public},
		{"POST /login/code", s.loginCode, Public},
		{"GET /login/set-up", s.loginEnrolForm, Public},
		{"POST /login/set-up", s.loginEnrol, Public},
		{"POST /login/cancel", s.loginCancel, Public},
		{"GET /login/oidc", s.oidcStart, Public},
		{"GET /login/oidc/callback", s.oidcCallback, Public},
	}
}

// loginCancel forgets a half-done sign-in ("Sign in as someone else").
func (s *Server) loginCancel(w http.ResponseWriter, r *http.Request) error {
	if token := s.cookie(r, pendingCookie); token != "" {
		if err := s.Login.CancelPendingLogin(r.Context(), token); err != nil {
			return err
		}
		s.setCookie(w, pendingCookie, "", -1)
	}
	http.Redirect(w, r, "/login", http.StatusSeeOther)
	return nil
}
