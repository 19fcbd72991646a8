package store_test

import (
	"context"
	"os"
	"testing"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// BenchmarkAuditRecord measures audited writes from many goroutines at once, which
// all queue for the chain's head row: the cost recorded in
// docs/decisions/0021-audit-chain-head.md. Run with
// scripts/with-postgres.sh go test -run '^$' -bench AuditRecord ./internal/store/
func BenchmarkAuditRecord(b *testing.B) {
	engines := map[string]func(testing.TB) *store.DB{"sqlite": testutil.NewSQLite}
	if os.Getenv(testutil.PostgresURLEnv) != "" {
		engines["postgres"] = testutil.NewPostgres
	}
	for name, open := range engines {
		b.Run(name, func(b *testing.B) {
			a := store.NewAudit(open(b))
			ctx := auth.SystemContext(context.Background())
			b.SetParallelism(4) // 4 x GOMAXPROCS writers
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if err := a.RecordAudit(ctx, &scrutineer.AuditEntry{Action: "bench.record", TargetType: "thing", TargetID: "1"}); err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}
