package hostile

import (
	"bytes"
	"fmt"
	"strings"
)

// pdf writes a PDF of one page whose content stream shows text, with extra objects
// and trailer entries, and a correct cross-reference table.
func pdf(text string, extraObjects []string, trailerExtra string) []byte {
	content := fmt.Sprintf("BT /F1 12 Tf 72 720 Td (%s) Tj ET", text)
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	}
	objs = append(objs, extraObjects...)
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
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
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, trailerExtra, xref)
	return b.Bytes()
}

// nestedPDF is a PDF with an object nested depth deep (arrays, or dictionaries):
// a recursive parser without a depth limit overflows its stack on it.
func nestedPDF(depth int, dicts bool) []byte {
	open, shut := "[", "]"
	if dicts {
		open, shut = "<< /A ", " >>"
	}
	obj := strings.Repeat(open, depth) + "0" + strings.Repeat(shut, depth)
	return pdf("Nested", []string{obj}, "/Nested 6 0 R ")
}

// encryptedPDF declares standard security-handler encryption in its trailer.
func encryptedPDF() []byte {
	enc := "<< /Filter /Standard /V 1 /R 2 /O (" + strings.Repeat("x", 32) + ") /U (" + strings.Repeat("y", 32) + ") /P -44 >>"
	return pdf("Secret", []string{enc}, "/Encrypt 6 0 R /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>] ")
}
