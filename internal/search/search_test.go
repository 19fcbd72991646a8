package search_test

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/search"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// fixture is an index on a fresh database with helpers that fail the test.
type fixture struct {
	t   *testing.T
	db  *store.DB
	ix  search.Index
	ctx context.Context
}

func newFixture(t *testing.T, db *store.DB) *fixture {
	return &fixture{t: t, db: db, ix: search.New(db), ctx: auth.SystemContext(context.Background())}
}

// put indexes docs in one transaction.
func (f *fixture) put(docs ...search.Doc) {
	f.t.Helper()
	err := f.db.WriteTx(f.ctx, func(tx *sql.Tx) error {
		for _, d := range docs {
			if err := f.ix.Upsert(f.ctx, tx, d); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		f.t.Fatalf("index: %v", err)
	}
}

func (f *fixture) remove(id string) {
	f.t.Helper()
	if err := f.db.WriteTx(f.ctx, func(tx *sql.Tx) error { return f.ix.Delete(f.ctx, tx, id) }); err != nil {
		f.t.Fatalf("delete %s: %v", id, err)
	}
}

func (f *fixture) search(q search.Query) *search.Results {
	f.t.Helper()
	res, err := f.ix.Search(f.ctx, q)
	if err != nil {
		f.t.Fatalf("search %q: %v", q.Text, err)
	}
	return res
}

// ids returns the IDs of the hits in rank order.
func ids(res *search.Results) []string {
	out := make([]string, len(res.Items))
	for i, h := range res.Items {
		out[i] = h.ID
	}
	return out
}

func sorted(s []string) []string { s = slices.Clone(s); slices.Sort(s); return s }

const filler = "Agencies met regularly to discuss the plan and to record decisions about support for the family. "

// corpus is a small repository in which each query of the behaviour tests has a
// known answer.
var corpus = []search.Doc{
	{ID: "a", OrganisationID: "glasgow", Kind: search.KindLearningReviewReport, Year: 2021, Themes: []string{"neglect", "information_sharing"},
		Title: "Neglect of a young child",
		Text:  "The review found neglect over many years. Neglect was seen by the school and the health visitor. Chronic neglect was not recognised."},
	{ID: "b", OrganisationID: "fife", Kind: search.KindLearningReviewReport, Year: 2019, Themes: []string{"adult_support"},
		Title: "Support for an older adult",
		Text:  strings.Repeat(filler, 6) + "There was no evidence of neglect. " + strings.Repeat(filler, 6)},
	{ID: "c", OrganisationID: "glasgow", Kind: search.KindLearningReviewReport, Year: 2022, Themes: []string{"professional_curiosity"},
		Title: "Practice in the community",
		Text:  "Professional curiosity was lacking when the family moved home. A multi-agency meeting was held. Workers accepted explanations."},
	{ID: "d", OrganisationID: "fife", Kind: search.KindLearningReviewReport, Year: 2020, Themes: []string{"domestic_abuse"},
		Title: "Team learning",
		Text:  "The curiosity shown by each professional varied. Domestic abuse was disclosed to the GP."},
	{ID: "e", OrganisationID: "clacks", Kind: search.KindLearningReviewReport, Year: 2018, Themes: []string{"neglect"},
		Title: "Chronology of events",
		Text:  "A single agency chronology was prepared. The child was neglected at home."},
	{ID: "f", OrganisationID: "clacks", Kind: search.KindLearningReviewReport, Year: 2023, Themes: []string{"substance_use", "information_sharing"},
		Title: "Integrated chronologies",
		Text:  "Integrated chronologies were not shared between agencies. Parental alcohol use was a concern."},
	{ID: "g", OrganisationID: "glasgow", Kind: search.KindMinutes, Year: 2023, Themes: []string{"neglect"},
		Title: "Committee minutes, March",
		Text:  "Minutes of the meeting. Neglect was discussed as a standing item."},
	{ID: "h", OrganisationID: "fife", Kind: search.KindLearningReviewReport, Year: 2024,
		Title: "Zoë and the café",
		Text:  "A naïve approach to risk; 子供 wellbeing was assessed. Risk & need < threshold for Łukasz."},
	{ID: "i", OrganisationID: "fife", Kind: search.KindLearningReviewReport, Year: 2024,
		Title: "Publication",
		Text:  `The report was sanitised <script>alert("x")</script> before "publication" & <b>release</b>.`},
}

func TestQueries(t *testing.T) {
	tests := []struct {
		name string
		q    search.Query
		want []string // sorted IDs
	}{
		{"word, stemmed", search.Query{Text: "neglect"}, []string{"a", "b", "e", "g"}},
		{"inflected word", search.Query{Text: "neglected"}, []string{"a", "b", "e", "g"}},
		{"capitals", search.Query{Text: "NEGLECT"}, []string{"a", "b", "e", "g"}},
		{"all words must match", search.Query{Text: "neglect chronology"}, []string{"e"}},
		{"stop words ignored", search.Query{Text: "the neglect of"}, []string{"a", "b", "e", "g"}},
		{"phrase", search.Query{Text: `"professional curiosity"`}, []string{"c"}},
		{"words not a phrase", search.Query{Text: "professional curiosity"}, []string{"c", "d"}},
		{"phrase with a stop word", search.Query{Text: `"alcohol use was a concern"`}, []string{"f"}},
		{"unclosed phrase", search.Query{Text: `"domestic abuse`}, []string{"d"}},
		{"prefix", search.Query{Text: "chronolog*"}, []string{"e", "f"}},
		{"prefix of a stem", search.Query{Text: "integr*"}, []string{"f"}},
		{"stems meet", search.Query{Text: "chronologies"}, []string{"e", "f"}},
		{"or", search.Query{Text: "alcohol OR domestic"}, []string{"d", "f"}},
		{"or binds tighter than and", search.Query{Text: "agencies alcohol OR curiosity"}, []string{"c", "f"}},
		{"lower-case or is a word", search.Query{Text: "alcohol or domestic"}, nil},
		{"exclusion", search.Query{Text: "neglect -minutes"}, []string{"a", "b", "e"}},
		{"exclusion with NOT", search.Query{Text: "neglect NOT minutes"}, []string{"a", "b", "e"}},
		{"excluded phrase", search.Query{Text: `neglect -"standing item"`}, []string{"a", "b", "e"}},
		{"two exclusions", search.Query{Text: "neglect -minutes -chronology"}, []string{"a", "b"}},
		{"hyphenated word", search.Query{Text: "multi-agency"}, []string{"c"}},
		{"accented word", search.Query{Text: "naïve"}, []string{"h"}},
		{"accented title word", search.Query{Text: "Zoë"}, []string{"h"}},
		{"non-Latin script", search.Query{Text: "子供"}, []string{"h"}},
		{"non-ASCII capital", search.Query{Text: "łukasz"}, []string{"h"}},
		{"operators in text", search.Query{Text: "title:neglect"}, nil},
		{"no match", search.Query{Text: "zebra"}, nil},

		{"organisation", search.Query{Text: "neglect", OrganisationIDs: []string{"glasgow"}}, []string{"a", "g"}},
		{"organisations", search.Query{Text: "neglect", OrganisationIDs: []string{"glasgow", "clacks"}}, []string{"a", "e", "g"}},
		{"kind", search.Query{Text: "neglect", Kinds: []string{search.KindMinutes}}, []string{"g"}},
		{"from year", search.Query{Text: "neglect", YearFrom: 2020}, []string{"a", "g"}},
		{"to year", search.Query{Text: "neglect", YearTo: 2019}, []string{"b", "e"}},
		{"year range", search.Query{Text: "neglect", YearFrom: 2019, YearTo: 2021}, []string{"a", "b"}},
		{"one year", search.Query{Text: "neglect", YearFrom: 2023, YearTo: 2023}, []string{"g"}},
		{"theme", search.Query{Text: "neglect", Themes: []string{"neglect"}}, []string{"a", "e", "g"}},
		{"any of the themes", search.Query{Text: "neglect", Themes: []string{"adult_support", "information_sharing"}}, []string{"a", "b"}},
		{"theme is exact", search.Query{Text: "neglect", Themes: []string{"Neglect"}}, nil},
		{"filters together", search.Query{Text: "neglect", OrganisationIDs: []string{"glasgow", "fife"}, Kinds: []string{search.KindLearningReviewReport}, Themes: []string{"neglect"}}, []string{"a"}},
	}
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.put(corpus...)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				f.t = t
				res := f.search(tt.q)
				if got := sorted(ids(res)); !slices.Equal(got, tt.want) {
					t.Errorf("%q: got %v, want %v", tt.q.Text, got, tt.want)
				}
				if res.Total != len(tt.want) {
					t.Errorf("%q: total %d, want %d", tt.q.Text, res.Total, len(tt.want))
				}
			})
		}
	})
}

func TestRanking(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.put(corpus...)
		// a has the word in its title and three times in a short text; b mentions it
		// once in a long text.
		got := ids(f.search(search.Query{Text: "neglect"}))
		if len(got) != 4 || got[0] != "a" || got[3] != "b" {
			t.Errorf("neglect ranked %v: want a first and b last", got)
		}
		// A title match outranks a single mention in the body.
		f.put(search.Doc{ID: "t", Kind: search.KindLearningReviewReport, Title: "Domestic abuse", Text: strings.Repeat(filler, 3)})
		if got := ids(f.search(search.Query{Text: "domestic abuse"})); !slices.Equal(got, []string{"t", "d"}) {
			t.Errorf("domestic abuse ranked %v: want [t d]", got)
		}
		res := f.search(search.Query{Text: "neglect"})
		for i := 1; i < len(res.Items); i++ {
			if res.Items[i].Rank > res.Items[i-1].Rank {
				t.Errorf("ranks not descending: %v", res.Items)
			}
		}
	})
}

// TestIDsOnlyAndIDs: an ids-only search finds the same documents in the same order
// without snippets, and pages larger than MaxLimit; the IDs filter keeps to the
// documents named, with their snippets (the repository's two steps).
func TestIDsOnlyAndIDs(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.put(corpus...)
		full := f.search(search.Query{Text: "neglect", Limit: search.MaxLimit})
		ids := f.search(search.Query{Text: "neglect", IDsOnly: true, Limit: search.MaxIDsLimit})
		if len(full.Items) == 0 || len(ids.Items) != len(full.Items) || ids.Total != full.Total {
			t.Fatalf("ids only: %d of %d, full: %d of %d", len(ids.Items), ids.Total, len(full.Items), full.Total)
		}
		for i, h := range ids.Items {
			if h.ID != full.Items[i].ID || h.Snippet != "" {
				t.Errorf("hit %d: %s with snippet %q, want %s without", i, h.ID, h.Snippet, full.Items[i].ID)
			}
		}
		one := f.search(search.Query{Text: "neglect", IDs: []string{full.Items[0].ID}})
		if len(one.Items) != 1 || one.Items[0].ID != full.Items[0].ID || !strings.Contains(one.Items[0].Snippet, "<mark>") {
			t.Errorf("IDs filter: %+v", one.Items)
		}
		if _, err := f.ix.Search(f.ctx, search.Query{Text: "neglect", Limit: search.MaxLimit + 1}); scrutineer.ErrorCode(err) != scrutineer.EINVALID {
			t.Errorf("a page above MaxLimit with snippets: %v", err)
		}
	})
}
