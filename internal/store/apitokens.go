package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// MaxAPITokenLabel is the longest label a token may have, in characters.
const MaxAPITokenLabel = 100

// APITokens keeps API tokens. It implements scrutineer.APITokenService.
type APITokens struct {
	db    *DB
	users *Users
	audit *Audit
	// TouchEvery bounds writes caused by using a token: last_used_at (and the audit
	// entry for a refused token) is written at most once per TouchEvery per token, so
	// a busy script does not turn every read into a write.
	TouchEvery time.Duration
}

// NewAPITokens returns the API token store.
func NewAPITokens(db *DB) *APITokens {
	return &APITokens{db: db, users: NewUsers(db), audit: NewAudit(db), TouchEvery: time.Minute}
}

var _ scrutineer.APITokenService = (*APITokens)(nil)

// ownedBy is the policy resource of a user's tokens: the owner is the one user
// assigned to them.
func ownedBy(userID string) auth.Resource { return auth.Resource{AssignedUsers: []string{userID}} }

const apiTokenColumns = `t.id, t.user_id, t.label, t.hint, t.created_at, t.last_used_at, t.expires_at, t.revoked_at`

func scanAPIToken(row interface{ Scan(...any) error }, extra ...any) (*scrutineer.APIToken, error) {
	var t scrutineer.APIToken
	var created, used, expires, revoked Time
	dest := append([]any{&t.ID, &t.UserID, &t.Label, &t.Hint, &created, &used, &expires, &revoked}, extra...)
	if err := row.Scan(dest...); err != nil {
		return nil, err
	}
	t.CreatedAt, t.LastUsedAt, t.ExpiresAt, t.RevokedAt = created.Time, used.Time, expires.Time, revoked.Time
	return &t, nil
}

// CreateAPIToken makes a token for t.UserID and returns its secret, which is never
// available again: only its SHA-256 is stored. The owner or the service itself only;
// others ENOTFOUND. EINVALID for a missing or long label, an expiry not in the future
// or a deactivated owner. The creation is audited in the same transaction.
func (s *APITokens) CreateAPIToken(ctx context.Context, t *scrutineer.APIToken) (string, error) {
	if err := auth.Authorise(ctx, auth.ManageAPITokens, ownedBy(t.UserID)); err != nil {
		return "", err
	}
	now := s.db.Now()
	t.Label = strings.TrimSpace(t.Label)
	var p scrutineer.Problems
	switch {
	case t.Label == "":
		p.Add("label", "Enter what the token is for")
	case utf8.RuneCountInString(t.Label) > MaxAPITokenLabel:
		p.Add("label", fmt.Sprintf("The name must be %d characters or fewer", MaxAPITokenLabel))
	case strings.IndexFunc(t.Label, unicode.IsControl) >= 0:
		p.Add("label", "The name must be on one line")
	}
	if !t.ExpiresAt.IsZero() && !t.ExpiresAt.After(now) {
		p.Add("expires", "The expiry date must be in the future")
	}
	if err := p.Err("Check the token details."); err != nil {
		return "", err
	}
	secret := newAPITokenSecret()
	err := s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		var active bool
		var orgID string
		err := tx.QueryRowContext(ctx, `SELECT active, organisation_id FROM users WHERE id = $1`, t.UserID).Scan(&active, &orgID)
		if errors.Is(err, sql.ErrNoRows) {
			return scrutineer.Errorf(scrutineer.ENOTFOUND, "No such user.")
		}
		if err != nil {
			return err
		}
		if !active {
			return scrutineer.Errorf(scrutineer.EINVALID, "The account is deactivated, so it cannot have API tokens.")
		}
		t.ID, t.CreatedAt, t.Hint = NewID(), now.Truncate(time.Microsecond), secret[len(secret)-4:]
		t.LastUsedAt, t.RevokedAt = time.Time{}, time.Time{}
		if _, err := tx.ExecContext(ctx, `INSERT INTO api_tokens (id, token_hash, user_id, label, hint, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			t.ID, auth.HashToken(secret), t.UserID, t.Label, t.Hint, Time{t.CreatedAt}, Time{t.ExpiresAt}); err != nil {
			return fmt.Errorf("insert API token: %w", err)
		}
		detail := "does not expire"
		if !t.ExpiresAt.IsZero() {
			detail = "expires " + t.ExpiresAt.UTC().Format(time.RFC3339)
		}
		return s.audit.RecordTx(ctx, tx, &scrutineer.AuditEntry{
			Action: "api_token.create", TargetType: "api_token", TargetID: t.ID, OrganisationID: orgID, Detail: detail,
		})
	})
	if err != nil {
		return "", fmt.Errorf("create API token: %w", err)
	}
	return secret, nil
}

// FindAPITokens lists the user's tokens, newest first, revoked and expired ones
// included. The owner only; others ENOTFOUND.
func (s *APITokens) FindAPITokens(ctx context.Context, userID string) ([]*scrutineer.APIToken, error) {
	if err := auth.Authorise(ctx, auth.ManageAPITokens, ownedBy(userID)); err != nil {
		return nil, err
	}
	rows, err := s.db.read.QueryContext(ctx, `SELECT `+apiTokenColumns+` FROM api_tokens t WHERE t.user_id = $1 ORDER BY t.created_at DESC, t.id DESC`, userID)
	if err != nil {
		return nil, fmt.Errorf("find API tokens: %w", err)
	}
	defer rows.Close()
	var out []*scrutineer.APIToken
	for rows.Next() {
		t, err := scanAPIToken(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// FindAPIToken returns one token. The owner only; others ENOTFOUND.
func (s *APITokens) FindAPIToken(ctx context.Context, id string) (*scrutineer.APIToken, error) {
	t, err := scanAPIToken(s.db.read.QueryRowContext(ctx, `SELECT `+apiTokenColumns+` FROM api_tokens t WHERE t.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, scrutineer.Errorf(scrutineer.ENOTFOUND, "No such API token.")
	}
	if err != nil {
		return nil, fmt.Errorf("find API token: %w", err)
	}
	if err := auth.Authorise(ctx, auth.ManageAPITokens, ownedBy(t.UserID)); err != nil {
		return nil, err
	}
	return t, nil
}

// RevokeAPIToken stops the token working from the next request on. The owner only;
// others ENOTFOUND. Revoking a revoked token changes nothing and is not audited again.
func (s *APITokens) RevokeAPIToken(ctx context.Context, id string) error {
	return s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		var orgID string
		t, err := scanAPIToken(tx.QueryRowContext(ctx, `SELECT `+apiTokenColumns+`, u.organisation_id FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.id = $1`+s.db.forUpdate(), id), &orgID)
		if errors.Is(err, sql.ErrNoRows) {
			return scrutineer.Errorf(scrutineer.ENOTFOUND, "No such API token.")
		}
		if err != nil {
			return fmt.Errorf("revoke API token: %w", err)
		}
		if err := auth.Authorise(ctx, auth.ManageAPITokens, ownedBy(t.UserID)); err != nil {
			return err
		}
		if !t.RevokedAt.IsZero() {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = $1 WHERE id = $2`, Time{s.db.Now()}, id); err != nil {
			return fmt.Errorf("revoke API token: %w", err)
		}
		return s.audit.RecordTx(ctx, tx, &scrutineer.AuditEntry{
			Action: "api_token.revoke", TargetType: "api_token", TargetID: id, OrganisationID: orgID,
		})
	})
}
