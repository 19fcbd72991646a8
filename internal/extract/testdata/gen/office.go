package main

import (
	"github.com/scrutineer/scrutineer/internal/extract/internal/docgen"
)

// sampleDOCX exercises what the DOCX extractor must handle: runs, tabs, breaks,
// a table with a nested paragraph, a tracked insertion and deletion, a text box
// written twice (mc:Choice and mc:Fallback), soft and non-breaking hyphens, a
// footnote, a comment, a header and a footer.
func sampleDOCX() []byte {
	body := `<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Learning review: Example Partnership</w:t></w:r></w:p>` +
		`<w:p><w:r><w:t xml:space="preserve">The review </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>considered</w:t></w:r><w:r><w:t xml:space="preserve"> multi-agency practice.</w:t></w:r></w:p>` +
		`<w:p><w:r><w:t>Item</w:t></w:r><w:r><w:tab/><w:t>Status</w:t></w:r></w:p>` +
		`<w:p><w:r><w:t>Line one</w:t><w:br/><w:t>Line two</w:t></w:r></w:p>` +
		`<w:tbl><w:tblPr/><w:tr><w:tc><w:p><w:r><w:t>Agency</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Role</w:t></w:r></w:p></w:tc></w:tr>` +
		`<w:tr><w:tc><w:p><w:r><w:t>Health</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Lead</w:t></w:r></w:p><w:p><w:r><w:t>agency</w:t></w:r></w:p></w:tc></w:tr></w:tbl>` +
		`<w:p><w:r><w:t xml:space="preserve">Kept </w:t></w:r><w:del w:id="1" w:author="R"><w:r><w:delText>deleted words</w:delText></w:r></w:del><w:ins w:id="2" w:author="R"><w:r><w:t xml:space="preserve"> inserted words</w:t></w:r></w:ins></w:p>` +
		`<w:p><w:r><w:t>Co</w:t><w:softHyphen/><w:t>operation and follow</w:t><w:noBreakHyphen/><w:t>up</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r></w:p>` +
		`<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent><w:p><w:r><w:t>Text box content</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice>` +
		`<mc:Fallback><w:pict><v:textbox><w:txbxContent><w:p><w:r><w:t>Text box content</w:t></w:r></w:p></w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>` +
		`<w:p><w:commentRangeStart w:id="0"/><w:r><w:t>Gàidhlig: Tha “an lèirmheas” deiseil – Łódź, Zürich, São Paulo.</w:t></w:r><w:commentRangeEnd w:id="0"/><w:r><w:instrText xml:space="preserve"> HYPERLINK "https://example.org" </w:instrText></w:r></w:p>`
	return docgen.DOCX{
		Body: body,
		Parts: map[string]string{
			"header1.xml": docgen.DocxPart("hdr", `<w:p><w:r><w:t>OFFICIAL – SENSITIVE</w:t></w:r></w:p>`),
			"footer1.xml": docgen.DocxPart("ftr", `<w:p><w:r><w:t>Page footer text</w:t></w:r></w:p>`),
			"footnotes.xml": docgen.DocxPart("footnotes",
				`<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>`+
					`<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>`+
					`<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> Footnote text.</w:t></w:r></w:p></w:footnote>`),
			"comments.xml": docgen.DocxPart("comments",
				`<w:comment w:id="0" w:author="Reviewer"><w:p><w:r><w:t>A reviewer comment.</w:t></w:r></w:p></w:comment>`),
		},
		Pages: 1,
	}.Bytes()
}

// sampleODT exercises the ODT extractor: headings, spans, runs of spaces, tabs,
// line breaks, a table, a footnote, an annotation, a tracked deletion and a header
// and footer in styles.xml.
func sampleODT() []byte {
	text := `<text:tracked-changes><text:changed-region text:id="ct1"><text:deletion><office:change-info><dc:creator>R</dc:creator></office:change-info><text:p>deleted words</text:p></text:deletion></text:changed-region></text:tracked-changes>` +
		`<text:h text:outline-level="1">Learning review: Example Partnership</text:h>` +
		`<text:p>The review <text:span text:style-name="T1">considered</text:span> multi-agency practice.</text:p>` +
		`<text:p>Item<text:tab/>Status</text:p>` +
		`<text:p>Line one<text:line-break/>Line two</text:p>` +
		`<text:p>Three<text:s text:c="3"/>spaces and one<text:s/>more</text:p>` +
		`<table:table table:name="T"><table:table-column table:number-columns-repeated="2"/>` +
		`<table:table-row><table:table-cell><text:p>Agency</text:p></table:table-cell><table:table-cell><text:p>Role</text:p></table:table-cell></table:table-row>` +
		`<table:table-row><table:table-cell><text:p>Health</text:p></table:table-cell><table:table-cell><text:p>Lead</text:p><text:p>agency</text:p></table:table-cell></table:table-row></table:table>` +
		`<text:p>Kept<text:change text:change-id="ct1"/> text<text:note text:id="n1" text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>Footnote text.</text:p></text:note-body></text:note></text:p>` +
		`<text:p><office:annotation><dc:creator>Reviewer</dc:creator><text:p>A reviewer comment.</text:p></office:annotation>Gàidhlig: Tha “an lèirmheas” deiseil – Łódź, Zürich, São Paulo.</text:p>` +
		`<text:list><text:list-item><text:p>First point</text:p></text:list-item><text:list-item><text:p>Second point</text:p></text:list-item></text:list>`
	master := `<style:master-page style:name="Standard"><style:header><text:p>OFFICIAL – SENSITIVE</text:p></style:header><style:footer><text:p>Page footer text</text:p></style:footer></style:master-page>`
	return docgen.ODT{Text: text, MasterPages: master, Pages: 1}.Bytes()
}

// macroDOCM is a macro-enabled Word document: the macro content type and a VBA
// project part (its bytes are a stand-in; only its presence matters).
func macroDOCM() []byte {
	return docgen.DOCX{
		Body:       docgen.DocxPara("This document carries a macro."),
		MainType:   docgen.DocmMain,
		ExtraTypes: `<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>`,
		Extra:      []docgen.Entry{{Name: "word/vbaProject.bin", Data: []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 stand-in VBA project")}},
	}.Bytes()
}

// macroODT is an OpenDocument text with a Basic library, as LibreOffice saves a
// document that has macros attached.
func macroODT() []byte {
	module := `<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		`<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">Sub Main` + "\n" + `MsgBox "hello"` + "\n" + `End Sub</script:module>`
	return docgen.ODT{
		Text: docgen.ODTPara("This document carries a macro."),
		Extra: []docgen.Entry{
			{Name: "Basic/script-lc.xml", Data: []byte(`<?xml version="1.0" encoding="UTF-8"?><library:libraries xmlns:library="http://openoffice.org/2000/library"><library:library library:name="Standard" library:link="false"/></library:libraries>`)},
			{Name: "Basic/Standard/Module1.xml", Data: []byte(module)},
		},
	}.Bytes()
}

// bombDOCX is a Word document whose body part inflates to n bytes of blank space:
// a ZIP bomb that is still a well-formed package.
func bombDOCX(n int) []byte {
	pad := make([]byte, n)
	for i := range pad {
		pad[i] = ' '
	}
	doc := docgen.DocxDocument(docgen.DocxPara("Bomb") + string(pad))
	return docgen.Zip([]docgen.Entry{
		{Name: "[Content_Types].xml", Data: []byte(`<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="` + docgen.DocxMain + `"/></Types>`)},
		{Name: "word/document.xml", Data: []byte(doc)},
	})
}

// plainZip is an ordinary archive of two text files.
func plainZip() []byte {
	return docgen.Zip([]docgen.Entry{
		{Name: "minutes.txt", Data: []byte("Minutes of the committee.\n")},
		{Name: "notes.txt", Data: []byte("Notes.\n")},
	})
}

// reportDOCX is a long report of the given number of pages, each of words words,
// separated by page breaks; the 40-page PDF is printed from it by LibreOffice.
func reportDOCX(pages, words int) []byte {
	var body string
	for p := 0; p < pages; p++ {
		if p > 0 {
			body += docgen.DocxPageBreak()
		}
		body += docgen.DocxPara("Section " + itoa(p+1))
		text := docgen.Prose(uint64(p+1), words)
		for _, para := range splitWords(text, 60) {
			body += docgen.DocxPara(para)
		}
	}
	return docgen.DOCX{Body: body, Pages: pages}.Bytes()
}
