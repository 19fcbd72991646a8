package store_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// accountWorld is a regulator with an administrator and a committee, on a clock the
// test moves, for the account tests.
type accountWorld struct {
	db        *store.DB
	clock     time.Time
	regulator *scrutineer.Organisation
	committee *scrutineer.Organisation
	admin     *scrutineer.User
	adminCtx  context.Context
	system    context.Context
}

func newAccountWorld(t *testing.T, db *store.DB) *accountWorld {
	t.Helper()
	w := &accountWorld{db: db, clock: time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)}
	db.Now = func() time.Time { return w.clock }
	w.regulator = testutil.MustCreateOrganisation(t, db, "regulator", scrutineer.KindRegulator)
	w.committee = testutil.MustCreateOrganisation(t, db, "fife-apc", scrutineer.KindAdultProtectionCommittee)
	w.admin = testutil.MustCreateUser(t, db, "admin@example.org", w.regulator, scrutineer.RoleAdmin)
	w.adminCtx = scrutineer.NewContextWithUser(context.Background(), w.admin)
	w.system = auth.SystemContext(context.Background())
	return w
}

// as returns a context signed in as u.
func as(u *scrutineer.User) context.Context {
	return scrutineer.NewContextWithUser(context.Background(), u)
}

var linkToken = regexp.MustCompile(`/(?:invitations|password/reset)/([A-Za-z0-9_-]{40,})`)

// lastLink returns the token of the link in the newest email to this address.
func (w *accountWorld) lastLink(t *testing.T, to string) string {
	t.Helper()
	emails, err := store.NewJobs(w.db).FindEmails(w.system, scrutineer.EmailFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range emails {
		if e.To == to {
			if m := linkToken.FindStringSubmatch(e.Text); m != nil {
				return m[1]
			}
		}
	}
	t.Fatalf("no email with a link to %s", to)
	return ""
}

func (w *accountWorld) emailCount(t *testing.T, to string) int {
	t.Helper()
	emails, err := store.NewJobs(w.db).FindEmails(w.system, scrutineer.EmailFilter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range emails {
		if e.To == to {
			n++
		}
	}
	return n
}

// auditActions returns the actions recorded about a user, newest first.
func (w *accountWorld) auditActions(t *testing.T, userID string) []string {
	t.Helper()
	entries, err := store.NewAudit(w.db).FindAudit(w.system, scrutineer.AuditFilter{TargetID: userID})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Action+":"+e.Outcome)
	}
	return out
}

func TestInvitations(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		w := newAccountWorld(t, db)
		invs := store.NewInvitations(db, store.NewJobs(db), "https://scrutineer.example.org/")
		users := store.NewUsers(db)
		in := scrutineer.NewInvitation{Email: " New.Officer@Example.org ", Name: "Ailsa Grant", OrganisationSlug: "fife-apc", Roles: []scrutineer.Role{scrutineer.RoleCommitteeOfficer}}

		t.Run("only administrators invite", func(t *testing.T) {
			officer := testutil.MustCreateUser(t, db, "officer@example.org", w.committee, scrutineer.RoleCommitteeOfficer)
			before := testutil.Fingerprint(t, db)
			if _, _, err := invs.InviteUser(as(officer), in); scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND {
				t.Fatalf("committee officer invited: %v", err)
			}
			if _, _, err := invs.InviteUser(context.Background(), in); scrutineer.ErrorCode(err) != scrutineer.EUNAUTHORISED {
				t.Fatalf("anonymous invited: %v", err)
			}
			if testutil.Fingerprint(t, db) != before {
				t.Fatal("a refused invitation changed the database")
			}
		})
		t.Run("bad input is refused with field problems", func(t *testing.T) {
			bad := []struct {
				in    scrutineer.NewInvitation
				field string
			}{
				{scrutineer.NewInvitation{Email: "not an email", OrganisationSlug: "fife-apc", Roles: []scrutineer.Role{scrutineer.RoleCommitteeOfficer}}, "email"},
				{scrutineer.NewInvitation{Email: "a@example.org", OrganisationSlug: "nowhere", Roles: []scrutineer.Role{scrutineer.RoleCommitteeOfficer}}, "organisation"},
				{scrutineer.NewInvitation{Email: "a@example.org", OrganisationSlug: "fife-apc"}, "roles"},
				{scrutineer.NewInvitation{Email: "a@example.org", OrganisationSlug: "regulator", Roles: []scrutineer.Role{scrutineer.RoleCommitteeOfficer}}, "roles"},
				{scrutineer.NewInvitation{Email: "a@example.org", OrganisationSlug: "fife-apc", Roles: []scrutineer.Role{scrutineer.RoleAdmin}}, "roles"},
				{scrutineer.NewInvitation{Email: "admin@example.org", OrganisationSlug: "regulator", Roles: []scrutineer.Role{scrutineer.RoleAdmin}}, "email"},
			}
			for _, b := range bad {
				_, _, err := invs.InviteUser(w.adminCtx, b.in)
				if scrutineer.ErrorFields(err)[b.field] == "" {
					t.Errorf("%+v: got %v, want a problem with %s", b.in, err, b.field)
				}
			}
		})

		inv, token, err := invs.InviteUser(w.adminCtx, in)
		if err != nil {
			t.Fatal(err)
		}
		t.Run("the invitation is stored, emailed and audited", func(t *testing.T) {
			if inv.Email != "new.officer@example.org" || inv.Status != scrutineer.InvitationPending || !inv.ExpiresAt.Equal(w.clock.Add(7*24*time.Hour)) {
				t.Fatalf("%+v", inv)
			}
			if got := w.lastLink(t, "new.officer@example.org"); got != token {
				t.Fatalf("emailed token %q, returned %q", got, token)
			}
			var raw int
			db.Reader().QueryRow(`SELECT count(*) FROM invitations WHERE token_hash = $1`, token).Scan(&raw)
			if raw != 0 {
				t.Fatal("the token is stored in the clear")
			}
			a, err := users.FindAccount(w.adminCtx, inv.UserID)
			if err != nil || a.Status != scrutineer.UserInvited || a.Organisation.Slug != "fife-apc" || !a.Has(scrutineer.RoleCommitteeOfficer) {
				t.Fatalf("account %+v %v", a, err)
			}
			if _, err := users.Authenticate(context.Background(), inv.Email, ""); err == nil {
				t.Fatal("an invited account signed in without a password")
			}
			if got := w.auditActions(t, inv.UserID); len(got) != 1 || got[0] != "user.invite:success" {
				t.Fatalf("audit %v", got)
			}
		})
		t.Run("the link finds the invitation", func(t *testing.T) {
			got, err := invs.FindInvitationByToken(context.Background(), token)
			if err != nil || got.ID != inv.ID || got.OrganisationName != w.committee.Name || got.InvitedBy != "Test User" {
				t.Fatalf("%+v %v", got, err)
			}
			if _, err := invs.FindInvitationByToken(context.Background(), "nonsense"); scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND {
				t.Fatalf("unknown token: %v", err)
			}
		})
		t.Run("weak passwords and a missing name are refused", func(t *testing.T) {
			for pw, field := range map[string]string{"short": "password", "password12345": "password", "ailsa-grant-2026": "password"} {
				err := invs.AcceptInvitation(context.Background(), token, "Ailsa Grant", pw)
				if scrutineer.ErrorFields(err)[field] == "" {
					t.Errorf("%q accepted: %v", pw, err)
				}
			}
			if err := invs.AcceptInvitation(context.Background(), token, " ", "gravel lantern otter spoon"); scrutineer.ErrorFields(err)["name"] == "" {
				t.Errorf("empty name accepted: %v", err)
			}
		})
		t.Run("accepting is single use", func(t *testing.T) {
			if err := invs.AcceptInvitation(context.Background(), token, "Ailsa  Grant-Smith", "gravel lantern otter spoon"); err != nil {
				t.Fatal(err)
			}
			u, err := users.Authenticate(context.Background(), inv.Email, "gravel lantern otter spoon")
			if err != nil || u.Name != "Ailsa Grant-Smith" {
				t.Fatalf("sign in after accepting: %+v %v", u, err)
			}
			err = invs.AcceptInvitation(context.Background(), token, "Someone Else", "another good pass phrase")
			if scrutineer.ErrorCode(err) != scrutineer.ECONFLICT || !strings.Contains(scrutineer.ErrorMessage(err), "already been used") {
				t.Fatalf("second use: %v", err)
			}
			if _, _, err := invs.InviteUser(w.adminCtx, in); scrutineer.ErrorCode(err) != scrutineer.ECONFLICT {
				t.Fatalf("invited a used account again: %v", err)
			}
		})
	})
}

func TestInvitationExpiryResendAndWithdraw(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		w := newAccountWorld(t, db)
		invs := store.NewInvitations(db, store.NewJobs(db), "http://127.0.0.1:8080")
		users := store.NewUsers(db)
		in := scrutineer.NewInvitation{Email: "reader@example.org", OrganisationSlug: "regulator", Roles: []scrutineer.Role{scrutineer.RoleInspector, scrutineer.RoleManager}}
		inv, token, err := invs.InviteUser(w.adminCtx, in)
		if err != nil {
			t.Fatal(err)
		}
		w.clock = w.clock.Add(7*24*time.Hour + time.Second)

		got, err := invs.FindInvitationByToken(context.Background(), token)
		if err != nil || got.Status != scrutineer.InvitationExpired {
			t.Fatalf("after 7 days: %+v %v", got, err)
		}
		err = invs.AcceptInvitation(context.Background(), token, "Rowan Reid", "gravel lantern otter spoon")
		if scrutineer.ErrorCode(err) != scrutineer.ECONFLICT || !strings.Contains(scrutineer.ErrorMessage(err), "expired") {
			t.Fatalf("expired link accepted: %v", err)
		}
		if list, _ := invs.FindInvitations(w.adminCtx, scrutineer.InvitationFilter{Status: scrutineer.InvitationExpired}); len(list) != 1 {
			t.Fatalf("expired list: %d", len(list))
		}

		_, fresh, err := invs.ResendInvitation(w.adminCtx, inv.ID)
		if err != nil || fresh == token || w.lastLink(t, "reader@example.org") != fresh {
			t.Fatalf("resend: %v", err)
		}
		if _, err := invs.FindInvitationByToken(context.Background(), token); scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND {
			t.Fatalf("the old link still works: %v", err)
		}
		if list, _ := invs.FindInvitations(w.adminCtx, scrutineer.InvitationFilter{Status: scrutineer.InvitationPending}); len(list) != 1 || len(list[0].Roles) != 2 {
			t.Fatalf("pending list: %+v", list)
		}

		if err := invs.WithdrawInvitation(w.adminCtx, inv.ID); err != nil {
			t.Fatal(err)
		}
		if a, _ := users.FindAccount(w.adminCtx, inv.UserID); a.Status != scrutineer.UserDeactivated {
			t.Fatalf("withdrawn account is %s", a.Status)
		}
		if err := invs.AcceptInvitation(context.Background(), fresh, "Rowan Reid", "gravel lantern otter spoon"); scrutineer.ErrorCode(err) != scrutineer.ECONFLICT {
			t.Fatalf("withdrawn link accepted: %v", err)
		}
		if _, _, err := invs.ResendInvitation(w.adminCtx, inv.ID); scrutineer.ErrorCode(err) != scrutineer.ECONFLICT {
			t.Fatalf("withdrawn invitation resent: %v", err)
		}

		again, token2, err := invs.InviteUser(w.adminCtx, in)
		if err != nil || again.UserID != inv.UserID {
			t.Fatalf("invite again: %+v %v", again, err)
		}
		if err := invs.AcceptInvitation(context.Background(), token2, "Rowan Reid", "gravel lantern otter spoon"); err != nil {
			t.Fatal(err)
		}
		if a, _ := users.FindAccount(w.adminCtx, inv.UserID); a.Status != scrutineer.UserActive {
			t.Fatalf("account after accepting is %s", a.Status)
		}
		want := []string{"invitation.accept:success", "user.invite:success", "invitation.withdraw:success", "invitation.resend:success", "user.invite:success"}
		if got := w.auditActions(t, inv.UserID); strings.Join(got, " ") != strings.Join(want, " ") {
			t.Fatalf("audit %v", got)
		}
	})
}
