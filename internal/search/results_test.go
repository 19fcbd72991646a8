package search_test

import (
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer/internal/search"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// entity matches the character references html.EscapeString writes.
var entity = regexp.MustCompile(`^&(amp|lt|gt|#34|#39);`)

// checkSafe fails unless s is escaped text with balanced <mark> elements only.
func checkSafe(t *testing.T, s string) {
	t.Helper()
	if strings.Count(s, "<mark>") != strings.Count(s, "</mark>") {
		t.Errorf("unbalanced marks in %q", s)
	}
	rest := strings.NewReplacer("<mark>", "", "</mark>", "").Replace(s)
	if strings.ContainsAny(rest, `<>"'`+"\uE000\uE001") {
		t.Errorf("unescaped markup in snippet %q", s)
	}
	for i := strings.IndexByte(rest, '&'); i >= 0; i = strings.IndexByte(rest, '&') {
		if !entity.MatchString(rest[i:]) {
			t.Errorf("bare & in snippet %q", s)
			break
		}
		rest = rest[i+1:]
	}
}

func TestSnippets(t *testing.T) {
	tests := []struct {
		query, id string
		want      []string // substrings of the snippet
	}{
		{"neglected", "e", []string{"<mark>neglected</mark>"}},
		{"chronolog*", "e", []string{"<mark>chronology</mark>"}},
		// FTS5 marks a phrase as a whole, PostgreSQL word by word.
		{`"domestic abuse"`, "d", []string{"<mark>Domestic", "abuse</mark>"}},
		{"risk", "h", []string{"<mark>Risk</mark>", "&amp;", "&lt;"}},
		{"sanitised", "i", []string{"<mark>sanitised</mark>", "&amp;", "&#34;publication&#34;"}},
	}
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.put(corpus...)
		for _, tt := range tests {
			res := f.search(search.Query{Text: tt.query})
			i := slices.Index(ids(res), tt.id)
			if i < 0 {
				t.Errorf("%s: got %v, want %s among them", tt.query, ids(res), tt.id)
				continue
			}
			s := res.Items[i].Snippet
			checkSafe(t, s)
			for _, w := range tt.want {
				if !strings.Contains(s, w) {
					t.Errorf("%s: snippet %q lacks %q", tt.query, s, w)
				}
			}
			if strings.Contains(s, "script") && !strings.Contains(s, "&lt;script&gt;") {
				t.Errorf("%s: snippet %q keeps a script element", tt.query, s)
			}
		}
		// Markers smuggled into a document are removed, so they cannot forge marks.
		f.put(search.Doc{ID: "m", Kind: "minutes", Title: "x", Text: "forged \uE000mark\uE001 here, lemonade"})
		res := f.search(search.Query{Text: "lemonade"})
		if len(res.Items) != 1 || strings.Count(res.Items[0].Snippet, "<mark>") != 1 {
			t.Errorf("smuggled markers: %+v", res.Items)
		}
	})
}

func TestPagination(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		var docs []search.Doc
		for i := range 25 {
			docs = append(docs, search.Doc{ID: fmt.Sprintf("p%02d", i), Kind: "minutes", Year: 2020,
				Title: "Meeting", Text: strings.Repeat("review ", 1+i%4) + filler})
		}
		f.put(docs...)
		var seen []string
		for _, offset := range []int{0, 10, 20} {
			res := f.search(search.Query{Text: "review", Limit: 10, Offset: offset})
			if res.Total != 25 {
				t.Errorf("offset %d: total %d, want 25", offset, res.Total)
			}
			seen = append(seen, ids(res)...)
		}
		if len(seen) != 25 || len(slices.Compact(sorted(seen))) != 25 {
			t.Errorf("pages hold %d hits, %d distinct: want every document once", len(seen), len(slices.Compact(sorted(seen))))
		}
		past := f.search(search.Query{Text: "review", Limit: 10, Offset: 40})
		if len(past.Items) != 0 || past.Total != 25 {
			t.Errorf("past the end: %d items, total %d", len(past.Items), past.Total)
		}
		if res := f.search(search.Query{Text: "review"}); len(res.Items) != search.DefaultLimit || res.Total != 25 {
			t.Errorf("default page: %d items, total %d", len(res.Items), res.Total)
		}
		// Pages are stable: the same query gives the same order.
		a, b := f.search(search.Query{Text: "review", Limit: 25}), f.search(search.Query{Text: "review", Limit: 25})
		if !slices.Equal(ids(a), ids(b)) {
			t.Error("the same search gave two orders")
		}
	})
}

func TestReindexAndDelete(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		doc := search.Doc{ID: "r1", OrganisationID: "glasgow", Kind: search.KindLearningReviewReport, Year: 2021,
			Themes: []string{"neglect", "neglect", " "}, Title: "First version", Text: "The first draft mentions alpaca."}
		f.put(doc)
		f.put(doc) // an unchanged re-index is harmless
		if res := f.search(search.Query{Text: "alpaca", Themes: []string{"neglect"}}); !slices.Equal(ids(res), []string{"r1"}) || res.Total != 1 {
			t.Fatalf("indexed: %v total %d", ids(res), res.Total)
		}

		doc.Title, doc.Text, doc.Themes, doc.Year, doc.OrganisationID = "Second version", "The final report mentions llama.", []string{"substance_use"}, 2022, "fife"
		f.put(doc)
		for _, tt := range []struct {
			q    search.Query
			want int
		}{
			{search.Query{Text: "alpaca"}, 0},
			{search.Query{Text: "first"}, 0},
			{search.Query{Text: "llama"}, 1},
			{search.Query{Text: "llama", Themes: []string{"neglect"}}, 0},
			{search.Query{Text: "llama", Themes: []string{"substance_use"}, YearFrom: 2022, OrganisationIDs: []string{"fife"}}, 1},
			{search.Query{Text: "llama", OrganisationIDs: []string{"glasgow"}}, 0},
		} {
			if res := f.search(tt.q); res.Total != tt.want || len(res.Items) != tt.want {
				t.Errorf("after re-indexing, %+v: %v", tt.q, ids(res))
			}
		}

		f.remove("r1")
		f.remove("r1") // a repeated job
		f.remove("never-indexed")
		if res := f.search(search.Query{Text: "llama"}); res.Total != 0 {
			t.Errorf("deleted document still found: %v", ids(res))
		}
		var left int
		if err := db.Reader().QueryRow(`SELECT (SELECT count(*) FROM search_themes) + (SELECT count(*) FROM search_docs)`).Scan(&left); err != nil || left != 0 {
			t.Errorf("rows left behind: %d, %v", left, err)
		}
		if db.Engine() == store.SQLite {
			// FTS5 compares its index with the content table, word by word.
			f.put(search.Doc{ID: "r3", Kind: "minutes", Text: "guanaco"})
			err := db.WriteTx(f.ctx, func(tx *sql.Tx) error {
				_, err := tx.Exec(`INSERT INTO search_fts (search_fts, rank) VALUES ('integrity-check', 1)`)
				return err
			})
			if err != nil {
				t.Errorf("FTS5 integrity check: %v", err)
			}
		}

		// Indexing commits with the caller's change: a rolled-back change leaves nothing.
		boom := errors.New("the change failed")
		err := db.WriteTx(f.ctx, func(tx *sql.Tx) error {
			if err := f.ix.Upsert(f.ctx, tx, search.Doc{ID: "r2", Kind: "minutes", Text: "vicuna"}); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatal(err)
		}
		if res := f.search(search.Query{Text: "vicuna"}); res.Total != 0 {
			t.Error("a rolled-back upsert was indexed")
		}
	})
}
