package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// linkProblem is the error for an invitation link that can no longer be used, in
// words that say what to do.
func linkProblem(status scrutineer.InvitationStatus) error {
	switch status {
	case scrutineer.InvitationAccepted:
		return scrutineer.Errorf(scrutineer.ECONFLICT, "This invitation has already been used. Sign in with your email address and password, or reset your password if you have forgotten it.")
	case scrutineer.InvitationExpired:
		return scrutineer.Errorf(scrutineer.ECONFLICT, "This invitation has expired. Ask the person who invited you to send a new one.")
	}
	return scrutineer.Errorf(scrutineer.ECONFLICT, "This invitation is no longer valid. Ask the person who invited you if you still need an account.")
}

// AcceptInvitation sets the invited person's name and password and uses up the link,
// in one transaction. NOTE: no policy check: the token is the credential (see
// FindInvitationByToken). ENOTFOUND for an unknown token; ECONFLICT for a link that
// is used, expired or withdrawn, or an account that was deactivated; EINVALID with
// fields name and password for a missing name or a password the policy refuses.
func (s *Invitations) AcceptInvitation(ctx context.Context, token, name, password string) error {
	inv, err := s.FindInvitationByToken(ctx, token)
	if err != nil {
		return err
	}
	if inv.Status != scrutineer.InvitationPending {
		return linkProblem(inv.Status)
	}
	name = strings.Join(strings.Fields(name), " ")
	var p scrutineer.Problems
	scrutineer.ValidateUserName(&p, name, false)
	if problem := auth.CheckNewPassword(password, inv.Email, name); problem != "" {
		p.Add("password", problem)
	}
	if err := p.Err("Check your details."); err != nil {
		return err
	}
	// Hash before the transaction: argon2id takes a tenth of a second, which the
	// single SQLite writer should not wait for.
	hash, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	hashed := auth.HashToken(token)
	return s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		// NOTE: the guarded UPDATE below (password still empty) is what makes a link
		// single use when two requests race: the second changes no row.
		inv, err := s.findOne(ctx, tx, `i.token_hash = $1`, hashed)
		if err != nil {
			return err
		}
		if inv.Status != scrutineer.InvitationPending {
			return linkProblem(inv.Status)
		}
		now := Time{s.db.Now()}
		res, err := tx.ExecContext(ctx, `UPDATE users SET name = $1, password_hash = $2, password_changed_at = $3, updated_at = $3 WHERE id = $4 AND active = $5 AND password_hash = ''`,
			name, hash, now, inv.UserID, true)
		if err != nil {
			return fmt.Errorf("accept invitation: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return linkProblem(scrutineer.InvitationWithdrawn)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE invitations SET accepted_at = $1 WHERE id = $2`, now, inv.ID); err != nil {
			return fmt.Errorf("accept invitation: %w", err)
		}
		return NewAudit(s.db).RecordTx(ctx, tx, &scrutineer.AuditEntry{
			ActorID: inv.UserID, ActorLabel: "invitation link",
			Action: "invitation.accept", TargetType: "user", TargetID: inv.UserID, OrganisationID: inv.OrganisationID,
			Detail: "Password set; the account can now sign in",
		})
	})
}
