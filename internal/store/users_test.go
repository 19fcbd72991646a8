package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

func TestUsers(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		users := store.NewUsers(db)
		org := testutil.MustCreateOrganisation(t, db, "glasgow-cpc", scrutineer.KindChildProtectionCommittee)
		u := testutil.MustCreateUser(t, db, " Officer@Example.ORG ", org, scrutineer.RoleCommitteeOfficer, scrutineer.RoleAreaContact)

		t.Run("email is normalised and roles kept", func(t *testing.T) {
			got, err := users.FindUserByEmail(ctx, "officer@example.org")
			if err != nil {
				t.Fatal(err)
			}
			if got.ID != u.ID || got.Organisation.Slug != "glasgow-cpc" || len(got.Roles) != 2 || !got.Has(scrutineer.RoleCommitteeOfficer) {
				t.Fatalf("%+v", got)
			}
		})
		t.Run("authenticate", func(t *testing.T) {
			if _, err := users.Authenticate(ctx, "OFFICER@example.org", testutil.Password); err != nil {
				t.Fatalf("right password: %v", err)
			}
			for _, c := range []struct{ email, password string }{{"officer@example.org", "wrong-password-here"}, {"nobody@example.org", testutil.Password}} {
				if _, err := users.Authenticate(ctx, c.email, c.password); scrutineer.ErrorCode(err) != scrutineer.EUNAUTHORISED {
					t.Errorf("%s: got %v", c.email, err)
				}
			}
		})
		t.Run("duplicate email conflicts", func(t *testing.T) {
			err := users.CreateUser(ctx, &scrutineer.User{Email: "officer@example.org", Name: "Other", OrganisationID: org.ID, Roles: []scrutineer.Role{scrutineer.RoleLocalReader}}, testutil.Password)
			if scrutineer.ErrorCode(err) != scrutineer.ECONFLICT {
				t.Fatalf("got %v", err)
			}
		})
		t.Run("invalid input stores nothing", func(t *testing.T) {
			err := users.CreateUser(ctx, &scrutineer.User{Email: "not-an-email", OrganisationID: "no-such-org", Roles: []scrutineer.Role{"wizard"}}, "short")
			fields := scrutineer.ErrorFields(err)
			for _, f := range []string{"email", "name", "role", "password"} {
				if fields[f] == "" {
					t.Errorf("no problem reported for %s: %v", f, err)
				}
			}
			err = users.CreateUser(ctx, &scrutineer.User{Email: "new@example.org", Name: "New", OrganisationID: "no-such-org", Roles: []scrutineer.Role{scrutineer.RoleInspector}}, testutil.Password)
			if scrutineer.ErrorFields(err)["organisation"] == "" {
				t.Errorf("unknown organisation accepted: %v", err)
			}
			if _, err := users.FindUserByEmail(ctx, "new@example.org"); scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND {
				t.Errorf("a refused account was stored: %v", err)
			}
		})
	})
}

func TestSessions(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clock := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return clock }
		sessions := store.NewSessions(db)
		org := testutil.MustCreateOrganisation(t, db, "regulator", scrutineer.KindRegulator)
		u := testutil.MustCreateUser(t, db, "inspector@example.org", org, scrutineer.RoleInspector)

		token, err := sessions.CreateSession(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		got, err := sessions.SessionUser(ctx, token)
		if err != nil || got.ID != u.ID {
			t.Fatalf("live session: %v %v", got, err)
		}
		if _, err := sessions.SessionUser(ctx, token+"x"); scrutineer.ErrorCode(err) != scrutineer.EUNAUTHORISED {
			t.Fatalf("forged token: %v", err)
		}

		// Activity within the idle timeout keeps the session alive up to the absolute limit.
		for clock.Before(time.Date(2026, 11, 26, 20, 50, 0, 0, time.UTC)) {
			clock = clock.Add(20 * time.Minute)
			if _, err := sessions.SessionUser(ctx, token); err != nil {
				t.Fatalf("active session ended at %s: %v", clock, err)
			}
		}
		clock = clock.Add(20 * time.Minute) // past 12 hours since sign-in
		if _, err := sessions.SessionUser(ctx, token); scrutineer.ErrorCode(err) != scrutineer.EUNAUTHORISED {
			t.Fatalf("session outlived the absolute timeout: %v", err)
		}

		token, _ = sessions.CreateSession(ctx, u.ID)
		clock = clock.Add(31 * time.Minute)
		if _, err := sessions.SessionUser(ctx, token); scrutineer.ErrorCode(err) != scrutineer.EUNAUTHORISED {
			t.Fatalf("idle session still alive: %v", err)
		}

		token, _ = sessions.CreateSession(ctx, u.ID)
		if err := sessions.DeleteSession(ctx, token); err != nil {
			t.Fatal(err)
		}
		if _, err := sessions.SessionUser(ctx, token); scrutineer.ErrorCode(err) != scrutineer.EUNAUTHORISED {
			t.Fatalf("ended session still alive: %v", err)
		}
	})
}
