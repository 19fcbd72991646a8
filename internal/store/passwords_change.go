package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// ChangePassword changes the signed-in user's password. The current password must be
// given (a session left open on a shared computer is not enough to take the account
// over); the new one must pass the password policy and differ from it. In one
// transaction it ends the user's other sessions, emails them that the password
// changed and audits it. A wrong current password is audited as a failure. The
// signed-in user only; EINVALID with fields current_password and new_password.
func (s *Passwords) ChangePassword(ctx context.Context, currentToken, current, next string) error {
	me := scrutineer.UserFromContext(ctx)
	if me == nil {
		return scrutineer.Errorf(scrutineer.EUNAUTHORISED, "Sign in to continue.")
	}
	if err := auth.Authorise(ctx, auth.ManageOwnAccount, auth.Resource{AssignedUsers: []string{me.ID}}); err != nil {
		return err
	}
	var p scrutineer.Problems
	if current == "" {
		p.Add("current_password", "Enter your current password")
	}
	if problem := auth.CheckNewPassword(next, me.Email, me.Name); problem != "" {
		p.Add("new_password", problem)
	} else if next == current {
		p.Add("new_password", "Choose a password different from your current one")
	}
	if err := p.Err("Check your passwords."); err != nil {
		return err
	}
	var stored string
	if err := s.db.read.QueryRowContext(ctx, `SELECT password_hash FROM users WHERE id = $1`, me.ID).Scan(&stored); err != nil {
		return fmt.Errorf("change password: %w", err)
	}
	if ok, _ := auth.CheckPassword(stored, current); !ok {
		if err := NewAudit(s.db).RecordAudit(ctx, &scrutineer.AuditEntry{
			Action: "password.change", TargetType: "user", TargetID: me.ID, OrganisationID: me.OrganisationID,
			Outcome: scrutineer.OutcomeFailure, Detail: "Current password was wrong",
		}); err != nil {
			return err
		}
		return &scrutineer.Error{Code: scrutineer.EINVALID, Message: "Check your passwords.", Fields: map[string]string{"current_password": "Your current password is not right"}}
	}
	hash, err := auth.HashPassword(next)
	if err != nil {
		return err
	}
	return s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		now := s.db.Now()
		n, err := s.setPassword(ctx, tx, me.ID, hash, auth.HashToken(currentToken), now)
		if err != nil {
			return err
		}
		if _, err := s.jobs.EnqueueEmailTx(ctx, tx, passwordChangedEmail(me.Email, me.Name, s.baseURL+"/password/forgot", now)); err != nil {
			return err
		}
		return NewAudit(s.db).RecordTx(ctx, tx, &scrutineer.AuditEntry{
			Action: "password.change", TargetType: "user", TargetID: me.ID, OrganisationID: me.OrganisationID,
			Detail: fmt.Sprintf("Password changed; %d other sessions ended", n),
		})
	})
}
