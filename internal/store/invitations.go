package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// Invitations invites people by an emailed link that lets them set their password.
// It implements scrutineer.InvitationService. Only administrators (and the operator's
// command) invite; see docs/decisions/0012-accounts-invitations.md.
type Invitations struct {
	db    *DB
	jobs  *Jobs
	users *Users
	// baseURL is the service's public address, for the links in emails.
	baseURL string
}

// NewInvitations returns the invitation store. jobs is the outbox the emails go
// through; baseURL is the public address of the service (config PublicURL).
func NewInvitations(db *DB, jobs *Jobs, baseURL string) *Invitations {
	return &Invitations{db: db, jobs: jobs, users: NewUsers(db), baseURL: strings.TrimRight(baseURL, "/")}
}

var _ scrutineer.InvitationService = (*Invitations)(nil)

// InvitationPath is the path of an invitation link.
func InvitationPath(token string) string { return "/invitations/" + token }

// Link returns the full address of an invitation link.
func (s *Invitations) Link(token string) string { return s.baseURL + InvitationPath(token) }

// planned is a checked invitation: what InviteUser will write.
type planned struct {
	inv *scrutineer.Invitation
	// existing is the id of an account that was invited before and never used,
	// which the new invitation takes over; "" for a new account.
	existing string
}

// plan checks n against the directory and the accounts in q.
func (s *Invitations) plan(ctx context.Context, q querier, n scrutineer.NewInvitation) (*planned, error) {
	n.Normalise()
	var p scrutineer.Problems
	scrutineer.ValidateEmail(&p, "email", n.Email)
	scrutineer.ValidateUserName(&p, n.Name, true)
	var org scrutineer.Organisation
	if n.OrganisationSlug == "" {
		p.Add("organisation", "Choose the person's organisation")
	} else {
		err := q.QueryRowContext(ctx, `SELECT id, name, kind, status FROM organisations WHERE slug = $1`, n.OrganisationSlug).Scan(&org.ID, &org.Name, &org.Kind, &org.Status)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			p.Add("organisation", "Choose an organisation from the directory")
		case err != nil:
			return nil, fmt.Errorf("invitation organisation: %w", err)
		case org.Status != scrutineer.StatusActive:
			p.Add("organisation", "This organisation is no longer active: choose the one that took over its work")
		}
	}
	scrutineer.ValidateRoles(&p, n.Roles, org.Kind)
	if err := p.Err("Check the invitation."); err != nil {
		return nil, err
	}
	pl := &planned{inv: &scrutineer.Invitation{
		Email: n.Email, Name: n.Name, Roles: n.Roles, OrganisationID: org.ID, OrganisationName: org.Name,
		Status: scrutineer.InvitationPending,
	}}
	var id, hash string
	err := q.QueryRowContext(ctx, `SELECT id, password_hash FROM users WHERE email = $1`, n.Email).Scan(&id, &hash)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return nil, fmt.Errorf("invitation email: %w", err)
	case hash != "":
		return nil, &scrutineer.Error{Code: scrutineer.ECONFLICT, Message: "Check the invitation.",
			Fields: map[string]string{"email": "An account with this email address already exists. Find it in the list of users instead"}}
	default:
		pl.existing = id
	}
	if me := scrutineer.UserFromContext(ctx); me != nil {
		pl.inv.InvitedByID, pl.inv.InvitedBy = me.ID, me.Name
	} else {
		pl.inv.InvitedBy = "Scrutineer"
	}
	return pl, nil
}

// PreviewInvitation checks n as InviteUser would and returns the invitation it would
// send, saving nothing. Administrators only; errors as InviteUser.
func (s *Invitations) PreviewInvitation(ctx context.Context, n scrutineer.NewInvitation) (*scrutineer.Invitation, error) {
	if err := auth.Authorise(ctx, auth.ManageUsers, auth.Resource{}); err != nil {
		return nil, err
	}
	pl, err := s.plan(ctx, s.db.read, n)
	if err != nil {
		return nil, err
	}
	pl.inv.ExpiresAt = s.db.Now().Add(scrutineer.InvitationLifetime)
	return pl.inv, nil
}

// InviteUser creates the account (with no password, so it cannot sign in yet), its
// invitation and the email with the link, in one transaction, and returns the
// invitation and the link's token. An address invited before whose account was never
// used is invited again: its pending invitation is withdrawn and its details
// replaced. Administrators and the service itself. EINVALID for bad input; ECONFLICT
// when the address has an account that has been used.
func (s *Invitations) InviteUser(ctx context.Context, n scrutineer.NewInvitation) (*scrutineer.Invitation, string, error) {
	if err := auth.Authorise(ctx, auth.ManageUsers, auth.Resource{}); err != nil {
		return nil, "", err
	}
	token := auth.NewToken()
	var inv *scrutineer.Invitation
	err := s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		pl, err := s.plan(ctx, tx, n)
		if err != nil {
			return err
		}
		inv = pl.inv
		now := s.db.Now()
		inv.UserID = pl.existing
		if inv.UserID == "" {
			inv.UserID = NewID()
			if _, err := tx.ExecContext(ctx, `INSERT INTO users (id, email, name, organisation_id, password_hash, active, created_at, updated_at) VALUES ($1, $2, $3, $4, '', $5, $6, $6)`,
				inv.UserID, inv.Email, inv.Name, inv.OrganisationID, true, Time{now}); err != nil {
				return fmt.Errorf("insert invited user: %w", err)
			}
		} else {
			if _, err := tx.ExecContext(ctx, `UPDATE users SET name = $1, organisation_id = $2, active = $3, updated_at = $4 WHERE id = $5`,
				inv.Name, inv.OrganisationID, true, Time{now}, inv.UserID); err != nil {
				return fmt.Errorf("update invited user: %w", err)
			}
			if _, err := tx.ExecContext(ctx, `UPDATE invitations SET withdrawn_at = $1 WHERE user_id = $2 AND accepted_at IS NULL AND withdrawn_at IS NULL`, Time{now}, inv.UserID); err != nil {
				return fmt.Errorf("replace invitation: %w", err)
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM user_roles WHERE user_id = $1`, inv.UserID); err != nil {
				return fmt.Errorf("replace roles: %w", err)
			}
		}
		for _, r := range inv.Roles {
			if _, err := tx.ExecContext(ctx, `INSERT INTO user_roles (user_id, role) VALUES ($1, $2)`, inv.UserID, string(r)); err != nil {
				return fmt.Errorf("insert role: %w", err)
			}
		}
		inv.ID, inv.CreatedAt, inv.SentAt, inv.ExpiresAt = NewID(), now, now, now.Add(scrutineer.InvitationLifetime)
		if _, err := tx.ExecContext(ctx, `INSERT INTO invitations (id, user_id, token_hash, invited_by, created_at, sent_at, expires_at) VALUES ($1, $2, $3, $4, $5, $5, $6)`,
			inv.ID, inv.UserID, auth.HashToken(token), inv.InvitedByID, Time{now}, Time{inv.ExpiresAt}); err != nil {
			return fmt.Errorf("insert invitation: %w", err)
		}
		if _, err := s.jobs.EnqueueEmailTx(ctx, tx, invitationEmail(inv, s.Link(token))); err != nil {
			return err
		}
		return NewAudit(s.db).RecordTx(ctx, tx, &scrutineer.AuditEntry{
			Action: "user.invite", TargetType: "user", TargetID: inv.UserID, OrganisationID: inv.OrganisationID,
			Detail: "Invited with roles " + roleList(inv.Roles),
		})
	})
	if err != nil {
		return nil, "", err
	}
	return inv, token, nil
}

// ResendInvitation gives a pending or expired invitation a new link and expiry and
// emails it; the old link stops working. Administrators only. ENOTFOUND for an
// unknown invitation; ECONFLICT once it is accepted or withdrawn.
func (s *Invitations) ResendInvitation(ctx context.Context, id string) (*scrutineer.Invitation, string, error) {
	if err := auth.Authorise(ctx, auth.ManageUsers, auth.Resource{}); err != nil {
		return nil, "", err
	}
	token := auth.NewToken()
	var inv *scrutineer.Invitation
	err := s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		var err error
		if inv, err = s.openInvitation(ctx, tx, id, true); err != nil {
			return err
		}
		now := s.db.Now()
		inv.SentAt, inv.ExpiresAt, inv.Status = now, now.Add(scrutineer.InvitationLifetime), scrutineer.InvitationPending
		if _, err := tx.ExecContext(ctx, `UPDATE invitations SET token_hash = $1, sent_at = $2, expires_at = $3 WHERE id = $4`,
			auth.HashToken(token), Time{now}, Time{inv.ExpiresAt}, id); err != nil {
			return fmt.Errorf("resend invitation: %w", err)
		}
		if _, err := s.jobs.EnqueueEmailTx(ctx, tx, invitationEmail(inv, s.Link(token))); err != nil {
			return err
		}
		return NewAudit(s.db).RecordTx(ctx, tx, &scrutineer.AuditEntry{
			Action: "invitation.resend", TargetType: "user", TargetID: inv.UserID, OrganisationID: inv.OrganisationID,
			Detail: "New invitation link sent; the earlier link no longer works",
		})
	})
	if err != nil {
		return nil, "", err
	}
	return inv, token, nil
}

// WithdrawInvitation stops a pending or expired invitation's link working and
// deactivates its account, which was never used. Administrators only. ENOTFOUND for
// an unknown invitation; ECONFLICT once it is accepted or withdrawn.
func (s *Invitations) WithdrawInvitation(ctx context.Context, id string) error {
	if err := auth.Authorise(ctx, auth.ManageUsers, auth.Resource{}); err != nil {
		return err
	}
	return s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		inv, err := s.openInvitation(ctx, tx, id, false)
		if err != nil {
			return err
		}
		now := Time{s.db.Now()}
		if _, err := tx.ExecContext(ctx, `UPDATE invitations SET withdrawn_at = $1 WHERE id = $2`, now, id); err != nil {
			return fmt.Errorf("withdraw invitation: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET active = $1, status_reason = $2, status_changed_at = $3, updated_at = $3 WHERE id = $4 AND password_hash = ''`,
			false, "Invitation withdrawn", now, inv.UserID); err != nil {
			return fmt.Errorf("withdraw invitation: %w", err)
		}
		return NewAudit(s.db).RecordTx(ctx, tx, &scrutineer.AuditEntry{
			Action: "invitation.withdraw", TargetType: "user", TargetID: inv.UserID, OrganisationID: inv.OrganisationID,
			Detail: "Invitation withdrawn; the unused account is deactivated",
		})
	})
}

// openInvitation loads an invitation inside tx for a change that only a pending or
// expired invitation allows; with needActive, only while its account is active.
func (s *Invitations) openInvitation(ctx context.Context, tx *sql.Tx, id string, needActive bool) (*scrutineer.Invitation, error) {
	inv, err := s.findOne(ctx, tx, `i.id = $1`, id)
	if err != nil {
		return nil, err
	}
	switch inv.Status {
	case scrutineer.InvitationAccepted:
		return nil, scrutineer.Errorf(scrutineer.ECONFLICT, "This invitation has already been accepted.")
	case scrutineer.InvitationWithdrawn:
		return nil, scrutineer.Errorf(scrutineer.ECONFLICT, "This invitation was withdrawn. Invite the person again instead.")
	}
	if !needActive {
		return inv, nil
	}
	var active bool
	if err := tx.QueryRowContext(ctx, `SELECT active FROM users WHERE id = $1`, inv.UserID).Scan(&active); err != nil {
		return nil, fmt.Errorf("invited user: %w", err)
	}
	if !active {
		return nil, scrutineer.Errorf(scrutineer.ECONFLICT, "This account is deactivated. Reactivate it first.")
	}
	return inv, nil
}
