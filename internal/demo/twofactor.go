package demo

import (
	"context"
	"crypto/rand"
	"encoding/base32"

	"github.com/scrutineer/scrutineer"
)

// TwoFactor is what seeding needs of the sign-in store: regulator accounts must
// have two-factor authentication, so the demo sets it up for them and prints each
// secret at start (demo mode only) for an authenticator app.
type TwoFactor interface {
	TOTPSecret(ctx context.Context, userID string) (string, error)
	SetTOTPSecret(ctx context.Context, userID, secret string) error
}

// enrol returns the account's TOTP secret, making one on first seeding. A random
// secret (not a fixed one) keeps demo data safe to leave running; it is stored
// sealed like any other and read back on each start.
func enrol(ctx context.Context, tf TwoFactor, userID string) (string, error) {
	secret, err := tf.TOTPSecret(ctx, userID)
	if err == nil {
		return secret, nil
	}
	if scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND {
		return "", err
	}
	b := make([]byte, 20)
	rand.Read(b)
	secret = base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b)
	return secret, tf.SetTOTPSecret(ctx, userID, secret)
}
