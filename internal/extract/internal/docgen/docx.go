package docgen

import (
	"fmt"
	"sort"
	"strings"
)

// Namespaces used by the WordprocessingML parts written here.
const (
	nsW   = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsR   = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	nsMC  = "http://schemas.openxmlformats.org/markup-compatibility/2006"
	nsWPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
	nsV   = "urn:schemas-microsoft-com:vml"
	relNS = "http://schemas.openxmlformats.org/package/2006/relationships"
	relOD = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
)

// Content types of the main document part.
const (
	DocxMain = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
	DocmMain = "application/vnd.ms-word.document.macroEnabled.main+xml"
)

// DOCX describes a Word package. Body is the inner XML of w:body; Parts maps other
// part names under word/ (such as "header1.xml") to their whole XML; Extra adds raw
// entries (such as word/vbaProject.bin) at the end.
type DOCX struct {
	Body        string
	Parts       map[string]string
	Extra       []Entry
	MainType    string // DocxMain when empty
	Pages       int    // written to docProps/app.xml when positive
	ExtraTypes  string // additional <Override/> or <Default/> elements for [Content_Types].xml
	DocumentRel string // target of the officeDocument relationship; "word/document.xml" when empty
}

// Bytes returns the package as a ZIP archive laid out the way Word writes it.
func (d DOCX) Bytes() []byte {
	main := d.MainType
	if main == "" {
		main = DocxMain
	}
	target := d.DocumentRel
	if target == "" {
		target = "word/document.xml"
	}
	names := make([]string, 0, len(d.Parts))
	for name := range d.Parts {
		names = append(names, name)
	}
	sort.Strings(names)

	var types strings.Builder
	types.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n")
	types.WriteString(`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`)
	types.WriteString(`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>`)
	types.WriteString(`<Default Extension="xml" ContentType="application/xml"/>`)
	fmt.Fprintf(&types, `<Override PartName="/%s" ContentType="%s"/>`, target, main)
	types.WriteString(`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>`)
	types.WriteString(d.ExtraTypes)
	types.WriteString(`</Types>`)

	rels := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<Relationships xmlns="` + relNS + `">` +
		`<Relationship Id="rId1" Type="` + relOD + `" Target="` + target + `"/>` +
		`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>` +
		`</Relationships>`

	app := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">` +
		`<Application>docgen</Application>`
	if d.Pages > 0 {
		app += fmt.Sprintf("<Pages>%d</Pages>", d.Pages)
	}
	app += `</Properties>`

	dir := target[:strings.LastIndex(target, "/")+1]
	entries := []Entry{
		{Name: "[Content_Types].xml", Data: []byte(types.String())},
		{Name: "_rels/.rels", Data: []byte(rels)},
		{Name: "docProps/app.xml", Data: []byte(app)},
		{Name: target, Data: []byte(DocxDocument(d.Body))},
	}
	for _, name := range names {
		entries = append(entries, Entry{Name: dir + name, Data: []byte(d.Parts[name])})
	}
	entries = append(entries, d.Extra...)
	return Zip(entries)
}

// DocxDocument wraps body XML in a w:document element declaring the usual prefixes.
func DocxDocument(body string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<w:document xmlns:w="` + nsW + `" xmlns:r="` + nsR + `" xmlns:mc="` + nsMC +
		`" xmlns:wps="` + nsWPS + `" xmlns:v="` + nsV + `" mc:Ignorable="wps">` +
		`<w:body>` + body + `<w:sectPr/></w:body></w:document>`
}

// DocxPart wraps inner XML in a root element (w:hdr, w:ftr, w:footnotes, ...).
func DocxPart(root, inner string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<w:` + root + ` xmlns:w="` + nsW + `" xmlns:r="` + nsR + `">` + inner + `</w:` + root + `>`
}

// DocxPara returns a paragraph of one run, escaping the text.
func DocxPara(text string) string {
	return `<w:p><w:r><w:t xml:space="preserve">` + Escape(text) + `</w:t></w:r></w:p>`
}

// DocxPageBreak returns a paragraph holding only a page break.
func DocxPageBreak() string {
	return `<w:p><w:r><w:br w:type="page"/></w:r></w:p>`
}

// Escape escapes text for XML character data and attribute values.
func Escape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}
