package store_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// TestVerifyWhileEntriesAreWritten checks the chain while other processes keep
// adding to it, as scrutineer audit verify does on a live service: entries committed
// during the check must not look like a broken chain.
func TestVerifyWhileEntriesAreWritten(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := auth.SystemContext(context.Background())
		a := store.NewAudit(db)
		recordN(t, a, ctx, 20)
		var stop atomic.Bool
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() {
				for !stop.Load() {
					if err := a.RecordAudit(ctx, &scrutineer.AuditEntry{Action: "test.live"}); err != nil {
						t.Error(err)
						return
					}
				}
			})
		}
		for range 150 {
			broken, checked, err := a.VerifyAudit(ctx)
			if err != nil || broken != 0 {
				t.Errorf("a live chain looked broken at %d after %d entries: %v", broken, checked, err)
				break
			}
		}
		stop.Store(true)
		wg.Wait()
	})
}
