package scrutineer

import (
	"context"
	"slices"
	"time"
)

// User is a person with an account. Respondents to surveys and the public have none.
type User struct {
	ID             string
	Email          string
	Name           string
	OrganisationID string
	Organisation   *Organisation // filled by finders for display
	Roles          []Role
	Active         bool
	CreatedAt      time.Time
}

// Has reports whether the user holds role r.
func (u *User) Has(r Role) bool { return u != nil && slices.Contains(u.Roles, r) }

// Regulator reports whether the user holds any regulator role.
func (u *User) Regulator() bool {
	if u == nil {
		return false
	}
	for _, r := range u.Roles {
		if r.Regulator() {
			return true
		}
	}
	return false
}

type userKey struct{}

// NewContextWithUser returns a context carrying the signed-in user.
func NewContextWithUser(ctx context.Context, u *User) context.Context {
	return context.WithValue(ctx, userKey{}, u)
}

// UserFromContext returns the signed-in user, or nil for an anonymous caller.
func UserFromContext(ctx context.Context) *User {
	u, _ := ctx.Value(userKey{}).(*User)
	return u
}

// UserService manages accounts.
type UserService interface {
	// Authenticate returns the active user with this email and password, or an
	// EUNAUTHORISED error that does not say which of the two was wrong.
	Authenticate(ctx context.Context, email, password string) (*User, error)
	// FindUserByID returns the user or ENOTFOUND.
	FindUserByID(ctx context.Context, id string) (*User, error)
	// CreateUser adds an account with an initial password; EINVALID or ECONFLICT
	// (email taken) on bad input.
	CreateUser(ctx context.Context, u *User, password string) error
}

// SessionService keeps signed-in sessions in the database so that any server process
// can serve any request.
type SessionService interface {
	// CreateSession starts a session and returns its secret token for the cookie.
	CreateSession(ctx context.Context, userID string) (token string, err error)
	// SessionUser returns the user of a live session and records the activity;
	// EUNAUTHORISED when the token is unknown, idle too long or too old.
	SessionUser(ctx context.Context, token string) (*User, error)
	// DeleteSession ends the session; ending an unknown one is not an error.
	DeleteSession(ctx context.Context, token string) error
	// SignOut ends the session because its user asked to, and records that in the
	// audit trail; ending an unknown one is not an error and records nothing.
	SignOut(ctx context.Context, token string) error
}
