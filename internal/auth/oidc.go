package auth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/scrutineer/scrutineer"
)

// OIDC is single sign-on through an OpenID Connect provider: the authorisation code
// flow with state, nonce and PKCE (S256), and ID tokens verified against the
// provider's published keys.
//
// NOTE: the provider's discovery document is fetched on first use, not at start, so
// a provider that is down does not stop Scrutineer starting; password sign-in keeps
// working and single sign-on recovers when the provider does.
type OIDC struct {
	issuer, clientID, secret, redirectURL string
	// Client is the HTTP client for the provider (discovery, keys, token exchange).
	Client *http.Client

	mu       sync.Mutex
	provider *oidc.Provider
	verifier *oidc.IDTokenVerifier
}

// NewOIDC returns single sign-on through issuer, or nil when issuer is empty (single
// sign-on is off). redirectURL is Scrutineer's /login/oidc/callback address.
func NewOIDC(issuer, clientID, secret, redirectURL string) *OIDC {
	if issuer == "" {
		return nil
	}
	return &OIDC{issuer: issuer, clientID: clientID, secret: secret, redirectURL: redirectURL,
		Client: &http.Client{Timeout: 10 * time.Second}}
}

func (o *OIDC) ctx(ctx context.Context) context.Context { return oidc.ClientContext(ctx, o.Client) }

// discover fetches the provider's configuration once.
func (o *OIDC) discover(ctx context.Context) (*oidc.Provider, *oidc.IDTokenVerifier, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.provider != nil {
		return o.provider, o.verifier, nil
	}
	p, err := oidc.NewProvider(o.ctx(ctx), o.issuer)
	if err != nil {
		return nil, nil, fmt.Errorf("single sign-on: discovery: %w", err)
	}
	o.provider = p
	o.verifier = p.VerifierContext(o.ctx(context.WithoutCancel(ctx)), &oidc.Config{ClientID: o.clientID})
	return o.provider, o.verifier, nil
}

func (o *OIDC) config(p *oidc.Provider) *oauth2.Config {
	return &oauth2.Config{ClientID: o.clientID, ClientSecret: o.secret, RedirectURL: o.redirectURL,
		Endpoint: p.Endpoint(), Scopes: []string{oidc.ScopeOpenID, "email"}}
}

// AuthURL is where to send the person to sign in with the provider.
func (o *OIDC) AuthURL(ctx context.Context, f *scrutineer.OIDCFlow) (string, error) {
	p, _, err := o.discover(ctx)
	if err != nil {
		return "", err
	}
	return o.config(p).AuthCodeURL(f.State, oidc.Nonce(f.Nonce), oauth2.S256ChallengeOption(f.Verifier)), nil
}

// ErrOIDC marks an answer from the provider that cannot be trusted or used.
var ErrOIDC = errors.New("single sign-on: the provider's answer was refused")

// Exchange swaps the authorisation code for tokens, verifies the ID token (issuer,
// audience, expiry, signature, nonce) and returns who it names.
func (o *OIDC) Exchange(ctx context.Context, f *scrutineer.OIDCFlow, code string) (*scrutineer.OIDCIdentity, error) {
	p, verifier, err := o.discover(ctx)
	if err != nil {
		return nil, err
	}
	tok, err := o.config(p).Exchange(o.ctx(ctx), code, oauth2.VerifierOption(f.Verifier))
	if err != nil {
		return nil, fmt.Errorf("%w: token exchange: %v", ErrOIDC, err)
	}
	raw, ok := tok.Extra("id_token").(string)
	if !ok || raw == "" {
		return nil, fmt.Errorf("%w: no ID token", ErrOIDC)
	}
	idt, err := verifier.Verify(o.ctx(ctx), raw)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrOIDC, err)
	}
	if idt.Nonce == "" || idt.Nonce != f.Nonce {
		return nil, fmt.Errorf("%w: nonce does not match", ErrOIDC)
	}
	var claims struct {
		Email    string `json:"email"`
		Verified any    `json:"email_verified"`
	}
	if err := idt.Claims(&claims); err != nil {
		return nil, fmt.Errorf("%w: claims: %v", ErrOIDC, err)
	}
	// Some providers send email_verified as the string "true".
	verified := claims.Verified == true || claims.Verified == "true"
	return &scrutineer.OIDCIdentity{Subject: idt.Subject, Email: claims.Email, EmailVerified: verified}, nil
}
