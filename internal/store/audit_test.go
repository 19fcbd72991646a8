package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

func recordN(t *testing.T, a *store.Audit, ctx context.Context, n int) {
	t.Helper()
	for i := range n {
		e := &scrutineer.AuditEntry{Action: "test.event", TargetType: "thing", TargetID: fmt.Sprint(i), Detail: "entry"}
		if err := a.RecordAudit(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
}

func TestAuditChain(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := auth.SystemContext(context.Background())
		a := store.NewAudit(db)
		recordN(t, a, ctx, 5)

		// Concurrent writers (several server processes on PostgreSQL) must not fork
		// the chain or leave gaps.
		var wg sync.WaitGroup
		for range 8 {
			wg.Go(func() { recordN(t, a, ctx, 10) })
		}
		wg.Wait()
		broken, checked, err := a.VerifyAudit(ctx)
		if err != nil || broken != 0 || checked != 85 {
			t.Fatalf("intact chain: broken %d, checked %d, %v", broken, checked, err)
		}

		entries, err := a.FindAudit(ctx, scrutineer.AuditFilter{Action: "test.", TargetID: "3", Limit: 50})
		if err != nil || len(entries) != 9 || entries[0].ActorLabel != "system" || entries[0].Seq < entries[1].Seq {
			t.Fatalf("find: %d entries, %v", len(entries), err)
		}

		if _, err := db.Reader().ExecContext(ctx, `UPDATE audit_log SET detail = 'x' WHERE seq = 1`); err == nil {
			t.Fatal("an audit entry could be changed through a read connection")
		}
	})
}

func TestAuditTamperingIsDetected(t *testing.T) {
	tamper := map[string]string{
		"altered detail":  `UPDATE audit_log SET detail = 'nothing to see' WHERE seq = 3`,
		"altered actor":   `UPDATE audit_log SET actor_id = 'someone-else' WHERE seq = 3`,
		"entry removed":   `DELETE FROM audit_log WHERE seq = 3`,
		"last entry cut":  `DELETE FROM audit_log WHERE seq = 6`,
		"entry re-hashed": `UPDATE audit_log SET detail = 'forged', hash = 'abc' WHERE seq = 3`,
	}
	want := map[string]int64{"altered detail": 3, "altered actor": 3, "entry removed": 3, "last entry cut": 6, "entry re-hashed": 3}
	for name, stmt := range tamper {
		t.Run(name, func(t *testing.T) {
			testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
				ctx := auth.SystemContext(context.Background())
				a := store.NewAudit(db)
				recordN(t, a, ctx, 6)
				if _, err := store.ExecForTest(db, stmt); err == nil {
					t.Fatal("the append-only trigger let the change through")
				}
				// An attacker with the database's owner rights can drop the trigger;
				// the chain still gives the change away.
				dropTriggers(t, db)
				if _, err := store.ExecForTest(db, stmt); err != nil {
					t.Fatal(err)
				}
				broken, _, err := a.VerifyAudit(ctx)
				if err != nil || broken != want[name] {
					t.Fatalf("broken at %d (want %d): %v", broken, want[name], err)
				}
			})
		})
	}
}

func dropTriggers(t *testing.T, db *store.DB) {
	t.Helper()
	stmts := []string{`DROP TRIGGER audit_log_no_update`, `DROP TRIGGER audit_log_no_delete`}
	if db.Engine() == store.Postgres {
		stmts = []string{`DROP TRIGGER audit_log_no_change ON audit_log`}
	}
	for _, s := range stmts {
		if _, err := store.ExecForTest(db, s); err != nil {
			t.Fatal(err)
		}
	}
}

func TestAuditSearchIsForAdministrators(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		a := store.NewAudit(db)
		inspector := scrutineer.NewContextWithUser(context.Background(), &scrutineer.User{Active: true, Roles: []scrutineer.Role{scrutineer.RoleInspector}})
		if _, err := a.FindAudit(inspector, scrutineer.AuditFilter{}); scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND {
			t.Fatalf("inspector: %v", err)
		}
		if _, _, err := a.VerifyAudit(inspector); scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND {
			t.Fatalf("verify as inspector: %v", err)
		}
	})
}
