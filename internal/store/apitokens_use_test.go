package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

func TestAPITokenLastUsedIsWrittenAtMostOnceAMinute(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		tokens := store.NewAPITokens(db)
		org := testutil.MustCreateOrganisation(t, db, "regulator", scrutineer.KindRegulator)
		u := testutil.MustCreateUser(t, db, "analyst@example.org", org, scrutineer.RoleAnalyst)
		secret, err := tokens.CreateAPIToken(auth.SystemContext(context.Background()), &scrutineer.APIToken{UserID: u.ID, Label: "Loop"})
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now().UTC()
		clock := start
		db.Now = func() time.Time { return clock }
		lastUsed := func() time.Time {
			_, tok, err := tokens.AuthenticateAPIToken(context.Background(), secret)
			if err != nil {
				t.Fatal(err)
			}
			list, err := tokens.FindAPITokens(auth.SystemContext(context.Background()), u.ID)
			if err != nil || tok == nil {
				t.Fatal(err)
			}
			return list[0].LastUsedAt
		}
		first := lastUsed()
		if first.IsZero() {
			t.Fatal("first use not recorded")
		}
		clock = start.Add(30 * time.Second)
		if got := lastUsed(); !got.Equal(first) {
			t.Errorf("last used moved after 30 seconds: %v -> %v", first, got)
		}
		clock = start.Add(61 * time.Second)
		if got := lastUsed(); !got.After(first) {
			t.Errorf("last used did not move after a minute: %v", got)
		}
	})
}

// findText names the first table and column holding text containing s, or "".
func findText(t *testing.T, db *store.DB, s string) string {
	t.Helper()
	q := `SELECT name FROM sqlite_master WHERE type = 'table'`
	if db.Engine() == store.Postgres {
		q = `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`
	}
	rows, err := db.Reader().Query(q)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var name string
		rows.Scan(&name)
		tables = append(tables, name)
	}
	rows.Close()
	for _, table := range tables {
		rows, err := db.Reader().Query(`SELECT * FROM ` + table)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			rows.Scan(ptrs...)
			for i, v := range vals {
				if strings.Contains(fmt.Sprintf("%s", v), s) {
					rows.Close()
					return table + "." + cols[i]
				}
			}
		}
		rows.Close()
	}
	return ""
}
