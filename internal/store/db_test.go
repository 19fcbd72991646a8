package store_test

import (
	"context"
	"testing"

	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

func TestMigrationsAreCurrentAfterMigrate(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		current, target, err := db.MigrationState(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if current != target || target == 0 {
			t.Fatalf("schema %d, expected %d (and above 0)", current, target)
		}
	})
}
