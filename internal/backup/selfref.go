package backup

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
)

// Columns that refer to their own table (an organisation's parent, the
// organisation it merged into) may name a row that comes later in the archive;
// they are inserted as NULL and set once the whole table is in.

// deferSelfRefs clears vals' self-referring columns (so a row may name one not yet
// inserted) and returns the key (first column) and cleared values to set later, or
// nil when there are none.
func deferSelfRefs(cols []string, vals []any, self []string) []any {
	var fix []any
	for i, c := range cols {
		if slices.Contains(self, c) && vals[i] != nil {
			if fix == nil {
				fix = make([]any, len(cols))
			}
			fix[i], vals[i] = vals[i], nil
		}
	}
	if fix != nil {
		fix[0] = vals[0]
	}
	return fix
}

// setSelfRefs sets the self-references deferSelfRefs cleared. The first column is
// the table's key (id) in every table that has one.
func setSelfRefs(ctx context.Context, tx *sql.Tx, name string, cols, self []string, later [][]any) error {
	for _, fix := range later {
		for i, c := range cols {
			if i == 0 || fix[i] == nil || !slices.Contains(self, c) {
				continue
			}
			q := "UPDATE " + quote(name) + " SET " + quote(c) + " = $1 WHERE " + quote(cols[0]) + " = $2"
			if _, err := tx.ExecContext(ctx, q, fix[i], fix[0]); err != nil {
				return fmt.Errorf("backup: table %s: %s: %w", name, strings.ToLower(c), err)
			}
		}
	}
	return nil
}
