package extract

import (
	"errors"
	"fmt"

	"github.com/scrutineer/scrutineer"
)

// ErrNoText matches (with errors.Is) the error Text returns for a document that is
// valid but holds no text it can read, such as a scanned PDF without a text layer.
// The same error is also a *scrutineer.Error with code EINVALID whose message tells
// the uploader what to do, so the caller can mark the document "text could not be
// extracted" and show why.
var ErrNoText = errors.New("extract: no text could be extracted")

// accepted lists the accepted formats in the words every rejection ends with.
const accepted = "Upload a PDF, a Word document (.docx), an OpenDocument text (.odt) or a plain text file (.txt)."

// invalid returns an EINVALID error with a message for the uploader.
func invalid(format string, args ...any) error {
	return scrutineer.Errorf(scrutineer.EINVALID, format, args...)
}

// isUserError reports whether err carries a message for the uploader.
func isUserError(err error) bool {
	var e *scrutineer.Error
	return errors.As(err, &e)
}

func errEmpty() error {
	return invalid("The file is empty. Check that you chose the right file and upload it again.")
}

func errEncryptedPDF() error {
	return invalid("This PDF is protected by a password or encryption, so Scrutineer cannot read or check it. Open it, save or print a copy to PDF without a password or restrictions, and upload that copy.")
}

func errEncryptedOffice() error {
	return invalid("This document is protected by a password, so Scrutineer cannot read or check it. Open it, remove the password (in Word: File, Info, Protect Document, Encrypt with Password), save it, and upload it again.")
}

func errMacros(f Format) error {
	if f == ODT {
		return invalid("This document contains macros or scripts, which are not accepted because they can run code. Remove them (Tools, Macros, Organise Macros) or export the document as PDF, and upload it again.")
	}
	return invalid("This Word document contains macros or active content, which are not accepted because they can run code. Save it as a Word Document (.docx) without macros, or as a PDF, and upload it again.")
}

func errArchive(what string) error {
	return invalid("This file is %s. Archives are not accepted: unpack it and upload each document on its own. %s", what, accepted)
}

func errProgram(what string) error {
	return invalid("This file is %s, which is not accepted because it could run code. %s", what, accepted)
}

func errUnsupported(what string) error {
	return invalid("This type of file is not accepted (it looks like %s). %s", what, accepted)
}

func errMismatch(ext string, got Format) error {
	return invalid("The file name ends in %s but the file is %s. Give it the %s extension, or save it in the format its name says, and upload it again.", ext, got.description(), got.Extension())
}

func errUTF16(encoding string) error {
	return invalid("This text file is saved as %s (Unicode) text, not UTF-8. Save the file as UTF-8 text and upload it again.", encoding)
}

func errLegacyEncoding() error {
	return invalid("This text file uses an older character encoding (such as Latin-1 or Windows-1252), not UTF-8. Save the file as UTF-8 text and upload it again.")
}

func errBinaryText() error {
	return invalid("This file is named as text but contains binary data. Save the file as UTF-8 text and upload it again.")
}

func errDamaged(f Format) error {
	return invalid("This file looks like %s but it is damaged or incomplete, so Scrutineer cannot read it. Open it, save it again as a new file (or export it as PDF), and upload that copy.", f.description())
}

func errExpands(f Format, limit int64) error {
	return invalid("This file is %s that expands to more than %s when opened, so it is not accepted: it may be damaged or built to cause harm. Save it again as a new file, or export it as PDF, and upload that copy.", f.description(), megabytes(limit))
}

func errTooManyParts(f Format, limit int) error {
	return invalid("This file is %s made of more than %d parts, so it is not accepted: it may be damaged or built to cause harm. Save it again as a new file, or export it as PDF, and upload that copy.", f.description(), limit)
}

func errTooManyPages(pages, limit int) error {
	return invalid("This PDF has %d pages; Scrutineer reads at most %d. Split it into smaller documents and upload them separately.", pages, limit)
}

func errTooMuchText(limit int) error {
	return invalid("This document holds more than %s of text, more than Scrutineer reads from one file. Split it into smaller documents and upload them separately.", megabytes(int64(limit)))
}

func errTooSlow() error {
	return invalid("Reading the text of this document took too long, so it was stopped. It may be damaged or unusually complex: export it again as PDF, or split it, and upload it again.")
}

func errTooComplex() error {
	return invalid("This PDF needs more memory to read than Scrutineer allows for one document, so it was stopped. It may be damaged or unusually complex: export it again as PDF, or split it, and upload it again.")
}

func errNoText(f Format) error {
	msg := "No text could be found in this document, so it cannot be searched or checked for personal data. Upload a version that contains text."
	if f == PDF {
		msg = "No text could be found in this PDF: it may be a scan or a photograph of pages. Upload a version with a text layer (for example, export it again from the original document, or run it through text recognition) so that it can be searched and checked for personal data."
	}
	return fmt.Errorf("%w: %w", ErrNoText, invalid("%s", msg))
}

func megabytes(n int64) string {
	return fmt.Sprintf("%d MB", n>>20)
}
