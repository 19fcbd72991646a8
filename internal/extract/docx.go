package extract

import (
	"archive/zip"
	"context"
	"encoding/xml"
	"path"
	"sort"
	"strconv"
	"strings"
)

// WordprocessingML namespaces: transitional (what Word writes) and strict.
const (
	nsW       = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsWStrict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
	nsMC      = "http://schemas.openxmlformats.org/markup-compatibility/2006"
)

// docxParts finds the parts of a Word package that hold text, in reading order: the
// main document, then headers, footers, footnotes, endnotes and comments. It also
// refuses packages that are not Word documents (a workbook, a plain archive) and
// macro-enabled ones that slipped past Detect.
func docxParts(zr *zip.Reader) ([]*zip.File, error) {
	files := zipFiles(zr)
	ct, ok := files["[Content_Types].xml"]
	if !ok {
		return nil, notDocx(zr)
	}
	types, err := readSmall(ct, 1<<20)
	if err != nil {
		return nil, err
	}
	if strings.Contains(string(types), "macroEnabled") {
		return nil, errMacros(DOCX)
	}
	main := "word/document.xml"
	if rels, ok := files["_rels/.rels"]; ok {
		if target := officeDocument(rels); target != "" {
			main = target
		}
	}
	doc, ok := files[main]
	if ok && strings.Contains(string(types), "wordprocessingml.template.main+xml") {
		return nil, errUnsupported("a Word template (.dotx): open it, save it as a Word Document (.docx)")
	}
	if !ok || !strings.Contains(string(types), "wordprocessingml.document.main+xml") {
		return nil, notDocx(zr)
	}
	parts := []*zip.File{doc}
	dir := path.Dir(main) + "/"
	var extra []*zip.File
	for name, e := range files {
		if !strings.HasPrefix(name, dir) || strings.Contains(name[len(dir):], "/") {
			continue
		}
		base := name[len(dir):]
		if (strings.HasPrefix(base, "header") || strings.HasPrefix(base, "footer")) && strings.HasSuffix(base, ".xml") ||
			base == "footnotes.xml" || base == "endnotes.xml" || base == "comments.xml" {
			extra = append(extra, e)
		}
	}
	sort.Slice(extra, func(i, j int) bool { return partOrder(extra[i].Name) < partOrder(extra[j].Name) })
	return append(parts, extra...), nil
}

// partOrder sorts headers before footers before notes and comments, then by name.
func partOrder(name string) string {
	base := path.Base(name)
	for i, p := range []string{"header", "footer", "footnotes", "endnotes", "comments"} {
		if strings.HasPrefix(base, p) {
			return strconv.Itoa(i) + base
		}
	}
	return "9" + base
}

// notDocx names what a package without a Word document is.
func notDocx(zr *zip.Reader) error {
	names := make([]string, 0, len(zr.File))
	for _, e := range zr.File {
		names = append(names, e.Name)
	}
	if err := otherPackage(names); err != nil {
		return err
	}
	if e, ok := zipFiles(zr)["mimetype"]; ok {
		if b, err := readSmall(e, 256); err == nil {
			if _, err := odfType(strings.TrimSpace(string(b)), names); err != nil {
				return err
			}
			return errMismatch(".docx", ODT)
		}
	}
	return errArchive("a ZIP archive")
}

// officeDocument returns the target of the package's officeDocument relationship.
func officeDocument(rels *zip.File) string {
	b, err := readSmall(rels, 1<<20)
	if err != nil {
		return ""
	}
	var r struct {
		Rel []struct {
			Type   string `xml:"Type,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if xml.Unmarshal(b, &r) != nil {
		return ""
	}
	for _, rel := range r.Rel {
		if strings.HasSuffix(rel.Type, "/officeDocument") {
			return strings.TrimPrefix(path.Clean("/"+rel.Target), "/")
		}
	}
	return ""
}

// docxWalker turns WordprocessingML into text: paragraphs as lines, table cells
// separated by tabs and rows by lines. It keeps tracked deletions (the text is still
// in the file that others will download, so the personal-data check must see it)
// and skips field codes, property subtrees and the mc:Fallback copy of text boxes.
type docxWalker struct {
	out  *textBuf
	run  int // depth of w:r elements
	cell int // depth of w:tc elements
}

func (w *docxWalker) start(d *xml.Decoder, e xml.StartElement) (bool, error) {
	if e.Name.Space == nsMC && e.Name.Local == "Fallback" {
		return true, d.Skip()
	}
	if e.Name.Space != nsW && e.Name.Space != nsWStrict {
		return false, nil
	}
	switch e.Name.Local {
	case "t", "delText":
		return true, w.text(d)
	case "rPr", "pPr", "tblPr", "trPr", "tcPr", "sectPr", "instrText", "delInstrText", "fldData", "tblGrid":
		return true, d.Skip()
	case "r":
		w.run++
	case "tc":
		w.cell++
	case "tab":
		if w.run > 0 {
			w.out.write("\t")
		}
	case "br", "cr":
		if w.run > 0 {
			w.out.write("\n")
		}
	case "noBreakHyphen":
		w.out.write("-")
	}
	return false, nil
}

func (w *docxWalker) end(e xml.EndElement) {
	if e.Name.Space != nsW && e.Name.Space != nsWStrict {
		return
	}
	switch e.Name.Local {
	case "r":
		w.run--
	case "p":
		if w.cell > 0 {
			w.out.trimSpaces()
			w.out.write(" ")
		} else {
			w.out.newline()
		}
	case "tc":
		w.cell--
		w.out.trimSpaces()
		w.out.write("\t")
	case "tr":
		w.out.trimSpaces()
		w.out.newline()
	case "tbl":
		w.out.newline()
	}
}

// text copies the character data of a w:t or w:delText element.
func (w *docxWalker) text(d *xml.Decoder) error {
	for {
		tok, err := d.Token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.CharData:
			w.out.write(string(t))
		case xml.StartElement:
			if err := d.Skip(); err != nil {
				return err
			}
		case xml.EndElement:
			return nil
		}
	}
}

// docxText walks the parts of a Word package into out.
func docxText(ctx context.Context, zr *zip.Reader, out *textBuf) error {
	parts, err := docxParts(zr)
	if err != nil {
		return err
	}
	for _, p := range parts {
		out.section()
		w := &docxWalker{out: out}
		if err := walkXML(ctx, p, out, w.start, w.end, nil); err != nil {
			return err
		}
	}
	return nil
}

// docxPages returns the page count Word recorded in docProps/app.xml, or 0.
func docxPages(zr *zip.Reader) int {
	e, ok := zipFiles(zr)["docProps/app.xml"]
	if !ok {
		return 0
	}
	b, err := readSmall(e, 1<<20)
	if err != nil {
		return 0
	}
	var props struct {
		Pages int `xml:"Pages"`
	}
	if xml.Unmarshal(b, &props) != nil || props.Pages < 0 {
		return 0
	}
	return props.Pages
}
