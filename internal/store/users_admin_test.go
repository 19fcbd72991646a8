package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

func TestAccountAdministration(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		w := newAccountWorld(t, db)
		users, sessions := store.NewUsers(db), store.NewSessions(db)
		officer := testutil.MustCreateUser(t, db, "officer@example.org", w.committee, scrutineer.RoleCommitteeOfficer)
		analyst := testutil.MustCreateUser(t, db, "analyst@example.org", w.regulator, scrutineer.RoleAnalyst)
		anon := context.Background()

		t.Run("the list filters by organisation, role, status and text", func(t *testing.T) {
			tests := []struct {
				f    scrutineer.UserFilter
				want int
			}{
				{scrutineer.UserFilter{}, 3},
				{scrutineer.UserFilter{OrganisationSlug: "fife-apc"}, 1},
				{scrutineer.UserFilter{Role: scrutineer.RoleAnalyst}, 1},
				{scrutineer.UserFilter{Status: scrutineer.UserActive}, 3},
				{scrutineer.UserFilter{Status: scrutineer.UserInvited}, 0},
				{scrutineer.UserFilter{Text: "OFFICER@"}, 1},
				{scrutineer.UserFilter{Text: "%"}, 0},
			}
			for _, tt := range tests {
				got, err := users.FindAccounts(w.adminCtx, tt.f)
				if err != nil || len(got) != tt.want {
					t.Errorf("%+v: %d accounts, want %d (%v)", tt.f, len(got), tt.want, err)
				}
			}
			if _, err := users.FindAccounts(as(officer), scrutineer.UserFilter{}); scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND {
				t.Errorf("a committee officer listed accounts: %v", err)
			}
		})
		t.Run("role changes are checked and audited", func(t *testing.T) {
			before := testutil.Fingerprint(t, db, "sessions")
			if err := users.ChangeRoles(as(analyst), officer.ID, []scrutineer.Role{scrutineer.RoleAreaContact}); scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND {
				t.Fatalf("an analyst changed roles: %v", err)
			}
			if err := users.ChangeRoles(w.adminCtx, officer.ID, []scrutineer.Role{scrutineer.RoleInspector}); scrutineer.ErrorFields(err)["roles"] == "" {
				t.Fatalf("inspector at a committee: %v", err)
			}
			if err := users.ChangeRoles(w.adminCtx, w.admin.ID, []scrutineer.Role{scrutineer.RoleInspector}); scrutineer.ErrorCode(err) != scrutineer.ECONFLICT {
				t.Fatalf("an administrator removed their own role: %v", err)
			}
			if testutil.Fingerprint(t, db, "sessions") != before {
				t.Fatal("a refused role change changed the database")
			}
			if err := users.ChangeRoles(w.adminCtx, analyst.ID, []scrutineer.Role{scrutineer.RoleManager, scrutineer.RoleAnalyst, scrutineer.RoleManager}); err != nil {
				t.Fatal(err)
			}
			a, _ := users.FindAccount(w.adminCtx, analyst.ID)
			if len(a.Roles) != 2 || !a.Has(scrutineer.RoleManager) {
				t.Fatalf("roles %v", a.Roles)
			}
			entries, _ := store.NewAudit(db).FindAudit(w.system, scrutineer.AuditFilter{TargetID: analyst.ID})
			if len(entries) != 1 || entries[0].Action != "user.roles_change" || entries[0].ActorID != w.admin.ID || entries[0].Detail != "Roles changed from analyst to analyst, manager" {
				t.Fatalf("audit %+v", entries)
			}
			if err := users.ChangeRoles(w.adminCtx, analyst.ID, []scrutineer.Role{scrutineer.RoleAnalyst, scrutineer.RoleManager}); err != nil {
				t.Fatal(err)
			}
			if got := w.auditActions(t, analyst.ID); len(got) != 1 {
				t.Fatalf("an unchanged set of roles was audited: %v", got)
			}
		})
		t.Run("deactivation ends sessions at once", func(t *testing.T) {
			s1, _ := sessions.CreateSession(anon, officer.ID)
			s2, _ := sessions.CreateSession(anon, officer.ID)
			if err := users.DeactivateUser(w.adminCtx, officer.ID, " "); scrutineer.ErrorFields(err)["reason"] == "" {
				t.Fatalf("no reason: %v", err)
			}
			if err := users.DeactivateUser(w.adminCtx, w.admin.ID, "Testing"); scrutineer.ErrorCode(err) != scrutineer.ECONFLICT {
				t.Fatalf("an administrator deactivated themself: %v", err)
			}
			if err := users.DeactivateUser(w.adminCtx, officer.ID, "Left the committee"); err != nil {
				t.Fatal(err)
			}
			for _, s := range []string{s1, s2} {
				if _, err := sessions.SessionUser(anon, s); scrutineer.ErrorCode(err) != scrutineer.EUNAUTHORISED {
					t.Fatalf("a session survived deactivation: %v", err)
				}
			}
			if _, err := users.Authenticate(anon, officer.Email, testutil.Password); err == nil {
				t.Fatal("a deactivated account signed in")
			}
			a, _ := users.FindAccount(w.adminCtx, officer.ID)
			if a.Status != scrutineer.UserDeactivated || a.StatusReason != "Left the committee" || a.StatusChangedAt.IsZero() {
				t.Fatalf("%+v", a)
			}
			if err := users.DeactivateUser(w.adminCtx, officer.ID, "Again"); scrutineer.ErrorCode(err) != scrutineer.ECONFLICT {
				t.Fatalf("deactivated twice: %v", err)
			}
			entries, _ := store.NewAudit(db).FindAudit(w.system, scrutineer.AuditFilter{TargetID: officer.ID, Action: "user.deactivate"})
			if len(entries) != 1 || !strings.Contains(entries[0].Detail, "2 sessions ended") || strings.Contains(entries[0].Detail, "committee") {
				t.Fatalf("audit %+v", entries)
			}
		})
		t.Run("reactivation lets the account sign in again", func(t *testing.T) {
			if err := users.ReactivateUser(w.adminCtx, analyst.ID, "Never deactivated"); scrutineer.ErrorCode(err) != scrutineer.ECONFLICT {
				t.Fatalf("reactivated an active account: %v", err)
			}
			if err := users.ReactivateUser(w.adminCtx, officer.ID, "Returned to the committee"); err != nil {
				t.Fatal(err)
			}
			if _, err := users.Authenticate(anon, officer.Email, testutil.Password); err != nil {
				t.Fatalf("reactivated account cannot sign in: %v", err)
			}
			if got := w.auditActions(t, officer.ID); len(got) != 2 || got[0] != "user.reactivate:success" {
				t.Fatalf("audit %v", got)
			}
		})
	})
}

func TestSessionLists(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		w := newAccountWorld(t, db)
		sessions := store.NewSessions(db)
		me := testutil.MustCreateUser(t, db, "me@example.org", w.committee, scrutineer.RoleCommitteeOfficer)
		stranger := testutil.MustCreateUser(t, db, "stranger@example.org", w.committee, scrutineer.RoleCommitteeOfficer)
		ctx := as(me)
		current, _ := sessions.CreateSession(ctx, me.ID)
		sessions.CreateSession(ctx, me.ID)
		theirs, _ := sessions.CreateSession(ctx, stranger.ID)

		list, err := sessions.ListSessions(ctx, me.ID, current)
		if err != nil || len(list) != 2 {
			t.Fatalf("%d sessions: %v", len(list), err)
		}
		currents := 0
		for _, s := range list {
			if s.Current {
				currents++
			}
		}
		if currents != 1 {
			t.Fatalf("%d sessions marked current", currents)
		}
		if _, err := sessions.ListSessions(ctx, stranger.ID, ""); scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND {
			t.Fatalf("listed someone else's sessions: %v", err)
		}
		theirList, _ := sessions.ListSessions(as(stranger), stranger.ID, theirs)
		if err := sessions.EndSession(ctx, me.ID, theirList[0].ID); err != nil {
			t.Fatal(err)
		}
		if _, err := sessions.SessionUser(ctx, theirs); err != nil {
			t.Fatalf("ended someone else's session: %v", err)
		}
		if err := sessions.EndSession(ctx, stranger.ID, theirList[0].ID); scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND {
			t.Fatalf("ended someone else's session by their id: %v", err)
		}
		if n, err := sessions.EndOtherSessions(ctx, current); err != nil || n != 1 {
			t.Fatalf("end others: %d %v", n, err)
		}
		if list, _ := sessions.ListSessions(ctx, me.ID, current); len(list) != 1 || !list[0].Current {
			t.Fatalf("after ending others: %+v", list)
		}
		if _, err := sessions.EndAllSessions(ctx, stranger.ID); scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND {
			t.Fatalf("a committee officer signed someone out: %v", err)
		}
		if n, err := sessions.EndAllSessions(w.adminCtx, stranger.ID); err != nil || n != 1 {
			t.Fatalf("admin end all: %d %v", n, err)
		}
		if _, err := sessions.SessionUser(ctx, theirs); scrutineer.ErrorCode(err) != scrutineer.EUNAUTHORISED {
			t.Fatalf("session survived sign out everywhere: %v", err)
		}
		if list, _ := sessions.ListSessions(w.adminCtx, stranger.ID, ""); len(list) != 0 {
			t.Fatalf("admin sees %d sessions after ending them", len(list))
		}
	})
}
