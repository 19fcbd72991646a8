package pii

import "strings"

// findEmails finds email addresses before the word pass: strings.IndexByte skips to each
// '@' at memory speed, and an address is then read outwards from it. The word pass
// picks the spans up in order, so an address is never also read as a name.
func findEmails(s string) []span {
	var out []span
	from := 0
	for from < len(s) {
		k := strings.IndexByte(s[from:], '@')
		if k < 0 {
			break
		}
		at := from + k
		from = at + 1
		start := localStart(s, at)
		if start < 0 {
			continue
		}
		end := domainEnd(s, at+1)
		if end < 0 {
			continue
		}
		if len(out) > 0 && start < out[len(out)-1].end {
			continue
		}
		out = append(out, span{start, end})
		from = end
	}
	return out
}

func localByte(c byte) bool {
	return isAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-' || c == '\''
}

// localStart returns the start of the local part that ends at the '@' at at, or -1.
// The local part is at most 64 bytes long.
func localStart(s string, at int) int {
	i := at
	for i > 0 && at-i < 64 && localByte(s[i-1]) {
		i--
	}
	if i > 0 && localByte(s[i-1]) {
		return -1 // longer than any real local part
	}
	for i < at && (s[i] == '.' || s[i] == '\'' || s[i] == '-') {
		i++ // punctuation before the address, not part of it
	}
	if i == at || s[at-1] == '.' {
		return -1
	}
	return i
}

// domainEnd reads the domain after an '@' at i: labels of letters, digits and hyphens
// joined by dots, at least two labels, the last all letters. It returns the end, or -1.
func domainEnd(s string, i int) int {
	labels, lastStart, j := 0, i, i
	lastAlpha := true
	for j < len(s) && j-i < 253 {
		c := s[j]
		switch {
		case isAlnum(c) || (c == '-' && j > lastStart):
			if !isUpper(c) && !isLower(c) {
				lastAlpha = false
			}
			j++
			continue
		case c == '.' && j > lastStart && j+1 < len(s) && isAlnum(s[j+1]):
			labels++
			j++
			lastStart = j
			lastAlpha = true
			continue
		}
		break
	}
	if j == lastStart || labels == 0 || !lastAlpha || j-lastStart < 2 || s[j-1] == '-' {
		return -1
	}
	if j < len(s) && wordByteAt(s, j) {
		return -1
	}
	return j
}
