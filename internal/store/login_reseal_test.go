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

func TestKeyRotationResealsSecrets(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		w := newLoginWorld(t, db)
		oldKey, newKey := keys.Generate(), keys.Generate()
		sleep := w.login.Sleep
		w.login = store.NewLogin(db, oldKey)
		w.login.Sleep = sleep
		org := testutil.MustCreateOrganisation(t, db, "regulator", scrutineer.KindRegulator)
		testutil.MustCreateUser(t, db, "inspector@example.org", org, scrutineer.RoleInspector)
		testutil.MustCreateUser(t, db, "analyst@example.org", org, scrutineer.RoleAnalyst)
		ctx := context.Background()
		if err := w.login.CheckServiceKey(ctx); err != nil {
			t.Fatal(err)
		}
		secret, _ := enrolAtSignIn(t, w, "inspector@example.org")
		// An enrolment begun and not confirmed holds a sealed secret too.
		res, _ := w.login.SignInWithPassword(from("192.0.2.8"), "analyst@example.org", testutil.Password, "", "/")
		pending, err := w.login.BeginSignInEnrolment(from("192.0.2.8"), res.Pending)
		if err != nil {
			t.Fatal(err)
		}

		if _, err := w.login.ResealSecrets(ctx, oldKey, newKey); scrutineer.ErrorCode(err) != scrutineer.EFORBIDDEN {
			t.Errorf("without the service's authority: %v", err)
		}
		sys := auth.SystemContext(ctx)
		if _, err := w.login.ResealSecrets(sys, keys.Generate(), newKey); scrutineer.ErrorCode(err) != scrutineer.EINVALID {
			t.Errorf("from a key the database does not know: %v", err)
		}
		n, err := w.login.ResealSecrets(sys, oldKey, newKey)
		if err != nil || n != 2 {
			t.Fatalf("reseal: %d, %v", n, err)
		}
		if n, err := w.login.ResealSecrets(sys, oldKey, newKey); err != nil || n != 0 {
			t.Errorf("run again: %d, %v", n, err)
		}
		if got := audited(t, db, "key.rotate"); len(got) != 1 || got[0].TargetID != newKey.Fingerprint()[:12] {
			t.Errorf("audit: %+v", got)
		}

		if err := w.login.CheckServiceKey(ctx); err == nil {
			t.Error("the old key is still accepted")
		}
		rotated := store.NewLogin(db, newKey)
		rotated.Sleep = sleep
		if err := rotated.CheckServiceKey(ctx); err != nil {
			t.Fatalf("the new key is refused: %v", err)
		}
		w.now = w.now.Add(time.Minute)
		done, err := rotated.SignInWithPassword(from("192.0.2.7"), "inspector@example.org", testutil.Password, code(t, secret, w.now), "/")
		if err != nil || done.Next != scrutineer.LoginComplete {
			t.Fatalf("sign-in with the re-sealed secret: %+v, %v", done, err)
		}
		again, err := rotated.BeginSignInEnrolment(from("192.0.2.8"), res.Pending)
		if err != nil || again.Secret != pending.Secret {
			t.Errorf("the pending enrolment's secret after rotation: %v", err)
		}
	})
}
