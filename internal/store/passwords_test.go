package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

func TestPasswordReset(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		w := newAccountWorld(t, db)
		pw := store.NewPasswords(db, store.NewJobs(db), "http://127.0.0.1:8080")
		users, sessions := store.NewUsers(db), store.NewSessions(db)
		u := testutil.MustCreateUser(t, db, "inspector@example.org", w.regulator, scrutineer.RoleInspector)
		anon := context.Background()

		t.Run("the answer is the same whether or not an account exists", func(t *testing.T) {
			for _, email := range []string{"nobody@example.org", "not an address", ""} {
				if err := pw.RequestPasswordReset(anon, email); err != nil {
					t.Fatalf("%q: %v", email, err)
				}
			}
			if n := w.emailCount(t, "nobody@example.org"); n != 0 {
				t.Fatalf("%d emails to an address with no account", n)
			}
			if err := pw.RequestPasswordReset(anon, " Inspector@Example.org "); err != nil {
				t.Fatal(err)
			}
			if n := w.emailCount(t, "inspector@example.org"); n != 1 {
				t.Fatalf("%d reset emails", n)
			}
			// Asking again at once sends nothing more, so nobody can flood an inbox.
			if err := pw.RequestPasswordReset(anon, "inspector@example.org"); err != nil {
				t.Fatal(err)
			}
			if n := w.emailCount(t, "inspector@example.org"); n != 1 {
				t.Fatalf("%d reset emails after asking twice", n)
			}
		})
		token := w.lastLink(t, "inspector@example.org")

		t.Run("a weak password is refused and the link still works", func(t *testing.T) {
			if err := pw.ResetPassword(anon, token, "123456789012"); scrutineer.ErrorFields(err)["password"] == "" {
				t.Fatalf("weak password: %v", err)
			}
			if email, err := pw.CheckPasswordReset(anon, token); err != nil || email != "inspector@example.org" {
				t.Fatalf("check: %q %v", email, err)
			}
		})
		t.Run("resetting ends every session and uses the link up", func(t *testing.T) {
			s1, _ := sessions.CreateSession(anon, u.ID)
			s2, _ := sessions.CreateSession(anon, u.ID)
			if err := pw.ResetPassword(anon, token, "gravel lantern otter spoon"); err != nil {
				t.Fatal(err)
			}
			for _, s := range []string{s1, s2} {
				if _, err := sessions.SessionUser(anon, s); scrutineer.ErrorCode(err) != scrutineer.EUNAUTHORISED {
					t.Fatalf("a session survived the reset: %v", err)
				}
			}
			if _, err := users.Authenticate(anon, u.Email, testutil.Password); err == nil {
				t.Fatal("the old password still works")
			}
			if _, err := users.Authenticate(anon, u.Email, "gravel lantern otter spoon"); err != nil {
				t.Fatalf("the new password does not work: %v", err)
			}
			if err := pw.ResetPassword(anon, token, "another fine pass phrase"); scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND {
				t.Fatalf("the link worked twice: %v", err)
			}
			if n := w.emailCount(t, "inspector@example.org"); n != 2 {
				t.Fatalf("%d emails: want the link and the notice of the change", n)
			}
			got := w.auditActions(t, u.ID)
			if len(got) < 2 || got[0] != "password.reset:success" {
				t.Fatalf("audit %v", got)
			}
		})
		t.Run("links expire after an hour", func(t *testing.T) {
			w.clock = w.clock.Add(10 * time.Minute)
			if err := pw.RequestPasswordReset(anon, "inspector@example.org"); err != nil {
				t.Fatal(err)
			}
			late := w.lastLink(t, "inspector@example.org")
			w.clock = w.clock.Add(time.Hour)
			if _, err := pw.CheckPasswordReset(anon, late); scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND {
				t.Fatalf("an expired link works: %v", err)
			}
		})
		t.Run("deactivated and invited accounts get no link", func(t *testing.T) {
			other := testutil.MustCreateUser(t, db, "gone@example.org", w.regulator, scrutineer.RoleAnalyst)
			if err := users.DeactivateUser(w.adminCtx, other.ID, "Left the regulator"); err != nil {
				t.Fatal(err)
			}
			if err := pw.RequestPasswordReset(anon, "gone@example.org"); err != nil {
				t.Fatal(err)
			}
			if n := w.emailCount(t, "gone@example.org"); n != 0 {
				t.Fatalf("%d emails to a deactivated account", n)
			}
		})
	})
}

func TestChangePassword(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		w := newAccountWorld(t, db)
		pw := store.NewPasswords(db, store.NewJobs(db), "http://127.0.0.1:8080")
		users, sessions := store.NewUsers(db), store.NewSessions(db)
		u := testutil.MustCreateUser(t, db, "rowan.reid@example.org", w.regulator, scrutineer.RoleAnalyst)
		u.Name = "Rowan Reid"
		ctx := as(u)
		current, _ := sessions.CreateSession(ctx, u.ID)
		other, _ := sessions.CreateSession(ctx, u.ID)

		if err := pw.ChangePassword(context.Background(), current, testutil.Password, "gravel lantern otter spoon"); scrutineer.ErrorCode(err) != scrutineer.EUNAUTHORISED {
			t.Fatalf("anonymous change: %v", err)
		}
		err := pw.ChangePassword(ctx, current, "wrong password entirely", "gravel lantern otter spoon")
		if scrutineer.ErrorFields(err)["current_password"] == "" {
			t.Fatalf("wrong current password: %v", err)
		}
		if got := w.auditActions(t, u.ID); len(got) != 1 || got[0] != "password.change:failure" {
			t.Fatalf("audit %v", got)
		}
		for _, weak := range []string{"short", "rowan-reid-password", testutil.Password} {
			if err := pw.ChangePassword(ctx, current, testutil.Password, weak); scrutineer.ErrorFields(err)["new_password"] == "" {
				t.Errorf("%q accepted: %v", weak, err)
			}
		}
		if err := pw.ChangePassword(ctx, current, testutil.Password, "gravel lantern otter spoon"); err != nil {
			t.Fatal(err)
		}
		if _, err := sessions.SessionUser(ctx, current); err != nil {
			t.Fatalf("the session that changed the password ended: %v", err)
		}
		if _, err := sessions.SessionUser(ctx, other); scrutineer.ErrorCode(err) != scrutineer.EUNAUTHORISED {
			t.Fatalf("another session survived: %v", err)
		}
		if _, err := users.Authenticate(ctx, u.Email, "gravel lantern otter spoon"); err != nil {
			t.Fatal(err)
		}
	})
}
