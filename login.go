package scrutineer

import (
	"context"
	"fmt"
	"time"
)

// LoginNext says what a sign-in needs after a step has succeeded.
type LoginNext string

// The steps of a sign-in.
const (
	// LoginComplete: the person is who they say; start a session for the user.
	LoginComplete LoginNext = "complete"
	// LoginNeedsCode: the account has two-factor authentication; ask for a code.
	LoginNeedsCode LoginNext = "code"
	// LoginNeedsEnrolment: the account must set up two-factor authentication (every
	// regulator role must) before it gets a session.
	LoginNeedsEnrolment LoginNext = "enrol"
)

// LoginResult is the outcome of a successful sign-in step.
type LoginResult struct {
	User *User
	Next LoginNext
	// Pending is the secret of the half-done sign-in, for a short-lived cookie, when
	// Next is not LoginComplete. Only its hash is stored.
	Pending string
	// ReturnTo is the local path the person asked for before signing in.
	ReturnTo string
	// RecoveryCodeUsed is set when a recovery code stood in for a TOTP code;
	// RecoveryCodesLeft says how many remain.
	RecoveryCodeUsed  bool
	RecoveryCodesLeft int
}

// PendingLogin is a half-done sign-in: the password (or single sign-on) step passed,
// the code or the enrolment is still to come. It never holds the password.
type PendingLogin struct {
	UserID    string
	Next      LoginNext
	Method    string // "password" or "oidc"
	ReturnTo  string
	ExpiresAt time.Time
}

// ThrottledError refuses a sign-in attempt because of earlier failures for the same
// account or from the same client address. The web layer answers 429.
type ThrottledError struct {
	RetryAfter time.Duration
	// Locked is set when the limit of failures was reached (a lockout), rather than
	// the attempt coming too soon after the last failure (a slowdown).
	Locked bool
}

// Error describes the refusal without saying which limit was reached.
func (e *ThrottledError) Error() string {
	return fmt.Sprintf("scrutineer: sign-in throttled for %s", e.RetryAfter.Round(time.Second))
}

// Wait says in plain words how long to wait, rounded up.
func (e *ThrottledError) Wait() string {
	d := e.RetryAfter
	if d < time.Minute {
		s := int((d + time.Second - 1) / time.Second)
		if s <= 1 {
			return "1 second"
		}
		return fmt.Sprintf("%d seconds", s)
	}
	m := int((d + time.Minute - 1) / time.Minute)
	if m == 1 {
		return "1 minute"
	}
	return fmt.Sprintf("%d minutes", m)
}

// TOTPEnrolment is a new TOTP secret waiting to be confirmed with a code from it.
type TOTPEnrolment struct {
	Secret  string // base32, for typing into an app
	URL     string // otpauth:// address, for the QR code
	Account string // the label the app shows
}

// TwoFactorStatus is what a user's account page shows of their two-factor
// authentication.
type TwoFactorStatus struct {
	Enabled           bool
	Since             time.Time
	RecoveryCodesLeft int
	// Required is set for regulator roles, which may not turn it off.
	Required bool
}

// OIDCFlow is what an OpenID Connect sign-in keeps between sending the person to the
// identity provider and their return: the state, nonce and PKCE verifier.
type OIDCFlow struct {
	State    string
	Nonce    string
	Verifier string
	ReturnTo string
}

// OIDCIdentity is what a verified ID token says about the person.
type OIDCIdentity struct {
	Subject       string
	Email         string
	EmailVerified bool
}

// LoginService takes people through signing in. Anyone may call it: the throttle,
// not the access policy, is its protection. Every success and failure is audited.
type LoginService interface {
	// SignInWithPassword checks the email and password and, when code is given and the
	// account has two-factor authentication, the code too. Errors: *ThrottledError;
	// EINVALID with field problems for wrong details.
	SignInWithPassword(ctx context.Context, email, password, code, returnTo string) (*LoginResult, error)
	// PendingLogin returns a live half-done sign-in, or EUNAUTHORISED.
	PendingLogin(ctx context.Context, token string) (*PendingLogin, error)
	// SignInWithCode completes a pending sign-in with a TOTP or recovery code.
	SignInWithCode(ctx context.Context, token, code string) (*LoginResult, error)
	// BeginSignInEnrolment returns the secret to set up for a pending sign-in that
	// needs enrolment.
	BeginSignInEnrolment(ctx context.Context, token string) (*TOTPEnrolment, error)
	// ConfirmSignInEnrolment checks a code from the new secret, turns two-factor
	// authentication on, completes the sign-in and returns the recovery codes, which
	// are shown once and stored only as hashes.
	ConfirmSignInEnrolment(ctx context.Context, token, code string) (*LoginResult, []string, error)
	// CancelPendingLogin forgets a half-done sign-in.
	CancelPendingLogin(ctx context.Context, token string) error
	// BeginOIDC keeps a new single sign-on flow and returns its secret for a cookie.
	BeginOIDC(ctx context.Context, returnTo string) (token string, flow *OIDCFlow, err error)
	// TakeOIDCFlow returns and forgets the flow of token; EUNAUTHORISED when unknown
	// or expired.
	TakeOIDCFlow(ctx context.Context, token string) (*OIDCFlow, error)
	// SignInWithOIDC maps a verified identity to an active account by verified email.
	// EFORBIDDEN when the email is unverified or matches no active account.
	SignInWithOIDC(ctx context.Context, id OIDCIdentity, returnTo string) (*LoginResult, error)
	// RefuseOIDC audits a single sign-on that failed before an identity was known
	// (a bad state, an answer that does not verify) and returns the EFORBIDDEN error
	// to show.
	RefuseOIDC(ctx context.Context, why string) error
}

// TwoFactorService manages a user's own two-factor authentication. Each method is
// for the user themself (auth.ManageTwoFactor) and answers ENOTFOUND to others.
type TwoFactorService interface {
	TwoFactorStatus(ctx context.Context, userID string) (*TwoFactorStatus, error)
	// BeginEnrolment returns a new secret to set up (or the one set up moments ago).
	BeginEnrolment(ctx context.Context, userID string) (*TOTPEnrolment, error)
	// ConfirmEnrolment checks the password and a code from the new secret, then turns
	// two-factor authentication on (or replaces the old secret) and returns new
	// recovery codes.
	ConfirmEnrolment(ctx context.Context, userID, password, code string) ([]string, error)
	// DisableTwoFactor turns it off after checking the password; ECONFLICT for
	// regulator roles, who must keep it.
	DisableTwoFactor(ctx context.Context, userID, password string) error
	// NewRecoveryCodes replaces the recovery codes after checking the password.
	NewRecoveryCodes(ctx context.Context, userID, password string) ([]string, error)
}
