package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// minimalDOCX builds a Word document with one paragraph per line of text.
func minimalDOCX(t *testing.T, lines ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	parts := map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
			`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
			`<Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
		"_rels/.rels": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
			`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
	}
	var body strings.Builder
	for _, l := range lines {
		body.WriteString(`<w:p><w:r><w:t xml:space="preserve">` + l + `</w:t></w:r></w:p>`)
	}
	parts["word/document.xml"] = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` + body.String() + `</w:body></w:document>`
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml"} {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(parts[name]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestScanDOCX: a Word document is read through internal/extract and its findings
// are offsets into the extracted text.
func TestScanDOCX(t *testing.T) {
	path := writeFile(t, t.TempDir(), "report.docx", minimalDOCX(t, "Learning review", "Child A (CHI 0101011237) lived at 14 Ashgrove Road."))
	out, _, err := runCmd(t, env(), "scan", "--json", path)
	if exitCode(err) != 1 {
		t.Fatalf("got %v\n%s", err, out)
	}
	var got scanJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil || len(got) != 1 {
		t.Fatalf("bad output: %v\n%s", err, out)
	}
	kinds := []string{}
	for _, f := range got[0].Findings {
		kinds = append(kinds, f.Kind+"="+f.Text)
	}
	if strings.Join(kinds, ",") != "chi_number=0101011237,street_address=14 Ashgrove Road" {
		t.Errorf("findings %v", kinds)
	}
}
