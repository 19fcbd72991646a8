// Package hostile makes the corpus of hostile documents the reliability tests feed
// through the real upload path: ZIP bombs, billion-laughs XML, huge images, deeply
// nested and truncated PDFs, encrypted files, polyglots, wrong extensions and text
// that is not UTF-8. The files are generated when asked for (into a test's temporary
// folder, or by `go run ./internal/hostile/gen DIR`), so nothing large is committed.
package hostile

import (
	"bytes"
	"strings"
)

// Want is what the service must do with a file.
type Want int

const (
	// Refuse: the upload is refused with a clear message and nothing is stored.
	Refuse Want = iota
	// NotRead: refused, or stored and then marked as unreadable; never text.
	NotRead
	// Clean: any clean end (refused, unreadable, or read), within the bounds.
	Clean
)

func (w Want) String() string { return [...]string{"refuse", "not read", "clean"}[w] }

// File is one hostile document.
type File struct {
	// Name says what the file is; Filename is the name it is uploaded under.
	Name, Filename string
	Want           Want
	// Data makes the content (some files are tens of megabytes once made).
	Data func() []byte
}

// Files returns the corpus.
func Files() []File {
	hello := func() []byte { return pdf("Learning review report", nil, "") }
	goodDOCX := func() []byte { return docx(docxXML("", para("Learning review report"))) }
	return []File{
		{"ZIP bomb (256 MB of spaces, sizes declared)", "bomb.docx", Refuse, func() []byte { return bomb(256<<20, false) }},
		{"ZIP bomb (64 MB, declared as 1 KB)", "bomb-lying.docx", NotRead, func() []byte { return bomb(64<<20, true) }},
		{"billion laughs in a DOCX", "laughs.docx", NotRead, func() []byte { return docx(docxXML(laughs("w:document"), para("&lol9;"))) }},
		{"billion laughs in an ODT", "laughs.odt", NotRead, func() []byte { return odt(odtXML(laughs("office:document-content"), "&lol9;")) }},
		{"DOCX with a 100000 x 100000 image", "image.docx", Clean, func() []byte {
			return docx(docxXML("", para("Photograph attached")), entry{name: "word/media/image1.png", data: hugePNG(100000, 100000), store: true})
		}},
		{"DOCX nested 100000 elements deep", "deep.docx", Clean, func() []byte {
			return docx(docxXML("", strings.Repeat("<w:p>", 100000)+strings.Repeat("</w:p>", 100000)))
		}},
		{"DOCX with an entry named ../../evil.xml", "traversal.docx", Clean, func() []byte {
			return docx(docxXML("", para("Report")), entry{name: "../../evil.xml", data: []byte("<x/>")})
		}},
		{"DOCX with 6000 entries", "many.docx", Refuse, func() []byte {
			es := make([]entry, 6000)
			for i := range es {
				es[i] = entry{name: "word/media/p" + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + itoaN(i) + ".xml", data: []byte("<x/>")}
			}
			return docx(docxXML("", para("Report")), es...)
		}},
		{"truncated DOCX", "truncated.docx", Refuse, func() []byte { b := goodDOCX(); return b[:len(b)*2/3] }},
		{"PDF nested 200000 arrays deep", "nested-arrays.pdf", Clean, func() []byte { return nestedPDF(200000, false) }},
		{"PDF nested 100000 dictionaries deep", "nested-dicts.pdf", Clean, func() []byte { return nestedPDF(100000, true) }},
		{"truncated PDF", "truncated.pdf", Clean, func() []byte { b := hello(); return b[:len(b)/2] }},
		{"encrypted PDF", "encrypted.pdf", Refuse, encryptedPDF},
		{"PDF and ZIP polyglot", "polyglot.pdf", Clean, func() []byte { return append(hello(), goodDOCX()...) }},
		{"PDF and ZIP polyglot named .docx", "polyglot.docx", Refuse, func() []byte { return append(hello(), goodDOCX()...) }},
		{"DOCX named .pdf", "report.pdf", Refuse, goodDOCX},
		{"PDF named .txt", "report.txt", Refuse, hello},
		{"Linux program named .pdf", "report.pdf", Refuse, func() []byte {
			return append([]byte("\x7fELF\x02\x01\x01\x00"), bytes.Repeat([]byte{0}, 4096)...)
		}},
		{"Latin-1 text", "latin1.txt", Refuse, func() []byte { return []byte("Caf\xe9 r\xe9union of the panel, na\xefve \xabquotes\xbb\n") }},
		{"UTF-16 text without a byte-order mark", "utf16.txt", Refuse, func() []byte {
			var b []byte
			for _, c := range "The review panel met in March.\n" {
				b = append(b, byte(c), 0)
			}
			return b
		}},
		{"binary bytes named .txt", "noise.txt", Refuse, func() []byte {
			b := make([]byte, 8192)
			for i := range b {
				b[i] = byte(i * 7919 % 251)
			}
			return b
		}},
	}
}

func itoaN(i int) string {
	if i == 0 {
		return "0"
	}
	var b []byte
	for ; i > 0; i /= 10 {
		b = append([]byte{byte('0' + i%10)}, b...)
	}
	return string(b)
}
