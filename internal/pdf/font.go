package pdf

import (
	"fmt"
	"sort"
	"strings"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// face is one embedded TrueType font: the Go fonts, whose licence allows embedding
// and which cover Latin text with typographic quotes, dashes and the pound sign.
// Text is written as two-byte glyph ids (Identity-H), so any character the font
// has can be shown; the ToUnicode map lets readers and screen readers recover the
// text. The whole font is embedded: subsetting would save about 100 KB a file at
// the cost of a TrueType rewriter of our own.
type face struct {
	name  string // the PostScript name given to the PDF
	data  []byte
	font  *sfnt.Font
	upem  fixed.Int26_6
	buf   sfnt.Buffer
	used  map[sfnt.GlyphIndex]rune // glyphs shown, with the character each shows
	width map[sfnt.GlyphIndex]int  // advance in thousandths of the font size
}

func newFace(name string, data []byte) (*face, error) {
	f, err := sfnt.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("pdf: parse font %s: %w", name, err)
	}
	return &face{name: name, data: data, font: f, upem: fixed.I(int(f.UnitsPerEm())),
		used: map[sfnt.GlyphIndex]rune{}, width: map[sfnt.GlyphIndex]int{}}, nil
}

func regularFace() (*face, error) { return newFace("GoRegular", goregular.TTF) }
func boldFace() (*face, error)    { return newFace("GoBold", gobold.TTF) }

// glyph returns the glyph for r and its advance in thousandths of the font size.
// Characters the font lacks show as a question mark rather than vanishing.
func (f *face) glyph(r rune) (sfnt.GlyphIndex, int) {
	g, err := f.font.GlyphIndex(&f.buf, r)
	if err != nil || g == 0 {
		r = '?'
		g, _ = f.font.GlyphIndex(&f.buf, r)
	}
	if w, ok := f.width[g]; ok {
		return g, w
	}
	adv, err := f.font.GlyphAdvance(&f.buf, g, f.upem, font.HintingNone)
	w := 0
	if err == nil {
		w = int(adv) * 1000 / int(f.upem)
	}
	f.width[g] = w
	return g, w
}

// measure returns the width of s at size points.
func (f *face) measure(s string, size float64) float64 {
	total := 0
	for _, r := range s {
		_, w := f.glyph(r)
		total += w
	}
	return float64(total) * size / 1000
}

// encode returns s as a PDF hex string of glyph ids and records the glyphs used.
func (f *face) encode(s string) string {
	var b strings.Builder
	b.WriteByte('<')
	for _, r := range s {
		g, _ := f.glyph(r)
		if _, ok := f.used[g]; !ok {
			f.used[g] = r
		}
		fmt.Fprintf(&b, "%04X", uint16(g))
	}
	b.WriteByte('>')
	return b.String()
}

// usedGlyphs returns the glyphs shown, in order.
func (f *face) usedGlyphs() []sfnt.GlyphIndex {
	gs := make([]sfnt.GlyphIndex, 0, len(f.used))
	for g := range f.used {
		gs = append(gs, g)
	}
	sort.Slice(gs, func(i, j int) bool { return gs[i] < gs[j] })
	return gs
}

// widths is the CIDFont /W array for the glyphs used.
func (f *face) widths() string {
	var b strings.Builder
	b.WriteByte('[')
	for _, g := range f.usedGlyphs() {
		fmt.Fprintf(&b, "%d [%d] ", g, f.width[g])
	}
	b.WriteByte(']')
	return b.String()
}

// toUnicode is the CMap that maps each glyph shown back to its character.
func (f *face) toUnicode() string {
	var b strings.Builder
	b.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n")
	b.WriteString("/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n")
	b.WriteString("/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n")
	b.WriteString("1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	gs := f.usedGlyphs()
	for start := 0; start < len(gs); start += 100 {
		end := min(start+100, len(gs))
		fmt.Fprintf(&b, "%d beginbfchar\n", end-start)
		for _, g := range gs[start:end] {
			fmt.Fprintf(&b, "<%04X> <%s>\n", uint16(g), utf16Hex(f.used[g]))
		}
		b.WriteString("endbfchar\n")
	}
	b.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n")
	return b.String()
}

// utf16Hex writes r as UTF-16BE hex, with a surrogate pair outside the BMP.
func utf16Hex(r rune) string {
	if r < 0x10000 {
		return fmt.Sprintf("%04X", r)
	}
	r -= 0x10000
	return fmt.Sprintf("%04X%04X", 0xD800+(r>>10), 0xDC00+(r&0x3FF))
}
