package extract

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"io"
	"strings"
)

// zipHead is what the local file headers within a file's head say about a ZIP
// package: the entry names seen and the small control entries that name its type.
type zipHead struct {
	names        []string
	mimetype     string // the ODF "mimetype" entry, when it was within the head
	contentTypes string // OOXML "[Content_Types].xml", when it was within the head
	complete     bool   // the central directory started within the head: every entry was seen
}

// maxHeadEntries bounds the work scanZipHead does on a crafted head.
const maxHeadEntries = 256

// scanZipHead walks the local file headers at the start of head. It never fails:
// whatever it cannot read is left for Check, which reads the central directory.
func scanZipHead(head []byte) zipHead {
	var z zipHead
	pos := 0
	for len(z.names) < maxHeadEntries && pos+30 <= len(head) {
		sig := binary.LittleEndian.Uint32(head[pos:])
		if sig == 0x02014b50 || sig == 0x06054b50 { // central directory or its end
			z.complete = true
			return z
		}
		if sig != 0x04034b50 {
			return z
		}
		flags := binary.LittleEndian.Uint16(head[pos+6:])
		method := binary.LittleEndian.Uint16(head[pos+8:])
		csize := int(binary.LittleEndian.Uint32(head[pos+18:]))
		nlen := int(binary.LittleEndian.Uint16(head[pos+26:]))
		elen := int(binary.LittleEndian.Uint16(head[pos+28:]))
		start := pos + 30 + nlen + elen
		if pos+30+nlen > len(head) {
			return z
		}
		name := string(head[pos+30 : pos+30+nlen])
		z.names = append(z.names, name)
		end := start + csize
		streamed := flags&0x8 != 0 && csize == 0
		if streamed {
			// Streamed entry: its sizes follow the data, so the data runs to the
			// next header (less the data descriptor).
			next := nextZipHeader(head, start)
			if next < 0 {
				return z
			}
			end = next
		}
		if end <= len(head) && start <= end && (name == "mimetype" || name == "[Content_Types].xml") {
			data := head[start:end]
			if streamed {
				if d := bytes.LastIndex(data, []byte("PK\x07\x08")); d >= 0 {
					data = data[:d]
				} else {
					data = data[:max(0, len(data)-12)]
				}
			}
			text := entryData(data, method)
			if name == "mimetype" {
				z.mimetype = strings.TrimSpace(text)
			} else {
				z.contentTypes = text
			}
		}
		pos = end
	}
	return z
}

// nextZipHeader returns the offset of the next local file header or central
// directory header at or after from, or -1.
func nextZipHeader(head []byte, from int) int {
	for i := from; i+4 <= len(head); {
		j := bytes.Index(head[i:], []byte("PK"))
		if j < 0 || i+j+4 > len(head) {
			return -1
		}
		at := i + j
		if (head[at+2] == 3 && head[at+3] == 4) || (head[at+2] == 1 && head[at+3] == 2) {
			return at
		}
		i = at + 2
	}
	return -1
}

// entryData returns a small stored or deflated entry as text, at most 64 KiB of it.
func entryData(raw []byte, method uint16) string {
	const max = 64 << 10
	switch method {
	case 0:
		return string(raw[:min(len(raw), max)])
	case 8:
		b, _ := io.ReadAll(io.LimitReader(flate.NewReader(bytes.NewReader(raw)), max))
		return string(b)
	}
	return ""
}

func (z zipHead) hasPrefix(prefix string) bool {
	for _, n := range z.names {
		if strings.HasPrefix(n, prefix) {
			return true
		}
	}
	return false
}

// sniffZip classifies a ZIP package from its head; see Detect.
func sniffZip(head []byte, ext string) (Format, error) {
	z := scanZipHead(head)
	for _, n := range z.names {
		if f, macro := macroEntry(n); macro {
			return "", errMacros(f)
		}
	}
	switch {
	case z.mimetype != "":
		return odfType(z.mimetype, z.names)
	case strings.Contains(z.contentTypes, "macroEnabled"):
		return "", errMacros(DOCX)
	case z.hasPrefix("word/"):
		return DOCX, nil
	}
	if err := otherPackage(z.names); err != nil {
		return "", err
	}
	if strings.Contains(z.contentTypes, "wordprocessingml.document.main") {
		return DOCX, nil
	}
	if !z.complete {
		// The head did not reach the entries that name the package. Trust the
		// extension for now; Check reads the central directory and settles it.
		switch ext {
		case ".docx":
			return DOCX, nil
		case ".odt":
			return ODT, nil
		}
	}
	return "", errArchive("a ZIP archive")
}

// odfType accepts an OpenDocument text and names the other ODF types.
func odfType(mime string, names []string) (Format, error) {
	if mime != odtMime {
		what := "an OpenDocument file other than text"
		switch {
		case strings.HasPrefix(mime, "application/vnd.oasis.opendocument.text-"):
			what = "an OpenDocument template or master document: save it as an ordinary .odt"
		case strings.HasPrefix(mime, "application/vnd.oasis.opendocument.spreadsheet"):
			what = "an OpenDocument spreadsheet (.ods)"
		case strings.HasPrefix(mime, "application/vnd.oasis.opendocument.presentation"):
			what = "an OpenDocument presentation (.odp)"
		case mime == "application/epub+zip":
			what = "an e-book (EPUB)"
		}
		return "", errUnsupported(what)
	}
	for _, n := range names {
		if f, macro := macroEntry(n); macro {
			return "", errMacros(f)
		}
	}
	return ODT, nil
}

// otherPackage refuses the ZIP-based formats that are not accepted, by the entries
// that name them.
func otherPackage(names []string) error {
	for _, n := range names {
		switch {
		case strings.HasPrefix(n, "xl/"):
			return errUnsupported("an Excel workbook (.xlsx)")
		case strings.HasPrefix(n, "ppt/"):
			return errUnsupported("a PowerPoint presentation (.pptx)")
		case strings.HasPrefix(n, "visio/"):
			return errUnsupported("a Visio drawing")
		case n == "META-INF/MANIFEST.MF":
			return errProgram("a Java program")
		case n == "AndroidManifest.xml" || n == "classes.dex":
			return errProgram("an Android app")
		}
	}
	return nil
}

// odtMime is the media type in an OpenDocument text's mimetype entry.
const odtMime = "application/vnd.oasis.opendocument.text"

// macroEntry reports whether a package entry holds macros or other code that runs
// when the document is opened, and which family of format it belongs to: VBA
// projects and ActiveX controls in Office files, embedded macro-enabled Office
// files, and Basic or script libraries in OpenDocument files.
func macroEntry(name string) (Format, bool) {
	lower := strings.ToLower(name)
	base := lower[strings.LastIndexByte(lower, '/')+1:]
	switch {
	case base == "vbaproject.bin" || base == "vbadata.xml" || strings.Contains(lower, "/activex/"):
		return DOCX, true
	case strings.HasSuffix(base, ".docm") || strings.HasSuffix(base, ".dotm") ||
		strings.HasSuffix(base, ".xlsm") || strings.HasSuffix(base, ".xltm") ||
		strings.HasSuffix(base, ".pptm") || strings.HasSuffix(base, ".potm"):
		return DOCX, true
	case (strings.HasPrefix(name, "Basic/") || strings.HasPrefix(name, "Scripts/")) && !strings.HasSuffix(name, "/"):
		return ODT, true
	}
	return "", false
}
