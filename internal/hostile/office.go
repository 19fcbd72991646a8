package hostile

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"hash/crc32"
	"io"
	"strings"
)

// entry is one member of a ZIP package.
type entry struct {
	name  string
	data  []byte
	store bool
}

// zipOf writes entries as a ZIP archive, deflated unless store is set.
func zipOf(entries ...entry) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		m := zip.Deflate
		if e.store {
			m = zip.Store
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: e.name, Method: m})
		if err != nil {
			panic(err) // writing to memory does not fail
		}
		w.Write(e.data)
	}
	zw.Close()
	return buf.Bytes()
}

const docxTypes = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/>` +
	`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`

const docxRels = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`

// docxXML is a document part whose body is body, after an optional prolog (a DTD).
func docxXML(prolog, body string) []byte {
	return []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + prolog +
		`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` + body + `</w:body></w:document>`)
}

func para(text string) string { return `<w:p><w:r><w:t>` + text + `</w:t></w:r></w:p>` }

// docx is a minimal Word package with the given document part and extra entries.
func docx(document []byte, extra ...entry) []byte {
	es := []entry{{name: "[Content_Types].xml", data: []byte(docxTypes)}, {name: "_rels/.rels", data: []byte(docxRels)},
		{name: "word/document.xml", data: document}}
	return zipOf(append(es, extra...)...)
}

// odt is a minimal OpenDocument text whose content.xml is content.
func odt(content []byte) []byte {
	const mime = "application/vnd.oasis.opendocument.text"
	manifest := `<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">` +
		`<manifest:file-entry manifest:full-path="/" manifest:media-type="` + mime + `"/>` +
		`<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>`
	return zipOf(entry{name: "mimetype", data: []byte(mime), store: true},
		entry{name: "content.xml", data: content}, entry{name: "META-INF/manifest.xml", data: []byte(manifest)})
}

func odtXML(prolog, text string) []byte {
	return []byte(`<?xml version="1.0" encoding="UTF-8"?>` + prolog +
		`<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">` +
		`<office:body><office:text><text:p>` + text + `</text:p></office:text></office:body></office:document-content>`)
}

// laughs is the "billion laughs" DTD: ten levels of ten references each, which a
// parser that expands entities turns into 10^9 copies of "lol".
func laughs(root string) string {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE ` + root + ` [<!ENTITY lol0 "lol">`)
	for i := 1; i <= 9; i++ {
		b.WriteString(`<!ENTITY lol` + itoa(i) + ` "`)
		for range 10 {
			b.WriteString(`&lol` + itoa(i-1) + `;`)
		}
		b.WriteString(`">`)
	}
	b.WriteString(`]>`)
	return b.String()
}

func itoa(i int) string { return string(rune('0' + i)) }

// bomb is a DOCX whose document part inflates to n bytes of spaces from a tiny
// compressed entry; when lie is set, the central directory declares 1 KB instead.
func bomb(n int64, lie bool) []byte {
	var comp bytes.Buffer
	fw, _ := flate.NewWriter(&comp, flate.BestCompression)
	crc := crc32.NewIEEE()
	w := io.MultiWriter(fw, crc)
	head := docxXML("", "")
	head = head[:len(head)-len(`</w:body></w:document>`)]
	w.Write(head)
	chunk := bytes.Repeat([]byte{' '}, 1<<20)
	for left := n; left > 0; left -= int64(len(chunk)) {
		w.Write(chunk[:min(int64(len(chunk)), left)])
	}
	w.Write([]byte(`</w:body></w:document>`))
	fw.Close()
	size := uint64(len(head)) + uint64(n) + 22
	if lie {
		size = 1024
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range []entry{{name: "[Content_Types].xml", data: []byte(docxTypes)}, {name: "_rels/.rels", data: []byte(docxRels)}} {
		ew, _ := zw.Create(e.name)
		ew.Write(e.data)
	}
	rw, _ := zw.CreateRaw(&zip.FileHeader{Name: "word/document.xml", Method: zip.Deflate, CRC32: crc.Sum32(),
		CompressedSize64: uint64(comp.Len()), UncompressedSize64: size})
	rw.Write(comp.Bytes())
	zw.Close()
	return buf.Bytes()
}

// hugePNG is a PNG header declaring an image of w x h pixels with one tiny data
// chunk: a decoder that trusts the header allocates w*h*4 bytes.
func hugePNG(w, h uint32) []byte {
	ihdr := []byte{byte(w >> 24), byte(w >> 16), byte(w >> 8), byte(w), byte(h >> 24), byte(h >> 16), byte(h >> 8), byte(h), 8, 6, 0, 0, 0}
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(typ string, data []byte) {
		n := len(data)
		b.Write([]byte{byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)})
		c := crc32.NewIEEE()
		c.Write([]byte(typ))
		c.Write(data)
		b.WriteString(typ)
		b.Write(data)
		s := c.Sum32()
		b.Write([]byte{byte(s >> 24), byte(s >> 16), byte(s >> 8), byte(s)})
	}
	chunk("IHDR", ihdr)
	chunk("IDAT", []byte{0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01})
	chunk("IEND", nil)
	return b.Bytes()
}
