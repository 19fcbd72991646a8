package store

import "database/sql"

// scanner is what *sql.Row and *sql.Rows share, so one scan function reads either.
type scanner = interface{ Scan(dest ...any) error }

// collect reads every row of rows with scan and closes rows, so the finders do not
// each repeat the Next, Err and Close steps. A nil slice means no rows.
func collect[T any](rows *sql.Rows, scan func(scanner) (T, error)) ([]T, error) {
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
