package docgen

import "strconv"

// ODF namespaces declared on every part written here.
const odfNS = ` xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"` +
	` xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"` +
	` xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"` +
	` xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"` +
	` xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"` +
	` xmlns:dc="http://purl.org/dc/elements/1.1/"` +
	` xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"` +
	` xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"` +
	` xmlns:script="urn:oasis:names:tc:opendocument:xmlns:script:1.0"` +
	` office:version="1.3"`

// ODTMime is the media type an OpenDocument text stores in its mimetype entry.
const ODTMime = "application/vnd.oasis.opendocument.text"

// ODT describes an OpenDocument text package. Text is the inner XML of office:text;
// MasterPages the inner XML of office:master-styles in styles.xml (headers and
// footers); Extra adds raw entries at the end.
type ODT struct {
	Text        string
	MasterPages string
	Pages       int // written to meta.xml when positive
	Extra       []Entry
	Mime        string // ODTMime when empty
}

// Bytes returns the package laid out the way LibreOffice writes it: an uncompressed
// mimetype entry first, then the XML parts and the manifest.
func (o ODT) Bytes() []byte {
	mime := o.Mime
	if mime == "" {
		mime = ODTMime
	}
	content := `<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		`<office:document-content` + odfNS + `><office:body><office:text>` + o.Text +
		`</office:text></office:body></office:document-content>`
	styles := `<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		`<office:document-styles` + odfNS + `><office:master-styles>` + o.MasterPages +
		`</office:master-styles></office:document-styles>`
	meta := `<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		`<office:document-meta` + odfNS + `><office:meta><meta:generator>docgen</meta:generator>`
	if o.Pages > 0 {
		meta += `<meta:document-statistic meta:page-count="` + strconv.Itoa(o.Pages) + `"/>`
	}
	meta += `</office:meta></office:document-meta>`
	manifest := `<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		`<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">` +
		`<manifest:file-entry manifest:full-path="/" manifest:media-type="` + mime + `"/>` +
		`<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>` +
		`<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>` +
		`<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>` +
		`</manifest:manifest>`
	entries := []Entry{
		{Name: "mimetype", Data: []byte(mime), Store: true},
		{Name: "meta.xml", Data: []byte(meta)},
		{Name: "styles.xml", Data: []byte(styles)},
		{Name: "content.xml", Data: []byte(content)},
		{Name: "META-INF/manifest.xml", Data: []byte(manifest)},
	}
	return Zip(append(entries, o.Extra...))
}

// ODTPara returns a text:p holding the escaped text.
func ODTPara(text string) string {
	return `<text:p>` + Escape(text) + `</text:p>`
}
