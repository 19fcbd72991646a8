package extract

import (
	"bytes"
	"strings"
)

// textBuf collects extracted text with a bound on its size. Writers call its
// methods in document order; it tidies blank lines and trailing spaces so that each
// extractor can stay a simple walk over its XML. With discard set it keeps only the
// last bytes and a count, which is all Check needs.
type textBuf struct {
	b       []byte
	max     int // bytes; 0 means no bound
	n       int
	discard bool
	full    bool
	tail    []byte // with discard: the last few bytes written
}

// write appends s, less any spaces it starts with at the start of a line. It
// returns false once the bound is reached; the caller should then stop and report
// errTooMuchText.
func (t *textBuf) write(s string) bool {
	if t.full {
		return false
	}
	if b := t.bytes(); len(b) == 0 || b[len(b)-1] == '\n' {
		s = strings.TrimLeft(s, " ")
	}
	if t.max > 0 && t.n+len(s) > t.max {
		t.full = true
		return false
	}
	t.n += len(s)
	if !t.discard {
		t.b = append(t.b, s...)
		return true
	}
	t.tail = append(t.tail, s...)
	if len(t.tail) > 64 {
		t.tail = append(t.tail[:0], t.tail[len(t.tail)-8:]...)
	}
	return true
}

// bytes returns the end of the text so far: all of it, or the tail when discarding.
func (t *textBuf) bytes() []byte {
	if t.discard {
		return t.tail
	}
	return t.b
}

// newline ends a line, but never makes more than one blank line in a row, and
// never starts the text with one.
func (t *textBuf) newline() {
	t.trimSpaces()
	if len(t.bytes()) == 0 || bytes.HasSuffix(t.bytes(), []byte("\n\n")) {
		return
	}
	t.write("\n")
}

// trimSpaces drops spaces and tabs at the end of the text.
func (t *textBuf) trimSpaces() {
	b := t.bytes()
	trimmed := bytes.TrimRight(b, " \t")
	t.n -= len(b) - len(trimmed)
	if t.discard {
		t.tail = trimmed
	} else {
		t.b = trimmed
	}
}

// section separates parts of a document (body, headers, notes) by a blank line.
func (t *textBuf) section() {
	t.newline()
	t.newline()
}

// String returns the text collected, without trailing white space.
func (t *textBuf) String() string {
	return string(bytes.TrimRight(t.b, " \t\n"))
}
