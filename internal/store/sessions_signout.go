package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// SignOut ends the session with this token because its user asked to, and records
// it in the audit trail ("session.end", "Signed out") in the same transaction. The
// token is the credential, so whoever holds it may end it; ending an unknown or
// already ended session is not an error and records nothing.
func (s *Sessions) SignOut(ctx context.Context, token string) error {
	if token == "" {
		return nil
	}
	return s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		var userID, org string
		err := tx.QueryRowContext(ctx, `DELETE FROM sessions WHERE token_hash = $1 RETURNING user_id`, auth.HashToken(token)).Scan(&userID)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("sign out: %w", err)
		}
		if err := tx.QueryRowContext(ctx, `SELECT organisation_id FROM users WHERE id = $1`, userID).Scan(&org); err != nil {
			return fmt.Errorf("sign out: %w", err)
		}
		return NewAudit(s.db).RecordTx(ctx, tx, &scrutineer.AuditEntry{
			Action: "session.end", TargetType: "user", TargetID: userID, OrganisationID: org, Detail: "Signed out",
		})
	})
}
