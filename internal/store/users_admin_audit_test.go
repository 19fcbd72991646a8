package store_test

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// accountAuditCase is one changing method of the account stores: prepare makes what
// it needs (before the audit trail is blocked) and returns the call to make.
type accountAuditCase struct {
	method  string
	prepare func(t *testing.T, w *accountWorld, a *accountStores) func() error
}

type accountStores struct {
	users       *store.Users
	sessions    *store.Sessions
	invitations *store.Invitations
	passwords   *store.Passwords
	n           int
}

// person makes a fresh committee officer with a session, and returns them, a context
// signed in as them and the session's token.
func (a *accountStores) person(t *testing.T, w *accountWorld) (*scrutineer.User, context.Context, string) {
	t.Helper()
	a.n++
	u := testutil.MustCreateUser(t, w.db, "person"+strings.Repeat("x", a.n)+"@example.org", w.committee, scrutineer.RoleCommitteeOfficer)
	token, err := a.sessions.CreateSession(context.Background(), u.ID)
	if err != nil {
		t.Fatal(err)
	}
	return u, as(u), token
}

func (a *accountStores) invite(t *testing.T, w *accountWorld) (*scrutineer.Invitation, string) {
	t.Helper()
	a.n++
	inv, token, err := a.invitations.InviteUser(w.adminCtx, scrutineer.NewInvitation{Email: "invitee" + strings.Repeat("x", a.n) + "@example.org", OrganisationSlug: "fife-apc", Roles: []scrutineer.Role{scrutineer.RoleCommitteeOfficer}})
	if err != nil {
		t.Fatal(err)
	}
	return inv, token
}

var accountAuditCases = []accountAuditCase{
	{"ChangeRoles", func(t *testing.T, w *accountWorld, a *accountStores) func() error {
		u := testutil.MustCreateUser(t, w.db, "analyst@example.org", w.regulator, scrutineer.RoleAnalyst)
		return func() error {
			return a.users.ChangeRoles(w.adminCtx, u.ID, []scrutineer.Role{scrutineer.RoleAnalyst, scrutineer.RoleManager})
		}
	}},
	{"DeactivateUser", func(t *testing.T, w *accountWorld, a *accountStores) func() error {
		u, _, _ := a.person(t, w)
		return func() error { return a.users.DeactivateUser(w.adminCtx, u.ID, "Left") }
	}},
	{"ReactivateUser", func(t *testing.T, w *accountWorld, a *accountStores) func() error {
		u, _, _ := a.person(t, w)
		if err := a.users.DeactivateUser(w.adminCtx, u.ID, "Left"); err != nil {
			t.Fatal(err)
		}
		return func() error { return a.users.ReactivateUser(w.adminCtx, u.ID, "Back") }
	}},
	{"InviteUser", func(t *testing.T, w *accountWorld, a *accountStores) func() error {
		return func() error {
			_, _, err := a.invitations.InviteUser(w.adminCtx, scrutineer.NewInvitation{Email: "blocked@example.org", OrganisationSlug: "regulator", Roles: []scrutineer.Role{scrutineer.RoleAnalyst}})
			return err
		}
	}},
	{"ResendInvitation", func(t *testing.T, w *accountWorld, a *accountStores) func() error {
		inv, _ := a.invite(t, w)
		return func() error { _, _, err := a.invitations.ResendInvitation(w.adminCtx, inv.ID); return err }
	}},
	{"WithdrawInvitation", func(t *testing.T, w *accountWorld, a *accountStores) func() error {
		inv, _ := a.invite(t, w)
		return func() error { return a.invitations.WithdrawInvitation(w.adminCtx, inv.ID) }
	}},
	{"AcceptInvitation", func(t *testing.T, w *accountWorld, a *accountStores) func() error {
		_, token := a.invite(t, w)
		return func() error {
			return a.invitations.AcceptInvitation(context.Background(), token, "Rowan Reid", "gravel lantern otter spoon")
		}
	}},
	{"RequestPasswordReset", func(t *testing.T, w *accountWorld, a *accountStores) func() error {
		u, _, _ := a.person(t, w)
		return func() error { return a.passwords.RequestPasswordReset(context.Background(), u.Email) }
	}},
	{"ResetPassword", func(t *testing.T, w *accountWorld, a *accountStores) func() error {
		u, _, _ := a.person(t, w)
		if err := a.passwords.RequestPasswordReset(context.Background(), u.Email); err != nil {
			t.Fatal(err)
		}
		token := w.lastLink(t, u.Email)
		return func() error {
			return a.passwords.ResetPassword(context.Background(), token, "gravel lantern otter spoon")
		}
	}},
	{"ChangePassword", func(t *testing.T, w *accountWorld, a *accountStores) func() error {
		_, ctx, token := a.person(t, w)
		return func() error {
			return a.passwords.ChangePassword(ctx, token, testutil.Password, "gravel lantern otter spoon")
		}
	}},
	{"EndSession", func(t *testing.T, w *accountWorld, a *accountStores) func() error {
		u, ctx, token := a.person(t, w)
		list, err := a.sessions.ListSessions(ctx, u.ID, token)
		if err != nil || len(list) != 1 {
			t.Fatal(err)
		}
		return func() error { return a.sessions.EndSession(ctx, u.ID, list[0].ID) }
	}},
	{"EndOtherSessions", func(t *testing.T, w *accountWorld, a *accountStores) func() error {
		u, ctx, token := a.person(t, w)
		a.sessions.CreateSession(ctx, u.ID)
		return func() error { _, err := a.sessions.EndOtherSessions(ctx, token); return err }
	}},
	{"EndAllSessions", func(t *testing.T, w *accountWorld, a *accountStores) func() error {
		u, _, _ := a.person(t, w)
		return func() error { _, err := a.sessions.EndAllSessions(w.adminCtx, u.ID); return err }
	}},
	{"SignOut", func(t *testing.T, w *accountWorld, a *accountStores) func() error {
		_, ctx, token := a.person(t, w)
		return func() error { return a.sessions.SignOut(ctx, token) }
	}},
}

// TestEveryAccountChangeIsAudited runs each changing method of the account stores
// while the database refuses audit entries: the change must fail and leave every
// table (sessions included) as it was, so its entry is written in its own
// transaction. Then it runs it normally and expects one more entry.
func TestEveryAccountChangeIsAudited(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		w := newAccountWorld(t, db)
		jobs := store.NewJobs(db)
		a := &accountStores{users: store.NewUsers(db), sessions: store.NewSessions(db),
			invitations: store.NewInvitations(db, jobs, "http://127.0.0.1"), passwords: store.NewPasswords(db, jobs, "http://127.0.0.1")}
		for _, c := range accountAuditCases {
			t.Run(c.method, func(t *testing.T) {
				call := c.prepare(t, w, a)
				blockAudit(t, db)
				before := testutil.Fingerprint(t, db)
				err := call()
				after := testutil.Fingerprint(t, db)
				unblockAudit(t, db)
				// The refusal must come from the trail, not from the input.
				if scrutineer.ErrorCode(err) != scrutineer.EINTERNAL || before != after {
					t.Fatalf("with the audit trail refusing entries: err %v, changed %v", err, before != after)
				}
				entries, _ := store.NewAudit(db).FindAudit(w.system, scrutineer.AuditFilter{Limit: 10000})
				if err := call(); err != nil {
					t.Fatal(err)
				}
				again, _ := store.NewAudit(db).FindAudit(w.system, scrutineer.AuditFilter{Limit: 10000})
				if len(again) != len(entries)+1 {
					t.Fatalf("%d new entries, want 1", len(again)-len(entries))
				}
			})
		}
	})
}

// accountNotAudited are the changing methods of the account stores that leave no
// entry of their own, and why.
var accountNotAudited = map[string]string{
	"CreateUser":    "fixtures and the demo seed only; people get accounts through InviteUser, which is audited",
	"CreateSession": "signing in, which the sign-in flow audits (login.success)",
	"DeleteSession": "ends a timed-out session, or the old one at sign-in; signing out is SignOut, which is audited",
	"SessionUser":   "reads a session; moves its last-seen time at most once a minute",
	"Authenticate":  "checks a password; the sign-in flow audits the outcome",
}

// TestEveryAccountMethodIsCovered fails when a changing method is added to the
// account stores without a case above, a place in accountNotAudited, or a name that
// says it only reads.
func TestEveryAccountMethodIsCovered(t *testing.T) {
	covered := map[string]bool{}
	for _, c := range accountAuditCases {
		covered[c.method] = true
	}
	for _, typ := range []reflect.Type{reflect.TypeFor[*store.Users](), reflect.TypeFor[*store.Sessions](), reflect.TypeFor[*store.Invitations](), reflect.TypeFor[*store.Passwords]()} {
		for i := range typ.NumMethod() {
			name := typ.Method(i).Name
			reads := strings.HasPrefix(name, "Find") || strings.HasPrefix(name, "List") || strings.HasPrefix(name, "Check") || strings.HasPrefix(name, "Preview") || name == "Link"
			if !reads && !covered[name] && accountNotAudited[name] == "" {
				t.Errorf("%s.%s changes records but is not in accountAuditCases: add it", typ.Elem().Name(), name)
			}
		}
	}
}
