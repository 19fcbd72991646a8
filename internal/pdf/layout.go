package pdf

import (
	"fmt"
	"strings"
)

// A4 in points, with the margins of a letter.
const (
	pageWidth  = 595.28
	pageHeight = 841.89
	margin     = 56.0
	bodySize   = 11.0
	lineFactor = 1.45
	cellPad    = 4.0
)

// page is one page being laid out: its content stream and how many marked-content
// sequences it has (their MCIDs are 0..mcids-1).
type page struct {
	content strings.Builder
	mcids   []*element // the structure element each MCID belongs to
}

// element is a node of the structure tree. Its kids are elements or marked
// content on a page (kidRef).
type element struct {
	tag    string
	attrs  string // extra dictionary entries, e.g. the scope of a header cell
	kids   []any
	parent *element
}

// kidRef is marked content: the MCID on a page.
type kidRef struct{ page, mcid int }

// layout places blocks on pages top to bottom and builds the structure tree.
type layout struct {
	regular, bold *face
	pages         []*page
	y             float64 // the baseline cursor on the current page
	root          *element
}

func newLayout() (*layout, error) {
	r, err := regularFace()
	if err != nil {
		return nil, err
	}
	b, err := boldFace()
	if err != nil {
		return nil, err
	}
	l := &layout{regular: r, bold: b, root: &element{tag: "Document"}}
	l.newPage()
	return l, nil
}

func (l *layout) newPage() {
	l.pages = append(l.pages, &page{})
	l.y = pageHeight - margin
}

func (l *layout) cur() *page { return l.pages[len(l.pages)-1] }

// need starts a new page unless h points fit above the bottom margin.
func (l *layout) need(h float64) {
	if l.y-h < margin+20 { // 20: room for the page number
		l.newPage()
	}
}

// child adds a structure element under parent.
func child(parent *element, tag string) *element {
	e := &element{tag: tag, parent: parent}
	parent.kids = append(parent.kids, e)
	return e
}

// mark opens marked content for e on the current page and returns the operators.
func (l *layout) mark(e *element) string {
	p := l.cur()
	mcid := len(p.mcids)
	p.mcids = append(p.mcids, e)
	e.kids = append(e.kids, kidRef{page: len(l.pages) - 1, mcid: mcid})
	return fmt.Sprintf("/%s <</MCID %d>> BDC\n", e.tag, mcid)
}

// text writes one line of text at x, y.
func (l *layout) text(f *face, size, x, y float64, s string) {
	font := "F1"
	if f == l.bold {
		font = "F2"
	}
	fmt.Fprintf(&l.cur().content, "BT /%s %.2f Tf %.2f %.2f Td %s Tj ET\n", font, size, x, y, f.encode(s))
}

// lines writes wrapped text for element e starting at x, moving the cursor down and
// continuing on new pages as needed.
func (l *layout) lines(e *element, f *face, size, x, width float64, text string) {
	lh := size * lineFactor
	open := false
	for _, line := range wrap(f, size, width, text) {
		if l.y-lh < margin+20 {
			if open {
				l.cur().content.WriteString("EMC\n")
				open = false
			}
			l.newPage()
		}
		if !open {
			l.cur().content.WriteString(l.mark(e))
			open = true
		}
		l.y -= lh
		l.text(f, size, x, l.y+size*0.3, line)
	}
	if open {
		l.cur().content.WriteString("EMC\n")
	}
}

func (l *layout) heading(h Heading) {
	level := min(max(h.Level, 1), 6)
	size := map[int]float64{1: 22, 2: 17, 3: 14}[level]
	if size == 0 {
		size = 12
	}
	l.y -= size * 0.6
	l.need(size * lineFactor * 2) // keep a heading with the line after it
	l.lines(child(l.root, fmt.Sprintf("H%d", level)), l.bold, size, margin, pageWidth-2*margin, h.Text)
	l.y -= size * 0.3
}

func (l *layout) paragraph(text string) {
	l.lines(child(l.root, "P"), l.regular, bodySize, margin, pageWidth-2*margin, text)
	l.y -= bodySize * 0.6
}

func (l *layout) list(ls List) {
	e := child(l.root, "L")
	if ls.Ordered {
		e.attrs = "/A << /O /List /ListNumbering /Decimal >>"
	} else {
		e.attrs = "/A << /O /List /ListNumbering /Disc >>"
	}
	indent := 18.0
	for i, item := range ls.Items {
		li := child(e, "LI")
		label := "•"
		if ls.Ordered {
			label = fmt.Sprintf("%d.", i+1)
		}
		l.need(bodySize * lineFactor)
		lbl := child(li, "Lbl")
		top := l.y
		l.lines(lbl, l.regular, bodySize, margin, indent, label)
		l.y = top
		l.lines(child(li, "LBody"), l.regular, bodySize, margin+indent, pageWidth-2*margin-indent, item)
		l.y -= bodySize * 0.3
	}
	l.y -= bodySize * 0.4
}

// wrap breaks text into lines no wider than width, at spaces; a word longer than a
// line is broken where it must be. Newlines in text always break.
func wrap(f *face, size, width float64, text string) []string {
	var out []string
	for _, para := range strings.Split(text, "\n") {
		line := ""
		for _, word := range strings.Fields(para) {
			try := word
			if line != "" {
				try = line + " " + word
			}
			if f.measure(try, size) <= width {
				line = try
				continue
			}
			if line != "" {
				out = append(out, line)
			}
			for f.measure(word, size) > width && len([]rune(word)) > 1 {
				rs := []rune(word)
				n := len(rs) - 1
				for n > 1 && f.measure(string(rs[:n]), size) > width {
					n--
				}
				out = append(out, string(rs[:n]))
				word = string(rs[n:])
			}
			line = word
		}
		out = append(out, line)
	}
	return out
}

// footers writes "Page n of N" on every page, marked as an artefact so that it is
// not read as part of the text.
func (l *layout) footers() {
	for i, p := range l.pages {
		s := fmt.Sprintf("Page %d of %d", i+1, len(l.pages))
		x := pageWidth - margin - l.regular.measure(s, 9)
		fmt.Fprintf(&p.content, "/Artifact <</Type /Pagination /Subtype /Footer>> BDC\nBT /F1 9 Tf %.2f %.2f Td %s Tj ET\nEMC\n", x, margin-10, l.regular.encode(s))
	}
}
