package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// Passwords resets forgotten passwords through emailed links and changes passwords.
// It implements scrutineer.PasswordService.
type Passwords struct {
	db   *DB
	jobs *Jobs
	// baseURL is the service's public address, for the links in emails.
	baseURL string
}

// NewPasswords returns the password store. jobs is the outbox the emails go through;
// baseURL is the public address of the service (config PublicURL).
func NewPasswords(db *DB, jobs *Jobs, baseURL string) *Passwords {
	return &Passwords{db: db, jobs: jobs, baseURL: strings.TrimRight(baseURL, "/")}
}

var _ scrutineer.PasswordService = (*Passwords)(nil)

// resetResendAfter is how long a reset link is not sent again for one account, so a
// stranger cannot fill someone's inbox by asking again and again.
const resetResendAfter = 5 * time.Minute

// PasswordResetPath is the path of a password reset link.
func PasswordResetPath(token string) string { return "/password/reset/" + token }

// RequestPasswordReset emails a reset link when an active account with a password has
// this address. NOTE: no policy check, and the same answer whatever happens (nil
// unless the database fails), so the answer does not tell anyone which addresses have
// accounts; both paths write to the database so their timing is alike. Every request
// is audited without the address typed.
func (s *Passwords) RequestPasswordReset(ctx context.Context, email string) error {
	email = scrutineer.NormaliseEmail(email)
	token := auth.NewToken()
	return s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		entry := &scrutineer.AuditEntry{Action: "password.reset_request", TargetType: "user"}
		var id, name, org, hash string
		var active bool
		err := tx.QueryRowContext(ctx, `SELECT id, name, organisation_id, password_hash, active FROM users WHERE email = $1`, email).Scan(&id, &name, &org, &hash, &active)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			entry.Outcome, entry.Detail = scrutineer.OutcomeFailure, "No account has this address; nothing sent"
		case err != nil:
			return fmt.Errorf("password reset: %w", err)
		case !active || hash == "":
			entry.TargetID, entry.OrganisationID = id, org
			entry.Outcome, entry.Detail = scrutineer.OutcomeFailure, "The account is deactivated or has no password yet; nothing sent"
		}
		if entry.Outcome != "" {
			return NewAudit(s.db).RecordTx(ctx, tx, entry)
		}
		entry.TargetID, entry.OrganisationID = id, org
		now := s.db.Now()
		var recent int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM password_resets WHERE user_id = $1 AND used_at IS NULL AND created_at > $2`,
			id, Time{now.Add(-resetResendAfter)}).Scan(&recent); err != nil {
			return fmt.Errorf("password reset: %w", err)
		}
		if recent > 0 {
			entry.Outcome, entry.Detail = scrutineer.OutcomeRefused, "A link was sent less than 5 minutes ago; nothing sent"
			return NewAudit(s.db).RecordTx(ctx, tx, entry)
		}
		expires := now.Add(scrutineer.PasswordResetLifetime)
		if _, err := tx.ExecContext(ctx, `INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)`,
			auth.HashToken(token), id, Time{now}, Time{expires}); err != nil {
			return fmt.Errorf("password reset: %w", err)
		}
		if _, err := s.jobs.EnqueueEmailTx(ctx, tx, passwordResetEmail(email, name, s.baseURL+PasswordResetPath(token), expires)); err != nil {
			return err
		}
		entry.Detail = "Reset link sent"
		return NewAudit(s.db).RecordTx(ctx, tx, entry)
	})
}

// resetTarget is the account a live reset link is for.
type resetTarget struct {
	userID, email, name, org string
}

// liveReset returns the account of a reset link that is unused, unexpired and for an
// active account, or ENOTFOUND.
func (s *Passwords) liveReset(ctx context.Context, q querier, token string) (*resetTarget, error) {
	gone := scrutineer.Errorf(scrutineer.ENOTFOUND, "This link to reset your password has expired or has already been used.")
	if token == "" {
		return nil, gone
	}
	var t resetTarget
	var expires, used Time
	var active bool
	err := q.QueryRowContext(ctx, `SELECT u.id, u.email, u.name, u.organisation_id, u.active, r.expires_at, r.used_at FROM password_resets r JOIN users u ON u.id = r.user_id WHERE r.token_hash = $1`,
		auth.HashToken(token)).Scan(&t.userID, &t.email, &t.name, &t.org, &active, &expires, &used)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, gone
	}
	if err != nil {
		return nil, fmt.Errorf("password reset: %w", err)
	}
	if !active || !used.IsZero() || !s.db.Now().Before(expires.Time) {
		return nil, gone
	}
	return &t, nil
}

// CheckPasswordReset returns the email address of the account of a live reset link.
// NOTE: no policy check: the token is the credential. ENOTFOUND for a link that is
// unknown, used, expired or for a deactivated account.
func (s *Passwords) CheckPasswordReset(ctx context.Context, token string) (string, error) {
	t, err := s.liveReset(ctx, s.db.read, token)
	if err != nil {
		return "", err
	}
	return t.email, nil
}

// ResetPassword sets a new password through a live reset link. In one transaction it
// uses up every reset link of the account, ends all its sessions (whoever knew the old
// password is signed out), emails the owner that the password changed, and audits it.
// NOTE: no policy check: the token is the credential. ENOTFOUND for a link that is not
// live; EINVALID (field password) for a password the policy refuses.
func (s *Passwords) ResetPassword(ctx context.Context, token, password string) error {
	t, err := s.liveReset(ctx, s.db.read, token)
	if err != nil {
		return err
	}
	if problem := auth.CheckNewPassword(password, t.email, t.name); problem != "" {
		return &scrutineer.Error{Code: scrutineer.EINVALID, Message: "Check your new password.", Fields: map[string]string{"password": problem}}
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	return s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		// NOTE: marking the link used only while it is unused makes it single use
		// when two requests race: the second changes no row.
		now := s.db.Now()
		res, err := tx.ExecContext(ctx, `UPDATE password_resets SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL`, Time{now}, auth.HashToken(token))
		if err != nil {
			return fmt.Errorf("password reset: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return scrutineer.Errorf(scrutineer.ENOTFOUND, "This link to reset your password has expired or has already been used.")
		}
		n, err := s.setPassword(ctx, tx, t.userID, hash, "", now)
		if err != nil {
			return err
		}
		if _, err := s.jobs.EnqueueEmailTx(ctx, tx, passwordChangedEmail(t.email, t.name, s.baseURL+"/password/forgot", now)); err != nil {
			return err
		}
		return NewAudit(s.db).RecordTx(ctx, tx, &scrutineer.AuditEntry{
			ActorID: t.userID, ActorLabel: "reset link",
			Action: "password.reset", TargetType: "user", TargetID: t.userID, OrganisationID: t.org,
			Detail: fmt.Sprintf("Password reset by email link; %d sessions ended", n),
		})
	})
}

// setPassword stores a new password hash inside tx, uses up any outstanding reset
// links and ends the user's sessions except the one with keepHash; it returns how
// many sessions it ended.
func (s *Passwords) setPassword(ctx context.Context, tx *sql.Tx, userID, hash, keepHash string, now time.Time) (int64, error) {
	if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $1, password_changed_at = $2, updated_at = $2 WHERE id = $3`, hash, Time{now}, userID); err != nil {
		return 0, fmt.Errorf("set password: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE password_resets SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL`, Time{now}, userID); err != nil {
		return 0, fmt.Errorf("set password: %w", err)
	}
	return endSessions(ctx, tx, userID, keepHash)
}
