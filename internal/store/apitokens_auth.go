package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// AuthenticateAPIToken returns the owner of a live token, and the token. Anyone may
// call it. Every failure is the same EUNAUTHORISED error, so the answer does not say
// whether a token exists. The owner's account is checked on every call, so
// deactivating a user stops their tokens at once.
//
// A known token that is refused (revoked, expired, or its owner deactivated) is
// audited as api_token.refused, at most once per TouchEvery: someone is still using a
// credential that should be dead. Unknown tokens are not audited, so that guessing
// cannot fill the trail.
func (s *APITokens) AuthenticateAPIToken(ctx context.Context, secret string) (*scrutineer.User, *scrutineer.APIToken, error) {
	refused := scrutineer.Errorf(scrutineer.EUNAUTHORISED, "The API token is missing, not recognised, expired or revoked.")
	if !wellFormedAPIToken(secret) {
		return nil, nil, refused
	}
	var active bool
	var orgID string
	var lastRefused Time
	t, err := scanAPIToken(s.db.read.QueryRowContext(ctx, `SELECT `+apiTokenColumns+`, u.active, u.organisation_id, t.last_refused_at
		FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1`, auth.HashToken(secret)), &active, &orgID, &lastRefused)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, refused
	}
	if err != nil {
		return nil, nil, fmt.Errorf("authenticate API token: %w", err)
	}
	now := s.db.Now()
	reason := ""
	switch {
	case t.State(now) == scrutineer.TokenRevoked:
		reason = "token revoked"
	case t.State(now) == scrutineer.TokenExpired:
		reason = "token expired"
	case !active:
		reason = "account deactivated"
	}
	if reason != "" {
		if lastRefused.IsZero() || now.Sub(lastRefused.Time) >= s.TouchEvery {
			if err := s.recordRefusal(ctx, t, orgID, reason); err != nil {
				return nil, nil, err
			}
		}
		return nil, nil, refused
	}
	if t.LastUsedAt.IsZero() || now.Sub(t.LastUsedAt) >= s.TouchEvery {
		err := s.db.WriteTx(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = $1 WHERE id = $2`, Time{now}, t.ID)
			return err
		})
		if err != nil {
			return nil, nil, fmt.Errorf("touch API token: %w", err)
		}
		t.LastUsedAt = now
	}
	u, err := s.users.FindUserByID(ctx, t.UserID)
	if err != nil {
		return nil, nil, fmt.Errorf("API token owner: %w", err)
	}
	if !u.Active {
		return nil, nil, refused
	}
	return u, t, nil
}

// recordRefusal audits a refused use of a known token. The conditional update makes
// several processes agree on who records it.
func (s *APITokens) recordRefusal(ctx context.Context, t *scrutineer.APIToken, orgID, reason string) error {
	now := s.db.Now()
	return s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE api_tokens SET last_refused_at = $1 WHERE id = $2 AND (last_refused_at IS NULL OR last_refused_at <= $3)`,
			Time{now}, t.ID, Time{now.Add(-s.TouchEvery)})
		if err != nil {
			return fmt.Errorf("refuse API token: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		return s.audit.RecordTx(ctx, tx, &scrutineer.AuditEntry{
			ActorID: t.UserID, ActorLabel: scrutineer.ActorLabelAPIToken,
			Action: "api_token.refused", TargetType: "api_token", TargetID: t.ID, OrganisationID: orgID,
			Outcome: scrutineer.OutcomeRefused, Detail: reason,
		})
	})
}
