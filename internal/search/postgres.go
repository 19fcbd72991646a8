package search

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/store"
)

// postgresIndex is the index on PostgreSQL: a generated english tsvector column on
// search_docs with a GIN index (migration 00008), ranked by cover density.
type postgresIndex struct {
	db *store.DB
}

// Upsert implements Index. PostgreSQL keeps long text out of line (TOAST), so one
// table holds the fields and the text.
func (ix *postgresIndex) Upsert(ctx context.Context, tx *sql.Tx, doc Doc) error {
	return upsert(ctx, tx, doc, func(ctx context.Context, tx *sql.Tx, doc Doc) error {
		// NOTE: the WHERE clause spares PostgreSQL recomputing the tsvector when a job
		// re-indexes a document that has not changed, the usual case on retry.
		_, err := tx.ExecContext(ctx, `
			INSERT INTO search_docs (id, organisation_id, kind, year, title, body)
			VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (id) DO UPDATE SET
				organisation_id = excluded.organisation_id, kind = excluded.kind,
				year = excluded.year, title = excluded.title, body = excluded.body
			WHERE search_docs.organisation_id <> excluded.organisation_id
				OR search_docs.kind <> excluded.kind OR search_docs.year <> excluded.year
				OR search_docs.title <> excluded.title OR search_docs.body <> excluded.body`,
			doc.ID, doc.OrganisationID, doc.Kind, doc.Year, doc.Title, doc.Text)
		return err
	})
}

// Delete implements Index. The themes go with the document (ON DELETE CASCADE).
func (ix *postgresIndex) Delete(ctx context.Context, tx *sql.Tx, id string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM search_docs WHERE id = $1`, id); err != nil {
		return fmt.Errorf("remove document %s from the index: %w", id, err)
	}
	return nil
}

// tsRank ranks by cover density (ts_rank_cd): how many of the query's words occur,
// how close together, with title words (weight A) counting more than body words (B).
// Normalisation 1 divides by 1 + log(length), so a long document mentioning a word
// once does not outrank a short one about it.
const tsRank = `ts_rank_cd(d.tsv, to_tsquery('english', $1), 1)`

// headlineOptions ask ts_headline for one passage of 12 to 24 words around the
// matches, with the private-use markers around matches.
const headlineOptions = "StartSel=" + markOpen + ", StopSel=" + markClose + ", MaxWords=24, MinWords=12, ShortWord=3"

// Search implements Index.
func (ix *postgresIndex) Search(ctx context.Context, q Query) (*Results, error) {
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
	args := []any{p.tsquery()}
	filters := q.filters(&args)
	count := `SELECT count(*) FROM search_docs d WHERE d.tsv @@ to_tsquery('english', $1)` + filters
	limit, offset := paging(&args, q)
	headline := "''"
	if !q.IDsOnly {
		args = append(args, headlineOptions)
		headline = fmt.Sprintf("ts_headline('english', d.body, to_tsquery('english', $1), $%d)", len(args))
	}
	// NOTE: the page is chosen first and ts_headline, which re-parses the whole
	// document, runs only for its rows. count(*) OVER () gives the total from the
	// same scan that ranks every match anyway.
	page := fmt.Sprintf(`
		SELECT p.id, p.organisation_id, p.kind, p.year, p.title, p.score, p.total,
			%s
		FROM (SELECT d.id, d.organisation_id, d.kind, d.year, d.title,
				%s AS score, count(*) OVER () AS total
			FROM search_docs d
			WHERE d.tsv @@ to_tsquery('english', $1)%s
			ORDER BY score DESC, d.id LIMIT %s OFFSET %s) p
		JOIN search_docs d ON d.id = p.id
		ORDER BY p.score DESC, p.id`, headline, tsRank, filters, limit, offset)

	db := ix.db.Reader()
	res := &Results{Items: []Hit{}}
	rows, err := db.QueryContext(ctx, page, args...)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var h Hit
		var snippet string
		if err := rows.Scan(&h.ID, &h.OrganisationID, &h.Kind, &h.Year, &h.Title, &h.Rank, &res.Total, &snippet); err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
		h.Snippet = snippetHTML(snippet)
		res.Items = append(res.Items, h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	// A page past the end has no row to carry the total: count separately.
	if len(res.Items) == 0 && q.Offset > 0 {
		if err := db.QueryRowContext(ctx, count, args[:len(args)-3]...).Scan(&res.Total); err != nil {
			return nil, fmt.Errorf("search: count: %w", err)
		}
	}
	return res, nil
}

// raw runs the bare engine query for q: the tsquery match, ranked, with the same
// LIMIT, and nothing else (no filters, headlines or total). bench/search measures
// Search against it.
func (ix *postgresIndex) raw(ctx context.Context, q Query) (int, error) {
	p, err := parse(q.Text)
	if err != nil {
		return 0, err
	}
	return countRows(ctx, ix.db.Reader(), `
		SELECT d.id FROM search_docs d WHERE d.tsv @@ to_tsquery('english', $1)
		ORDER BY `+tsRank+` DESC LIMIT $2`, p.tsquery(), q.Limit)
}
