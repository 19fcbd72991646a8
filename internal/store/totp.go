package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// TOTP credentials and recovery codes. Secrets are sealed under the service key's
// "totp-secrets" sub-key, bound to the user's ID; recovery codes are hashed.

// enrolmentLifetime is how long a secret shown for set-up stays the one to confirm:
// reloading the page within it shows the same QR code.
const enrolmentLifetime = PendingLoginLifetime

func (l *Login) hasTOTP(ctx context.Context, userID string) (bool, error) {
	var n int
	if err := l.db.read.QueryRowContext(ctx, `SELECT count(*) FROM totp_credentials WHERE user_id = $1`, userID).Scan(&n); err != nil {
		return false, fmt.Errorf("read two-factor: %w", err)
	}
	return n > 0, nil
}

// codeCheck is the outcome of checking a code.
type codeCheck struct {
	ok       bool
	why      string // for the audit trail when not ok
	recovery bool   // a recovery code was used
	left     int    // recovery codes left
}

// checkCodeTx checks a normalised TOTP or recovery code inside tx and spends it when
// right: the TOTP period is recorded so no code of it or before is accepted again;
// the recovery code is marked used.
func (l *Login) checkCodeTx(ctx context.Context, tx *sql.Tx, userID, code string) (codeCheck, error) {
	if code == "" {
		return codeCheck{why: "No code given"}, nil
	}
	if !auth.IsTOTPCode(code) {
		res, err := tx.ExecContext(ctx, `UPDATE recovery_codes SET used_at = $1 WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL`,
			Time{l.db.Now()}, userID, auth.HashRecoveryCode(code))
		if err != nil {
			return codeCheck{}, fmt.Errorf("spend recovery code: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return codeCheck{why: "Wrong or used recovery code"}, nil
		}
		left, err := countRecovery(ctx, tx, userID)
		return codeCheck{ok: true, recovery: true, left: left}, err
	}
	var sealed string
	var last int64
	err := tx.QueryRowContext(ctx, `SELECT secret_sealed, last_step FROM totp_credentials WHERE user_id = $1`+l.db.forUpdate(), userID).Scan(&sealed, &last)
	if errors.Is(err, sql.ErrNoRows) {
		return codeCheck{why: "No two-factor authentication set up"}, nil
	}
	if err != nil {
		return codeCheck{}, fmt.Errorf("read two-factor: %w", err)
	}
	secret, err := l.totp.Open(sealed, userID)
	if err != nil {
		return codeCheck{}, fmt.Errorf("open TOTP secret of user %s: %w", userID, err)
	}
	step, ok := auth.CheckTOTP(string(secret), code, l.db.Now(), last)
	if !ok {
		if step >= 0 && step <= last {
			return codeCheck{why: "Code used already (replay)"}, nil
		}
		return codeCheck{why: "Wrong code"}, nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE totp_credentials SET last_step = $1 WHERE user_id = $2`, step, userID); err != nil {
		return codeCheck{}, fmt.Errorf("spend code: %w", err)
	}
	return codeCheck{ok: true}, nil
}

func countRecovery(ctx context.Context, q querier, userID string) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL`, userID).Scan(&n)
	return n, err
}

// enrolment returns the secret being set up for u, made anew when there is none or
// it is older than enrolmentLifetime.
func (l *Login) enrolment(ctx context.Context, u *scrutineer.User) (*scrutineer.TOTPEnrolment, error) {
	var out *scrutineer.TOTPEnrolment
	err := l.db.WriteTx(ctx, func(tx *sql.Tx) error {
		var sealed string
		var created Time
		err := tx.QueryRowContext(ctx, `SELECT secret_sealed, created_at FROM totp_enrolments WHERE user_id = $1`, u.ID).Scan(&sealed, &created)
		if err == nil && l.db.Now().Sub(created.Time) < enrolmentLifetime {
			secret, err := l.totp.Open(sealed, u.ID)
			if err != nil {
				return fmt.Errorf("open TOTP secret of user %s: %w", u.ID, err)
			}
			k, err := auth.TOTPKeyFor(string(secret), u.Email)
			if err != nil {
				return err
			}
			out = &scrutineer.TOTPEnrolment{Secret: k.Secret, URL: k.URL, Account: u.Email}
			return nil
		}
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		k, err := auth.NewTOTPKey(u.Email)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM totp_enrolments WHERE user_id = $1`, u.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO totp_enrolments (user_id, secret_sealed, created_at) VALUES ($1, $2, $3)`,
			u.ID, l.totp.Seal([]byte(k.Secret), u.ID), Time{l.db.Now()}); err != nil {
			return err
		}
		out = &scrutineer.TOTPEnrolment{Secret: k.Secret, URL: k.URL, Account: u.Email}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("two-factor set-up: %w", err)
	}
	return out, nil
}

// confirmTx checks code against the secret being set up and, when right, makes it
// the user's credential (replacing any old one) with new recovery codes, which it
// returns. errWrongCode when the code is wrong or nothing is being set up.
func (l *Login) confirmTx(ctx context.Context, tx *sql.Tx, u *scrutineer.User, code string) ([]string, error) {
	var sealed string
	var created Time
	err := tx.QueryRowContext(ctx, `SELECT secret_sealed, created_at FROM totp_enrolments WHERE user_id = $1`, u.ID).Scan(&sealed, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errWrongCode
	}
	if err != nil {
		return nil, err
	}
	secret, err := l.totp.Open(sealed, u.ID)
	if err != nil {
		return nil, fmt.Errorf("open TOTP secret of user %s: %w", u.ID, err)
	}
	step, ok := auth.CheckTOTP(string(secret), code, l.db.Now(), 0)
	if !ok || l.db.Now().Sub(created.Time) > 2*enrolmentLifetime {
		return nil, errWrongCode
	}
	action := "twofactor.enrol"
	var had int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM totp_credentials WHERE user_id = $1`, u.ID).Scan(&had); err != nil {
		return nil, err
	}
	if had > 0 {
		action = "twofactor.replace"
	}
	now := l.db.Now()
	for _, q := range []string{`DELETE FROM totp_enrolments WHERE user_id = $1`, `DELETE FROM totp_credentials WHERE user_id = $1`} {
		if _, err := tx.ExecContext(ctx, q, u.ID); err != nil {
			return nil, err
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO totp_credentials (user_id, secret_sealed, last_step, created_at) VALUES ($1, $2, $3, $4)`,
		u.ID, sealed, step, Time{now}); err != nil {
		return nil, fmt.Errorf("save two-factor: %w", err)
	}
	codes, err := l.replaceRecoveryTx(ctx, tx, u.ID)
	if err != nil {
		return nil, err
	}
	return codes, l.audit.RecordTx(ctx, tx, &scrutineer.AuditEntry{ActorID: u.ID, ActorLabel: "user", Action: action,
		TargetType: "user", TargetID: u.ID, OrganisationID: u.OrganisationID, Detail: "Two-factor authentication set up with new recovery codes"})
}

// replaceRecoveryTx replaces the user's recovery codes with new ones and returns
// them: the only time they exist in the clear.
func (l *Login) replaceRecoveryTx(ctx context.Context, tx *sql.Tx, userID string) ([]string, error) {
	if _, err := tx.ExecContext(ctx, `DELETE FROM recovery_codes WHERE user_id = $1`, userID); err != nil {
		return nil, err
	}
	codes := auth.NewRecoveryCodes()
	for _, c := range codes {
		if _, err := tx.ExecContext(ctx, `INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)`, userID, auth.HashRecoveryCode(c)); err != nil {
			return nil, fmt.Errorf("save recovery code: %w", err)
		}
	}
	return codes, nil
}
