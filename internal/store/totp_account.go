package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// A user's own two-factor settings, from their account page. Each method asks the
// policy (auth.ManageTwoFactor: the user themself) and answers ENOTFOUND to others.

func ownAccount(userID string) auth.Resource { return auth.Resource{AssignedUsers: []string{userID}} }

// TwoFactorStatus says whether the user has two-factor authentication on.
func (l *Login) TwoFactorStatus(ctx context.Context, userID string) (*scrutineer.TwoFactorStatus, error) {
	if err := auth.Authorise(ctx, auth.ManageTwoFactor, ownAccount(userID)); err != nil {
		return nil, err
	}
	u, err := l.users.FindUserByID(ctx, userID)
	if err != nil {
		return nil, err
	}
	st := &scrutineer.TwoFactorStatus{Required: u.Regulator()}
	var since Time
	err = l.db.read.QueryRowContext(ctx, `SELECT created_at FROM totp_credentials WHERE user_id = $1`, userID).Scan(&since)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return st, nil
	case err != nil:
		return nil, fmt.Errorf("read two-factor: %w", err)
	}
	st.Enabled, st.Since = true, since.Time
	st.RecoveryCodesLeft, err = countRecovery(ctx, l.db.read, userID)
	return st, err
}

// BeginEnrolment returns the secret to set up: the one shown moments ago, or new.
func (l *Login) BeginEnrolment(ctx context.Context, userID string) (*scrutineer.TOTPEnrolment, error) {
	if err := auth.Authorise(ctx, auth.ManageTwoFactor, ownAccount(userID)); err != nil {
		return nil, err
	}
	u, err := l.users.FindUserByID(ctx, userID)
	if err != nil {
		return nil, err
	}
	return l.enrolment(ctx, u)
}

// ConfirmEnrolment checks the password and a code from the secret being set up, then
// turns two-factor authentication on (or replaces the old secret) and returns new
// recovery codes. EINVALID with field problems for a wrong password or code.
func (l *Login) ConfirmEnrolment(ctx context.Context, userID, password, code string) ([]string, error) {
	u, ks, err := l.reauthenticate(ctx, userID, password)
	if err != nil {
		return nil, err
	}
	var codes []string
	err = l.db.WriteTx(ctx, func(tx *sql.Tx) error {
		var err error
		codes, err = l.confirmTx(ctx, tx, u, auth.NormaliseCode(code))
		return err
	})
	if err == errWrongCode {
		return nil, l.failCode(ctx, ks, u, "", "Wrong code while setting up two-factor authentication")
	}
	return codes, err
}

// DisableTwoFactor turns two-factor authentication off after checking the password.
// ECONFLICT for regulator roles, who must keep it.
func (l *Login) DisableTwoFactor(ctx context.Context, userID, password string) error {
	if err := auth.Authorise(ctx, auth.ManageTwoFactor, ownAccount(userID)); err != nil {
		return err
	}
	if u := scrutineer.UserFromContext(ctx); u != nil && u.Regulator() {
		return scrutineer.Errorf(scrutineer.ECONFLICT, "Two-factor authentication cannot be turned off for regulator staff. You can set it up again on a new device instead.")
	}
	u, _, err := l.reauthenticate(ctx, userID, password)
	if err != nil {
		return err
	}
	return l.db.WriteTx(ctx, func(tx *sql.Tx) error {
		for _, q := range []string{`DELETE FROM totp_credentials WHERE user_id = $1`, `DELETE FROM recovery_codes WHERE user_id = $1`, `DELETE FROM totp_enrolments WHERE user_id = $1`} {
			if _, err := tx.ExecContext(ctx, q, userID); err != nil {
				return err
			}
		}
		return l.audit.RecordTx(ctx, tx, &scrutineer.AuditEntry{Action: "twofactor.disable", TargetType: "user", TargetID: u.ID,
			OrganisationID: u.OrganisationID, Detail: "Two-factor authentication turned off"})
	})
}

// NewRecoveryCodes replaces the recovery codes after checking the password and
// returns the new ones. ECONFLICT when two-factor authentication is off.
func (l *Login) NewRecoveryCodes(ctx context.Context, userID, password string) ([]string, error) {
	u, _, err := l.reauthenticate(ctx, userID, password)
	if err != nil {
		return nil, err
	}
	var codes []string
	err = l.db.WriteTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM totp_credentials WHERE user_id = $1`, userID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return scrutineer.Errorf(scrutineer.ECONFLICT, "Set up two-factor authentication first.")
		}
		var err error
		if codes, err = l.replaceRecoveryTx(ctx, tx, userID); err != nil {
			return err
		}
		return l.audit.RecordTx(ctx, tx, &scrutineer.AuditEntry{Action: "twofactor.recovery_codes", TargetType: "user", TargetID: u.ID,
			OrganisationID: u.OrganisationID, Detail: "New recovery codes made; the old ones no longer work"})
	})
	return codes, err
}

var errWrongAccountPassword = &scrutineer.Error{Code: scrutineer.EINVALID, Message: "Check your password.",
	Fields: map[string]string{"password": "Enter your current password"}}

// reauthenticate asks the policy, then checks the user's password under the same
// throttle as signing in, so a stolen session cannot be used to guess it.
func (l *Login) reauthenticate(ctx context.Context, userID, password string) (*scrutineer.User, []throttleKey, error) {
	if err := auth.Authorise(ctx, auth.ManageTwoFactor, ownAccount(userID)); err != nil {
		return nil, nil, err
	}
	u, err := l.users.FindUserByID(ctx, userID)
	if err != nil {
		return nil, nil, err
	}
	ks := l.throttleKeys(ctx, u.Email, u)
	if err := l.admit(ctx, ks); err != nil {
		return nil, nil, err
	}
	var hash string
	if err := l.db.read.QueryRowContext(ctx, `SELECT password_hash FROM users WHERE id = $1`, userID).Scan(&hash); err != nil {
		return nil, nil, fmt.Errorf("read password: %w", err)
	}
	if ok, _ := auth.CheckPassword(hash, password); !ok {
		return nil, nil, l.fail(ctx, ks, u, "Wrong password on the two-factor page", errWrongAccountPassword)
	}
	return u, ks, nil
}

// SetTOTPSecret makes secret the user's confirmed TOTP credential, with no recovery
// codes. For the demo seeding only: the service itself (auth.SystemContext).
func (l *Login) SetTOTPSecret(ctx context.Context, userID, secret string) error {
	if !auth.IsSystemContext(ctx) {
		return scrutineer.Errorf(scrutineer.ENOTFOUND, "Page not found.")
	}
	if _, err := auth.TOTPKeyFor(secret, "check"); err != nil {
		return scrutineer.Errorf(scrutineer.EINVALID, "The TOTP secret is not base32.")
	}
	return l.db.WriteTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO totp_credentials (user_id, secret_sealed, last_step, created_at) VALUES ($1, $2, 0, $3)
			ON CONFLICT (user_id) DO UPDATE SET secret_sealed = excluded.secret_sealed, last_step = 0`, userID, l.totp.Seal([]byte(secret), userID), Time{l.db.Now()})
		return err
	})
}

// TOTPSecret returns the user's TOTP secret in the clear. For printing the demo
// accounts' secrets in demo mode only: the service itself (auth.SystemContext).
func (l *Login) TOTPSecret(ctx context.Context, userID string) (string, error) {
	if !auth.IsSystemContext(ctx) {
		return "", scrutineer.Errorf(scrutineer.ENOTFOUND, "Page not found.")
	}
	var sealed string
	err := l.db.read.QueryRowContext(ctx, `SELECT secret_sealed FROM totp_credentials WHERE user_id = $1`, userID).Scan(&sealed)
	if errors.Is(err, sql.ErrNoRows) {
		return "", scrutineer.Errorf(scrutineer.ENOTFOUND, "No two-factor authentication set up.")
	}
	if err != nil {
		return "", err
	}
	b, err := l.totp.Open(sealed, userID)
	return string(b), err
}

// CheckServiceKey records the service key's fingerprint on first start and refuses
// a key that differs from the one recorded: sealed secrets would not open, and
// several processes sharing a database must share its key.
func (l *Login) CheckServiceKey(ctx context.Context) error {
	fp := l.keys.Fingerprint()
	return l.db.WriteTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO service_key (id, fingerprint, created_at) VALUES (1, $1, $2) ON CONFLICT (id) DO NOTHING`, fp, Time{l.db.Now()}); err != nil {
			return fmt.Errorf("record the service key: %w", err)
		}
		var got string
		if err := tx.QueryRowContext(ctx, `SELECT fingerprint FROM service_key WHERE id = 1`).Scan(&got); err != nil {
			return err
		}
		if got != fp {
			return errors.New("the service key is not the one this database was set up with: give every process the same SCRUTINEER_KEY (see docs/operations.md)")
		}
		return nil
	})
}
