package scrutineer

import (
	"context"
	"time"
)

// APIToken is a long-lived credential for the JSON API, owned by one user. Its secret
// is shown once, when it is made; the database keeps only a hash of it.
type APIToken struct {
	ID     string
	UserID string
	// Label says what the token is for, in the owner's words ("Monthly returns script").
	Label string
	// Hint is the last four characters of the secret, so the owner can tell tokens apart.
	Hint       string
	CreatedAt  time.Time
	LastUsedAt time.Time // zero until first used; updated at most once a minute
	ExpiresAt  time.Time // zero for a token that does not expire
	RevokedAt  time.Time // zero until revoked
}

// Token states, as the token page shows them.
const (
	TokenActive  = "active"
	TokenExpired = "expired"
	TokenRevoked = "revoked"
)

// State says whether the token works at now: active, expired or revoked.
func (t *APIToken) State(now time.Time) string {
	switch {
	case !t.RevokedAt.IsZero():
		return TokenRevoked
	case !t.ExpiresAt.IsZero() && !now.Before(t.ExpiresAt):
		return TokenExpired
	}
	return TokenActive
}

// APITokenService keeps API tokens.
type APITokenService interface {
	// CreateAPIToken makes a token for t.UserID with t.Label and t.ExpiresAt, fills
	// in the rest of t and returns the secret, which is never available again. The
	// owner (or the service itself) only; EINVALID for a bad label or expiry or a
	// deactivated owner, ENOTFOUND for anyone else.
	CreateAPIToken(ctx context.Context, t *APIToken) (secret string, err error)
	// FindAPITokens lists a user's tokens, newest first. The owner only; others
	// ENOTFOUND.
	FindAPITokens(ctx context.Context, userID string) ([]*APIToken, error)
	// FindAPIToken returns one token. The owner only; others ENOTFOUND.
	FindAPIToken(ctx context.Context, id string) (*APIToken, error)
	// RevokeAPIToken stops the token working at once. The owner only; others
	// ENOTFOUND. Revoking a revoked token changes nothing.
	RevokeAPIToken(ctx context.Context, id string) error
	// AuthenticateAPIToken returns the active owner of a live token and the token.
	// Anyone may call it; any failure is EUNAUTHORISED without saying why.
	AuthenticateAPIToken(ctx context.Context, secret string) (*User, *APIToken, error)
}

type actorLabelKey struct{}

// ActorLabelAPIToken is how the audit trail names a user acting through the API.
const ActorLabelAPIToken = "api token"

// NewContextWithActorLabel returns a context that says how its user was known, such
// as ActorLabelAPIToken, for the audit entries made on its behalf.
func NewContextWithActorLabel(ctx context.Context, label string) context.Context {
	return context.WithValue(ctx, actorLabelKey{}, label)
}

// ActorLabelFromContext returns the label set by NewContextWithActorLabel, or "".
func ActorLabelFromContext(ctx context.Context) string {
	l, _ := ctx.Value(actorLabelKey{}).(string)
	return l
}
