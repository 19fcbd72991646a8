package testutil

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer/internal/store"
)

// Fingerprint returns a digest of every row of every table except those named in
// skip, so a test can prove a refused request changed nothing.
func Fingerprint(t testing.TB, db *store.DB, skip ...string) string {
	t.Helper()
	ctx := context.Background()
	q := `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`
	if db.Engine() == store.Postgres {
		q = `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`
	}
	rows, err := db.Reader().QueryContext(ctx, q)
	if err != nil {
		t.Fatalf("list tables: %v", err)
	}
	var tables []string
	for rows.Next() {
		var name string
		rows.Scan(&name)
		if !slices.Contains(skip, name) {
			tables = append(tables, name)
		}
	}
	rows.Close()
	sort.Strings(tables)
	h := sha256.New()
	for _, table := range tables {
		fmt.Fprintf(h, "table %s\n", table)
		rows, err := db.Reader().QueryContext(ctx, "SELECT * FROM "+table)
		if err != nil {
			t.Fatalf("read %s: %v", table, err)
		}
		cols, _ := rows.Columns()
		var lines []string
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatalf("scan %s: %v", table, err)
			}
			lines = append(lines, fmt.Sprint(vals...))
		}
		rows.Close()
		sort.Strings(lines)
		fmt.Fprintln(h, strings.Join(lines, "\n"))
	}
	return hex.EncodeToString(h.Sum(nil))
}
