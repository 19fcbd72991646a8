package extract

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"unicode/utf8"
)

// Check runs the checks on a whole file that Detect cannot make from its head. f is
// the format Detect returned; r and size give the whole file. It reads the file once
// or twice, streaming, and is cheap enough to run during an upload.
//
//   - PDF: the %PDF header and %%EOF marker (a truncated upload fails), and
//     encryption declared in a trailer or cross-reference stream: every encrypted
//     PDF is refused, including those that open without a password but restrict
//     copying, because Scrutineer must read, check and keep the text.
//   - DOCX and ODT: the ZIP central directory within MaxZipEntries,
//     MaxUnzippedSize and MaxZipRatio; no duplicate, encrypted or oddly compressed
//     entries; no macros, VBA projects, ActiveX or script libraries; that the
//     package really is a Word document or OpenDocument text; and that every part
//     holding text is well-formed XML.
//   - TXT: valid UTF-8 throughout, no NUL bytes.
//
// Rejections are *scrutineer.Error values with code EINVALID. An error reading r,
// or the context ending, is returned wrapped and is not the uploader's fault.
func Check(ctx context.Context, f Format, r io.ReaderAt, size int64) error {
	if size <= 0 {
		return errEmpty()
	}
	g := newGuardedReader(ctx, r, size)
	var err error
	switch f {
	case PDF:
		err = checkPDF(g)
	case DOCX, ODT:
		err = checkPackage(ctx, f, g)
	case TXT:
		err = checkTXT(g)
	default:
		return fmt.Errorf("extract: Check: %q is not a format Detect returns", f)
	}
	if err == nil {
		return nil
	}
	return g.fail(f, err)
}

// checkPackage opens a DOCX or ODT within the bounds and parses its text parts,
// keeping only a count of the text.
func checkPackage(ctx context.Context, f Format, g *guardedReader) error {
	zr, err := openZip(f, g, g.size)
	if err != nil {
		return err
	}
	out := &textBuf{discard: true}
	if f == DOCX {
		return docxText(ctx, zr, out)
	}
	return odtText(ctx, zr, out)
}

// checkTXT streams the file through a UTF-8 check, carrying an incomplete
// character from one chunk to the next.
func checkTXT(g *guardedReader) error {
	buf := make([]byte, 64<<10)
	var carry int
	for off := int64(0); off < g.size; {
		n, err := g.ReadAt(buf[carry:], off)
		off += int64(n)
		chunk := buf[:carry+n]
		last := off >= g.size || err == io.EOF
		if cerr := checkUTF8(chunk, !last); cerr != nil {
			return cerr
		}
		if err != nil && err != io.EOF {
			return err
		}
		if last {
			return nil
		}
		// Keep the bytes of a character cut at the end of the chunk.
		carry = 0
		for k := 1; k < utf8.UTFMax && k <= len(chunk); k++ {
			if !utf8.FullRune(chunk[len(chunk)-k:]) && utf8.RuneStart(chunk[len(chunk)-k]) {
				carry = k
				break
			}
		}
		copy(buf, chunk[len(chunk)-carry:])
	}
	return nil
}

// pdfTail is how far from the end the %%EOF marker may be: writers append a few
// bytes of white space or garbage, truncation removes the marker altogether.
const pdfTail = 32 << 10

// checkPDF checks the header, the end marker and encryption.
func checkPDF(g *guardedReader) error {
	head := make([]byte, min(g.size, 1024))
	if _, err := g.ReadAt(head, 0); err != nil && err != io.EOF {
		return err
	}
	if !bytes.Contains(head, []byte("%PDF-")) {
		return errDamaged(PDF)
	}
	tail := make([]byte, min(g.size, pdfTail))
	if _, err := g.ReadAt(tail, g.size-int64(len(tail))); err != nil && err != io.EOF {
		return err
	}
	if !bytes.Contains(tail, []byte("%%EOF")) {
		return errDamaged(PDF)
	}
	encrypted, err := pdfEncrypted(g)
	if err != nil {
		return err
	}
	if encrypted {
		return errEncryptedPDF()
	}
	return nil
}

// pdfEncrypted scans the file for an /Encrypt entry in a trailer dictionary or in
// a cross-reference stream's dictionary, the two places the PDF format puts it.
// Neither can be compressed, so a plain scan finds them; the context test ignores
// the same name in page content (which is compressed in practice anyway).
func pdfEncrypted(g *guardedReader) (bool, error) {
	const window = 4096 // how far a dictionary's other keys may be from /Encrypt
	key := []byte("/Encrypt")
	buf := make([]byte, 2*window+1<<20)
	carry := 0
	for off := int64(0); ; {
		n, err := g.ReadAt(buf[carry:], off)
		off += int64(n)
		data := buf[:carry+n]
		eof := err == io.EOF || off >= g.size
		if err != nil && err != io.EOF {
			return false, err
		}
		for i := 0; ; {
			j := bytes.Index(data[i:], key)
			if j < 0 {
				break
			}
			at := i + j
			i = at + len(key)
			if !eof && at > len(data)-window {
				break // seen again, with its context, in the next chunk
			}
			if i < len(data) && isNameChar(data[i]) {
				continue // a longer name, such as /EncryptMetadata
			}
			before := data[max(0, at-window):at]
			around := data[max(0, at-window):min(len(data), at+window)]
			if bytes.Contains(before, []byte("trailer")) || bytes.Contains(around, []byte("/XRef")) {
				return true, nil
			}
		}
		if eof {
			return false, nil
		}
		carry = min(len(data), 2*window)
		copy(buf, data[len(data)-carry:])
	}
}

// isNameChar reports whether c continues a PDF name (is not white space or a
// delimiter).
func isNameChar(c byte) bool {
	switch c {
	case ' ', '\t', '\r', '\n', '\f', 0, '/', '<', '>', '[', ']', '(', ')', '{', '}', '%':
		return false
	}
	return true
}
