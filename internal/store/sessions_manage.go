package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// Listing and ending sessions: a user's own list on their account page, and an
// administrator's "sign out everywhere" for someone else.

var _ scrutineer.SessionManager = (*Sessions)(nil)

// authoriseAccount lets the account's owner, or an administrator, act on it.
func authoriseAccount(ctx context.Context, userID string) error {
	if err := auth.Authorise(ctx, auth.ManageOwnAccount, auth.Resource{AssignedUsers: []string{userID}}); err == nil {
		return nil
	}
	return auth.Authorise(ctx, auth.ManageUsers, auth.Resource{})
}

// userOrganisation returns the organisation of the user, for the audit trail;
// ENOTFOUND for an unknown user.
func userOrganisation(ctx context.Context, q querier, userID string) (string, error) {
	var org string
	err := q.QueryRowContext(ctx, `SELECT organisation_id FROM users WHERE id = $1`, userID).Scan(&org)
	if errors.Is(err, sql.ErrNoRows) {
		return "", scrutineer.Errorf(scrutineer.ENOTFOUND, "No such user.")
	}
	return org, err
}

// ListSessions returns the user's live sessions, newest first; the one whose token
// is currentToken is marked Current. Sessions past their idle or absolute timeout
// are left out: they end at their next use. The user themself or an administrator.
func (s *Sessions) ListSessions(ctx context.Context, userID, currentToken string) ([]*scrutineer.SessionInfo, error) {
	if err := authoriseAccount(ctx, userID); err != nil {
		return nil, err
	}
	if _, err := userOrganisation(ctx, s.db.read, userID); err != nil {
		return nil, err
	}
	current := ""
	if currentToken != "" {
		current = auth.HashToken(currentToken)
	}
	rows, err := s.db.read.QueryContext(ctx, `SELECT id, token_hash, created_at, last_seen_at, expires_at FROM sessions WHERE user_id = $1 ORDER BY created_at DESC, id DESC`, userID)
	if err != nil {
		return nil, fmt.Errorf("list sessions: %w", err)
	}
	defer rows.Close()
	now := s.db.Now()
	var out []*scrutineer.SessionInfo
	for rows.Next() {
		var si scrutineer.SessionInfo
		var hash string
		var created, seen, expires Time
		if err := rows.Scan(&si.ID, &hash, &created, &seen, &expires); err != nil {
			return nil, fmt.Errorf("list sessions: %w", err)
		}
		if now.After(expires.Time) || now.Sub(seen.Time) > SessionIdleTimeout {
			continue
		}
		si.CreatedAt, si.LastSeenAt, si.ExpiresAt = created.Time, seen.Time, expires.Time
		si.Current = hash == current
		out = append(out, &si)
	}
	return out, rows.Err()
}

// EndSession ends one of the user's sessions. A session that has already ended, or
// that is not the user's, is left alone without an error, so the answer says nothing
// about other people's sessions. The user themself or an administrator.
func (s *Sessions) EndSession(ctx context.Context, userID, sessionID string) error {
	if err := authoriseAccount(ctx, userID); err != nil {
		return err
	}
	return s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		org, err := userOrganisation(ctx, tx, userID)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE id = $1 AND user_id = $2 AND id <> ''`, sessionID, userID)
		if err != nil {
			return fmt.Errorf("end session: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		return NewAudit(s.db).RecordTx(ctx, tx, &scrutineer.AuditEntry{
			Action: "session.end", TargetType: "user", TargetID: userID, OrganisationID: org, Detail: "One session ended",
		})
	})
}

// EndOtherSessions ends every session of the signed-in user except the one with
// currentToken and returns how many it ended. The signed-in user only.
func (s *Sessions) EndOtherSessions(ctx context.Context, currentToken string) (int, error) {
	me := scrutineer.UserFromContext(ctx)
	if me == nil {
		return 0, scrutineer.Errorf(scrutineer.EUNAUTHORISED, "Sign in to continue.")
	}
	if err := auth.Authorise(ctx, auth.ManageOwnAccount, auth.Resource{AssignedUsers: []string{me.ID}}); err != nil {
		return 0, err
	}
	var n int64
	err := s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		var err error
		n, err = endSessions(ctx, tx, me.ID, auth.HashToken(currentToken))
		if err != nil || n == 0 {
			return err
		}
		return NewAudit(s.db).RecordTx(ctx, tx, &scrutineer.AuditEntry{
			Action: "session.end_others", TargetType: "user", TargetID: me.ID, OrganisationID: me.OrganisationID,
			Detail: fmt.Sprintf("%d other sessions ended", n),
		})
	})
	return int(n), err
}

// EndAllSessions ends every session of the user and returns how many it ended.
// Administrators only; ENOTFOUND for an unknown user.
func (s *Sessions) EndAllSessions(ctx context.Context, userID string) (int, error) {
	if err := auth.Authorise(ctx, auth.ManageUsers, auth.Resource{}); err != nil {
		return 0, err
	}
	var n int64
	err := s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		org, err := userOrganisation(ctx, tx, userID)
		if err != nil {
			return err
		}
		if n, err = endSessions(ctx, tx, userID, ""); err != nil {
			return err
		}
		return NewAudit(s.db).RecordTx(ctx, tx, &scrutineer.AuditEntry{
			Action: "session.end_all", TargetType: "user", TargetID: userID, OrganisationID: org,
			Detail: fmt.Sprintf("%d sessions ended", n),
		})
	})
	return int(n), err
}

// endSessions deletes the user's sessions except the one with keepHash ("" keeps
// none) inside tx, and returns how many it deleted.
func endSessions(ctx context.Context, tx *sql.Tx, userID, keepHash string) (int64, error) {
	res, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2`, userID, keepHash)
	if err != nil {
		return 0, fmt.Errorf("end sessions: %w", err)
	}
	n, _ := res.RowsAffected()
	return n, nil
}
