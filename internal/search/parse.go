package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/scrutineer/scrutineer"
)

// The query language, the same on both engines
// (docs/decisions/0050-search-one-index-two-engines.md):
//
//	neglect chronology       every word must match (stemmed: neglect finds neglected)
//	"professional curiosity" a phrase: the words next to each other, in this order
//	chronolog*               a prefix: chronology, chronologies, ...
//	neglect OR abuse         either word; OR (in capitals) binds tighter than the
//	                         implicit AND, so "a b OR c" means a AND (b OR c)
//	-minutes, NOT minutes    leave out documents with the word or phrase
//
// Everything else is text: brackets, colons, carets and the rest have no meaning and
// cannot cause an error. Standalone very common words ("the", "of") are ignored
// because PostgreSQL's english configuration drops them; inside a phrase they stay.

// Limits on a query, so that one request cannot make the engines do unbounded work.
const (
	MaxQueryBytes = 500
	MaxQueryTerms = 24
)

// term is one word or phrase as the user typed it. Each engine's own tokenizer splits
// and stems it, the same way it treated the documents, so "multi-agency" becomes the
// phrase multi + agency on both.
type term struct {
	text   string
	phrase bool
	prefix bool
}

// clause is a set of alternatives joined by OR; a document must match one of them.
type clause []term

// parsed is a query: every clause must match and no excluded term may.
type parsed struct {
	must []clause
	not  []term
}

// token kinds of the lexer.
type token struct {
	term
	or, neg bool // or: the OR operator; neg: the term is excluded
}

// parse turns user text into a parsed query, or an EINVALID *scrutineer.Error that
// says how to fix it.
func parse(s string) (*parsed, error) {
	// NOTE: FTS5 reads its query as a C string, so a NUL inside a phrase would end
	// it early; control characters become spaces before anything else.
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(s, " "))
	if len(s) > MaxQueryBytes {
		return nil, invalid("The search is too long: use at most %d characters.", MaxQueryBytes)
	}
	toks := lex(s)
	if len(toks) == 0 {
		return nil, invalid("Enter one or more words to search for.")
	}
	if len(toks) > MaxQueryTerms {
		return nil, invalid("The search has too many words: use at most %d.", MaxQueryTerms)
	}
	p := &parsed{}
	dropped := false // a word was left out as too common
	joinNext := false
	for i, t := range toks {
		if t.or {
			if i == 0 || i == len(toks)-1 || toks[i-1].or || toks[i-1].neg || toks[i+1].or || toks[i+1].neg {
				return nil, invalid("Put a word or phrase on each side of OR, for example: neglect OR abuse.")
			}
			joinNext = true
			continue
		}
		keep, common := meaningful(t.term)
		dropped = dropped || common
		if keep && t.prefix && alnum(t.text) < 2 {
			// NOTE: a one-letter prefix expands to a large part of the vocabulary.
			return nil, invalid("Put at least two letters before *, for example: chron*.")
		}
		if t.neg {
			if keep {
				p.not = append(p.not, t.term)
			}
			continue
		}
		switch {
		case joinNext && len(p.must) > 0:
			if keep {
				p.must[len(p.must)-1] = append(p.must[len(p.must)-1], t.term)
			}
		case keep:
			p.must = append(p.must, clause{t.term})
		default:
			// An alternative that was dropped still belongs to the next OR's clause.
			p.must = append(p.must, clause{})
		}
		joinNext = false
	}
	must := p.must[:0]
	for _, c := range p.must {
		if len(c) > 0 {
			must = append(must, c)
		}
	}
	p.must = must
	if len(p.must) == 0 {
		switch {
		case dropped:
			return nil, invalid("Those words are too common to search for: add a more specific word.")
		case len(p.not) > 0:
			return nil, invalid("Say what to look for as well as what to leave out.")
		default:
			return nil, invalid("Enter one or more words to search for.")
		}
	}
	return p, nil
}

// lex splits s into words, phrases and operators. An unclosed quote runs to the end.
func lex(s string) []token {
	var toks []token
	neg := false
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case unicode.IsSpace(r):
			i += size
		case r == '"':
			end := strings.IndexByte(s[i+1:], '"')
			text := s[i+1:]
			next := len(s)
			if end >= 0 {
				text, next = s[i+1:i+1+end], i+2+end
			}
			toks = append(toks, token{term: term{text: clean(text), phrase: true}, neg: neg})
			neg = false
			i = next
		case r == '-' && !neg && i+1 < len(s) && !isSpaceAt(s, i+1):
			neg = true
			i++
		default:
			end := i
			for end < len(s) {
				r, size := utf8.DecodeRuneInString(s[end:])
				if unicode.IsSpace(r) || r == '"' {
					break
				}
				end += size
			}
			word := s[i:end]
			i = end
			switch word {
			case "OR":
				if !neg {
					toks = append(toks, token{or: true})
					continue
				}
			case "AND":
				if !neg {
					continue // words must all match anyway
				}
			case "NOT":
				if !neg {
					neg = true
					continue
				}
			}
			t := term{text: strings.TrimRight(word, "*")}
			t.prefix = t.text != word
			toks = append(toks, token{term: t, neg: neg})
			neg = false
		}
	}
	return toks
}

// alnum counts the letters and digits in s.
func alnum(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			n++
		}
	}
	return n
}

func isSpaceAt(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsSpace(r)
}

// clean folds the whitespace of a phrase.
func clean(s string) string { return strings.Join(strings.Fields(s), " ") }

// meaningful reports whether a term gives the engines something to look for (keep),
// and whether it was left out only for being too common. A term needs a letter or
// digit; a word or phrase made only of stop words ("the", "don't", "of the") is left
// out, since PostgreSQL would ignore it and SQLite would match almost everything.
func meaningful(t term) (keep, common bool) {
	parts := strings.FieldsFunc(strings.ToLower(t.text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if len(parts) == 0 {
		return false, false
	}
	if t.prefix {
		return true, false
	}
	for _, w := range parts {
		if _, stop := stopWords[w]; !stop {
			return true, false
		}
	}
	return false, true
}

func invalid(format string, args ...any) error {
	return scrutineer.Errorf(scrutineer.EINVALID, format, args...)
}
