package auth

import (
	"strings"
	"testing"
	"time"
)

func TestCheckTOTP(t *testing.T) {
	k, err := NewTOTPKey("someone@example.org")
	if err != nil {
		t.Fatal(err)
	}
	if len(k.Secret) != 32 || !strings.HasPrefix(k.URL, "otpauth://totp/Scrutineer:") {
		t.Fatalf("key %+v", k)
	}
	now := time.Date(2026, 3, 1, 10, 0, 10, 0, time.UTC)
	code, _ := TOTPCode(k.Secret, now)
	step, ok := CheckTOTP(k.Secret, code, now, 0)
	if !ok || step != TOTPStep(now) {
		t.Fatalf("current code refused: %v %v", step, ok)
	}
	if _, ok := CheckTOTP(k.Secret, code, now, step); ok {
		t.Error("a code was accepted twice (replay)")
	}
	if _, ok := CheckTOTP(k.Secret, code[:3]+" "+code[3:], now.Add(TOTPPeriod), 0); !ok {
		t.Error("the previous period's code, typed with a space, was refused within the skew")
	}
	if _, ok := CheckTOTP(k.Secret, code, now.Add(3*TOTPPeriod), 0); ok {
		t.Error("a code three periods old was accepted")
	}
	next, _ := TOTPCode(k.Secret, now.Add(TOTPPeriod))
	if _, ok := CheckTOTP(k.Secret, next, now, step); !ok {
		t.Error("the next period's code was refused after the current one was used")
	}
	if _, ok := CheckTOTP(k.Secret, "000000", now, 0); ok && code != "000000" {
		t.Error("a wrong code was accepted")
	}
	for _, bad := range []string{"", "12345", "1234567", "abcdef"} {
		if _, ok := CheckTOTP(k.Secret, bad, now, 0); ok {
			t.Errorf("%q accepted", bad)
		}
	}
	again, err := TOTPKeyFor(strings.ToLower(k.Secret), "someone@example.org")
	if err != nil || again.Secret != k.Secret {
		t.Fatalf("rebuilt key: %v %v", again, err)
	}
	img, err := k.QRCodeDataURL()
	if err != nil || !strings.HasPrefix(img, "data:image/png;base64,") {
		t.Fatalf("QR code: %v", err)
	}
	if g := k.GroupedSecret(); len(g) != 32+7 {
		t.Errorf("grouped secret %q", g)
	}
}

func TestRecoveryCodes(t *testing.T) {
	codes := NewRecoveryCodes()
	if len(codes) != RecoveryCodeCount {
		t.Fatalf("%d codes", len(codes))
	}
	seen := map[string]bool{}
	for _, c := range codes {
		if len(c) != 19 || seen[c] || IsTOTPCode(NormaliseCode(c)) {
			t.Errorf("bad or repeated code %q", c)
		}
		seen[c] = true
	}
	if HashRecoveryCode(codes[0]) != HashRecoveryCode(" "+strings.ToUpper(strings.ReplaceAll(codes[0], "-", ""))+" ") {
		t.Error("a recovery code typed in capitals without hyphens does not match")
	}
	if !IsTOTPCode("123456") || IsTOTPCode("12345a") {
		t.Error("IsTOTPCode")
	}
}
