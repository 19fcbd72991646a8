package web

import (
	"context"
	"crypto/subtle"
	"errors"
	"net/http"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// OIDCProvider is single sign-on through an OpenID Connect provider
// (*auth.OIDC). Deps.OIDC is nil when single sign-on is not configured.
type OIDCProvider interface {
	// AuthURL is where to send the person to sign in with the provider.
	AuthURL(ctx context.Context, f *scrutineer.OIDCFlow) (string, error)
	// Exchange swaps the code for a verified identity; auth.ErrOIDC when the
	// provider's answer is refused.
	Exchange(ctx context.Context, f *scrutineer.OIDCFlow, code string) (*scrutineer.OIDCIdentity, error)
}

// LoginService is what the sign-in pages need: signing in and the user's own
// two-factor settings (*store.Login).
type LoginService interface {
	scrutineer.LoginService
	scrutineer.TwoFactorService
}

// oidcCookie binds a single sign-on flow to the browser that started it.
const oidcCookie = "scrutineer_oidc"

// oidcStart sends the person to their organisation's identity provider.
func (s *Server) oidcStart(w http.ResponseWriter, r *http.Request) error {
	if s.OIDC == nil {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return nil
	}
	token, flow, err := s.Login.BeginOIDC(r.Context(), safeNext(r.URL.Query().Get("next")))
	if err != nil {
		return err
	}
	to, err := s.OIDC.AuthURL(r.Context(), flow)
	if err != nil {
		s.Logger.Warn("single sign-on provider unavailable", "request_id", requestID(r.Context()), "error", err.Error())
		return scrutineer.Errorf(scrutineer.EFORBIDDEN, "Your organisation's sign-in service cannot be reached just now. Sign in with your email address and password, or try again later.")
	}
	s.setCookie(w, oidcCookie, token, 600)
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// oidcCallback is where the provider sends the person back: the state must match
// the flow of this browser's cookie, and the ID token must verify (go-oidc checks
// signature, issuer, audience and expiry; Exchange checks the nonce and PKCE binds
// the code to this flow).
func (s *Server) oidcCallback(w http.ResponseWriter, r *http.Request) error {
	if s.OIDC == nil {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return nil
	}
	token := s.cookie(r, oidcCookie)
	if token != "" {
		s.setCookie(w, oidcCookie, "", -1)
	}
	q := r.URL.Query()
	flow, err := s.Login.TakeOIDCFlow(r.Context(), token)
	if err != nil {
		return s.Login.RefuseOIDC(r.Context(), "Single sign-on refused: no sign-in was started in this browser, or it timed out")
	}
	if subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(flow.State)) != 1 {
		return s.Login.RefuseOIDC(r.Context(), "Single sign-on refused: the state does not match")
	}
	if q.Get("error") != "" || q.Get("code") == "" {
		return s.Login.RefuseOIDC(r.Context(), "Single sign-on refused by the provider")
	}
	id, err := s.OIDC.Exchange(r.Context(), flow, q.Get("code"))
	if errors.Is(err, auth.ErrOIDC) {
		s.Logger.Warn("single sign-on answer refused", "request_id", requestID(r.Context()), "error", err.Error())
		return s.Login.RefuseOIDC(r.Context(), "Single sign-on refused: the provider's answer did not verify")
	}
	if err != nil {
		return err
	}
	res, err := s.Login.SignInWithOIDC(r.Context(), *id, flow.ReturnTo)
	if err != nil {
		return err
	}
	return s.afterLoginStep(w, r, res)
}
