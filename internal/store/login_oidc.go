package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"

	"golang.org/x/oauth2"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// Single sign-on through OpenID Connect. The flow's state, nonce and PKCE verifier
// are kept here, found by the hash of a cookie token, for PendingLoginLifetime.

func randomString() string {
	b := make([]byte, 24)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// BeginOIDC keeps a new flow and returns the token for its cookie.
func (l *Login) BeginOIDC(ctx context.Context, returnTo string) (string, *scrutineer.OIDCFlow, error) {
	token := auth.NewToken()
	f := &scrutineer.OIDCFlow{State: randomString(), Nonce: randomString(), Verifier: oauth2.GenerateVerifier(), ReturnTo: returnTo}
	now := l.db.Now()
	err := l.db.WriteTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM oidc_flows WHERE expires_at < $1`, Time{now}); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO oidc_flows (token_hash, state, nonce, verifier, return_to, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			auth.HashToken(token), f.State, f.Nonce, f.Verifier, f.ReturnTo, Time{now}, Time{now.Add(PendingLoginLifetime)})
		return err
	})
	if err != nil {
		return "", nil, fmt.Errorf("single sign-on flow: %w", err)
	}
	return token, f, nil
}

// TakeOIDCFlow returns the flow of token and forgets it: each flow is used once.
func (l *Login) TakeOIDCFlow(ctx context.Context, token string) (*scrutineer.OIDCFlow, error) {
	gone := scrutineer.Errorf(scrutineer.EUNAUTHORISED, "Your sign-in timed out. Sign in again.")
	if token == "" {
		return nil, gone
	}
	var f scrutineer.OIDCFlow
	var expires Time
	err := l.db.WriteTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `DELETE FROM oidc_flows WHERE token_hash = $1 RETURNING state, nonce, verifier, return_to, expires_at`, auth.HashToken(token)).
			Scan(&f.State, &f.Nonce, &f.Verifier, &f.ReturnTo, &expires)
		if errors.Is(err, sql.ErrNoRows) {
			return gone
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if l.db.Now().After(expires.Time) {
		return nil, gone
	}
	return &f, nil
}

var errSSORefused = scrutineer.Errorf(scrutineer.EFORBIDDEN,
	"Your organisation's account could not be matched to a Scrutineer account. Single sign-on works only for people who already have an account here, with the same email address, confirmed by your organisation. Sign in with your email address and password instead, or ask your Scrutineer administrator.")

// SignInWithOIDC maps a verified identity to an active account by its verified
// email address. Unverified or unknown addresses are refused and audited. Accounts
// with two-factor authentication, and regulator accounts, still go through it.
func (l *Login) SignInWithOIDC(ctx context.Context, id scrutineer.OIDCIdentity, returnTo string) (*scrutineer.LoginResult, error) {
	if !id.EmailVerified || id.Email == "" {
		return nil, l.refuseSSO(ctx, nil, "Single sign-on refused: the provider did not confirm the email address")
	}
	u, err := l.users.FindUserByEmail(ctx, id.Email)
	switch code := scrutineer.ErrorCode(err); {
	case code == scrutineer.ENOTFOUND:
		return nil, l.refuseSSO(ctx, nil, "Single sign-on refused: no account has this email address")
	case err != nil:
		return nil, err
	case !u.Active:
		return nil, l.refuseSSO(ctx, u, "Single sign-on refused: account deactivated")
	}
	enrolled, err := l.hasTOTP(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	switch {
	case enrolled:
		return l.pend(ctx, u, scrutineer.LoginNeedsCode, methodOIDC, returnTo)
	case u.Regulator():
		return l.pend(ctx, u, scrutineer.LoginNeedsEnrolment, methodOIDC, returnTo)
	}
	return l.complete(ctx, l.throttleKeys(ctx, u.Email, u), u, methodOIDC, "", returnTo, nil)
}

// RefuseOIDC audits a single sign-on refused before an identity was known and
// returns the error to show.
func (l *Login) RefuseOIDC(ctx context.Context, why string) error { return l.refuseSSO(ctx, nil, why) }

func (l *Login) refuseSSO(ctx context.Context, u *scrutineer.User, why string) error {
	e := failureEntry(u, why)
	e.Outcome = scrutineer.OutcomeRefused
	if err := l.audit.RecordAudit(ctx, e); err != nil {
		return err
	}
	return errSSORefused
}
