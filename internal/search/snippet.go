package search

import (
	"html"
	"strings"
)

// The engines mark matches in a snippet with these two private-use characters rather
// than with HTML: the snippet is then escaped as plain text, and only afterwards are
// the markers turned into <mark> elements. Document text never contains them
// (Doc.clean removes them), so every <mark> in a snippet comes from the engine.
const (
	markOpen  = "\uE000"
	markClose = "\uE001"
)

// snippetHTML turns an engine's marked snippet into HTML: whitespace folded, text
// escaped, markers replaced by balanced <mark> elements.
func snippetHTML(marked string) string {
	s := html.EscapeString(strings.Join(strings.Fields(marked), " "))
	var b strings.Builder
	b.Grow(len(s) + 32)
	open := false
	for len(s) > 0 {
		i := strings.IndexAny(s, markOpen+markClose)
		if i < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		isOpen := strings.HasPrefix(s[i:], markOpen)
		switch {
		case isOpen && !open:
			b.WriteString("<mark>")
			open = true
		case !isOpen && open:
			b.WriteString("</mark>")
			open = false
		}
		s = s[i+len(markOpen):] // both markers are three bytes long
	}
	if open {
		b.WriteString("</mark>")
	}
	return b.String()
}
