package extract

import (
	"bytes"
	"unicode/utf8"
)

// unicodeBOM names the UTF-16 or UTF-32 byte order mark that head starts with, if
// any. A UTF-8 byte order mark is not reported: UTF-8 text may carry one.
func unicodeBOM(head []byte) string {
	switch {
	case bytes.HasPrefix(head, []byte{0xff, 0xfe, 0, 0}), bytes.HasPrefix(head, []byte{0, 0, 0xfe, 0xff}):
		return "UTF-32"
	case bytes.HasPrefix(head, []byte{0xff, 0xfe}), bytes.HasPrefix(head, []byte{0xfe, 0xff}):
		return "UTF-16"
	}
	return ""
}

// looksUTF16 reports whether head looks like UTF-16 text without a byte order mark:
// most characters of Latin-script text are ASCII, so every other byte is zero.
func looksUTF16(head []byte) bool {
	n := min(len(head), 1024) &^ 1
	if n < 8 {
		return false
	}
	var zeroEven, zeroOdd int
	for i := 0; i < n; i += 2 {
		if head[i] == 0 {
			zeroEven++
		}
		if head[i+1] == 0 {
			zeroOdd++
		}
	}
	pairs := n / 2
	return (zeroOdd*10 >= pairs*7 && zeroEven*10 < pairs) || (zeroEven*10 >= pairs*7 && zeroOdd*10 < pairs)
}

// checkTextHead checks that the start of a text file is UTF-8. The head may end in
// the middle of a character, which is not an error.
func checkTextHead(head []byte) error {
	return checkUTF8(head, true)
}

// checkUTF8 refuses text with NUL bytes (binary data) or that is not valid UTF-8.
// When partial is set, b may end with an incomplete character: b is then the head of
// a longer file, cut at an arbitrary byte.
func checkUTF8(b []byte, partial bool) error {
	if bytes.IndexByte(b, 0) >= 0 {
		if looksUTF16(b) {
			return errUTF16("UTF-16")
		}
		return errBinaryText()
	}
	if utf8.Valid(b) {
		return nil
	}
	if partial {
		for k := 1; k < utf8.UTFMax && k <= len(b); k++ {
			if !utf8.FullRune(b[len(b)-k:]) && utf8.Valid(b[:len(b)-k]) {
				return nil
			}
		}
	}
	return errLegacyEncoding()
}
