package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/keys"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

func code(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	c, err := auth.TOTPCode(secret, at)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// enrolAtSignIn takes a regulator through the first sign-in: password, set-up, code.
func enrolAtSignIn(t *testing.T, w *loginWorld, email string) (secret string, recovery []string) {
	t.Helper()
	ctx := from("192.0.2.7")
	res, err := w.login.SignInWithPassword(ctx, email, testutil.Password, "", "/admin/jobs")
	if err != nil || res.Next != scrutineer.LoginNeedsEnrolment || res.Pending == "" {
		t.Fatalf("regulator without two-factor: %+v %v", res, err)
	}
	e, err := w.login.BeginSignInEnrolment(ctx, res.Pending)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := w.login.BeginSignInEnrolment(ctx, res.Pending)
	if again.Secret != e.Secret {
		t.Error("reloading the set-up page changed the secret")
	}
	if _, _, err := w.login.ConfirmSignInEnrolment(ctx, res.Pending, "000000"); scrutineer.ErrorFields(err)["code"] == "" && code(t, e.Secret, w.now) != "000000" {
		t.Fatalf("wrong set-up code: %v", err)
	}
	done, codes, err := w.login.ConfirmSignInEnrolment(ctx, res.Pending, code(t, e.Secret, w.now))
	if err != nil || done.Next != scrutineer.LoginComplete || len(codes) != auth.RecoveryCodeCount || done.ReturnTo != "/admin/jobs" {
		t.Fatalf("confirm: %+v %v", done, err)
	}
	if _, err := w.login.PendingLogin(ctx, res.Pending); scrutineer.ErrorCode(err) != scrutineer.EUNAUTHORISED {
		t.Error("the pending sign-in outlived its completion")
	}
	return e.Secret, codes
}

func TestRegulatorMustEnrolAndCodesAreSingleUse(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		w := newLoginWorld(t, db)
		org := testutil.MustCreateOrganisation(t, db, "regulator", scrutineer.KindRegulator)
		u := testutil.MustCreateUser(t, db, "inspector@example.org", org, scrutineer.RoleInspector)
		secret, recovery := enrolAtSignIn(t, w, "inspector@example.org")
		if got := audited(t, db, "twofactor.enrol"); len(got) != 1 || got[0].TargetID != u.ID {
			t.Fatalf("enrolment audit: %+v", got)
		}
		ctx := from("192.0.2.7")
		// The code used to confirm cannot sign in again (replay), in one request...
		if _, err := w.login.SignInWithPassword(ctx, "inspector@example.org", testutil.Password, code(t, secret, w.now), ""); scrutineer.ErrorFields(err)["code"] == "" {
			t.Fatalf("replayed code: %v", err)
		}
		if got := audited(t, db, "login.failure"); len(got) == 0 || got[0].Detail != "Code used already (replay)" {
			t.Fatalf("replay audit: %+v", got)
		}
		// ...but the next period's code does.
		w.now = w.now.Add(auth.TOTPPeriod)
		res, err := w.login.SignInWithPassword(ctx, "inspector@example.org", testutil.Password, code(t, secret, w.now), "")
		if err != nil || res.Next != scrutineer.LoginComplete {
			t.Fatalf("password and code in one request: %+v %v", res, err)
		}
		// Without a code, the second step asks for one.
		res, err = w.login.SignInWithPassword(ctx, "inspector@example.org", testutil.Password, "", "")
		if err != nil || res.Next != scrutineer.LoginNeedsCode {
			t.Fatalf("password only: %+v %v", res, err)
		}
		if _, err := w.login.SignInWithCode(ctx, res.Pending, "123 456"); scrutineer.ErrorFields(err)["code"] == "" && code(t, secret, w.now) != "123456" {
			t.Fatalf("wrong code: %v", err)
		}
		done, err := w.login.SignInWithCode(ctx, res.Pending, recovery[0])
		if err != nil || done.Next != scrutineer.LoginComplete || !done.RecoveryCodeUsed || done.RecoveryCodesLeft != auth.RecoveryCodeCount-1 {
			t.Fatalf("recovery code: %+v %v", done, err)
		}
		if res, err = w.login.SignInWithPassword(ctx, "inspector@example.org", testutil.Password, "", ""); err != nil {
			t.Fatal(err)
		}
		if _, err := w.login.SignInWithCode(ctx, res.Pending, recovery[0]); scrutineer.ErrorFields(err)["code"] == "" {
			t.Fatalf("a recovery code worked twice: %v", err)
		}
		// A pending sign-in dies after a few wrong codes, or after its lifetime.
		for i := 0; i < 4; i++ {
			w.now = w.now.Add(time.Minute) // past any slowdown
			w.login.SignInWithCode(ctx, res.Pending, "not-a-code")
		}
		if _, err := w.login.PendingLogin(ctx, res.Pending); scrutineer.ErrorCode(err) != scrutineer.EUNAUTHORISED {
			t.Error("a pending sign-in survived five wrong codes")
		}
		w.now = w.now.Add(time.Minute)
		if res, err = w.login.SignInWithPassword(ctx, "inspector@example.org", testutil.Password, "", ""); err != nil {
			t.Fatal(err)
		}
		w.now = w.now.Add(store.PendingLoginLifetime + time.Second)
		if _, err := w.login.SignInWithCode(ctx, res.Pending, code(t, secret, w.now)); scrutineer.ErrorCode(err) != scrutineer.EUNAUTHORISED {
			t.Errorf("an expired pending sign-in was completed: %v", err)
		}
	})
}

func TestTwoFactorAccountPage(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		w := newLoginWorld(t, db)
		org := testutil.MustCreateOrganisation(t, db, "glasgow-cpc", scrutineer.KindChildProtectionCommittee)
		u := testutil.MustCreateUser(t, db, "officer@example.org", org, scrutineer.RoleCommitteeOfficer)
		other := testutil.MustCreateUser(t, db, "other@example.org", org, scrutineer.RoleCommitteeOfficer)
		me := scrutineer.NewContextWithUser(from("192.0.2.8"), u)
		if _, err := w.login.TwoFactorStatus(me, other.ID); scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND {
			t.Fatalf("another user's status: %v", err)
		}
		if _, err := w.login.BeginEnrolment(me, other.ID); scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND {
			t.Fatalf("another user's enrolment: %v", err)
		}
		st, err := w.login.TwoFactorStatus(me, u.ID)
		if err != nil || st.Enabled || st.Required {
			t.Fatalf("status before: %+v %v", st, err)
		}
		e, err := w.login.BeginEnrolment(me, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.login.ConfirmEnrolment(me, u.ID, "wrong-password-here", code(t, e.Secret, w.now)); scrutineer.ErrorFields(err)["password"] == "" {
			t.Fatalf("wrong password: %v", err)
		}
		codes, err := w.login.ConfirmEnrolment(me, u.ID, testutil.Password, code(t, e.Secret, w.now))
		if err != nil || len(codes) != auth.RecoveryCodeCount {
			t.Fatalf("confirm: %v", err)
		}
		if st, _ := w.login.TwoFactorStatus(me, u.ID); !st.Enabled || st.RecoveryCodesLeft != auth.RecoveryCodeCount {
			t.Fatalf("status after: %+v", st)
		}
		// An optional user with two-factor must now give a code too.
		if res, err := w.login.SignInWithPassword(from("192.0.2.8"), "officer@example.org", testutil.Password, "", ""); err != nil || res.Next != scrutineer.LoginNeedsCode {
			t.Fatalf("sign in after enrolling: %+v %v", res, err)
		}
		fresh, err := w.login.NewRecoveryCodes(me, u.ID, testutil.Password)
		if err != nil || fresh[0] == codes[0] {
			t.Fatalf("new recovery codes: %v", err)
		}
		w.now = w.now.Add(time.Minute)
		if err := w.login.DisableTwoFactor(me, u.ID, testutil.Password); err != nil {
			t.Fatal(err)
		}
		if res, _ := w.login.SignInWithPassword(from("192.0.2.8"), "officer@example.org", testutil.Password, "", ""); res.Next != scrutineer.LoginComplete {
			t.Fatalf("after turning off: %+v", res)
		}
		for _, a := range []string{"twofactor.enrol", "twofactor.recovery_codes", "twofactor.disable"} {
			if got := audited(t, db, a); len(got) != 1 || got[0].TargetID != u.ID {
				t.Errorf("%s audit: %+v", a, got)
			}
		}
		// Regulator staff may not turn it off.
		admin := testutil.MustCreateUser(t, db, "admin@example.org", org, scrutineer.RoleAdmin)
		if err := w.login.DisableTwoFactor(scrutineer.NewContextWithUser(context.Background(), admin), admin.ID, testutil.Password); scrutineer.ErrorCode(err) != scrutineer.ECONFLICT {
			t.Fatalf("regulator turning off: %v", err)
		}
	})
}

func TestSecretsAreSealedAndTheKeyIsChecked(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		w := newLoginWorld(t, db)
		org := testutil.MustCreateOrganisation(t, db, "regulator", scrutineer.KindRegulator)
		u := testutil.MustCreateUser(t, db, "admin@example.org", org, scrutineer.RoleAdmin)
		sys := auth.SystemContext(context.Background())
		if err := w.login.SetTOTPSecret(context.Background(), u.ID, "JBSWY3DPEHPK3PXP"); scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND {
			t.Fatalf("demo secret outside the system context: %v", err)
		}
		if err := w.login.SetTOTPSecret(sys, u.ID, "JBSWY3DPEHPK3PXP"); err != nil {
			t.Fatal(err)
		}
		if s, err := w.login.TOTPSecret(sys, u.ID); err != nil || s != "JBSWY3DPEHPK3PXP" {
			t.Fatalf("secret read back: %q %v", s, err)
		}
		var sealed string
		db.Reader().QueryRow(`SELECT secret_sealed FROM totp_credentials WHERE user_id = $1`, u.ID).Scan(&sealed)
		if sealed == "" || sealed == "JBSWY3DPEHPK3PXP" {
			t.Fatalf("stored secret %q", sealed)
		}
		if err := w.login.CheckServiceKey(sys); err != nil {
			t.Fatal(err)
		}
		if err := w.login.CheckServiceKey(sys); err != nil {
			t.Fatalf("same key, second start: %v", err)
		}
		if err := store.NewLogin(db, keys.Generate()).CheckServiceKey(sys); err == nil {
			t.Fatal("a process with another key was allowed to start")
		}
	})
}

func TestOIDCMapping(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		w := newLoginWorld(t, db)
		org := testutil.MustCreateOrganisation(t, db, "glasgow-cpc", scrutineer.KindChildProtectionCommittee)
		u := testutil.MustCreateUser(t, db, "officer@example.org", org, scrutineer.RoleCommitteeOfficer)
		testutil.MustCreateUser(t, db, "analyst@example.org", org, scrutineer.RoleAnalyst)
		ctx := from("192.0.2.9")
		token, f, err := w.login.BeginOIDC(ctx, "/dashboard")
		if err != nil || f.State == "" || f.Nonce == "" || len(f.Verifier) < 43 {
			t.Fatalf("begin: %+v %v", f, err)
		}
		got, err := w.login.TakeOIDCFlow(ctx, token)
		if err != nil || *got != *f {
			t.Fatalf("take: %+v %v", got, err)
		}
		if _, err := w.login.TakeOIDCFlow(ctx, token); scrutineer.ErrorCode(err) != scrutineer.EUNAUTHORISED {
			t.Fatal("a flow was used twice")
		}
		res, err := w.login.SignInWithOIDC(ctx, scrutineer.OIDCIdentity{Email: "OFFICER@example.org", EmailVerified: true}, "/x")
		if err != nil || res.Next != scrutineer.LoginComplete || res.User.ID != u.ID {
			t.Fatalf("verified email: %+v %v", res, err)
		}
		if res, err := w.login.SignInWithOIDC(ctx, scrutineer.OIDCIdentity{Email: "analyst@example.org", EmailVerified: true}, ""); err != nil || res.Next != scrutineer.LoginNeedsEnrolment {
			t.Fatalf("regulator through single sign-on: %+v %v", res, err)
		}
		for _, id := range []scrutineer.OIDCIdentity{{Email: "officer@example.org"}, {Email: "stranger@example.org", EmailVerified: true}} {
			if _, err := w.login.SignInWithOIDC(ctx, id, ""); scrutineer.ErrorCode(err) != scrutineer.EFORBIDDEN {
				t.Errorf("%+v: %v", id, err)
			}
		}
		refused := audited(t, db, "login.failure")
		if len(refused) != 2 || refused[0].Outcome != scrutineer.OutcomeRefused || refused[1].TargetID != "" {
			t.Fatalf("refusals audited: %+v", refused)
		}
	})
}
