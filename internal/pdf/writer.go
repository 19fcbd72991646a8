package pdf

import (
	"bytes"
	"compress/zlib"
	"crypto/sha256"
	"fmt"
	"io"
	"strings"
	"unicode/utf16"

	"golang.org/x/image/font"
)

// objects collects a PDF's numbered objects and writes the file with its
// cross-reference table. Object 1 is always the catalogue.
type objects struct {
	bodies [][]byte // bodies[i] is object i+1
}

// reserve returns the number of a new, still empty object.
func (o *objects) reserve() int {
	o.bodies = append(o.bodies, nil)
	return len(o.bodies)
}

func (o *objects) set(n int, body string) { o.bodies[n-1] = []byte(body) }

func (o *objects) add(body string) int {
	n := o.reserve()
	o.set(n, body)
	return n
}

// stream adds a compressed stream object with extra dictionary entries.
func (o *objects) stream(dict string, data []byte) int {
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	_, _ = zw.Write(data)
	_ = zw.Close()
	return o.add(fmt.Sprintf("<< %s /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream", dict, z.Len(), z.Bytes()))
}

// textString encodes s as a PDF text string in UTF-16BE with a byte order mark.
func textString(s string) string {
	var b strings.Builder
	b.WriteString("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteByte('>')
	return b.String()
}

// writeFile writes the laid-out document as a tagged PDF.
func writeFile(w io.Writer, d *Document, lang string, l *layout) error {
	o := &objects{}
	catalog, pagesObj, structRoot := o.reserve(), o.reserve(), o.reserve()
	f1, f2 := embedFont(o, l.regular), embedFont(o, l.bold)

	pageObjs := make([]int, len(l.pages))
	for i := range l.pages {
		pageObjs[i] = o.reserve()
	}
	elemObjs := map[*element]int{}
	var number func(e *element)
	number = func(e *element) {
		elemObjs[e] = o.reserve()
		for _, k := range e.kids {
			if c, ok := k.(*element); ok {
				number(c)
			}
		}
	}
	number(l.root)

	for i, p := range l.pages {
		content := o.stream("", []byte(p.content.String()))
		o.set(pageObjs[i], fmt.Sprintf("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %.2f %.2f] /Resources << /Font << /F1 %d 0 R /F2 %d 0 R >> >> /Contents %d 0 R /StructParents %d /Tabs /S >>",
			pagesObj, pageWidth, pageHeight, f1, f2, content, i))
	}
	for e, n := range elemObjs {
		parent := structRoot
		if e.parent != nil {
			parent = elemObjs[e.parent]
		}
		var kids strings.Builder
		for _, k := range e.kids {
			switch k := k.(type) {
			case *element:
				fmt.Fprintf(&kids, "%d 0 R ", elemObjs[k])
			case kidRef:
				fmt.Fprintf(&kids, "<< /Type /MCR /Pg %d 0 R /MCID %d >> ", pageObjs[k.page], k.mcid)
			}
		}
		o.set(n, fmt.Sprintf("<< /Type /StructElem /S /%s /P %d 0 R /K [%s] %s >>", e.tag, parent, kids.String(), e.attrs))
	}
	// The parent tree maps each page's MCIDs back to their structure elements.
	var nums strings.Builder
	for i, p := range l.pages {
		fmt.Fprintf(&nums, "%d [", i)
		for _, e := range p.mcids {
			fmt.Fprintf(&nums, "%d 0 R ", elemObjs[e])
		}
		nums.WriteString("] ")
	}
	o.set(structRoot, fmt.Sprintf("<< /Type /StructTreeRoot /K [%d 0 R] /ParentTree << /Nums [%s] >> /ParentTreeNextKey %d >>",
		elemObjs[l.root], nums.String(), len(l.pages)))

	var kids strings.Builder
	for _, n := range pageObjs {
		fmt.Fprintf(&kids, "%d 0 R ", n)
	}
	o.set(pagesObj, fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", kids.String(), len(pageObjs)))
	meta := o.add(fmt.Sprintf("<< /Type /Metadata /Subtype /XML /Length %d >>\nstream\n%s\nendstream", len(xmp(d, lang)), xmp(d, lang)))
	o.set(catalog, fmt.Sprintf("<< /Type /Catalog /Pages %d 0 R /StructTreeRoot %d 0 R /MarkInfo << /Marked true >> /Lang %s /Metadata %d 0 R /ViewerPreferences << /DisplayDocTitle true >> >>",
		pagesObj, structRoot, textString(lang), meta))
	info := o.add(fmt.Sprintf("<< /Title %s /Author %s /Subject %s /Producer (Scrutineer) >>", textString(d.Title), textString(d.Author), textString(d.Subject)))
	return o.write(w, catalog, info, d.Title)
}

// write writes the header, objects, cross-reference table and trailer.
func (o *objects) write(w io.Writer, root, info int, title string) error {
	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(o.bodies))
	for i, body := range o.bodies {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n", i+1)
		b.Write(body)
		b.WriteString("\nendobj\n")
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(o.bodies)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	id := sha256.Sum256([]byte(title))
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R /ID [<%x> <%x>] >>\nstartxref\n%d\n%%%%EOF\n",
		len(o.bodies)+1, root, info, id[:16], id[:16], xref)
	_, err := w.Write(b.Bytes())
	return err
}

// embedFont adds a Type 0 font with its CIDFont, descriptor, font file and Unicode
// map, and returns the Type 0 font's object number.
func embedFont(o *objects, f *face) int {
	type0, cid := o.reserve(), o.reserve()
	file := o.stream(fmt.Sprintf("/Length1 %d", len(f.data)), f.data)
	m, _ := f.font.Metrics(&f.buf, f.upem, font.HintingNone)
	bounds, _ := f.font.Bounds(&f.buf, f.upem, font.HintingNone)
	scale := func(v int) int { return v * 1000 / int(f.upem) }
	desc := o.add(fmt.Sprintf("<< /Type /FontDescriptor /FontName /%s /Flags 32 /FontBBox [%d %d %d %d] /ItalicAngle 0 /Ascent %d /Descent %d /CapHeight %d /StemV 80 /FontFile2 %d 0 R >>",
		f.name, scale(int(bounds.Min.X)), -scale(int(bounds.Max.Y)), scale(int(bounds.Max.X)), -scale(int(bounds.Min.Y)),
		scale(int(m.Ascent)), -scale(int(m.Descent)), scale(int(m.CapHeight)), file))
	// The widths and Unicode map are written last, once every glyph is known: the
	// layout has already encoded all text when writeFile runs.
	o.set(cid, fmt.Sprintf("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /%s /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor %d 0 R /DW 1000 /W %s /CIDToGIDMap /Identity >>",
		f.name, desc, f.widths()))
	tu := o.stream("", []byte(f.toUnicode()))
	o.set(type0, fmt.Sprintf("<< /Type /Font /Subtype /Type0 /BaseFont /%s /Encoding /Identity-H /DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>", f.name, cid, tu))
	return type0
}

// xmp is the metadata stream: title, language and the PDF/UA identification.
func xmp(d *Document, lang string) string {
	esc := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace
	return `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<dc:title><rdf:Alt><rdf:li xml:lang="` + esc(lang) + `">` + esc(d.Title) + `</rdf:li></rdf:Alt></dc:title>
<dc:language><rdf:Bag><rdf:li>` + esc(lang) + `</rdf:li></rdf:Bag></dc:language>
<pdfuaid:part>1</pdfuaid:part>
</rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>`
}
