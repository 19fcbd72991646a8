package search_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/search"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// hostile are queries that must never be an internal error: each answers results or
// EINVALID. They include the syntax of FTS5, tsquery and SQL.
var hostile = []string{
	`"`, `""`, `"""`, `" "`, `*`, `**`, `***`, `-`, `--`, `- -`, `-*`, `"*"`, `:`, `^`, `(`, `)`, `()`,
	`neglect)`, `(neglect`, `NEAR(neglect chronology)`, `NEAR/2`, `neglect + abuse`, `neglect AND`,
	`AND neglect`, `NOT`, `NOT NOT neglect`, `neglect NOT`, `title:neglect`, `{title body}:neglect`,
	`body:"neglect"`, `^neglect`, `neglect*`, `"neglect"*`, `neglect**`, `neg*lect`, `*neglect`,
	`neglect & abuse`, `neglect | abuse`, `!neglect`, `neglect <-> abuse`, `neglect:*`, `'neglect'`,
	`''`, `'`, `\`, `\\'`, `neglect\`, `'; DROP TABLE search_docs; --`, `" OR 1=1 --`,
	`$1`, `?`, `%`, `_`, "neglect\x00abuse", "\x00", "\"0\x00", "\"a\x01b\"", "\xff\xfe", "ne\xc3glect", "\u200b", "\uE000neglect\uE001",
	`😀`, `neglect 😀`, `ǅ`, "neglect\tabuse\ncare", `neglect OR OR abuse`, `OR OR`,
	`a b c d e f g h i j k l m n o p q r s t u v w x y z`, strings.Repeat("neglect ", 60),
	strings.Repeat("x", 499), `"neglect`, `neglect"`, `"neg"lect"`, `-"`, `-""`, `abuse -"`,
	`multi-agency`, `multi--agency`, `C++`, `3.5`, `2021-03-04`, `a.b@example.org`, `http://x.y/z?q=1`,
}

func TestHostileQueries(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.put(corpus...)
		for _, q := range hostile {
			_, err := f.ix.Search(f.ctx, search.Query{Text: q})
			if code := scrutineer.ErrorCode(err); code != "" && code != scrutineer.EINVALID {
				t.Errorf("%q: %v", q, err)
			}
		}
	})
}

func TestInvalidQueries(t *testing.T) {
	tests := []struct {
		name string
		q    search.Query
	}{
		{"empty", search.Query{}},
		{"blank", search.Query{Text: " \t\n"}},
		{"punctuation only", search.Query{Text: `!?"*`}},
		{"stop words only", search.Query{Text: "the of and"}},
		{"stop-word phrase", search.Query{Text: `"of the"`}},
		{"only exclusions", search.Query{Text: "-neglect -abuse"}},
		{"OR alone", search.Query{Text: "OR"}},
		{"OR at the end", search.Query{Text: "neglect OR"}},
		{"OR at the start", search.Query{Text: "OR neglect"}},
		{"OR twice", search.Query{Text: "neglect OR OR abuse"}},
		{"OR with exclusion", search.Query{Text: "neglect OR -abuse"}},
		{"short prefix", search.Query{Text: "n*"}},
		{"too long", search.Query{Text: strings.Repeat("neglect ", 70)}},
		{"too many words", search.Query{Text: strings.Repeat("ab ", search.MaxQueryTerms+1)}},
		{"limit too big", search.Query{Text: "neglect", Limit: search.MaxLimit + 1}},
		{"negative limit", search.Query{Text: "neglect", Limit: -1}},
		{"negative offset", search.Query{Text: "neglect", Offset: -1}},
		{"deep offset", search.Query{Text: "neglect", Offset: search.MaxOffset + 1}},
		{"years reversed", search.Query{Text: "neglect", YearFrom: 2022, YearTo: 2020}},
		{"too many filter values", search.Query{Text: "neglect", Themes: make([]string, search.MaxFilterValues+1)}},
	}
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		for _, tt := range tests {
			_, err := f.ix.Search(f.ctx, tt.q)
			if scrutineer.ErrorCode(err) != scrutineer.EINVALID {
				t.Errorf("%s: got %v, want EINVALID", tt.name, err)
				continue
			}
			if msg := scrutineer.ErrorMessage(err) + strings.Join(values(scrutineer.ErrorFields(err)), ""); msg == "" {
				t.Errorf("%s: no message", tt.name)
			}
		}
		for _, d := range []search.Doc{{ID: "x"}, {Kind: "minutes"}, {ID: " ", Kind: "minutes"}} {
			f.t = t
			err := db.WriteTx(f.ctx, func(tx *sql.Tx) error { return f.ix.Upsert(f.ctx, tx, d) })
			if scrutineer.ErrorCode(err) != scrutineer.EINVALID {
				t.Errorf("upsert %+v: got %v, want EINVALID", d, err)
			}
		}
	})
}

func values(m map[string]string) []string {
	var out []string
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

func TestSearchNeedsRepositoryReaders(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.put(corpus...)
		q := search.Query{Text: "neglect"}
		user := func(roles ...scrutineer.Role) context.Context {
			return scrutineer.NewContextWithUser(context.Background(), &scrutineer.User{ID: "u", OrganisationID: "glasgow", Active: true, Roles: roles})
		}
		for _, tt := range []struct {
			name string
			ctx  context.Context
			want string
		}{
			{"anonymous", context.Background(), scrutineer.EUNAUTHORISED},
			{"committee officer", user(scrutineer.RoleCommitteeOfficer), scrutineer.ENOTFOUND},
			{"area contact", user(scrutineer.RoleAreaContact), scrutineer.ENOTFOUND},
			{"analyst", user(scrutineer.RoleAnalyst), ""},
			{"inspector", user(scrutineer.RoleInspector), ""},
			{"manager", user(scrutineer.RoleManager), ""},
		} {
			res, err := f.ix.Search(tt.ctx, q)
			if got := scrutineer.ErrorCode(err); got != tt.want {
				t.Errorf("%s: got %q (%v), want %q", tt.name, got, err, tt.want)
			}
			if err == nil && res.Total != 4 {
				t.Errorf("%s: total %d", tt.name, res.Total)
			}
		}
	})
}

// FuzzSearch runs queries against a real FTS5 index: whatever the parser lets
// through, SQLite must accept. The PostgreSQL side is covered by TestHostileQueries.
func FuzzSearch(f *testing.F) {
	for _, q := range hostile {
		f.Add(q)
	}
	db := testutil.NewSQLite(f)
	ix := search.New(db)
	ctx := auth.SystemContext(context.Background())
	err := db.WriteTx(ctx, func(tx *sql.Tx) error {
		for _, d := range corpus {
			if err := ix.Upsert(ctx, tx, d); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, q string) {
		_, err := ix.Search(ctx, search.Query{Text: q})
		if code := scrutineer.ErrorCode(err); code != "" && code != scrutineer.EINVALID {
			t.Fatalf("%q: %v", q, err)
		}
	})
}
