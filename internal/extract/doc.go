// Package extract decides whether an uploaded file is a document Scrutineer accepts
// and reads its text.
//
// An upload goes through three steps, each safe to run on hostile input:
//
//  1. Detect(head, filename) names the format from the first HeadSize bytes and the
//     file name. It refuses at once what is plainly wrong (programs, archives, a
//     .pdf that is really a Word file, text that is not UTF-8), so the upload can be
//     stopped before the whole file is stored. It does not need the whole file.
//  2. Check(ctx, format, r, size) reads the whole file: ZIP bombs, macros found in
//     the ZIP's central directory, malformed packages, XML and PDF structure, and PDF
//     encryption declared in the trailer. Only Check is authoritative about a ZIP
//     package, because its table of contents sits at the end of the file.
//  3. (*Extractor).Text, normally in a background job, returns the text. It repeats
//     the checks it relies on, so it is safe even on a file that skipped Check.
//
// Rejections are *scrutineer.Error values with code EINVALID and a message that says
// what the uploader should do. A document with no extractable text (a scanned PDF
// without a text layer) returns an error matching ErrNoText, never empty text.
package extract

// Format is a document format Scrutineer accepts. Its value is the usual file
// extension without the dot, stable enough to store.
type Format string

// The accepted formats.
const (
	PDF  Format = "pdf"
	DOCX Format = "docx"
	ODT  Format = "odt"
	TXT  Format = "txt"
)

// Valid reports whether f is one of the accepted formats.
func (f Format) Valid() bool {
	switch f {
	case PDF, DOCX, ODT, TXT:
		return true
	}
	return false
}

// Extension returns the conventional file extension of f, with its dot.
func (f Format) Extension() string { return "." + string(f) }

// description names a format the way the uploader knows it.
func (f Format) description() string {
	switch f {
	case PDF:
		return "a PDF"
	case DOCX:
		return "a Word document (.docx)"
	case ODT:
		return "an OpenDocument text (.odt)"
	case TXT:
		return "a plain text file (.txt)"
	}
	return "an unknown type of file"
}
