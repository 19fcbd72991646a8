package search

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/store"
)

// sqliteIndex is the index on SQLite (migration 00008): an FTS5 table over
// search_text, ranked by BM25 with title words weighted ten times body words, and the
// filter fields in search_docs and search_themes.
type sqliteIndex struct {
	db *store.DB
}

// Upsert implements Index.
func (ix *sqliteIndex) Upsert(ctx context.Context, tx *sql.Tx, doc Doc) error {
	return upsert(ctx, tx, doc, func(ctx context.Context, tx *sql.Tx, doc Doc) error {
		var seq int64
		err := tx.QueryRowContext(ctx, `
			INSERT INTO search_docs (id, organisation_id, kind, year) VALUES ($1, $2, $3, $4)
			ON CONFLICT (id) DO UPDATE SET organisation_id = excluded.organisation_id,
				kind = excluded.kind, year = excluded.year
			RETURNING seq`, doc.ID, doc.OrganisationID, doc.Kind, doc.Year).Scan(&seq)
		if err != nil {
			return err
		}
		// NOTE: the WHERE clause spares FTS5 a delete and re-insert when a job
		// re-indexes a document whose text has not changed, the usual case on retry.
		_, err = tx.ExecContext(ctx, `
			INSERT INTO search_text (seq, title, body) VALUES ($1, $2, $3)
			ON CONFLICT (seq) DO UPDATE SET title = excluded.title, body = excluded.body
			WHERE search_text.title <> excluded.title OR search_text.body <> excluded.body`,
			seq, doc.Title, doc.Text)
		return err
	})
}

// Delete implements Index. The text goes first, so that its trigger takes the words
// out of FTS5; the themes go with the document (ON DELETE CASCADE).
func (ix *sqliteIndex) Delete(ctx context.Context, tx *sql.Tx, id string) error {
	_, err := tx.ExecContext(ctx, `DELETE FROM search_text WHERE seq IN (SELECT seq FROM search_docs WHERE id = $1)`, id)
	if err == nil {
		_, err = tx.ExecContext(ctx, `DELETE FROM search_docs WHERE id = $1`, id)
	}
	if err != nil {
		return fmt.Errorf("remove document %s from the index: %w", id, err)
	}
	return nil
}

// sqliteSnippet asks FTS5 for a passage of the body (column 1) of about 24 tokens
// around the best cluster of matches, with the private-use markers around matches.
const sqliteSnippet = `snippet(search_fts, 1, char(57344), char(57345), '…', 24)`

// Search implements Index.
func (ix *sqliteIndex) Search(ctx context.Context, q Query) (*Results, error) {
	if err := auth.Authorise(ctx, auth.SearchRepository, auth.Resource{}); err != nil {
		return nil, err
	}
	if err := q.check(); err != nil {
		return nil, err
	}
	p, err := parse(q.Text)
	if err != nil {
		return nil, err
	}
	args := []any{p.fts5()}
	filters := q.filters(&args)
	// NOTE: CROSS JOIN makes SQLite loop over the FTS5 matches outside and look up
	// search_docs by key inside. Left to itself the planner may start from a
	// filter's index instead and run the MATCH once per document, which is far
	// slower.
	from := ` FROM search_fts CROSS JOIN search_docs d ON d.seq = search_fts.rowid WHERE search_fts MATCH $1` + filters
	count := `SELECT count(*)` + from
	if filters == "" {
		count = `SELECT count(*) FROM search_fts WHERE search_fts MATCH $1` // no lookup per match
	}
	limit, offset := paging(&args, q)
	// NOTE: ORDER BY rank alone lets FTS5 hand back the matches already sorted by
	// the table's rank function, so SQLite needs no sorter and stops after the page:
	// snippet(), which re-reads and re-tokenizes its document, then runs for the
	// page's rows only. A second sort key would lose that, so ties keep FTS5's
	// order, which is stable while the index does not change.
	snippet := sqliteSnippet
	if q.IDsOnly {
		snippet = `''`
	}
	page := `SELECT d.id, d.organisation_id, d.kind, d.year, search_fts.title, -search_fts.rank, ` + snippet +
		from + ` ORDER BY search_fts.rank LIMIT ` + limit + ` OFFSET ` + offset

	// One read transaction, so the page and the total come from the same snapshot.
	tx, err := ix.db.Reader().BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	defer tx.Rollback()
	res := &Results{Items: []Hit{}}
	rows, err := tx.QueryContext(ctx, page, args...)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var h Hit
		var snippet string
		if err := rows.Scan(&h.ID, &h.OrganisationID, &h.Kind, &h.Year, &h.Title, &h.Rank, &snippet); err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
		h.Snippet = snippetHTML(snippet)
		res.Items = append(res.Items, h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	if res.Total, err = total(ctx, tx, q, len(res.Items), count, args[:len(args)-2]); err != nil {
		return nil, err
	}
	return res, nil
}

// total counts the matches with the count query unless the page already shows that
// it holds them all.
func total(ctx context.Context, tx *sql.Tx, q Query, got int, count string, args []any) (int, error) {
	if q.Offset == 0 && got < q.Limit {
		return got, nil
	}
	var n int
	if err := tx.QueryRowContext(ctx, count, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("search: count: %w", err)
	}
	return n, nil
}

// raw runs the bare engine query for q: the MATCH, ranked, with the same LIMIT, and
// nothing else (no filters, snippets or total). bench/search measures Search against
// it.
func (ix *sqliteIndex) raw(ctx context.Context, q Query) (int, error) {
	p, err := parse(q.Text)
	if err != nil {
		return 0, err
	}
	return countRows(ctx, ix.db.Reader(), `SELECT rowid FROM search_fts WHERE search_fts MATCH $1 ORDER BY rank LIMIT $2`, p.fts5(), q.Limit)
}
