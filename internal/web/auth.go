package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/scrutineer/scrutineer"
)

// sessionCookie names the session cookie. The __Host- prefix (over TLS) pins it to
// this host and path.
func (s *Server) sessionCookie() string { return s.cookieName("scrutineer_session") }

// cookieName is name with the __Host- prefix when cookies are Secure.
func (s *Server) cookieName(name string) string {
	if s.SecureCookies {
		return "__Host-" + name
	}
	return name
}

// setCookie sets a host-only, HttpOnly, SameSite=Lax cookie for the whole site;
// maxAge 0 makes it last for the browser session, a negative one removes it.
func (s *Server) setCookie(w http.ResponseWriter, name, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{Name: s.cookieName(name), Value: value, Path: "/", MaxAge: maxAge, HttpOnly: true, Secure: s.SecureCookies, SameSite: http.SameSiteLaxMode})
}

// cookie returns the value of the cookie name, or "".
func (s *Server) cookie(r *http.Request, name string) string {
	if c, err := r.Cookie(s.cookieName(name)); err == nil {
		return c.Value
	}
	return ""
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

func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(s.sessionCookie()); err == nil {
		if err := s.Sessions.SignOut(r.Context(), c.Value); err != nil {
			return err
		}
	}
	s.clearSessionCookie(w)
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}

func (s *Server) clearSessionCookie(w http.ResponseWriter) {
	s.setCookie(w, "scrutineer_session", "", -1)
}

// startSession signs u in: it ends any session the browser already had and starts a
// new one with a fresh token, so a token planted before sign-in (session fixation)
// is never promoted. The half-done sign-in's cookie goes too.
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, u *scrutineer.User) error {
	if old := s.cookie(r, "scrutineer_session"); old != "" {
		if err := s.Sessions.DeleteSession(r.Context(), old); err != nil {
			return err
		}
	}
	token, err := s.Sessions.CreateSession(r.Context(), u.ID)
	if err != nil {
		return err
	}
	s.setCookie(w, "scrutineer_session", token, 0)
	if s.cookie(r, pendingCookie) != "" {
		s.setCookie(w, pendingCookie, "", -1)
	}
	return nil
}

// safeNext keeps a post-sign-in redirect on this site: a local path only.
func safeNext(next string) string {
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || !strings.HasPrefix(u.Path, "/") || strings.HasPrefix(next, "//") || strings.Contains(next, "\\") {
		return ""
	}
	return u.RequestURI()
}
