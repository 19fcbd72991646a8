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

const invitationSelect = `SELECT i.id, i.user_id, u.email, u.name, u.organisation_id, o.name, i.invited_by, COALESCE(b.name, ''),
	i.created_at, i.sent_at, i.expires_at, i.accepted_at, i.withdrawn_at
	FROM invitations i JOIN users u ON u.id = i.user_id JOIN organisations o ON o.id = u.organisation_id
	LEFT JOIN users b ON b.id = i.invited_by `

func scanInvitation(row interface{ Scan(...any) error }, now time.Time) (*scrutineer.Invitation, error) {
	var inv scrutineer.Invitation
	var created, sent, expires, accepted, withdrawn Time
	if err := row.Scan(&inv.ID, &inv.UserID, &inv.Email, &inv.Name, &inv.OrganisationID, &inv.OrganisationName, &inv.InvitedByID, &inv.InvitedBy,
		&created, &sent, &expires, &accepted, &withdrawn); err != nil {
		return nil, err
	}
	inv.CreatedAt, inv.SentAt, inv.ExpiresAt, inv.AcceptedAt, inv.WithdrawnAt = created.Time, sent.Time, expires.Time, accepted.Time, withdrawn.Time
	if inv.InvitedByID == "" {
		inv.InvitedBy = "Scrutineer"
	}
	switch {
	case !inv.AcceptedAt.IsZero():
		inv.Status = scrutineer.InvitationAccepted
	case !inv.WithdrawnAt.IsZero():
		inv.Status = scrutineer.InvitationWithdrawn
	case !now.Before(inv.ExpiresAt):
		inv.Status = scrutineer.InvitationExpired
	default:
		inv.Status = scrutineer.InvitationPending
	}
	return &inv, nil
}

// findOne returns the invitation matching where (with $1 bound to arg) and its
// invitee's roles, or ENOTFOUND.
func (s *Invitations) findOne(ctx context.Context, q querier, where string, arg any) (*scrutineer.Invitation, error) {
	inv, err := scanInvitation(q.QueryRowContext(ctx, invitationSelect+`WHERE `+where, arg), s.db.Now())
	if errors.Is(err, sql.ErrNoRows) {
		return nil, scrutineer.Errorf(scrutineer.ENOTFOUND, "No such invitation.")
	}
	if err != nil {
		return nil, fmt.Errorf("find invitation: %w", err)
	}
	if err := s.roles(ctx, q, inv); err != nil {
		return nil, err
	}
	return inv, nil
}

func (s *Invitations) roles(ctx context.Context, q querier, inv *scrutineer.Invitation) error {
	u := &scrutineer.User{ID: inv.UserID}
	if err := s.users.roles(ctx, q, u); err != nil {
		return fmt.Errorf("invitation roles: %w", err)
	}
	inv.Roles = u.Roles
	return nil
}

// FindInvitations lists invitations, newest first. Administrators only; others
// ENOTFOUND.
func (s *Invitations) FindInvitations(ctx context.Context, f scrutineer.InvitationFilter) ([]*scrutineer.Invitation, error) {
	if err := auth.Authorise(ctx, auth.ManageUsers, auth.Resource{}); err != nil {
		return nil, err
	}
	now := s.db.Now()
	var where []string
	args := []any{}
	add := func(cond string, a ...any) {
		for _, v := range a {
			args = append(args, v)
			cond = strings.Replace(cond, "$?", fmt.Sprintf("$%d", len(args)), 1)
		}
		where = append(where, cond)
	}
	switch f.Status {
	case scrutineer.InvitationAccepted:
		add(`i.accepted_at IS NOT NULL`)
	case scrutineer.InvitationWithdrawn:
		add(`i.accepted_at IS NULL AND i.withdrawn_at IS NOT NULL`)
	case scrutineer.InvitationExpired:
		add(`i.accepted_at IS NULL AND i.withdrawn_at IS NULL AND i.expires_at <= $?`, Time{now})
	case scrutineer.InvitationPending:
		add(`i.accepted_at IS NULL AND i.withdrawn_at IS NULL AND i.expires_at > $?`, Time{now})
	}
	if f.UserID != "" {
		add(`i.user_id = $?`, f.UserID)
	}
	q := invitationSelect
	if len(where) > 0 {
		q += `WHERE ` + strings.Join(where, ` AND `)
	}
	limit, offset := pageOf(f.Limit, f.Offset)
	q += fmt.Sprintf(` ORDER BY i.created_at DESC, i.id DESC LIMIT %d OFFSET %d`, limit, offset)
	rows, err := s.db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("find invitations: %w", err)
	}
	defer rows.Close()
	var list []*scrutineer.Invitation
	for rows.Next() {
		inv, err := scanInvitation(rows, now)
		if err != nil {
			return nil, fmt.Errorf("find invitations: %w", err)
		}
		list = append(list, inv)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, inv := range list {
		if err := s.roles(ctx, s.db.read, inv); err != nil {
			return nil, err
		}
	}
	return list, nil
}

// FindInvitationByToken returns the invitation whose link carries token, whatever
// its status. NOTE: no policy check: the token, sent only to the invitee, is the
// credential, as a password is for Authenticate. ENOTFOUND for an unknown token.
func (s *Invitations) FindInvitationByToken(ctx context.Context, token string) (*scrutineer.Invitation, error) {
	if token == "" {
		return nil, scrutineer.Errorf(scrutineer.ENOTFOUND, "No such invitation.")
	}
	return s.findOne(ctx, s.db.read, `i.token_hash = $1`, auth.HashToken(token))
}
