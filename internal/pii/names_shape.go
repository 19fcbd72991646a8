package pii

import "strings"

// The shapes of name words: how a name word ends, whether a word looks like a name or a
// surname, and whether a run of capitals is the citation of an author.

// citationAt reports a reference to published work right after a run of capitals:
// "Brandon et al.", "Munro (2011)", "Brandon, M." in a list of references. Authors
// cited are not the people of the review.
func citationAt(s string, i int) bool {
	if i+4 <= len(s) && s[i] == ',' && s[i+1] == ' ' && isUpper(s[i+2]) && s[i+3] == '.' {
		return true
	}
	if i+6 <= len(s) && s[i:i+6] == " et al" {
		return true
	}
	if i+7 <= len(s) && s[i] == ' ' && s[i+1] == '(' && (s[i+2] == '1' || s[i+2] == '2') && digitRun(s, i+2) == i+6 {
		return s[i+6] == ')' || s[i+6] == ','
	}
	return false
}

// nameWordEnd extends a word over an inner apostrophe or hyphen followed by a capital
// ("O'Brien", "D’Arcy", "Smith-Jones", "Mary-Jane" after "-" any letter).
func nameWordEnd(s string, i, e int) int {
	for e < len(s) {
		switch {
		case s[e] == '-' && e+1 < len(s) && isUpper(s[e+1]):
			e = wordEnd(s, e+1)
		case s[e] == '\'' && e+1 < len(s) && isUpper(s[e+1]) && e-i <= 2:
			e = wordEnd(s, e+1)
		case s[e] == 0xE2 && e+3 < len(s) && s[e+1] == 0x80 && s[e+2] == 0x99 && isUpper(s[e+3]) && e-i <= 2:
			e = wordEnd(s, e+3)
		default:
			return e
		}
	}
	return e
}

// nameShaped: more than one letter, a capital first and at least one lower-case letter
// (so "A" in "Child A" and acronyms such as "NHS" are never names).
func nameShaped(w string) bool {
	if len(w) < 2 {
		return false
	}
	for i := 1; i < len(w); i++ {
		c := w[i]
		if isLower(c) || c >= 0x80 {
			return true
		}
	}
	return false
}

// surnameSuffixes are endings that mark surnames in the languages of Scotland's
// communities: Polish, East Slavic, South Slavic, Romanian, Turkish, Greek, Nordic.
var surnameSuffixes = []string{
	"ski", "ska", "cki", "cka", "dzki", "wicz", "czyk", "czak", "iak", "ova", "eva", "enko",
	"chuk", "yuk", "vic", "vić", "ović", "ević", "escu", "oglu", "oğlu", "poulos", "opoulou",
	"akis", "idis", "sson", "dottir", "auskas", "ienė", "aitė",
}

// surnameShaped reports a word that looks like a surname by its form: one of the
// endings above, or a Gaelic or Norman prefix (Mc, Mac and O' before a capital, Fitz).
func surnameShaped(w string) bool {
	if len(w) < 5 {
		return false
	}
	switch {
	case w[0] == 'M' && w[1] == 'c' && isUpper(w[2]),
		strings.HasPrefix(w, "Mac") && isUpper(w[3]),
		w[0] == 'O' && (w[1] == '\'' || strings.HasPrefix(w[1:], "’")),
		strings.HasPrefix(w, "Fitz") && isLower(w[4]):
		return true
	}
	for _, suf := range surnameSuffixes {
		if strings.HasSuffix(w, suf) && len(w) > len(suf)+2 {
			return true
		}
	}
	return false
}

// nameLabel reports the label of a form field that holds a name.
func nameLabel(w string) bool {
	switch len(w) {
	case 4, 5, 7, 8, 9:
		return strings.EqualFold(w, "name") || strings.EqualFold(w, "names") || strings.EqualFold(w, "surname") ||
			strings.EqualFold(w, "forename") || strings.EqualFold(w, "forenames")
	}
	return false
}

func hasDigit(w string) bool {
	for i := 0; i < len(w); i++ {
		if isDigit(w[i]) {
			return true
		}
	}
	return false
}
