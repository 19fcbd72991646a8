package scrutineer

import (
	"context"
	"net/mail"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Lifetimes of the links sent by email. NOTE: an invitation waits for someone to
// find time to act on it; a password reset answers a request the person has just
// made, so it lives only as long as it takes to read one email.
const (
	InvitationLifetime    = 7 * 24 * time.Hour
	PasswordResetLifetime = time.Hour
)

// MaxUserNameLength bounds a person's name.
const MaxUserNameLength = 200

// UserStatus says whether an account can be used.
type UserStatus string

// The statuses of an account. An invited account exists but has no password yet.
const (
	UserInvited     UserStatus = "invited"
	UserActive      UserStatus = "active"
	UserDeactivated UserStatus = "deactivated"
)

// UserStatuses lists every status in the order they are shown.
var UserStatuses = []UserStatus{UserActive, UserInvited, UserDeactivated}

// Valid reports whether s is a known status.
func (s UserStatus) Valid() bool { return slices.Contains(UserStatuses, s) }

// Label is the status in plain English.
func (s UserStatus) Label() string {
	switch s {
	case UserInvited:
		return "Invited"
	case UserActive:
		return "Active"
	case UserDeactivated:
		return "Deactivated"
	}
	return string(s)
}

// Account is a user as administrators see it: with the state of the account.
type Account struct {
	*User
	Status UserStatus
	// StatusReason is why the account was last deactivated or reactivated.
	StatusReason      string
	StatusChangedAt   time.Time
	PasswordChangedAt time.Time
}

// UserFilter narrows the list of accounts. Zero fields match everything.
type UserFilter struct {
	OrganisationSlug string
	Role             Role
	Status           UserStatus
	// Text matches names and email addresses containing it, ignoring case.
	Text          string
	Limit, Offset int
}

// RoleFitsOrganisation reports whether a person of an organisation of kind k may hold
// role r. The access policy grants committee officers their own committee's records
// and area contacts their own area's, so a role in the wrong kind of body would be
// meaningless at best.
func RoleFitsOrganisation(r Role, k OrganisationKind) bool {
	switch r {
	case RoleAdmin, RoleAnalyst, RoleManager:
		return k == KindRegulator
	case RoleInspector:
		// Partner inspectorates' staff join joint inspections as inspectors.
		return k == KindRegulator || k == KindPartnerScrutinyBody
	case RoleCommitteeOfficer:
		return k.Committee()
	case RoleAreaContact, RoleLocalReader:
		return k == KindLocalAuthority || k == KindCommunityJusticePartnership || k == KindHealthBoard
	}
	return false
}

// ValidateRoles checks a set of roles for a person of an organisation of kind k.
func ValidateRoles(p *Problems, roles []Role, k OrganisationKind) {
	if len(roles) == 0 {
		p.Add("roles", "Choose at least one role")
		return
	}
	for _, r := range roles {
		if !r.Valid() {
			p.Add("roles", "Choose roles from the list")
			return
		}
	}
	for _, r := range roles {
		if k != "" && !RoleFitsOrganisation(r, k) {
			p.Add("roles", r.Label()+" is not a role for someone at a "+strings.ToLower(k.Label()))
			return
		}
	}
}

// NormaliseEmail is how email addresses are stored and compared.
func NormaliseEmail(e string) string { return strings.ToLower(strings.TrimSpace(e)) }

// ValidateEmail checks the form of an email address.
func ValidateEmail(p *Problems, field, email string) {
	a, err := mail.ParseAddress(email)
	if email == "" {
		p.Add(field, "Enter an email address")
	} else if err != nil || a.Address != email || !strings.Contains(email, "@") || len(email) > 254 {
		p.Add(field, "Enter an email address in the correct format, like name@example.org")
	}
}

// ValidateUserName checks a person's name. Empty is allowed only when optional.
func ValidateUserName(p *Problems, name string, optional bool) {
	switch {
	case name == "" && !optional:
		p.Add("name", "Enter your full name")
	case utf8.RuneCountInString(name) > MaxUserNameLength:
		p.Add("name", "Name must be 200 characters or fewer")
	}
}

// InvitationStatus says where an invitation is in its life.
type InvitationStatus string

// The statuses of an invitation.
const (
	InvitationPending   InvitationStatus = "pending"
	InvitationAccepted  InvitationStatus = "accepted"
	InvitationExpired   InvitationStatus = "expired"
	InvitationWithdrawn InvitationStatus = "withdrawn"
)

// InvitationStatuses lists every status in the order they are shown.
var InvitationStatuses = []InvitationStatus{InvitationPending, InvitationAccepted, InvitationExpired, InvitationWithdrawn}

// Valid reports whether s is a known status.
func (s InvitationStatus) Valid() bool { return slices.Contains(InvitationStatuses, s) }

// Label is the status in plain English.
func (s InvitationStatus) Label() string {
	switch s {
	case InvitationPending:
		return "Waiting"
	case InvitationAccepted:
		return "Accepted"
	case InvitationExpired:
		return "Expired"
	case InvitationWithdrawn:
		return "Withdrawn"
	}
	return string(s)
}

// NewInvitation is what an administrator (or the operator's command) gives to invite
// someone. Name may be empty: the person confirms it when they accept.
type NewInvitation struct {
	Email            string
	Name             string
	OrganisationSlug string
	Roles            []Role
}

// Normalise trims the fields of n.
func (n *NewInvitation) Normalise() {
	n.Email = NormaliseEmail(n.Email)
	n.Name = strings.Join(strings.Fields(n.Name), " ")
	n.OrganisationSlug = strings.TrimSpace(n.OrganisationSlug)
	slices.Sort(n.Roles)
	n.Roles = slices.Compact(n.Roles)
}

// Invitation is an email link that lets a person set the password of their new
// account. Only a hash of its token is stored.
type Invitation struct {
	ID               string
	UserID           string
	Email            string
	Name             string
	Roles            []Role
	OrganisationID   string
	OrganisationName string
	InvitedByID      string // "" when the operator's command invited them
	InvitedBy        string // the inviter's name now, or "Scrutineer"
	Status           InvitationStatus
	CreatedAt        time.Time
	SentAt           time.Time // when the latest link was sent
	ExpiresAt        time.Time
	AcceptedAt       time.Time
	WithdrawnAt      time.Time
}

// InvitationFilter narrows the list of invitations. Zero fields match everything.
type InvitationFilter struct {
	Status        InvitationStatus
	UserID        string
	Limit, Offset int
}

// SessionInfo is one signed-in session as its owner or an administrator sees it.
type SessionInfo struct {
	ID         string
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
	// Current marks the session of the request that asked.
	Current bool
}

// AccountService is what administrators do to accounts. Every method is for
// administrators only; others get ENOTFOUND.
type AccountService interface {
	// FindAccounts lists accounts matching the filter, by name.
	FindAccounts(ctx context.Context, f UserFilter) ([]*Account, error)
	// FindAccount returns one account or ENOTFOUND.
	FindAccount(ctx context.Context, id string) (*Account, error)
	// ChangeRoles replaces the account's roles. EINVALID for roles that do not fit
	// its organisation; ECONFLICT when administrators would remove their own
	// administrator role.
	ChangeRoles(ctx context.Context, id string, roles []Role) error
	// DeactivateUser stops the account from signing in and ends its sessions at
	// once. EINVALID without a reason; ECONFLICT for one's own account or one
	// already deactivated.
	DeactivateUser(ctx context.Context, id, reason string) error
	// ReactivateUser lets a deactivated account sign in again. EINVALID without a
	// reason; ECONFLICT unless it is deactivated.
	ReactivateUser(ctx context.Context, id, reason string) error
}

// SessionManager lists and ends signed-in sessions.
type SessionManager interface {
	// ListSessions returns the user's live sessions, newest first, marking the one
	// whose token is currentToken. The user themself or an administrator.
	ListSessions(ctx context.Context, userID, currentToken string) ([]*SessionInfo, error)
	// EndSession ends one of the user's sessions; a session that has already ended
	// is not an error. The user themself or an administrator.
	EndSession(ctx context.Context, userID, sessionID string) error
	// EndOtherSessions ends every session of the signed-in user except the one with
	// currentToken, and returns how many it ended.
	EndOtherSessions(ctx context.Context, currentToken string) (int, error)
	// EndAllSessions ends every session of the user ("sign out everywhere") and
	// returns how many it ended. Administrators only.
	EndAllSessions(ctx context.Context, userID string) (int, error)
}

// InvitationService invites people by email.
type InvitationService interface {
	// PreviewInvitation checks an invitation as InviteUser would, without saving
	// anything, and returns it as it would be sent. Administrators only.
	PreviewInvitation(ctx context.Context, n NewInvitation) (*Invitation, error)
	// InviteUser creates the account and its invitation and queues the email, in one
	// transaction, and returns the invitation and the secret token of its link.
	// Administrators and the operator's command. EINVALID for bad input; ECONFLICT
	// when the email address already has an account that is in use.
	InviteUser(ctx context.Context, n NewInvitation) (*Invitation, string, error)
	// ResendInvitation sends a fresh link (the old one stops working) with a new
	// expiry. Administrators only; ECONFLICT once accepted or withdrawn.
	ResendInvitation(ctx context.Context, id string) (*Invitation, string, error)
	// WithdrawInvitation stops the link working and deactivates the account that
	// was never used. Administrators only; ECONFLICT once accepted.
	WithdrawInvitation(ctx context.Context, id string) error
	// FindInvitations lists invitations, newest first. Administrators only.
	FindInvitations(ctx context.Context, f InvitationFilter) ([]*Invitation, error)
	// FindInvitationByToken returns the invitation of a link. Anyone holding the
	// link; ENOTFOUND for an unknown token. The caller checks its Status.
	FindInvitationByToken(ctx context.Context, token string) (*Invitation, error)
	// AcceptInvitation sets the name and password of the invited account and uses up
	// the link. Anyone holding a pending link; EINVALID for a weak password,
	// ECONFLICT for a link that is not pending, ENOTFOUND for an unknown one.
	AcceptInvitation(ctx context.Context, token, name, password string) error
}

// PasswordService resets and changes passwords.
type PasswordService interface {
	// RequestPasswordReset emails a reset link when an active account with a
	// password has this address, and does nothing otherwise; it answers the same
	// either way so that accounts cannot be discovered. Anyone.
	RequestPasswordReset(ctx context.Context, email string) error
	// CheckPasswordReset returns the email address of the account of a live reset
	// link, or ENOTFOUND. Anyone holding the link.
	CheckPasswordReset(ctx context.Context, token string) (string, error)
	// ResetPassword sets a new password through a live reset link, uses the link up
	// and ends every session of the account. EINVALID for a weak password, ENOTFOUND
	// for a link that is unknown, used or expired.
	ResetPassword(ctx context.Context, token, password string) error
	// ChangePassword changes the signed-in user's password after checking the
	// current one, and ends their other sessions. EINVALID for a wrong current
	// password or a weak new one.
	ChangePassword(ctx context.Context, currentToken, current, next string) error
}
