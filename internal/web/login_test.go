package web

import (
	"context"
	"net/url"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/keys"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// testLogin is the sign-in store of a test server, with a key of its own and no
// slowdown sleeps (the throttle tests look at what would have been slept).
func testLogin(db *store.DB) *store.Login {
	l := store.NewLogin(db, keys.Generate())
	l.Sleep = func(context.Context, time.Duration) {}
	return l
}

// testTOTPSecret is the TOTP secret loginForm gives regulator test accounts.
const testTOTPSecret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

// loginForm is the sign-in form for u: email and password, and for regulator
// accounts (which must have two-factor authentication) a TOTP secret set up and its
// current code.
func (ts *testServer) loginForm(t *testing.T, u *scrutineer.User) url.Values {
	t.Helper()
	f := url.Values{"email": {u.Email}, "password": {testutil.Password}}
	if u.Regulator() {
		if err := ts.Login.(*store.Login).SetTOTPSecret(auth.SystemContext(context.Background()), u.ID, testTOTPSecret); err != nil {
			t.Fatal(err)
		}
		code, err := auth.TOTPCode(testTOTPSecret, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		f.Set("code", code)
	}
	return f
}
