package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
)

// bulkParams bounds the placeholders of one INSERT: SQLite allows 32,766 and
// PostgreSQL 65,535; staying well under both keeps each statement small enough to
// plan quickly.
const bulkParams = 8000

// InsertRows writes rows into table in tx, many rows a statement, the same SQL on
// both engines. Each row holds one value per column, in order. With skipExisting a
// row whose key is already present is left as it is (ON CONFLICT DO NOTHING), for
// seeds that may run twice.
//
// It is for generated and seeded data only (internal/generate, the demo): it
// records no audit entry and checks no policy, because nothing it writes is a
// person's action. Table and column names are the caller's constants, never input.
func InsertRows(ctx context.Context, tx *sql.Tx, table string, columns []string, rows [][]any, skipExisting bool) error {
	if len(rows) == 0 {
		return nil
	}
	per := max(1, bulkParams/len(columns))
	head := "INSERT INTO " + table + " (" + strings.Join(columns, ", ") + ") VALUES "
	tail := ""
	if skipExisting {
		tail = " ON CONFLICT DO NOTHING"
	}
	var b strings.Builder
	args := make([]any, 0, per*len(columns))
	for start := 0; start < len(rows); start += per {
		chunk := rows[start:min(start+per, len(rows))]
		b.Reset()
		b.WriteString(head)
		args = args[:0]
		for i, row := range chunk {
			if len(row) != len(columns) {
				return fmt.Errorf("insert %s: row has %d values for %d columns", table, len(row), len(columns))
			}
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteByte('(')
			for j := range row {
				if j > 0 {
					b.WriteString(", ")
				}
				b.WriteByte('$')
				b.WriteString(strconv.Itoa(len(args) + j + 1))
			}
			b.WriteByte(')')
			args = append(args, row...)
		}
		b.WriteString(tail)
		if _, err := tx.ExecContext(ctx, b.String(), args...); err != nil {
			return fmt.Errorf("insert %s: %w", table, err)
		}
	}
	return nil
}
