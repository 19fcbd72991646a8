package docgen

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"strings"
)

// PDFPage is one page of a generated PDF: lines of text set in Helvetica, or, when
// Image is set, a grey bitmap and no text at all (a scanned page without OCR).
type PDFPage struct {
	Lines []string
	Image bool
}

// PDFOptions changes how PDF writes its objects.
type PDFOptions struct {
	Compress bool   // deflate the content streams
	Bomb     int64  // when positive, page 1's content stream inflates to this many bytes
	Title    string // document information dictionary title
}

// PDF returns a small, valid PDF 1.7 file with the pages. Text uses the standard
// Helvetica font with WinAnsiEncoding, which PDF readers map to Unicode without a
// ToUnicode table; characters outside WinAnsi are written as '?'.
func PDF(pages []PDFPage, opt PDFOptions) []byte {
	var objs []string // objs[i] is object i+1 without "obj"/"endobj"
	add := func(s string) int { objs = append(objs, s); return len(objs) }
	stream := func(dict string, data []byte) int {
		if opt.Compress {
			data = deflate(data)
			dict += " /Filter /FlateDecode"
		}
		return add(fmt.Sprintf("<< %s /Length %d >>\nstream\n%s\nendstream", dict, len(data), data))
	}

	catalog := add("") // filled in below, once the page tree's number is known
	pagesObj := add("")
	font := add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
	var kids []string
	for i, p := range pages {
		var content []byte
		resources := fmt.Sprintf("<< /Font << /F1 %d 0 R >> >>", font)
		if p.Image {
			img := stream("/Type /XObject /Subtype /Image /Width 200 /Height 260 /ColorSpace /DeviceGray /BitsPerComponent 8", scanBitmap(200, 260))
			resources = fmt.Sprintf("<< /XObject << /Im1 %d 0 R >> >>", img)
			content = []byte("q 500 0 0 650 50 100 cm /Im1 Do Q\n")
		} else {
			content = textContent(p.Lines)
		}
		var c int
		if i == 0 && opt.Bomb > 0 {
			c = add(bombStream(content, opt.Bomb))
		} else {
			c = stream("", content)
		}
		pg := add(fmt.Sprintf("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Resources %s /Contents %d 0 R >>", pagesObj, resources, c))
		kids = append(kids, fmt.Sprintf("%d 0 R", pg))
	}
	objs[catalog-1] = fmt.Sprintf("<< /Type /Catalog /Pages %d 0 R >>", pagesObj)
	objs[pagesObj-1] = fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(pages))
	info := add(fmt.Sprintf("<< /Title (%s) /Producer (docgen) >>", pdfString(opt.Title)))

	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, catalog, info, xref)
	return b.Bytes()
}

// textContent sets the lines top-down on an A4 page, 14 points apart.
func textContent(lines []string) []byte {
	var b bytes.Buffer
	b.WriteString("BT /F1 11 Tf 14 TL 56 780 Td\n")
	for i, l := range lines {
		if i > 0 {
			b.WriteString("T* ")
		}
		fmt.Fprintf(&b, "(%s) Tj\n", pdfString(l))
	}
	b.WriteString("ET\n")
	return b.Bytes()
}

// bombStream returns a content stream that starts with the page's real content and
// then inflates to n bytes of blank space: tiny on disk, huge once decoded.
func bombStream(content []byte, n int64) string {
	var raw bytes.Buffer
	w, _ := zlib.NewWriterLevel(&raw, zlib.BestCompression)
	w.Write(content)
	blank := bytes.Repeat([]byte(" "), 1<<20)
	for left := n; left > 0; left -= int64(len(blank)) {
		w.Write(blank[:min(int64(len(blank)), left)])
	}
	w.Close()
	return fmt.Sprintf("<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream", raw.Len(), raw.Bytes())
}

// scanBitmap draws something like a photographed page: pale paper with dark bars
// where lines of print would be.
func scanBitmap(w, h int) []byte {
	px := make([]byte, w*h)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			v := byte(235 + (x*7+y*13)%15)
			if y%12 < 5 && x > 15 && x < w-15-(y*31)%40 {
				v = byte(40 + (x*y)%30)
			}
			px[y*w+x] = v
		}
	}
	return px
}

func deflate(data []byte) []byte {
	var b bytes.Buffer
	w, _ := zlib.NewWriterLevel(&b, zlib.BestCompression)
	w.Write(data)
	w.Close()
	return b.Bytes()
}

// winAnsi maps the non-ASCII characters the generated prose uses to WinAnsiEncoding.
var winAnsi = map[rune]byte{
	'‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '–': 0x96, '—': 0x97, '€': 0x80,
}

// pdfString escapes s for a PDF literal string in WinAnsiEncoding.
func pdfString(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '(' || r == ')' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r >= 0x20 && r < 0x7f:
			b.WriteRune(r)
		case winAnsi[r] != 0:
			fmt.Fprintf(&b, "\\%03o", winAnsi[r])
		case r >= 0xa0 && r <= 0xff:
			fmt.Fprintf(&b, "\\%03o", r)
		default:
			b.WriteByte('?')
		}
	}
	return b.String()
}
