package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/scrutineer/scrutineer"
)

// sessionCookie names the one cookie Scrutineer sets. The __Host- prefix (over TLS)
// pins it to this host and path.
func (s *Server) sessionCookie() string {
	if s.SecureCookies {
		return "__Host-scrutineer_session"
	}
	return "scrutineer_session"
}

// withUser puts the signed-in user, if any, into the request context.
func (s *Server) withUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/assets/") || r.URL.Path == "/healthz" || r.URL.Path == "/readyz" {
			next.ServeHTTP(w, r)
			return
		}
		if c, err := r.Cookie(s.sessionCookie()); err == nil && c.Value != "" {
			u, err := s.Sessions.SessionUser(r.Context(), c.Value)
			switch scrutineer.ErrorCode(err) {
			case "":
				r = r.WithContext(scrutineer.NewContextWithUser(r.Context(), u))
			case scrutineer.EUNAUTHORISED, scrutineer.ENOTFOUND:
				s.clearSessionCookie(w)
			default:
				s.fail(w, r, err)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// signedIn serves h only to a signed-in user; others are sent to sign in.
func (s *Server) signedIn(h handler) http.Handler {
	return s.h(func(w http.ResponseWriter, r *http.Request) error {
		if scrutineer.UserFromContext(r.Context()) == nil {
			return scrutineer.Errorf(scrutineer.EUNAUTHORISED, "Sign in to continue.")
		}
		return h(w, r)
	})
}

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) error {
	d := s.page(r, "Sign in")
	d.Form = map[string]string{"next": safeNext(r.URL.Query().Get("next"))}
	s.render(w, r, http.StatusOK, "login", d)
	return nil
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return scrutineer.Errorf(scrutineer.EINVALID, "The form could not be read. Try again.")
	}
	email, password := strings.TrimSpace(r.PostForm.Get("email")), r.PostForm.Get("password")
	next := safeNext(r.PostForm.Get("next"))
	var p scrutineer.Problems
	if email == "" {
		p.Add("email", "Enter your email address")
	}
	if password == "" {
		p.Add("password", "Enter your password")
	}
	err := p.Err("Check your sign-in details.")
	var u *scrutineer.User
	if err == nil {
		u, err = s.Users.Authenticate(r.Context(), email, password)
		if scrutineer.ErrorCode(err) == scrutineer.EUNAUTHORISED {
			err = &scrutineer.Error{Code: scrutineer.EINVALID, Message: "Check your sign-in details.", Fields: map[string]string{"email": "Enter a correct email address and password"}}
		}
	}
	if scrutineer.ErrorCode(err) == scrutineer.EINVALID {
		d := s.page(r, "Sign in").withErrors(err, "email", "password")
		d.Form = map[string]string{"email": email, "next": next}
		s.render(w, r, http.StatusUnprocessableEntity, "login", d)
		return nil
	}
	if err != nil {
		return err
	}
	// A new token at every sign-in: a token planted before sign-in is never promoted.
	if c, err := r.Cookie(s.sessionCookie()); err == nil {
		s.Sessions.DeleteSession(r.Context(), c.Value)
	}
	token, err := s.Sessions.CreateSession(r.Context(), u.ID)
	if err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: s.sessionCookie(), Value: token, Path: "/", HttpOnly: true, Secure: s.SecureCookies, SameSite: http.SameSiteLaxMode})
	if next == "" {
		next = "/dashboard"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(s.sessionCookie()); err == nil {
		if err := s.Sessions.DeleteSession(r.Context(), c.Value); err != nil {
			return err
		}
	}
	s.clearSessionCookie(w)
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}

func (s *Server) clearSessionCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: s.sessionCookie(), Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: s.SecureCookies, SameSite: http.SameSiteLaxMode})
}

// safeNext keeps a post-sign-in redirect on this site: a local path only.
func safeNext(next string) string {
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || !strings.HasPrefix(u.Path, "/") || strings.HasPrefix(next, "//") || strings.Contains(next, "\\") {
		return ""
	}
	return u.RequestURI()
}
