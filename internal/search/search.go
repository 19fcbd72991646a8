// Package search is the full-text index of the national repository: learning review
// reports, minutes and the other documents whose text has been extracted. One
// interface, Index, has two implementations chosen by the database engine: SQLite's
// FTS5 and PostgreSQL's tsvector. Both answer the same query language (see parse.go)
// with the same behaviour, checked by one set of tests run on each engine.
//
// Index updates run inside the caller's transaction, so the index commits with the
// change that causes it. The structured fields used as filters (organisation, kind,
// year, themes) live in plain tables joined to the text index, so filters are exact.
//
// Wiring: cmd/scrutineer makes one Index with New(db). The job that stores a
// document's extracted text calls Upsert in that transaction; whatever removes or
// withdraws a document calls Delete in its own. Handlers pass a Query to Search and
// may put Hit.Snippet in a page as template.HTML (it is escaped already). Decisions:
// docs/decisions/0050-search-one-index-two-engines.md.
package search

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/store"
)

// Index is the full-text index.
type Index interface {
	// Upsert adds doc to the index or replaces what the index holds for doc.ID, in
	// tx. It returns EINVALID when doc has no ID or kind. Callers authorise the
	// change that causes it; the index does not.
	Upsert(ctx context.Context, tx *sql.Tx, doc Doc) error
	// Delete removes a document from the index in tx. Removing a document that is not
	// indexed is not an error, so that a repeated job is harmless.
	Delete(ctx context.Context, tx *sql.Tx, id string) error
	// Search answers q, best matches first. Callers need auth.SearchRepository
	// (inspectors and managers); others get ENOTFOUND, anonymous callers
	// EUNAUTHORISED. A query that cannot be understood answers EINVALID with a
	// message that says how to fix it.
	Search(ctx context.Context, q Query) (*Results, error)
}

// Document kinds known so far. Kind is free text to the index; these are the ones the
// repository uses.
const (
	KindLearningReviewReport = "learning_review_report"
	KindMinutes              = "minutes"
)

// Doc is what the index holds about one document.
type Doc struct {
	ID             string
	OrganisationID string
	Kind           string
	Year           int // 0 when not known
	Themes         []string
	Title          string
	Text           string
}

// Query is a search: Text in the query language, and filters that must all hold.
// An empty filter does not filter.
type Query struct {
	Text            string
	OrganisationIDs []string // any of these organisations
	Kinds           []string // any of these kinds
	YearFrom        int      // from this year on; 0 for no lower bound
	YearTo          int      // up to and including this year; 0 for no upper bound
	Themes          []string // documents with at least one of these themes
	IDs             []string // only these documents (the rows of a page being shown)
	// IDsOnly asks for the matches without snippets, which re-read every document:
	// for a caller that filters by the ids and shows few of them. It allows pages
	// of up to MaxIDsLimit.
	IDsOnly bool
	Limit   int // page size: 0 means DefaultLimit, at most MaxLimit (MaxIDsLimit with IDsOnly)
	Offset  int // results to skip, at most MaxOffset
}

// Paging bounds.
const (
	DefaultLimit = 20
	MaxLimit     = 100
	// MaxOffset bounds deep paging: ranking must order every match up to the page.
	MaxOffset = 10000
	// MaxFilterValues bounds each filter list.
	MaxFilterValues = 100
	// MaxIDsLimit bounds a page of IDsOnly matches.
	MaxIDsLimit = 1000
)

// Results is one page of matches.
type Results struct {
	Items []Hit
	// Total is the number of documents matching the query and filters.
	Total int
}

// Hit is one matching document.
type Hit struct {
	ID             string
	OrganisationID string
	Kind           string
	Year           int
	Title          string
	// Snippet is HTML: a passage of the text with every character escaped and the
	// matching words wrapped in <mark>...</mark>. It is safe to put in a page as
	// template.HTML and in JSON as it is.
	Snippet string
	// Rank orders the hits, higher is better. It compares hits of one search only,
	// and its scale differs between the engines.
	Rank float64
}

// New returns the index for db's engine.
func New(db *store.DB) Index {
	if db.Engine() == store.Postgres {
		return &postgresIndex{db: db}
	}
	return &sqliteIndex{db: db}
}

// Limits on what is indexed.
const (
	// MaxTextBytes is how much of a document's text is indexed. NOTE: PostgreSQL
	// refuses a tsvector over 1 MB and keeps word positions only up to 16,383;
	// a megabyte of text (about 350 pages) stays well inside both.
	MaxTextBytes  = 1 << 20
	MaxTitleBytes = 1000
)

// clean makes doc safe to store on both engines: valid UTF-8 without NUL bytes
// (PostgreSQL text cannot hold them), without the private-use characters that mark
// matches in snippets, and cut to the size limits.
func (doc Doc) clean() (Doc, error) {
	doc.ID = strings.TrimSpace(doc.ID)
	doc.Kind = strings.TrimSpace(doc.Kind)
	if doc.ID == "" || doc.Kind == "" {
		return doc, invalid("A document to index needs an ID and a kind.")
	}
	doc.Title = truncate(cleanText(doc.Title), MaxTitleBytes)
	doc.Text = truncate(cleanText(doc.Text), MaxTextBytes)
	return doc, nil
}

var textCleaner = strings.NewReplacer("\x00", " ", markOpen, "", markClose, "")

func cleanText(s string) string { return textCleaner.Replace(strings.ToValidUTF8(s, "\uFFFD")) }

// truncate cuts s to at most n bytes without splitting a character.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !isRuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

// check validates q's paging and filters and fills in the default page size.
func (q *Query) check() error {
	var p scrutineer.Problems
	switch {
	case q.Limit == 0:
		q.Limit = DefaultLimit
	case q.IDsOnly && (q.Limit < 0 || q.Limit > MaxIDsLimit):
		p.Add("limit", fmt.Sprintf("Ask for between 1 and %d results.", MaxIDsLimit))
	case !q.IDsOnly && (q.Limit < 0 || q.Limit > MaxLimit):
		p.Add("limit", fmt.Sprintf("Ask for between 1 and %d results.", MaxLimit))
	}
	if q.Offset < 0 || q.Offset > MaxOffset {
		p.Add("offset", fmt.Sprintf("Start at a result between 0 and %d.", MaxOffset))
	}
	if q.YearFrom != 0 && q.YearTo != 0 && q.YearFrom > q.YearTo {
		p.Add("year_to", "The last year cannot be before the first year.")
	}
	for name, list := range map[string][]string{"organisation": q.OrganisationIDs, "kind": q.Kinds, "theme": q.Themes, "id": q.IDs} {
		if len(list) > MaxFilterValues {
			p.Add(name, fmt.Sprintf("Choose at most %d.", MaxFilterValues))
		}
	}
	return p.Err("Check the search options.")
}

// filters returns the SQL conditions for q's structured filters on search_docs
// (aliased d), appending their arguments to args. The SQL is the same on both
// engines.
func (q *Query) filters(args *[]any) string {
	var b strings.Builder
	in := func(col string, vals []string) {
		if len(vals) == 0 {
			return
		}
		b.WriteString(" AND " + col + " IN (")
		for i, v := range vals {
			if i > 0 {
				b.WriteString(", ")
			}
			*args = append(*args, v)
			fmt.Fprintf(&b, "$%d", len(*args))
		}
		b.WriteString(")")
	}
	in("d.organisation_id", q.OrganisationIDs)
	in("d.kind", q.Kinds)
	in("d.id", q.IDs)
	if q.YearFrom != 0 {
		*args = append(*args, q.YearFrom)
		fmt.Fprintf(&b, " AND d.year >= $%d", len(*args))
	}
	if q.YearTo != 0 {
		*args = append(*args, q.YearTo)
		fmt.Fprintf(&b, " AND d.year <= $%d", len(*args))
	}
	if len(q.Themes) > 0 {
		// NOTE: an uncorrelated IN is built once per query and probed per match;
		// a correlated EXISTS looked the themes up again for every match and made
		// counting twice as slow on SQLite.
		b.WriteString(" AND d.id IN (SELECT t.doc_id FROM search_themes t WHERE true")
		in("t.theme", q.Themes)
		b.WriteString(")")
	}
	return b.String()
}

// paging appends q's limit and offset to args and returns their placeholders, which
// come after the filters' so that a count query can use the same arguments without
// them.
func paging(args *[]any, q Query) (limit, offset string) {
	*args = append(*args, q.Limit, q.Offset)
	return fmt.Sprintf("$%d", len(*args)-1), fmt.Sprintf("$%d", len(*args))
}

// countRows runs a query and counts its rows; the raw queries of the benchmarks use it.
func countRows(ctx context.Context, db *sql.DB, query string, args ...any) (int, error) {
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		n++
	}
	return n, rows.Err()
}

// Raw runs the bare engine query behind ix.Search(q): the text match ranked with the
// same limit, without filters, snippets or total, and returns how many rows it gave.
// It exists so that bench/search can measure what Search adds to the engine's own
// work in the same run; application code calls Search.
func Raw(ctx context.Context, ix Index, q Query) (int, error) {
	if err := q.check(); err != nil {
		return 0, err
	}
	r, ok := ix.(interface {
		raw(context.Context, Query) (int, error)
	})
	if !ok {
		return 0, fmt.Errorf("search: %T has no raw query", ix)
	}
	return r.raw(ctx, q)
}
