package search

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/store"
)

// sqliteIndex is the index on SQLite: an FTS5 table over search_docs (migration
// 00009), ranked by BM25 with title words weighted ten times body words.
type sqliteIndex struct {
	writer
	db *store.DB
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
	join := ""
	if filters != "" {
		join = " JOIN search_docs d ON d.seq = search_fts.rowid"
	}
	count := `SELECT count(*) FROM search_fts` + join + ` WHERE search_fts MATCH $1` + filters
	limit, offset := paging(&args, q)
	// NOTE: the page of best matches is chosen first, in a subquery without
	// snippet(): SQLite computes the columns of every row before sorting, and a
	// snippet re-reads and re-tokenizes its document. The outer query then asks
	// FTS5 for the snippets of those few rows only, by rowid (CROSS JOIN keeps that
	// order of the loops).
	page := `
		SELECT d.id, d.organisation_id, d.kind, d.year, d.title, -p.score, ` + sqliteSnippet + `
		FROM (SELECT search_fts.rowid AS rid, search_fts.rank AS score
			FROM search_fts` + join + `
			WHERE search_fts MATCH $1` + filters + `
			ORDER BY search_fts.rank, search_fts.rowid LIMIT ` + limit + ` OFFSET ` + offset + `) p
		CROSS JOIN search_fts ON search_fts.rowid = p.rid
		JOIN search_docs d ON d.seq = p.rid
		WHERE search_fts MATCH $1
		ORDER BY p.score, p.rid`

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
