package search

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
)

// upsert cleans doc, writes its fields and text with writeDoc (each engine's own
// SQL: the text index follows by itself, FTS5 through triggers, PostgreSQL through a
// generated column) and replaces its themes, all in tx.
func upsert(ctx context.Context, tx *sql.Tx, doc Doc, writeDoc func(context.Context, *sql.Tx, Doc) error) error {
	doc, err := doc.clean()
	if err != nil {
		return err
	}
	if err := writeDoc(ctx, tx, doc); err != nil {
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
