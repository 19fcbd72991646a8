package store_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/keys"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// loginWorld is a sign-in store on a clock the test moves, recording slowdowns.
type loginWorld struct {
	db    *store.DB
	login *store.Login
	now   time.Time
	slept []time.Duration
}

func newLoginWorld(t *testing.T, db *store.DB) *loginWorld {
	w := &loginWorld{db: db, now: time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC)}
	db.Now = func() time.Time { return w.now }
	w.login = store.NewLogin(db, keys.Generate())
	w.login.Sleep = func(_ context.Context, d time.Duration) { w.slept = append(w.slept, d) }
	return w
}

func from(addr string) context.Context {
	return scrutineer.NewContextWithRequestMeta(context.Background(), scrutineer.RequestMeta{ClientAddr: addr, RequestID: "test"})
}

func audited(t *testing.T, db *store.DB, action string) []*scrutineer.AuditEntry {
	t.Helper()
	es, err := store.NewAudit(db).FindAudit(auth.SystemContext(context.Background()), scrutineer.AuditFilter{Action: action, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	return es
}

func TestPasswordSignInIsAudited(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		w := newLoginWorld(t, db)
		org := testutil.MustCreateOrganisation(t, db, "glasgow-cpc", scrutineer.KindChildProtectionCommittee)
		u := testutil.MustCreateUser(t, db, "officer@example.org", org, scrutineer.RoleCommitteeOfficer)
		ctx := from("192.0.2.1")
		if _, err := w.login.SignInWithPassword(ctx, "officer@example.org", "wrong-password-here", "", ""); scrutineer.ErrorFields(err)["email"] == "" {
			t.Fatalf("wrong password: %v", err)
		}
		if _, err := w.login.SignInWithPassword(ctx, "nobody@example.org", "wrong-password-here", "", ""); scrutineer.ErrorFields(err)["email"] == "" {
			t.Fatalf("unknown account: %v", err)
		}
		res, err := w.login.SignInWithPassword(ctx, " Officer@Example.org ", testutil.Password, "", "/dashboard")
		if err != nil || res.Next != scrutineer.LoginComplete || res.User.ID != u.ID || res.ReturnTo != "/dashboard" {
			t.Fatalf("right password: %+v %v", res, err)
		}
		fails := audited(t, db, "login.failure")
		if len(fails) != 2 || fails[1].TargetID != u.ID || fails[0].TargetID != "" || fails[1].ClientAddr != "192.0.2.1" || fails[1].Outcome != scrutineer.OutcomeFailure {
			t.Fatalf("failures audited: %+v %+v", fails[0], fails[1])
		}
		for _, e := range fails {
			if e.Detail == "" || strings.Contains(e.Detail, "@") {
				t.Errorf("failure detail %q", e.Detail)
			}
		}
		ok := audited(t, db, "login.success")
		if len(ok) != 1 || ok[0].ActorID != u.ID || ok[0].TargetID != u.ID || ok[0].OrganisationID != org.ID {
			t.Fatalf("success audited: %+v", ok)
		}
	})
}

func TestThrottlePerAccount(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		w := newLoginWorld(t, db)
		org := testutil.MustCreateOrganisation(t, db, "fife-apc", scrutineer.KindAdultProtectionCommittee)
		u := testutil.MustCreateUser(t, db, "officer@example.org", org, scrutineer.RoleCommitteeOfficer)
		lim := store.DefaultThrottle.Account
		// Each failure from a new address, so only the account's limit applies.
		try := func(i int, password string) error {
			_, err := w.login.SignInWithPassword(from("198.51.100."+itoa(i)), "officer@example.org", password, "", "")
			return err
		}
		for i := 1; i <= lim.Free; i++ {
			if err := try(i, "wrong-password-here"); scrutineer.ErrorCode(err) != scrutineer.EINVALID {
				t.Fatalf("failure %d: %v", i, err)
			}
		}
		for _, d := range w.slept[:lim.Free-1] {
			if d != 0 {
				t.Errorf("a free failure was held back %v", d)
			}
		}
		var waits []time.Duration
		for i := lim.Free + 1; i < lim.Lockout; i++ {
			// Too soon: refused with 429 and how long to wait.
			err := try(100+i, "wrong-password-here")
			te, ok := err.(*scrutineer.ThrottledError)
			if i > lim.Free+1 && (!ok || te.Locked || te.RetryAfter <= 0) {
				t.Fatalf("attempt %d straight after a slowed failure: %v", i, err)
			}
			if ok {
				w.now = w.now.Add(te.RetryAfter)
				waits = append(waits, te.RetryAfter)
			}
			if err := try(200+i, "wrong-password-here"); scrutineer.ErrorCode(err) != scrutineer.EINVALID {
				t.Fatalf("failure %d after waiting: %v", i, err)
			}
		}
		for i := 1; i < len(waits); i++ {
			if waits[i] < waits[i-1] {
				t.Errorf("the slowdown does not grow: %v", waits)
			}
		}
		if w.slept[len(w.slept)-1] == 0 {
			t.Errorf("failed answers past the free ones were not held back: %v", w.slept)
		}
		w.now = w.now.Add(time.Minute)
		// The failure that reaches the limit locks the account, even for the right password.
		try(300, "wrong-password-here")
		err := try(301, testutil.Password)
		te, ok := err.(*scrutineer.ThrottledError)
		if !ok || !te.Locked || te.RetryAfter != lim.LockFor || te.Wait() != "15 minutes" {
			t.Fatalf("after %d failures: %v", lim.Lockout, err)
		}
		locks := audited(t, db, "login.lockout")
		if len(locks) != 1 || locks[0].TargetID != u.ID || locks[0].Outcome != scrutineer.OutcomeRefused {
			t.Fatalf("lockout audit: %+v", locks)
		}
		w.now = w.now.Add(lim.LockFor + time.Second)
		if res, err := w.login.SignInWithPassword(from("203.0.113.9"), "officer@example.org", testutil.Password, "", ""); err != nil || res.Next != scrutineer.LoginComplete {
			t.Fatalf("after the lockout: %v", err)
		}
		// A success clears the account's count.
		if err := try(400, "wrong-password-here"); scrutineer.ErrorCode(err) != scrutineer.EINVALID {
			t.Fatalf("first failure after a success: %v", err)
		}
	})
}

func TestThrottlePerAddress(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		w := newLoginWorld(t, db)
		w.login.Throttle.Address = store.ThrottleLimit{Free: 4, Lockout: 6, Window: time.Hour, LockFor: 10 * time.Minute}
		org := testutil.MustCreateOrganisation(t, db, "fife-apc", scrutineer.KindAdultProtectionCommittee)
		testutil.MustCreateUser(t, db, "officer@example.org", org, scrutineer.RoleCommitteeOfficer)
		ctx := from("2001:db8:1:2::5")
		// Different accounts each time, so only the address's limit applies.
		for i := 0; i < 6; i++ {
			_, err := w.login.SignInWithPassword(ctx, "guess"+itoa(i)+"@example.org", "wrong-password-here", "", "")
			if te, ok := err.(*scrutineer.ThrottledError); ok {
				w.now = w.now.Add(te.RetryAfter)
				_, err = w.login.SignInWithPassword(ctx, "guess"+itoa(i)+"@example.org", "wrong-password-here", "", "")
			}
			if scrutineer.ErrorCode(err) != scrutineer.EINVALID {
				t.Fatalf("guess %d: %v", i, err)
			}
		}
		// Another address in the same /64 is the same client.
		_, err := w.login.SignInWithPassword(from("2001:db8:1:2::99"), "officer@example.org", testutil.Password, "", "")
		if te, ok := err.(*scrutineer.ThrottledError); !ok || !te.Locked {
			t.Fatalf("locked address: %v", err)
		}
		locks := audited(t, db, "login.lockout")
		if len(locks) != 1 || locks[0].TargetType != "client_address" || locks[0].TargetID != "2001:db8:1:2::/64" {
			t.Fatalf("lockout audit: %+v", locks)
		}
		// Another network is not affected.
		if _, err := w.login.SignInWithPassword(from("2001:db8:9::1"), "officer@example.org", testutil.Password, "", ""); err != nil {
			t.Fatalf("other address: %v", err)
		}
	})
}

func itoa(i int) string { return strconv.Itoa(i) }
