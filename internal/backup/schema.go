package backup

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"

	"github.com/scrutineer/scrutineer/internal/store"
)

// table is one table to copy: its columns (generated ones left out: the database
// computes them again) and the tables its foreign keys point to.
type table struct {
	Name    string   `json:"name"`
	Columns []string `json:"columns"`
	deps    map[string]bool
	// selfRefs are columns referring to the same table (an organisation's parent):
	// restored as NULL first and filled in once every row of the table is in.
	selfRefs []string
}

// querier is what reading the schema needs: a transaction or a pool.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// skipTable reports tables that are not records: the migration tool's own, and
// SQLite's full-text index, which triggers rebuild from search_text on restore.
func skipTable(name string, virtual map[string]bool) bool {
	if name == "goose_db_version" || strings.HasPrefix(name, "sqlite_") || virtual[name] {
		return true
	}
	for v := range virtual {
		if strings.HasPrefix(name, v+"_") {
			return true // an FTS5 shadow table
		}
	}
	return false
}

// tables lists the tables of the schema in an order where every table comes after
// those its foreign keys refer to.
func tables(ctx context.Context, q querier, engine string) ([]*table, error) {
	var list []*table
	var err error
	if engine == store.Postgres {
		list, err = postgresTables(ctx, q)
	} else {
		list, err = sqliteTables(ctx, q)
	}
	if err != nil {
		return nil, fmt.Errorf("backup: reading the schema: %w", err)
	}
	return order(list)
}

func sqliteTables(ctx context.Context, q querier) ([]*table, error) {
	names, err := strings2(ctx, q, `SELECT name, COALESCE(sql, '') FROM sqlite_master WHERE type = 'table' ORDER BY name`)
	if err != nil {
		return nil, err
	}
	virtual := map[string]bool{}
	for _, n := range names {
		if strings.HasPrefix(strings.ToUpper(n[1]), "CREATE VIRTUAL") {
			virtual[n[0]] = true
		}
	}
	var list []*table
	for _, n := range names {
		if skipTable(n[0], virtual) {
			continue
		}
		t := &table{Name: n[0], deps: map[string]bool{}}
		// hidden: 0 ordinary, 1 hidden (virtual tables), 2 and 3 generated.
		cols, err := strings2(ctx, q, `SELECT name, CAST(hidden AS TEXT) FROM pragma_table_xinfo(?) ORDER BY cid`, t.Name)
		if err != nil {
			return nil, err
		}
		for _, c := range cols {
			if c[1] == "0" {
				t.Columns = append(t.Columns, c[0])
			}
		}
		fks, err := strings2(ctx, q, `SELECT "table", "from" FROM pragma_foreign_key_list(?)`, t.Name)
		if err != nil {
			return nil, err
		}
		addDeps(t, fks)
		list = append(list, t)
	}
	return list, nil
}

func postgresTables(ctx context.Context, q querier) ([]*table, error) {
	names, err := strings2(ctx, q, `SELECT table_name, '' FROM information_schema.tables
		WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`)
	if err != nil {
		return nil, err
	}
	var list []*table
	for _, n := range names {
		if skipTable(n[0], nil) {
			continue
		}
		t := &table{Name: n[0], deps: map[string]bool{}}
		cols, err := strings2(ctx, q, `SELECT column_name, is_generated FROM information_schema.columns
			WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`, t.Name)
		if err != nil {
			return nil, err
		}
		for _, c := range cols {
			if c[1] != "ALWAYS" {
				t.Columns = append(t.Columns, c[0])
			}
		}
		fks, err := strings2(ctx, q, `SELECT c.confrelid::regclass::text, a.attname FROM pg_constraint c
			JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
			WHERE c.contype = 'f' AND c.conrelid = $1::regclass`, t.Name)
		if err != nil {
			return nil, err
		}
		addDeps(t, fks)
		list = append(list, t)
	}
	return list, nil
}

// addDeps records foreign keys given as (referenced table, column) pairs.
func addDeps(t *table, fks [][2]string) {
	for _, fk := range fks {
		ref := strings.Trim(fk[0], `"`)
		if ref == t.Name {
			t.selfRefs = append(t.selfRefs, fk[1])
		} else {
			t.deps[ref] = true
		}
	}
}

// order sorts tables so that each follows the tables it depends on (Kahn's
// algorithm, by name among equals, so the order is the same every time).
func order(list []*table) ([]*table, error) {
	byName := map[string]*table{}
	for _, t := range list {
		byName[t.Name] = t
	}
	done := map[string]bool{}
	var out []*table
	for len(out) < len(list) {
		var ready []*table
		for _, t := range list {
			if done[t.Name] {
				continue
			}
			ok := true
			for d := range t.deps {
				if byName[d] != nil && !done[d] {
					ok = false
				}
			}
			if ok {
				ready = append(ready, t)
			}
		}
		if len(ready) == 0 {
			return nil, fmt.Errorf("backup: the tables' foreign keys form a cycle")
		}
		sort.Slice(ready, func(i, j int) bool { return ready[i].Name < ready[j].Name })
		for _, t := range ready {
			done[t.Name] = true
			out = append(out, t)
		}
	}
	return out, nil
}

// strings2 runs a query of two text columns.
func strings2(ctx context.Context, q querier, query string, args ...any) ([][2]string, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out [][2]string
	for rows.Next() {
		var a, b string
		if err := rows.Scan(&a, &b); err != nil {
			return nil, err
		}
		out = append(out, [2]string{a, b})
	}
	return out, rows.Err()
}

// quote quotes an identifier for both engines.
func quote(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }
