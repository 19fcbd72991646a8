package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// Half-done sign-ins. NOTE: ten minutes is enough to find a phone and type a code
// or scan a QR code, and short enough that a pending sign-in left on a shared
// computer is soon useless.
const (
	PendingLoginLifetime = 10 * time.Minute
	// maxCodeAttempts wrong codes forget the pending sign-in: back to the password.
	maxCodeAttempts = 5
)

var errPendingGone = scrutineer.Errorf(scrutineer.EUNAUTHORISED, "Your sign-in timed out. Sign in again.")

// pend keeps a half-done sign-in and returns its token for the cookie.
func (l *Login) pend(ctx context.Context, u *scrutineer.User, next scrutineer.LoginNext, method, returnTo string) (*scrutineer.LoginResult, error) {
	token := auth.NewToken()
	now := l.db.Now()
	err := l.db.WriteTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM login_pending WHERE expires_at < $1`, Time{now}); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO login_pending (token_hash, user_id, stage, method, return_to, attempts, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, 0, $6, $7)`,
			auth.HashToken(token), u.ID, string(next), method, returnTo, Time{now}, Time{now.Add(PendingLoginLifetime)})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("pending sign-in: %w", err)
	}
	return &scrutineer.LoginResult{User: u, Next: next, Pending: token, ReturnTo: returnTo}, nil
}

// PendingLogin returns the live half-done sign-in of token, or EUNAUTHORISED.
func (l *Login) PendingLogin(ctx context.Context, token string) (*scrutineer.PendingLogin, error) {
	if token == "" {
		return nil, errPendingGone
	}
	var p scrutineer.PendingLogin
	var stage string
	var expires Time
	err := l.db.read.QueryRowContext(ctx, `SELECT user_id, stage, method, return_to, expires_at FROM login_pending WHERE token_hash = $1`, auth.HashToken(token)).
		Scan(&p.UserID, &stage, &p.Method, &p.ReturnTo, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errPendingGone
	}
	if err != nil {
		return nil, fmt.Errorf("read pending sign-in: %w", err)
	}
	if l.db.Now().After(expires.Time) {
		return nil, errPendingGone
	}
	p.Next, p.ExpiresAt = scrutineer.LoginNext(stage), expires.Time
	return &p, nil
}

// pendingUser returns the pending sign-in of token at stage, with its active user.
func (l *Login) pendingUser(ctx context.Context, token string, stage scrutineer.LoginNext) (*scrutineer.PendingLogin, *scrutineer.User, error) {
	p, err := l.PendingLogin(ctx, token)
	if err != nil {
		return nil, nil, err
	}
	if p.Next != stage {
		return nil, nil, errPendingGone
	}
	u, err := l.users.FindUserByID(ctx, p.UserID)
	if scrutineer.ErrorCode(err) == scrutineer.ENOTFOUND || (err == nil && !u.Active) {
		return nil, nil, errPendingGone
	}
	if err != nil {
		return nil, nil, err
	}
	return p, u, nil
}

// CancelPendingLogin forgets the half-done sign-in of token.
func (l *Login) CancelPendingLogin(ctx context.Context, token string) error {
	return l.db.WriteTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM login_pending WHERE token_hash = $1`, auth.HashToken(token))
		return err
	})
}

// BeginSignInEnrolment returns the secret for a pending sign-in that must set up
// two-factor authentication: the one shown moments ago, or a new one.
func (l *Login) BeginSignInEnrolment(ctx context.Context, token string) (*scrutineer.TOTPEnrolment, error) {
	_, u, err := l.pendingUser(ctx, token, scrutineer.LoginNeedsEnrolment)
	if err != nil {
		return nil, err
	}
	return l.enrolment(ctx, u)
}

// ConfirmSignInEnrolment checks a code from the secret being set up; when it is
// right, two-factor authentication is on, the sign-in is complete, and the new
// recovery codes are returned to be shown once.
func (l *Login) ConfirmSignInEnrolment(ctx context.Context, token, code string) (*scrutineer.LoginResult, []string, error) {
	p, u, err := l.pendingUser(ctx, token, scrutineer.LoginNeedsEnrolment)
	if err != nil {
		return nil, nil, err
	}
	ks := l.throttleKeys(ctx, u.Email, u)
	if err := l.admit(ctx, ks); err != nil {
		return nil, nil, err
	}
	var res *scrutineer.LoginResult
	var codes []string
	err = l.db.WriteTx(ctx, func(tx *sql.Tx) error {
		var err error
		if codes, err = l.confirmTx(ctx, tx, u, code); err != nil {
			return err
		}
		res, err = l.completeTx(ctx, tx, ks, u, p.Method, token, p.ReturnTo, nil)
		return err
	})
	if err == errWrongCode {
		return nil, nil, l.failCode(ctx, ks, u, token, "Wrong code while setting up two-factor authentication")
	}
	if err != nil {
		return nil, nil, err
	}
	return res, codes, nil
}
