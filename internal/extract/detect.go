package extract

import (
	"bytes"
	"strings"

	"github.com/gabriel-vasile/mimetype"
)

// HeadSize is how many leading bytes of a file Detect wants: enough for the type
// signatures and for the first entries of a ZIP package, which Word and LibreOffice
// write first. Detect works with fewer (a short file is its own head) and ignores
// anything beyond.
const HeadSize = 64 << 10

// Detect names the format of a file from its first bytes (up to HeadSize) and its
// name, judging by content, not by the extension. It needs only the head: call it
// as soon as those bytes arrive, then call Check on the whole file.
//
// It returns a *scrutineer.Error with code EINVALID, whose message says what to do,
// for an empty file, a program or script, an archive, a macro-enabled Office file,
// text that is not UTF-8, a file whose extension names another format than its
// content (a .pdf that is a Word document), and any type that is not accepted.
// An unknown or missing extension is not an error: the content decides.
//
// A ZIP package is judged from the entries within the head. When those do not
// settle it (a .docx whose first entries are large images), Detect trusts a .docx or
// .odt extension and leaves the verdict to Check, which reads the central directory.
func Detect(head []byte, filename string) (Format, error) {
	if len(head) == 0 {
		return "", errEmpty()
	}
	if len(head) > HeadSize {
		head = head[:HeadSize]
	}
	ext := extension(filename)
	got, err := sniff(head, ext)
	if err != nil {
		return "", err
	}
	if want, ok := extFormats[ext]; ok && want != got {
		return "", errMismatch(ext, got)
	}
	if _, ok := otherExts[ext]; ok {
		return "", errMismatch(ext, got)
	}
	return got, nil
}

// extension returns the lower-case extension of the last element of name, which
// may be a path from either Windows or Unix.
func extension(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	i := strings.LastIndexByte(name, '.')
	if i < 0 {
		return ""
	}
	return strings.ToLower(strings.TrimSpace(name[i:]))
}

// extFormats maps the extensions of the accepted formats.
var extFormats = map[string]Format{".pdf": PDF, ".docx": DOCX, ".odt": ODT, ".txt": TXT}

// otherExts are extensions that name some other format: a file carrying one of them
// but holding an accepted format is mislabelled, and is refused so that the name
// people see never lies about the content.
var otherExts = map[string]struct{}{}

func init() {
	for _, e := range strings.Fields(`.doc .docm .dot .dotx .dotm .rtf .wps .wpd .pages .xls .xlsx
	.xlsm .xlsb .ppt .pptx .pptm .ppsx .ods .odp .odg .ott .fodt .epub .zip .zipx .rar .7z .gz
	.tgz .tar .bz2 .xz .zst .cab .iso .dmg .exe .dll .msi .scr .com .bat .cmd .ps1 .sh .js .mjs
	.vbs .wsf .jar .apk .py .html .htm .xhtml .svg .jpg .jpeg .png .gif .tif .tiff .bmp .heic
	.webp .mp3 .mp4 .wav .mov .eml .msg`) {
		otherExts[e] = struct{}{}
	}
}

// sniff classifies the head by its content.
func sniff(head []byte, ext string) (Format, error) {
	if enc := unicodeBOM(head); enc != "" {
		return "", errUTF16(enc)
	}
	m := mimetype.Detect(head)
	switch {
	case m.Is("application/pdf"):
		return PDF, nil
	case is(m, "application/zip"):
		return sniffZip(head, ext)
	case is(m, "application/x-ole-storage"):
		if m.Is("application/x-ms-installer") {
			return "", errProgram("a Windows installer")
		}
		// Word and LibreOffice keep a password-protected .docx or .odt in an OLE
		// container holding an "EncryptedPackage" stream.
		if bytes.Contains(head, encryptedPackage) || ext == ".docx" || ext == ".odt" {
			return "", errEncryptedOffice()
		}
		return "", errUnsupported(oleDescription(m))
	case isProgram(m):
		return "", errProgram("a program")
	case isArchive(m):
		return "", errArchive("a compressed archive (" + strings.TrimPrefix(m.Extension(), ".") + ")")
	case isScript(m):
		return "", errProgram("a script or a web page")
	case m.Is("text/rtf"):
		return "", errUnsupported("a Rich Text Format document (.rtf)")
	case is(m, "text/plain"):
		return TXT, checkTextHead(head)
	}
	// Some PDF writers put bytes before the header, which the PDF format allows
	// within the first kilobyte.
	if bytes.Contains(head[:min(len(head), 1024)], []byte("%PDF-")) {
		return PDF, nil
	}
	if looksUTF16(head) {
		return "", errUTF16("UTF-16")
	}
	return "", errUnsupported(describe(m))
}

// encryptedPackage is the name of the stream holding an encrypted Office document,
// as it appears (UTF-16LE) in an OLE directory entry.
var encryptedPackage = []byte("E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e\x00")

// is reports whether m is the MIME type or one of its descendants.
func is(m *mimetype.MIME, mime string) bool {
	for p := m; p != nil; p = p.Parent() {
		if p.Is(mime) {
			return true
		}
	}
	return false
}

func isAny(m *mimetype.MIME, mimes ...string) bool {
	for _, t := range mimes {
		if is(m, t) {
			return true
		}
	}
	return false
}

func isProgram(m *mimetype.MIME) bool {
	return isAny(m, "application/vnd.microsoft.portable-executable", "application/x-elf",
		"application/x-mach-binary", "application/wasm", "application/x-java-applet",
		"application/x-shockwave-flash", "application/x-bytecode.python", "application/x-chrome-extension",
		"application/vnd.debian.binary-package", "application/x-rpm", "application/vnd.ms-htmlhelp")
}

func isArchive(m *mimetype.MIME) bool {
	return isAny(m, "application/gzip", "application/x-bzip2", "application/x-xz",
		"application/zstd", "application/x-7z-compressed", "application/x-rar-compressed",
		"application/x-tar", "application/x-archive", "application/vnd.ms-cab-compressed",
		"application/vnd.rar", "application/x-lzip", "application/x-cpio",
		"application/x-installshield", "application/x-xar")
}

func isScript(m *mimetype.MIME) bool {
	return isAny(m, "text/html", "application/xhtml+xml", "image/svg+xml", "text/javascript",
		"text/x-shellscript", "text/x-python", "text/x-perl", "text/x-php", "text/x-lua",
		"text/x-ruby", "text/x-tcl", "application/x-ms-shortcut")
}

func oleDescription(m *mimetype.MIME) string {
	switch {
	case m.Is("application/msword"):
		return "an older Word document (.doc): save it as .docx or PDF"
	case m.Is("application/vnd.ms-excel"), m.Is("application/vnd.ms-powerpoint"):
		return "an older Excel or PowerPoint file"
	case m.Is("application/vnd.ms-outlook"):
		return "an Outlook message: save its attachments and upload those"
	}
	return "an older Microsoft Office file"
}

// describe names a MIME type in words for an error message.
func describe(m *mimetype.MIME) string {
	t := m.String()
	switch {
	case strings.HasPrefix(t, "image/"):
		return "an image: if it is a scanned page, upload it as a PDF with a text layer"
	case strings.HasPrefix(t, "audio/"):
		return "a sound recording"
	case strings.HasPrefix(t, "video/"):
		return "a video"
	case strings.HasPrefix(t, "font/"):
		return "a font"
	case m.Extension() != "":
		return "a " + m.Extension() + " file"
	}
	return "binary data of a kind Scrutineer does not recognise"
}
