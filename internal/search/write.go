package search

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
)

// writer holds the index updates, which are the same SQL on both engines: the text
// index follows search_docs by itself (FTS5 through triggers, PostgreSQL through a
// generated tsvector column).
type writer struct{}

// Upsert implements Index.
func (writer) Upsert(ctx context.Context, tx *sql.Tx, doc Doc) error {
	doc, err := doc.clean()
	if err != nil {
		return err
	}
	// NOTE: the WHERE clause skips rewriting the text index when a job re-indexes a
	// document that has not changed, which is the common case after a retry.
	_, err = tx.ExecContext(ctx, `
		INSERT INTO search_docs (id, organisation_id, kind, year, title, body)
		VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (id) DO UPDATE SET
			organisation_id = excluded.organisation_id, kind = excluded.kind,
			year = excluded.year, title = excluded.title, body = excluded.body
		WHERE search_docs.organisation_id <> excluded.organisation_id
			OR search_docs.kind <> excluded.kind OR search_docs.year <> excluded.year
			OR search_docs.title <> excluded.title OR search_docs.body <> excluded.body`,
		doc.ID, doc.OrganisationID, doc.Kind, doc.Year, doc.Title, doc.Text)
	if err != nil {
		return fmt.Errorf("index document %s: %w", doc.ID, err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM search_themes WHERE doc_id = $1`, doc.ID); err != nil {
		return fmt.Errorf("index themes of %s: %w", doc.ID, err)
	}
	for _, theme := range themes(doc.Themes) {
		if _, err := tx.ExecContext(ctx, `INSERT INTO search_themes (doc_id, theme) VALUES ($1, $2)`, doc.ID, theme); err != nil {
			return fmt.Errorf("index themes of %s: %w", doc.ID, err)
		}
	}
	return nil
}

// themes returns the distinct non-empty themes, sorted.
func themes(in []string) []string {
	out := make([]string, 0, len(in))
	for _, t := range in {
		if t = strings.TrimSpace(cleanText(t)); t != "" {
			out = append(out, t)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Delete implements Index. The themes go with the document (ON DELETE CASCADE).
func (writer) Delete(ctx context.Context, tx *sql.Tx, id string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM search_docs WHERE id = $1`, id); err != nil {
		return fmt.Errorf("remove document %s from the index: %w", id, err)
	}
	return nil
}
