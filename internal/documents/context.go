package documents

import (
	"strings"
	"unicode/utf8"

	"github.com/scrutineer/scrutineer"
)

// contextBytes is about how much text is shown either side of a finding.
const contextBytes = 80

// fillContext sets each finding's Before, Match and After from text, cut at word
// boundaries where it can be and never inside a UTF-8 character. Offsets outside the
// text (which would mean the text changed) leave the finding without context.
func fillContext(text string, fs []*scrutineer.DocumentFinding) {
	for _, f := range fs {
		if f.Start < 0 || f.End > len(text) || f.Start >= f.End {
			continue
		}
		from := max(0, f.Start-contextBytes)
		for from > 0 && !utf8.RuneStart(text[from]) {
			from--
		}
		if i := strings.IndexAny(text[from:f.Start], " \n\t"); i >= 0 && from > 0 {
			from += i + 1
		}
		to := min(len(text), f.End+contextBytes)
		for to < len(text) && !utf8.RuneStart(text[to]) {
			to++
		}
		if i := strings.LastIndexAny(text[f.End:to], " \n\t"); i >= 0 && to < len(text) {
			to = f.End + i
		}
		f.Before, f.Match, f.After = flat(text[from:f.Start]), text[f.Start:f.End], flat(text[f.End:to])
		if from > 0 {
			f.Before = "…" + f.Before
		}
		if to < len(text) {
			f.After += "…"
		}
	}
}

// flat folds line and page breaks into spaces so a snippet reads as one line.
func flat(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' || r == '\f' || r == '\t' {
			return ' '
		}
		return r
	}, s)
}
