// Package themes suggests theme codes for a learning review from its text, with the
// reason for each suggestion, and runs the suggestions for the review page and the
// background job (service.go). The rules are keywords: each theme of the vocabulary
// lists words and phrases, matched as whole words without regard to case, counted
// per source; a theme is suggested when its keywords are found at least MinCount
// times in all. An analyst accepts or rejects each suggestion: a suggestion is only
// ever a suggestion. See docs/decisions/0105-themes-repository-deadlines.md.
package themes

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/scrutineer/scrutineer"
)

// DefaultMinCount is how many keyword matches, in all sources together, suggest a
// theme. It was chosen on the labelled set in testdata/themes (themes_eval_test.go).
const DefaultMinCount = 2

// Source is one text about a review: a report, a learning point or a
// recommendation. Name says where it is, as the reason will name it ("the report",
// "recommendation 2").
type Source struct {
	Name string
	Text string
}

// Suggestion is a theme suggested for a review, with the matches behind it.
type Suggestion struct {
	Code   string
	Count  int
	Reason string // e.g. "'information sharing' found 4 times in the report; 'not shared' once in recommendation 2"
}

// match is one keyword's count in one source.
type match struct {
	keyword, source string
	count           int
}

// Suggest returns the themes whose keywords occur at least min times in sources,
// most matches first (then by code), each with its reason.
func Suggest(vocab []scrutineer.Theme, sources []Source, min int) []Suggestion {
	if min < 1 {
		min = 1
	}
	norm := make([]string, len(sources))
	for i, s := range sources {
		norm[i] = normalise(s.Text)
	}
	var out []Suggestion
	for _, t := range vocab {
		var found []match
		total := 0
		for _, k := range t.Keywords {
			k = normalise(k)
			if k == "" {
				continue
			}
			for i, text := range norm {
				if n := Count(text, k); n > 0 {
					found = append(found, match{k, sources[i].Name, n})
					total += n
				}
			}
		}
		if total >= min {
			out = append(out, Suggestion{Code: t.Code, Count: total, Reason: reason(found)})
		}
	}
	slices.SortStableFunc(out, func(a, b Suggestion) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return strings.Compare(a.Code, b.Code)
	})
	return out
}

// reason says which keywords were found how often where.
func reason(found []match) string {
	parts := make([]string, len(found))
	for i, m := range found {
		times := "once"
		switch m.count {
		case 1:
		case 2:
			times = "twice"
		default:
			times = fmt.Sprintf("%d times", m.count)
		}
		verb := "found "
		if i > 0 {
			verb = ""
		}
		parts[i] = fmt.Sprintf("'%s' %s%s in %s", m.keyword, verb, times, m.source)
	}
	return strings.Join(parts, "; ")
}

// normalise lower-cases s, makes typographic apostrophes and dashes plain and
// collapses runs of white space, so that a phrase split over two lines still
// matches.
func normalise(s string) string {
	s = strings.Map(func(r rune) rune {
		switch r {
		case '\u2019', '\u2018':
			return '\''
		case '\u2010', '\u2011':
			return '-'
		}
		return unicode.ToLower(r)
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// Count returns how many times keyword (normalised) occurs in text (normalised) as
// whole words: the characters either side of a match are not letters, digits or
// hyphens. NOTE: the hyphen counts as part of a word so that "neglect" is not found
// inside "self-neglect", which is a theme of its own.
func Count(text, keyword string) int {
	n := 0
	for from := 0; ; {
		i := strings.Index(text[from:], keyword)
		if i < 0 {
			return n
		}
		start, end := from+i, from+i+len(keyword)
		if boundary(text, start-1, true) && boundary(text, end, false) {
			n++
		}
		from = start + 1
	}
}

// boundary reports whether the character at byte i (the one before a match when
// before is set, else the one after) ends a word.
func boundary(text string, i int, before bool) bool {
	if i < 0 || i >= len(text) {
		return true
	}
	var r rune
	if before {
		r = lastRune(text[:i+1])
	} else {
		r = []rune(text[i:min(i+4, len(text))])[0]
	}
	return !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-')
}

func lastRune(s string) rune {
	rs := []rune(s[max(0, len(s)-4):])
	return rs[len(rs)-1]
}
