package scrutineer

import (
	"context"
	"time"
)

// TwoFactorAccount is a person's two-factor authentication as administrators see it
// on the account page: whether it is set up, and when and why an administrator last
// reset it.
type TwoFactorAccount struct {
	Enabled bool
	// Since is when the current secret was confirmed; zero when not enabled.
	Since time.Time
	// Required is set for regulator roles, whom the sign-in flow makes set it up.
	Required bool
	// ResetAt is when an administrator last reset it; zero if never.
	ResetAt time.Time
	// ResetReason is the reason given for the last reset. It may describe the person,
	// so it is kept with the account and not in the audit trail.
	ResetReason string
}

// TwoFactorResetService lets administrators reset another person's two-factor
// authentication when they have lost both their phone and their recovery codes.
type TwoFactorResetService interface {
	// TwoFactorAccount returns the state of the person's two-factor authentication.
	// Administrators only; ENOTFOUND for others or an unknown account.
	TwoFactorAccount(ctx context.Context, userID string) (*TwoFactorAccount, error)
	// ResetTwoFactor removes the person's TOTP secret, recovery codes and half-done
	// sign-ins, ends their sessions and emails them, in one audited transaction.
	// Administrators only (ENOTFOUND otherwise). EINVALID without a reason;
	// ECONFLICT for the caller's own account or one without two-factor set up.
	ResetTwoFactor(ctx context.Context, userID, reason string) error
}
