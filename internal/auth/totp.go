package auth

import (
	"bytes"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base32"
	"encoding/base64"
	"fmt"
	"image/png"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/hotp"
	"github.com/pquerna/otp/totp"
)

// TOTP settings: RFC 6238 defaults, which every authenticator app understands.
const (
	TOTPPeriod = 30 * time.Second
	// totpSkew is how many periods either side of now a code is accepted in, for
	// clocks that drift and people who type slowly.
	totpSkew = 1
	// TOTPIssuer is the name an authenticator app shows beside the code.
	TOTPIssuer = "Scrutineer"
	// RecoveryCodeCount is how many recovery codes an enrolment gives.
	RecoveryCodeCount = 10
)

// TOTPKey is a new secret for enrolment: the secret in base32 for typing, the
// otpauth:// address an app reads from the QR code, and the QR code itself.
type TOTPKey struct {
	Secret string
	URL    string
}

// NewTOTPKey makes a new random secret (160 bits, as RFC 4226 recommends) for the
// account named account.
func NewTOTPKey(account string) (*TOTPKey, error) {
	k, err := totp.Generate(totp.GenerateOpts{Issuer: TOTPIssuer, AccountName: account, SecretSize: 20})
	if err != nil {
		return nil, err
	}
	return &TOTPKey{Secret: k.Secret(), URL: k.URL()}, nil
}

// TOTPKeyFor rebuilds the enrolment details of an existing secret.
func TOTPKeyFor(secret, account string) (*TOTPKey, error) {
	raw, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(strings.ToUpper(secret))
	if err != nil {
		return nil, fmt.Errorf("auth: TOTP secret is not base32")
	}
	k, err := totp.Generate(totp.GenerateOpts{Issuer: TOTPIssuer, AccountName: account, Secret: raw})
	if err != nil {
		return nil, err
	}
	return &TOTPKey{Secret: k.Secret(), URL: k.URL()}, nil
}

// QRCodeDataURL returns the QR code of the key's address as a PNG data: URL, which
// the Content-Security-Policy allows (img-src data:), so no secret is ever served
// from a URL of its own or cached.
func (k *TOTPKey) QRCodeDataURL() (string, error) {
	key, err := otp.NewKeyFromURL(k.URL)
	if err != nil {
		return "", err
	}
	img, err := key.Image(240, 240)
	if err != nil {
		return "", err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return "", err
	}
	return "data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes()), nil
}

// GroupedSecret is the secret in groups of four, easier to read and type.
func (k *TOTPKey) GroupedSecret() string {
	var groups []string
	for s := k.Secret; s != ""; {
		n := min(4, len(s))
		groups = append(groups, s[:n])
		s = s[n:]
	}
	return strings.Join(groups, " ")
}

// TOTPCode returns the code of secret for the period holding t; tests and the demo
// use it as an authenticator app would.
func TOTPCode(secret string, t time.Time) (string, error) {
	return totp.GenerateCode(secret, t)
}

// TOTPStep is the number of the period holding t.
func TOTPStep(t time.Time) int64 { return t.Unix() / int64(TOTPPeriod/time.Second) }

// CheckTOTP reports whether code is secret's code for a period within the skew of
// now and later than lastStep, the period of the last code accepted. It returns the
// period matched, to be stored as the new lastStep: a code is accepted once only, and
// so is any code before it (replay protection, RFC 6238 section 5.2).
func CheckTOTP(secret, code string, now time.Time, lastStep int64) (step int64, ok bool) {
	code = NormaliseCode(code)
	if len(code) != 6 {
		return 0, false
	}
	cur := TOTPStep(now)
	matched := int64(-1)
	for s := cur - totpSkew; s <= cur+totpSkew; s++ {
		want, err := hotp.GenerateCodeCustom(secret, uint64(s), hotp.ValidateOpts{Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
		if err != nil {
			return 0, false
		}
		// Every period is checked, matched or not, so the time taken says nothing.
		if subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 && matched < 0 {
			matched = s
		}
	}
	if matched < 0 || matched <= lastStep {
		return matched, false
	}
	return matched, true
}

// NormaliseCode removes what people type around a code: spaces, hyphens, and case.
func NormaliseCode(code string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == ' ' || r == '-' || r == '\t':
			return -1
		case r >= 'A' && r <= 'Z':
			return r + ('a' - 'A')
		}
		return r
	}, strings.TrimSpace(code))
}

// IsTOTPCode reports whether a normalised code has the shape of a TOTP code (six
// digits) rather than of a recovery code.
func IsTOTPCode(code string) bool {
	if len(code) != 6 {
		return false
	}
	for _, r := range code {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// recoveryAlphabet is lower-case base32: no 0, 1, 8 or 9 to confuse with letters.
var recoveryEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// NewRecoveryCodes returns RecoveryCodeCount random codes of 80 bits each, written as
// four groups of four characters. Only their HashToken is stored: at 80 bits a
// fast hash is enough, as for session tokens.
func NewRecoveryCodes() []string {
	codes := make([]string, RecoveryCodeCount)
	for i := range codes {
		b := make([]byte, 10)
		rand.Read(b)
		s := recoveryEncoding.EncodeToString(b)
		codes[i] = s[0:4] + "-" + s[4:8] + "-" + s[8:12] + "-" + s[12:16]
	}
	return codes
}

// HashRecoveryCode is what is stored of a recovery code, as typed or as issued.
func HashRecoveryCode(code string) string { return HashToken("recovery:" + NormaliseCode(code)) }
