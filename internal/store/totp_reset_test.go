package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// resetWorld is an administrator and an enrolled inspector with two sessions and a
// half-done sign-in.
type resetWorld struct {
	*loginWorld
	resets    *store.TwoFactorResets
	sessions  *store.Sessions
	admin     *scrutineer.User
	adminCtx  context.Context
	inspector *scrutineer.User
	recovery  []string
	pending   string
}

func newResetWorld(t *testing.T, db *store.DB) *resetWorld {
	t.Helper()
	w := &resetWorld{loginWorld: newLoginWorld(t, db), sessions: store.NewSessions(db)}
	w.resets = store.NewTwoFactorResets(db, store.NewJobs(db), "https://scrutineer.example.org/")
	org := testutil.MustCreateOrganisation(t, db, "regulator", scrutineer.KindRegulator)
	w.admin = testutil.MustCreateUser(t, db, "admin@example.org", org, scrutineer.RoleAdmin)
	w.adminCtx = as(w.admin)
	w.inspector = testutil.MustCreateUser(t, db, "inspector@example.org", org, scrutineer.RoleInspector)
	_, w.recovery = enrolAtSignIn(t, w.loginWorld, "inspector@example.org")
	for range 2 {
		if _, err := w.sessions.CreateSession(context.Background(), w.inspector.ID); err != nil {
			t.Fatal(err)
		}
	}
	res, err := w.login.SignInWithPassword(from("192.0.2.8"), "inspector@example.org", testutil.Password, "", "")
	if err != nil || res.Next != scrutineer.LoginNeedsCode {
		t.Fatalf("half-done sign-in: %+v %v", res, err)
	}
	w.pending = res.Pending
	return w
}

// rowsOf counts the rows of table that belong to the user.
func rowsOf(t *testing.T, db *store.DB, table, userID string) int {
	t.Helper()
	var n int
	if err := db.Reader().QueryRow(`SELECT count(*) FROM `+table+` WHERE user_id = $1`, userID).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestResetTwoFactor(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		w := newResetWorld(t, db)
		id := w.inspector.ID
		st, err := w.resets.TwoFactorAccount(w.adminCtx, id)
		if err != nil || !st.Enabled || !st.Required || !st.ResetAt.IsZero() {
			t.Fatalf("before: %+v %v", st, err)
		}
		if rowsOf(t, db, "sessions", id) != 2 || rowsOf(t, db, "recovery_codes", id) != auth.RecoveryCodeCount {
			t.Fatal("the world is not as expected")
		}
		const reason = "Phone stolen on 3 May; recovery codes were in the same bag"
		if err := w.resets.ResetTwoFactor(w.adminCtx, id, "  "+reason+" "); err != nil {
			t.Fatal(err)
		}
		for _, table := range []string{"totp_credentials", "recovery_codes", "totp_enrolments", "login_pending", "sessions"} {
			if n := rowsOf(t, db, table, id); n != 0 {
				t.Errorf("%s: %d rows left", table, n)
			}
		}
		if _, err := w.login.PendingLogin(context.Background(), w.pending); scrutineer.ErrorCode(err) != scrutineer.EUNAUTHORISED {
			t.Errorf("the half-done sign-in survived: %v", err)
		}
		st, err = w.resets.TwoFactorAccount(w.adminCtx, id)
		if err != nil || st.Enabled || !st.ResetAt.Equal(w.now) || st.ResetReason != reason {
			t.Fatalf("after: %+v %v", st, err)
		}
		emails, err := store.NewJobs(db).FindEmails(auth.SystemContext(context.Background()), scrutineer.EmailFilter{})
		if err != nil || len(emails) != 1 {
			t.Fatalf("emails: %d %v", len(emails), err)
		}
		e := emails[0]
		if e.To != "inspector@example.org" || !strings.Contains(e.Subject, "two-factor authentication has been reset") ||
			!strings.Contains(e.Text, "you must set up two-factor authentication again") || !strings.Contains(e.Text, "https://scrutineer.example.org/login") ||
			strings.Contains(e.Text, "stolen") || e.JobID == "" {
			t.Errorf("email: %+v", e)
		}
		got := audited(t, db, "twofactor.reset")
		if len(got) != 1 || got[0].TargetID != id || got[0].ActorID != w.admin.ID || got[0].OrganisationID != w.inspector.OrganisationID ||
			got[0].Detail != "Two-factor authentication reset by an administrator; 2 sessions ended" {
			t.Fatalf("audit: %+v", got)
		}
		// The old recovery codes no longer work, and the next sign-in is taken to set-up.
		ctx := from("192.0.2.9")
		if res, err := w.login.SignInWithPassword(ctx, "inspector@example.org", testutil.Password, w.recovery[1], ""); err == nil && res.Next == scrutineer.LoginComplete {
			t.Fatal("a recovery code signed in after the reset")
		}
		res, err := w.login.SignInWithPassword(ctx, "inspector@example.org", testutil.Password, "", "/dashboard")
		if err != nil || res.Next != scrutineer.LoginNeedsEnrolment {
			t.Fatalf("sign-in after the reset: %+v %v", res, err)
		}
		// A second reset finds nothing to reset.
		if err := w.resets.ResetTwoFactor(w.adminCtx, id, reason); scrutineer.ErrorCode(err) != scrutineer.ECONFLICT {
			t.Fatalf("second reset: %v", err)
		}
	})
}

func TestResetTwoFactorRefusals(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		w := newResetWorld(t, db)
		id := w.inspector.ID
		org := testutil.MustCreateOrganisation(t, db, "regulator-2", scrutineer.KindRegulator)
		manager := testutil.MustCreateUser(t, db, "manager@example.org", org, scrutineer.RoleManager)
		tests := []struct {
			name   string
			ctx    context.Context
			id     string
			reason string
			want   string
		}{
			{"anonymous", context.Background(), id, "Lost phone", scrutineer.EUNAUTHORISED},
			{"not an administrator", as(manager), id, "Lost phone", scrutineer.ENOTFOUND},
			{"the inspector themself", as(w.inspector), id, "Lost phone", scrutineer.ENOTFOUND},
			{"own account", w.adminCtx, w.admin.ID, "Lost phone", scrutineer.ECONFLICT},
			{"no reason", w.adminCtx, id, "   ", scrutineer.EINVALID},
			{"unknown account", w.adminCtx, "nobody", "Lost phone", scrutineer.ENOTFOUND},
			{"no two-factor set up", w.adminCtx, manager.ID, "Lost phone", scrutineer.ECONFLICT},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				before := testutil.Fingerprint(t, db)
				err := w.resets.ResetTwoFactor(tt.ctx, tt.id, tt.reason)
				if scrutineer.ErrorCode(err) != tt.want || testutil.Fingerprint(t, db) != before {
					t.Fatalf("err %v, want %s; changed %v", err, tt.want, testutil.Fingerprint(t, db) != before)
				}
			})
		}
		err := w.resets.ResetTwoFactor(w.adminCtx, id, "")
		if scrutineer.ErrorFields(err)["reason"] != "Enter the reason for this change" {
			t.Errorf("no reason: %v", scrutineer.ErrorFields(err))
		}
		if !strings.Contains(scrutineer.ErrorMessage(w.resets.ResetTwoFactor(w.adminCtx, w.admin.ID, "x")), "cannot reset your own") {
			t.Error("own account: the message does not say why")
		}
		if _, err := w.resets.TwoFactorAccount(as(manager), id); scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND {
			t.Errorf("a manager read the two-factor state: %v", err)
		}
	})
}

// TestResetTwoFactorIsAudited makes the database refuse audit entries: the reset must
// fail and change nothing (its entry is in its transaction), as in
// users_admin_audit_test.go; then it runs and adds exactly one entry.
func TestResetTwoFactorIsAudited(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		w := newResetWorld(t, db)
		blockAudit(t, db)
		before := testutil.Fingerprint(t, db)
		err := w.resets.ResetTwoFactor(w.adminCtx, w.inspector.ID, "Lost phone")
		after := testutil.Fingerprint(t, db)
		unblockAudit(t, db)
		if scrutineer.ErrorCode(err) != scrutineer.EINTERNAL || before != after {
			t.Fatalf("with the audit trail refusing entries: err %v, changed %v", err, before != after)
		}
		entries := allAudit(t, db)
		if err := w.resets.ResetTwoFactor(w.adminCtx, w.inspector.ID, "Lost phone"); err != nil {
			t.Fatal(err)
		}
		if again := allAudit(t, db); len(again) != len(entries)+1 {
			t.Fatalf("%d new entries, want 1", len(again)-len(entries))
		}
	})
}

func allAudit(t *testing.T, db *store.DB) []*scrutineer.AuditEntry {
	t.Helper()
	es, err := store.NewAudit(db).FindAudit(auth.SystemContext(context.Background()), scrutineer.AuditFilter{Limit: 10000})
	if err != nil {
		t.Fatal(err)
	}
	return es
}
