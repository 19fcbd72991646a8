package pdf

import "fmt"

// table lays out a table: a caption, a header row of TH cells with column scope,
// and body rows; columns share the width equally. A row never splits across pages;
// on a new page the header row is drawn again as an artefact, so it is read once.
func (l *layout) table(t Table) {
	e := child(l.root, "Table")
	cols := len(t.Header)
	for _, r := range t.Rows {
		cols = max(cols, len(r))
	}
	if cols == 0 {
		return
	}
	colW := (pageWidth - 2*margin) / float64(cols)
	if t.Caption != "" {
		l.lines(child(e, "Caption"), l.bold, bodySize, margin, pageWidth-2*margin, t.Caption)
		l.y -= 2
	}
	if len(t.Header) > 0 {
		tr := child(e, "TR")
		l.row(tr, t.Header, cols, colW, true, false)
	}
	for _, r := range t.Rows {
		if h := l.rowHeight(r, colW, l.regular); l.y-h < margin+20 {
			l.newPage()
			if len(t.Header) > 0 {
				l.row(nil, t.Header, cols, colW, true, true)
			}
		}
		l.row(child(e, "TR"), r, cols, colW, false, false)
	}
	l.y -= bodySize
}

func (l *layout) rowHeight(cells []string, colW float64, f *face) float64 {
	n := 1
	for _, c := range cells {
		n = max(n, len(wrap(f, bodySize, colW-2*cellPad, c)))
	}
	return float64(n)*bodySize*lineFactor + 2*cellPad
}

// row draws one row. With artifact set (a repeated header) nothing is tagged.
func (l *layout) row(tr *element, cells []string, cols int, colW float64, header, artifact bool) {
	f := l.regular
	if header {
		f = l.bold
	}
	h := l.rowHeight(cells, colW, f)
	if tr != nil && l.y-h < margin+20 {
		l.newPage()
	}
	top := l.y
	c := &l.cur().content
	for i := 0; i < cols; i++ {
		text := ""
		if i < len(cells) {
			text = cells[i]
		}
		x := margin + float64(i)*colW
		l.y = top - cellPad
		if artifact {
			c.WriteString("/Artifact BMC\n")
			lh := bodySize * lineFactor
			for _, line := range wrap(f, bodySize, colW-2*cellPad, text) {
				l.y -= lh
				l.text(f, bodySize, x+cellPad, l.y+bodySize*0.3, line)
			}
			c.WriteString("EMC\n")
			continue
		}
		tag := "TD"
		if header {
			tag = "TH"
		}
		cell := child(tr, tag)
		if header {
			cell.attrs = "/A << /O /Table /Scope /Column >>"
		}
		l.lines(cell, f, bodySize, x+cellPad, colW-2*cellPad, text)
	}
	l.y = top - h
	// Cell borders are decoration: an artefact.
	fmt.Fprintf(c, "/Artifact BMC\n0.6 G 0.5 w %.2f %.2f m %.2f %.2f l S\nEMC\n", margin, l.y, margin+float64(cols)*colW, l.y)
}
