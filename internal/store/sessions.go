package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// Session lifetimes. NOTE: idle sessions end sooner than absolute ones because a
// shared office computer left signed in is the likelier risk.
const (
	SessionIdleTimeout     = 30 * time.Minute
	SessionAbsoluteTimeout = 12 * time.Hour
	// sessionTouchEvery limits writes: last_seen_at moves at most once a minute.
	sessionTouchEvery = time.Minute
)

// Sessions keeps signed-in sessions. It implements scrutineer.SessionService.
type Sessions struct {
	db *DB
}

// NewSessions returns the session store.
func NewSessions(db *DB) *Sessions { return &Sessions{db: db} }

var _ scrutineer.SessionService = (*Sessions)(nil)

// CreateSession starts a session for the user and returns its token.
func (s *Sessions) CreateSession(ctx context.Context, userID string) (string, error) {
	token := auth.NewToken()
	now := s.db.Now()
	err := s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO sessions (token_hash, id, user_id, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $4, $4, $5)`,
			auth.HashToken(token), NewID(), userID, Time{now}, Time{now.Add(SessionAbsoluteTimeout)})
		return err
	})
	if err != nil {
		return "", fmt.Errorf("create session: %w", err)
	}
	return token, nil
}

// SessionUser returns the user of a live session, ending it when it has timed out.
func (s *Sessions) SessionUser(ctx context.Context, token string) (*scrutineer.User, error) {
	expired := scrutineer.Errorf(scrutineer.EUNAUTHORISED, "Your session has ended. Sign in again.")
	if token == "" {
		return nil, expired
	}
	hash := auth.HashToken(token)
	// NOTE: one query for the session, the person, their organisation and roles:
	// every signed-in request runs it, and three round trips were 40 per cent of a
	// simple page (docs/benchmarks.md).
	var lastSeen, expires Time
	var roles string
	u, err := scanUser(s.db.read.QueryRowContext(ctx, `SELECT `+userColumns+`, s.last_seen_at, s.expires_at, `+rolesOf+`
		FROM sessions s JOIN users u ON u.id = s.user_id JOIN organisations o ON o.id = u.organisation_id WHERE s.token_hash = $1`, hash),
		&lastSeen, &expires, &roles)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, expired
	}
	if err != nil {
		return nil, fmt.Errorf("read session: %w", err)
	}
	now := s.db.Now()
	if !u.Active || now.After(expires.Time) || now.Sub(lastSeen.Time) > SessionIdleTimeout {
		s.DeleteSession(ctx, token)
		return nil, expired
	}
	if now.Sub(lastSeen.Time) > sessionTouchEvery {
		err := s.db.WriteTx(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2`, Time{now}, hash)
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("touch session: %w", err)
		}
	}
	u.Roles = splitRoles(roles)
	return u, nil
}

// DeleteSession ends the session with this token.
func (s *Sessions) DeleteSession(ctx context.Context, token string) error {
	return s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = $1`, auth.HashToken(token))
		return err
	})
}
