package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/keys"
)

// Login takes people through signing in: password, throttling, two-factor codes,
// enrolment and single sign-on. It implements scrutineer.LoginService and, for a
// user's own settings, scrutineer.TwoFactorService (totp.go).
//
// NOTE: the sign-in methods do not ask the access policy: anyone may try to sign in,
// and the throttle is what protects them. The account methods do ask it.
type Login struct {
	db    *DB
	users *Users
	audit *Audit
	keys  *keys.Keys
	totp  *keys.Sealer
	// Throttle is the policy; tests may shorten it.
	Throttle Throttle
	// Sleep holds back the answer to a failed attempt (the slowdown); tests replace it
	// to record the waits instead of waiting.
	Sleep func(ctx context.Context, d time.Duration)
}

// NewLogin returns the sign-in store. k is the service key: TOTP secrets are sealed
// under its "totp-secrets" sub-key, and throttle keys are keyed hashes under its own.
func NewLogin(db *DB, k *keys.Keys) *Login {
	return &Login{
		db: db, users: NewUsers(db), audit: NewAudit(db), keys: k, totp: k.Sealer(keys.PurposeTOTP),
		Throttle: DefaultThrottle, Sleep: sleep,
	}
}

var (
	_ scrutineer.LoginService     = (*Login)(nil)
	_ scrutineer.TwoFactorService = (*Login)(nil)
)

func sleep(ctx context.Context, d time.Duration) {
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

// Sign-in methods, as the audit trail records them.
const (
	methodPassword = "password"
	methodOIDC     = "oidc"
)

// The answers to wrong details. They never say whether the account exists.
var (
	errWrongPassword = &scrutineer.Error{Code: scrutineer.EINVALID, Message: "Check your sign-in details.",
		Fields: map[string]string{"email": "Enter a correct email address and password"}}
	errWrongCode = &scrutineer.Error{Code: scrutineer.EINVALID, Message: "Check the code.",
		Fields: map[string]string{"code": "Enter the current 6-digit code from your authenticator app, or an unused recovery code"}}
)

// SignInWithPassword checks email and password, and the code when one is given for
// an account with two-factor authentication. Failures count against the account and
// the client address and are audited; so is a success.
func (l *Login) SignInWithPassword(ctx context.Context, email, password, code, returnTo string) (*scrutineer.LoginResult, error) {
	email = normaliseEmail(email)
	if err := l.admit(ctx, l.throttleKeys(ctx, email, nil)); err != nil {
		return nil, err
	}
	var id, hash string
	var active bool
	err := l.db.read.QueryRowContext(ctx, `SELECT id, password_hash, active FROM users WHERE email = $1`, email).Scan(&id, &hash, &active)
	if errors.Is(err, sql.ErrNoRows) {
		auth.CheckNoAccount(password)
		return nil, l.fail(ctx, l.throttleKeys(ctx, email, nil), nil, "Unknown account", errWrongPassword)
	}
	if err != nil {
		return nil, fmt.Errorf("sign in: %w", err)
	}
	u, err := l.users.FindUserByID(ctx, id)
	if err != nil {
		return nil, err
	}
	ks := l.throttleKeys(ctx, email, u)
	if hash == "" {
		// An invited account has no password yet: spend the time a check takes so the
		// answer's timing does not reveal that the account exists.
		auth.CheckNoAccount(password)
		return nil, l.fail(ctx, ks, u, "No password set", errWrongPassword)
	}
	ok, err := auth.CheckPassword(hash, password)
	if err != nil && !errors.Is(err, auth.ErrMalformedHash) {
		return nil, err
	}
	switch {
	case !ok:
		return nil, l.fail(ctx, ks, u, "Wrong password", errWrongPassword)
	case !active:
		return nil, l.fail(ctx, ks, u, "Account deactivated", errWrongPassword)
	}
	enrolled, err := l.hasTOTP(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	switch {
	case enrolled && code != "":
		return l.completeWithCode(ctx, ks, u, code, "", methodPassword, returnTo)
	case enrolled:
		return l.pend(ctx, u, scrutineer.LoginNeedsCode, methodPassword, returnTo)
	case u.Regulator():
		return l.pend(ctx, u, scrutineer.LoginNeedsEnrolment, methodPassword, returnTo)
	}
	return l.complete(ctx, ks, u, methodPassword, "", returnTo, nil)
}

// SignInWithCode completes a pending sign-in with a TOTP or recovery code. A pending
// sign-in allows a few wrong codes and is then forgotten.
func (l *Login) SignInWithCode(ctx context.Context, token, code string) (*scrutineer.LoginResult, error) {
	p, u, err := l.pendingUser(ctx, token, scrutineer.LoginNeedsCode)
	if err != nil {
		return nil, err
	}
	ks := l.throttleKeys(ctx, u.Email, u)
	if err := l.admit(ctx, ks); err != nil {
		return nil, err
	}
	return l.completeWithCode(ctx, ks, u, code, token, p.Method, p.ReturnTo)
}

// completeWithCode checks the code and completes the sign-in in one transaction, so a
// code is spent exactly when the sign-in it was used for is recorded.
func (l *Login) completeWithCode(ctx context.Context, ks []throttleKey, u *scrutineer.User, code, pending, method, returnTo string) (*scrutineer.LoginResult, error) {
	code = auth.NormaliseCode(code)
	var res *scrutineer.LoginResult
	var why string
	err := l.db.WriteTx(ctx, func(tx *sql.Tx) error {
		v, err := l.checkCodeTx(ctx, tx, u.ID, code)
		if err != nil {
			return err
		}
		if !v.ok {
			why = v.why
			return errWrongCode
		}
		res, err = l.completeTx(ctx, tx, ks, u, method, pending, returnTo, &v)
		return err
	})
	if err == errWrongCode {
		return nil, l.failCode(ctx, ks, u, pending, why)
	}
	return res, err
}

// complete records a successful sign-in in a transaction of its own.
func (l *Login) complete(ctx context.Context, ks []throttleKey, u *scrutineer.User, method, pending, returnTo string, v *codeCheck) (*scrutineer.LoginResult, error) {
	var res *scrutineer.LoginResult
	err := l.db.WriteTx(ctx, func(tx *sql.Tx) error {
		var err error
		res, err = l.completeTx(ctx, tx, ks, u, method, pending, returnTo, v)
		return err
	})
	return res, err
}

func (l *Login) completeTx(ctx context.Context, tx *sql.Tx, ks []throttleKey, u *scrutineer.User, method, pending, returnTo string, v *codeCheck) (*scrutineer.LoginResult, error) {
	if err := l.clearAccountTx(ctx, tx, ks); err != nil {
		return nil, err
	}
	if pending != "" {
		if _, err := tx.ExecContext(ctx, `DELETE FROM login_pending WHERE token_hash = $1`, auth.HashToken(pending)); err != nil {
			return nil, err
		}
	}
	res := &scrutineer.LoginResult{User: u, Next: scrutineer.LoginComplete, ReturnTo: returnTo}
	detail := "Signed in with a password"
	if method == methodOIDC {
		detail = "Signed in through single sign-on"
	}
	if v != nil {
		detail += " and a code"
		if v.recovery {
			res.RecoveryCodeUsed, res.RecoveryCodesLeft = true, v.left
			detail = fmt.Sprintf("%s (a recovery code; %d left)", detail, v.left)
		}
	}
	err := l.audit.RecordTx(ctx, tx, &scrutineer.AuditEntry{ActorID: u.ID, ActorLabel: "user", Action: "login.success",
		TargetType: "user", TargetID: u.ID, OrganisationID: u.OrganisationID, Detail: detail})
	return res, err
}

// fail counts and audits a failed attempt, holds the answer back by the slowdown,
// and returns answer.
func (l *Login) fail(ctx context.Context, ks []throttleKey, u *scrutineer.User, why string, answer error) error {
	var hold time.Duration
	err := l.db.WriteTx(ctx, func(tx *sql.Tx) error {
		var err error
		if hold, err = l.recordFailureTx(ctx, tx, ks); err != nil {
			return err
		}
		return l.audit.RecordTx(ctx, tx, failureEntry(u, why))
	})
	if err != nil {
		return err
	}
	l.Sleep(ctx, hold)
	return answer
}

// failCode is fail for a wrong code: the pending sign-in, if any, counts the attempt
// and is forgotten after maxCodeAttempts.
func (l *Login) failCode(ctx context.Context, ks []throttleKey, u *scrutineer.User, pending, why string) error {
	var hold time.Duration
	err := l.db.WriteTx(ctx, func(tx *sql.Tx) error {
		var err error
		if hold, err = l.recordFailureTx(ctx, tx, ks); err != nil {
			return err
		}
		if pending != "" {
			h := auth.HashToken(pending)
			if _, err := tx.ExecContext(ctx, `UPDATE login_pending SET attempts = attempts + 1 WHERE token_hash = $1`, h); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM login_pending WHERE token_hash = $1 AND attempts >= $2`, h, maxCodeAttempts); err != nil {
				return err
			}
		}
		return l.audit.RecordTx(ctx, tx, failureEntry(u, why))
	})
	if err != nil {
		return err
	}
	l.Sleep(ctx, hold)
	return errWrongCode
}

func failureEntry(u *scrutineer.User, why string) *scrutineer.AuditEntry {
	e := &scrutineer.AuditEntry{Action: "login.failure", TargetType: "user", Outcome: scrutineer.OutcomeFailure, Detail: why}
	if u != nil {
		e.TargetID, e.OrganisationID = u.ID, u.OrganisationID
	}
	return e
}
