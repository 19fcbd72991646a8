package publications

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/scrutineer/scrutineer"
)

// spool copies the upload to an unlinked temporary file (the plain file never
// outlives the request) and returns it with its size.
func spool(body io.Reader, limit int64) (*os.File, int64, error) {
	f, err := os.CreateTemp("", "publication-*")
	if err != nil {
		return nil, 0, fmt.Errorf("spool upload: %w", err)
	}
	os.Remove(f.Name())
	n, err := io.Copy(f, io.LimitReader(body, limit+1))
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe) || n > limit:
		f.Close()
		return nil, 0, errors.Join(fileError(fmt.Sprintf("The file must be smaller than %d MB.", limit>>20)), &http.MaxBytesError{Limit: limit})
	case err != nil:
		f.Close()
		return nil, 0, fmt.Errorf("read upload: %w", err)
	case n == 0:
		f.Close()
		return nil, 0, fileError("The selected file is empty. Choose the file again.")
	}
	return f, n, nil
}

// detect names the format of a file by its extension and checks that the content
// is what the extension says: a PDF header; a ZIP package holding a workbook,
// spreadsheet or Word document and no macros; UTF-8 text for CSV and HTML.
// NOTE: these files come from regulator staff, not the public, so the check is
// about honest labelling and not carrying macros; the document exchange's deeper
// checks (internal/extract) are for files from outside.
func detect(f io.ReaderAt, size int64, filename string) (string, error) {
	ext := strings.ToLower(path.Ext(strings.ReplaceAll(filename, `\`, "/")))
	format := ""
	for k, ff := range scrutineer.PublicationFormats {
		if ff.Extension == ext {
			format = k
		}
	}
	if format == "" {
		return "", fileError("The file must be a PDF, ODS, XLSX, CSV, DOCX or HTML file.")
	}
	head := make([]byte, min(size, 1024))
	if _, err := f.ReadAt(head, 0); err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read upload: %w", err)
	}
	wrong := fileError(fmt.Sprintf("The file is named .%s but is not a %s file. Save it again in that format.", format, scrutineer.PublicationFormats[format].Label))
	switch format {
	case "pdf":
		if !bytes.Contains(head, []byte("%PDF-")) {
			return "", wrong
		}
	case "csv", "html":
		if err := checkText(f, size); err != nil {
			return "", err
		}
		if format == "html" && !bytes.Contains(bytes.ToLower(head), []byte("<html")) && !bytes.Contains(bytes.ToLower(head), []byte("<!doctype html")) {
			return "", wrong
		}
	default:
		if err := checkPackage(f, size, format); err != nil {
			return "", err
		}
	}
	return format, nil
}

// checkText accepts UTF-8 text without NUL bytes.
func checkText(f io.ReaderAt, size int64) error {
	b, err := io.ReadAll(io.NewSectionReader(f, 0, size))
	if err != nil {
		return fmt.Errorf("read upload: %w", err)
	}
	if !utf8.Valid(b) || bytes.IndexByte(b, 0) >= 0 {
		return fileError("The file must be text saved as UTF-8. Save it again as UTF-8 (CSV UTF-8 in Excel).")
	}
	return nil
}

// packageParts names, per format, an entry the package must hold.
var packageParts = map[string]string{"xlsx": "xl/workbook.xml", "docx": "word/document.xml", "ods": "content.xml"}

// checkPackage opens a ZIP package and checks it is the format named and holds no
// macros.
func checkPackage(f io.ReaderAt, size int64, format string) error {
	wrong := fileError(fmt.Sprintf("The file is named .%s but is not a %s file. Save it again in that format.", format, scrutineer.PublicationFormats[format].Label))
	zr, err := zip.NewReader(f, size)
	if err != nil {
		return wrong
	}
	found := false
	for _, e := range zr.File {
		name := strings.ToLower(e.Name)
		if strings.Contains(name, "vbaproject") || strings.HasPrefix(name, "basic/") || strings.HasSuffix(name, ".bin") && strings.Contains(name, "activex") {
			return fileError("The file contains macros. Save it again without macros.")
		}
		found = found || e.Name == packageParts[format]
		if format == "ods" && e.Name == "mimetype" {
			rc, err := e.Open()
			if err != nil {
				return wrong
			}
			mt, _ := io.ReadAll(io.LimitReader(rc, 100))
			rc.Close()
			if string(mt) != "application/vnd.oasis.opendocument.spreadsheet" {
				return wrong
			}
		}
	}
	if !found {
		return wrong
	}
	return nil
}

// fileError is a refusal of the file, shown against the file field.
func fileError(msg string) error {
	return &scrutineer.Error{Code: scrutineer.EINVALID, Message: msg, Fields: map[string]string{"file": msg}}
}
