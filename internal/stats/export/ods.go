package export

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/scrutineer/scrutineer/internal/stats"
)

// ODS writes an OpenDocument spreadsheet: the table on the first sheet, the
// metadata on the second. The mimetype file comes first and uncompressed, as the
// standard requires.
func ODS(w io.Writer, t *stats.Table, m Meta) error {
	var c strings.Builder
	c.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` +
		`<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" ` +
		`xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" ` +
		`xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.2">` +
		`<office:automatic-styles><style:style style:name="heading" style:family="table-cell"><style:text-properties fo:font-weight="bold"/></style:style></office:automatic-styles>` +
		`<office:body><office:spreadsheet>`)
	odsSheet(&c, sheetName(t.Title), grid(t))
	odsSheet(&c, "Metadata", metadata(t, m))
	c.WriteString(`</office:spreadsheet></office:body></office:document-content>`)
	manifest := `<?xml version="1.0" encoding="UTF-8"?>` +
		`<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">` +
		`<manifest:file-entry manifest:full-path="/" manifest:version="1.2" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>` +
		`<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>` +
		`</manifest:manifest>`
	return writeZip(w, []part{
		{name: "mimetype", body: Formats["ods"], stored: true},
		{name: "META-INF/manifest.xml", body: manifest},
		{name: "content.xml", body: c.String()},
	})
}

func odsSheet(b *strings.Builder, name string, rows [][]value) {
	fmt.Fprintf(b, `<table:table table:name="%s">`, esc(name))
	for _, r := range rows {
		b.WriteString(`<table:table-row>`)
		for _, v := range r {
			style := ""
			if v.header {
				style = ` table:style-name="heading"`
			}
			if v.isNum {
				n := strconv.FormatFloat(v.num, 'f', -1, 64)
				fmt.Fprintf(b, `<table:table-cell office:value-type="float" office:value="%s"%s><text:p>%s</text:p></table:table-cell>`, n, style, esc(v.text))
			} else {
				fmt.Fprintf(b, `<table:table-cell office:value-type="string"%s><text:p>%s</text:p></table:table-cell>`, style, esc(v.text))
			}
		}
		b.WriteString(`</table:table-row>`)
	}
	b.WriteString(`</table:table>`)
}
