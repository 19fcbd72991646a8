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

// TwoFactorResets is what administrators do about another person's second factor: see
// whether it is set up, and reset it when the person has lost both their phone and
// their recovery codes. It implements scrutineer.TwoFactorResetService.
type TwoFactorResets struct {
	db   *DB
	jobs *Jobs
	// baseURL is the service's public address, for the sign-in link in the email.
	baseURL string
}

// NewTwoFactorResets returns the store. jobs is the outbox the email goes through;
// baseURL is the public address of the service (config PublicURL).
func NewTwoFactorResets(db *DB, jobs *Jobs, baseURL string) *TwoFactorResets {
	return &TwoFactorResets{db: db, jobs: jobs, baseURL: strings.TrimRight(baseURL, "/")}
}

var _ scrutineer.TwoFactorResetService = (*TwoFactorResets)(nil)

// TwoFactorAccount returns whether the person has two-factor authentication set up,
// and when and why it was last reset. Administrators only (auth.ManageUsers, like the
// rest of the account page); ENOTFOUND for others or an unknown account.
func (s *TwoFactorResets) TwoFactorAccount(ctx context.Context, userID string) (*scrutineer.TwoFactorAccount, error) {
	if err := auth.Authorise(ctx, auth.ManageUsers, auth.Resource{}); err != nil {
		return nil, err
	}
	a, err := NewUsers(s.db).findAccount(ctx, s.db.read, userID)
	if err != nil {
		return nil, err
	}
	st := &scrutineer.TwoFactorAccount{Required: a.Regulator()}
	var resetAt Time
	if err := s.db.read.QueryRowContext(ctx, `SELECT twofactor_reset_reason, twofactor_reset_at FROM users WHERE id = $1`, userID).
		Scan(&st.ResetReason, &resetAt); err != nil {
		return nil, fmt.Errorf("read two-factor reset: %w", err)
	}
	st.ResetAt = resetAt.Time
	var since Time
	err = s.db.read.QueryRowContext(ctx, `SELECT created_at FROM totp_credentials WHERE user_id = $1`, userID).Scan(&since)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return nil, fmt.Errorf("read two-factor: %w", err)
	default:
		st.Enabled, st.Since = true, since.Time
	}
	return st, nil
}

var errResetOwnTwoFactor = scrutineer.Errorf(scrutineer.ECONFLICT,
	"You cannot reset your own two-factor authentication. Ask another administrator to do it, or set it up again on a new device from your account page.")

// ResetTwoFactor removes the person's TOTP secret, recovery codes, any secret being
// set up and any half-done sign-in, ends all their sessions, keeps the reason on the
// account, queues an email telling them, and records "twofactor.reset", all in one
// transaction. Regulator staff are then taken to set-up at their next sign-in (the
// sign-in flow requires it); others may sign in with their password and set it up
// again from their account page.
//
// Administrators only, never on their own account (auth.ResetTwoFactor): ENOTFOUND
// for others; ECONFLICT for one's own account or one without two-factor set up;
// EINVALID without a reason.
func (s *TwoFactorResets) ResetTwoFactor(ctx context.Context, userID, reason string) error {
	if err := auth.Authorise(ctx, auth.ResetTwoFactor, auth.Resource{}); err != nil {
		return err
	}
	// NOTE: one's own account is refused by the policy too, but with a page that says
	// why rather than "not found": the administrator can see their own account.
	if me := scrutineer.UserFromContext(ctx); me != nil && me.ID == userID {
		return errResetOwnTwoFactor
	}
	if err := auth.Authorise(ctx, auth.ResetTwoFactor, auth.Resource{AssignedUsers: []string{userID}}); err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	var p scrutineer.Problems
	scrutineer.ValidateReason(&p, reason)
	if err := p.Err("Give a reason."); err != nil {
		return err
	}
	return s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		a, err := NewUsers(s.db).findAccount(ctx, tx, userID)
		if err != nil {
			return err
		}
		// Deleting the credential first locks it, so of two administrators resetting
		// at once the second finds nothing to reset.
		res, err := tx.ExecContext(ctx, `DELETE FROM totp_credentials WHERE user_id = $1`, userID)
		if err != nil {
			return fmt.Errorf("reset two-factor: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return scrutineer.Errorf(scrutineer.ECONFLICT, "This person has not set up two-factor authentication, so there is nothing to reset.")
		}
		for _, q := range []string{
			`DELETE FROM recovery_codes WHERE user_id = $1`,
			`DELETE FROM totp_enrolments WHERE user_id = $1`,
			`DELETE FROM login_pending WHERE user_id = $1`,
		} {
			if _, err := tx.ExecContext(ctx, q, userID); err != nil {
				return fmt.Errorf("reset two-factor: %w", err)
			}
		}
		res, err = tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID)
		if err != nil {
			return fmt.Errorf("end sessions: %w", err)
		}
		ended, _ := res.RowsAffected()
		now := s.db.Now()
		// NOTE: the reason stays on the account, not in the trail: it may say things
		// about the person (a stolen phone, leave) that the trail must not hold.
		if _, err := tx.ExecContext(ctx, `UPDATE users SET twofactor_reset_reason = $1, twofactor_reset_at = $2, updated_at = $2 WHERE id = $3`,
			reason, Time{now}, userID); err != nil {
			return fmt.Errorf("reset two-factor: %w", err)
		}
		if _, err := s.jobs.EnqueueEmailTx(ctx, tx, twoFactorResetEmail(a.User, s.baseURL, now)); err != nil {
			return err
		}
		return NewAudit(s.db).RecordTx(ctx, tx, &scrutineer.AuditEntry{
			Action: "twofactor.reset", TargetType: "user", TargetID: userID, OrganisationID: a.OrganisationID,
			Detail: fmt.Sprintf("Two-factor authentication reset by an administrator; %d sessions ended", ended),
		})
	})
}

// twoFactorResetEmail tells the person their second factor was reset and what to do
// next; see invitations_email.go for the style.
func twoFactorResetEmail(u *scrutineer.User, baseURL string, at time.Time) *scrutineer.Email {
	next := "You can still sign in with your password. To protect your account, set up two-factor authentication again from your account page:\n\n" +
		baseURL + "/account/two-factor"
	if u.Regulator() {
		next = "The next time you sign in, you must set up two-factor authentication again before you can continue. " +
			"Have your phone or another device with an authenticator app ready, then sign in at:\n\n" + baseURL + "/login"
	}
	return &scrutineer.Email{
		To:      u.Email,
		Subject: "Your Scrutineer two-factor authentication has been reset",
		Text: fmt.Sprintf("%s\n\nAn administrator reset the two-factor authentication of your Scrutineer account at %s. "+
			"Your authenticator app and your recovery codes no longer work, and you were signed out everywhere.\n\n%s\n\n"+
			"If you did not ask for this, tell your Scrutineer administrator straight away.\n\n"+
			"Scrutineer\n",
			greeting(u.Name), emailTime(at), next),
	}
}
