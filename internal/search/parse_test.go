package search

import (
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in, fts5, tsquery string
	}{
		{`neglect`, `"neglect"`, `'neglect'`},
		{`  neglect   chronology `, `"neglect" AND "chronology"`, `'neglect' & 'chronology'`},
		{`"professional  curiosity"`, `"professional curiosity"`, `'professional curiosity'`},
		{`chronolog*`, `"chronolog"*`, `'chronolog':*`},
		{`chron**`, `"chron"*`, `'chron':*`},
		{`a b OR c`, `("b" OR "c")`, `('b' | 'c')`}, // a is a stop word
		{`neglect abuse OR harm`, `"neglect" AND ("abuse" OR "harm")`, `'neglect' & ('abuse' | 'harm')`},
		{`x1 OR x2 OR x3`, `("x1" OR "x2" OR "x3")`, `('x1' | 'x2' | 'x3')`},
		{`the OR neglect`, `"neglect"`, `'neglect'`},
		{`neglect -minutes`, `("neglect") NOT "minutes"`, `'neglect' & !'minutes'`},
		{`neglect NOT "standing item" -x`, `("neglect") NOT "standing item" NOT "x"`, `'neglect' & !'standing item' & !'x'`},
		{`neglect -the`, `"neglect"`, `'neglect'`},
		{`multi-agency`, `"multi-agency"`, `'multi-agency'`},
		{`well-being -`, `"well-being"`, `'well-being'`},
		{`"unclosed phrase`, `"unclosed phrase"`, `'unclosed phrase'`},
		{`say "it"s`, `"say"`, `'say'`}, // a phrase of stop words says nothing
		{`child's`, `"child's"`, `'child''s'`},
		{`back\slash`, `"back\slash"`, `'back\\slash'`},
		{`AND neglect AND`, `"neglect"`, `'neglect'`},
		{`NEAR(a b)`, `"NEAR(a" AND "b)"`, `'NEAR(a' & 'b)'`},
		{"ne\x00glect", `"ne" AND "glect"`, `'ne' & 'glect'`},
	}
	for _, tt := range tests {
		p, err := parse(tt.in)
		if err != nil {
			t.Errorf("parse(%q): %v", tt.in, err)
			continue
		}
		if got := p.fts5(); got != tt.fts5 {
			t.Errorf("parse(%q).fts5() = %s, want %s", tt.in, got, tt.fts5)
		}
		if got := p.tsquery(); got != tt.tsquery {
			t.Errorf("parse(%q).tsquery() = %s, want %s", tt.in, got, tt.tsquery)
		}
	}
}

func TestSnippetHTML(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text", "plain text"},
		{"a \uE000match\uE001 b", "a <mark>match</mark> b"},
		{"<b>&\"'\n\n \uE000x\uE001", "&lt;b&gt;&amp;&#34;&#39; <mark>x</mark>"},
		{"\uE001stray close \uE000open \uE000twice\uE001", "stray close <mark>open twice</mark>"},
		{"\uE000unclosed", "<mark>unclosed</mark>"},
	}
	for _, tt := range tests {
		if got := snippetHTML(tt.in); got != tt.want {
			t.Errorf("snippetHTML(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTruncate(t *testing.T) {
	if got := truncate("aé", 2); got != "a" {
		t.Errorf("truncate split a character: %q", got)
	}
	if got := truncate("abc", 5); got != "abc" {
		t.Errorf("truncate changed a short string: %q", got)
	}
}

// FuzzParse checks that no input panics or gives the engines a query they could
// misread: every quote opened in the output is closed.
func FuzzParse(f *testing.F) {
	for _, s := range []string{`neglect`, `"a b" c* -d OR e`, `NOT NOT x`, `"`, `-"x`, `a OR`, `'\`, "\xff", `x""y`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := parse(s)
		if err != nil {
			if scrutineer.ErrorCode(err) != scrutineer.EINVALID {
				t.Fatalf("parse(%q): %v", s, err)
			}
			return
		}
		if len(p.must) == 0 {
			t.Fatalf("parse(%q) gave a query without a positive clause", s)
		}
		fts := p.fts5()
		// Outside strings FTS5 sees only our operators, brackets, * and spaces.
		outside := ""
		in := false
		for _, r := range fts {
			if r == '"' {
				in = !in
				continue
			}
			if !in {
				outside += string(r)
			}
		}
		if in {
			t.Fatalf("fts5 of %q leaves a string open: %s", s, fts)
		}
		if strings.Trim(strings.NewReplacer("AND", "", "OR", "", "NOT", "").Replace(outside), "()* ") != "" {
			t.Fatalf("fts5 of %q has user text outside strings: %q", s, outside)
		}
		if n := strings.Count(strings.ReplaceAll(strings.ReplaceAll(p.tsquery(), `\\`, ""), `''`, ""), "'"); n%2 != 0 {
			t.Fatalf("tsquery of %q leaves a quote open: %s", s, p.tsquery())
		}
	})
}
