package main

import (
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/scrutineer/scrutineer/internal/pii"
)

// The human-readable output of scan masks what it found: only the first character of
// each word of a finding is shown ("J••• S••••", "0•••••••••"), in the finding and in
// the context around it, so that a terminal, a shell history or a CI log does not end up
// holding the personal data the check exists to keep out. --json carries the text, as
// the contract requires, for the programs that need it.

// contextBytes is how much of the line is shown on each side of a finding.
const contextBytes = 40

func printHuman(w io.Writer, r scanResult) {
	switch n := len(r.Findings); n {
	case 0:
		fmt.Fprintf(w, "%s: no personal data found\n", r.File)
		return
	case 1:
		fmt.Fprintf(w, "%s: 1 finding\n", r.File)
	default:
		fmt.Fprintf(w, "%s: %d findings\n", r.File, n)
	}
	line, lineStart, pos := 1, 0, 0
	for _, f := range r.Findings {
		for pos < f.Start {
			if r.text[pos] == '\n' {
				line++
				lineStart = pos + 1
			}
			pos++
		}
		col := utf8.RuneCountInString(r.text[lineStart:f.Start]) + 1
		fmt.Fprintf(w, "  %d:%d\t%-15s %s\t%s\n", line, col, f.Kind, mask(f.Text), maskedContext(r.text, r.Findings, f))
	}
}

// mask keeps the first character of each run of letters or digits and replaces the
// rest with '•'; separators stay, so the shape of what was found is still visible.
func mask(s string) string {
	var b strings.Builder
	inWord := false
	for _, r := range s {
		word := unicode.IsLetter(r) || unicode.IsDigit(r)
		switch {
		case word && inWord:
			b.WriteRune('•')
		case word:
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
		inWord = word
	}
	return b.String()
}

// maskedContext returns the part of f's line around it, with every finding in it masked
// and control characters shown as spaces.
func maskedContext(text string, all []pii.Finding, f pii.Finding) string {
	from := max(f.Start-contextBytes, 0)
	if k := strings.LastIndexByte(text[from:f.Start], '\n'); k >= 0 {
		from += k + 1
	}
	to := min(f.End+contextBytes, len(text))
	if k := strings.IndexByte(text[f.End:to], '\n'); k >= 0 {
		to = f.End + k
	}
	for from > 0 && !utf8.RuneStart(text[from]) {
		from++
	}
	for to < len(text) && !utf8.RuneStart(text[to]) {
		to--
	}
	var b strings.Builder
	if from > 0 && text[from-1] != '\n' {
		b.WriteString("…")
	}
	pos := from
	for _, o := range all {
		if o.End <= from || o.Start >= to {
			continue
		}
		s, e := max(o.Start, from), min(o.End, to)
		if s < pos {
			continue
		}
		b.WriteString(printable(text[pos:s]))
		b.WriteString(mask(text[s:e]))
		pos = e
	}
	b.WriteString(printable(text[pos:to]))
	if to < len(text) && text[to] != '\n' && text[to] != '\r' {
		b.WriteString("…")
	}
	return strings.TrimSpace(b.String())
}

func printable(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\ufeff' {
			return ' '
		}
		return r
	}, s)
}
