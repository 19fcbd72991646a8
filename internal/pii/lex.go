package pii

import (
	"unicode"
	"unicode/utf8"
)

// Byte classes of the single pass. Anything at or above 0x80 is clHigh and decoded only
// when a word starts or ends there, which is rare in English prose.
const (
	clOther = iota
	clDigit
	clUpper
	clLower
	clHigh
)

var byteClass = func() (t [256]uint8) {
	for c := 0; c < 256; c++ {
		switch {
		case c >= '0' && c <= '9':
			t[c] = clDigit
		case c >= 'A' && c <= 'Z':
			t[c] = clUpper
		case c >= 'a' && c <= 'z':
			t[c] = clLower
		case c >= 0x80:
			t[c] = clHigh
		}
	}
	return t
}()

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }
func isLower(c byte) bool { return c >= 'a' && c <= 'z' }
func isAlnum(c byte) bool { cl := byteClass[c]; return cl == clDigit || cl == clUpper || cl == clLower }

func lowerASCII(c byte) byte {
	if isUpper(c) {
		return c + 'a' - 'A'
	}
	return c
}

// wordByteAt reports whether the character starting at s[i] belongs in a word: ASCII
// letters and digits, and non-ASCII letters. General punctuation (U+2000-U+206F: dashes,
// curly quotes) and the no-break space separate words.
func wordByteAt(s string, i int) bool {
	c := s[i]
	switch byteClass[c] {
	case clDigit, clUpper, clLower:
		return true
	case clHigh:
		if c == 0xE2 && i+1 < len(s) && (s[i+1] == 0x80 || s[i+1] == 0x81) {
			return false
		}
		if c == 0xC2 && i+1 < len(s) && s[i+1] < 0xC0 {
			// U+0080-U+00BF: no-break space, currency signs, quotes, symbols.
			return false
		}
		if c == 0xEF && i+2 < len(s) && s[i+1] == 0xBB && s[i+2] == 0xBF {
			return false // byte-order mark
		}
		return c >= 0xC0 // a lead byte; a stray continuation byte is not a word
	}
	return false
}

// wordEnd returns the end of the word starting at i.
func wordEnd(s string, i int) int {
	for i < len(s) {
		c := s[i]
		if c < 0x80 {
			if byteClass[c] == clOther {
				return i
			}
			i++
			continue
		}
		if !wordByteAt(s, i) {
			return i
		}
		i += runeLen(s, i)
	}
	return i
}

// runeLen is the length of the UTF-8 sequence at s[i], 1 for an invalid byte, so that
// every offset the scanner produces falls on a character boundary of valid text.
func runeLen(s string, i int) int {
	if s[i] < 0x80 {
		return 1
	}
	_, n := utf8.DecodeRuneInString(s[i:])
	return n
}

func upperRuneAt(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsUpper(r)
}

// isSentenceBreakAt reports whether a non-ASCII character at i ends a sentence (the
// ellipsis and the paragraph separator).
func isSentenceBreakAt(s string, i int) bool {
	if i+2 < len(s) && s[i] == 0xE2 && s[i+1] == 0x80 {
		return s[i+2] == 0xA6 || s[i+2] == 0xA9
	}
	return false
}

// foldBuf is a word lower-cased into a fixed array, so looking it up in a map costs no
// allocation.
type foldBuf struct {
	b [32]byte
	n int
}

// fold lower-cases w into f; it returns false for a word too long to be in any table.
func (f *foldBuf) fold(w string) bool {
	f.n = 0
	for i := 0; i < len(w); {
		c := w[i]
		if c < 0x80 {
			if f.n >= len(f.b) {
				return false
			}
			f.b[f.n] = lowerASCII(c)
			f.n++
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(w[i:])
		r = unicode.ToLower(r)
		if f.n+utf8.RuneLen(r) > len(f.b) {
			return false
		}
		f.n += utf8.EncodeRune(f.b[f.n:], r)
		i += size
	}
	return true
}

func (f *foldBuf) bytes() []byte { return f.b[:f.n] }

// skipSpaces returns the index after at most max spaces or tabs from i.
func skipSpaces(s string, i, max int) int {
	for n := 0; i < len(s) && n < max && (s[i] == ' ' || s[i] == '\t'); n++ {
		i++
	}
	return i
}

// digitRun returns the end of the run of ASCII digits starting at i.
func digitRun(s string, i int) int {
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return i
}

// boundaryAt reports whether position i is not inside a word (end of text, or a byte
// that is not a letter or digit).
func boundaryAt(s string, i int) bool {
	return i >= len(s) || !wordByteAt(s, i)
}
