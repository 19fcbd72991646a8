package export

import (
	"archive/zip"
	"encoding/xml"
	"io"
	"strings"
)

// esc escapes text for XML content and attributes.
func esc(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// part is one file of a zip package.
type part struct {
	name, body string
	stored     bool // written uncompressed (the ODS mimetype must be)
}

func writeZip(w io.Writer, parts []part) error {
	z := zip.NewWriter(w)
	for _, p := range parts {
		method := zip.Deflate
		if p.stored {
			method = zip.Store
		}
		f, err := z.CreateHeader(&zip.FileHeader{Name: p.name, Method: method})
		if err != nil {
			return err
		}
		if _, err := io.WriteString(f, p.body); err != nil {
			return err
		}
	}
	return z.Close()
}
