package chart

import (
	"fmt"

	"github.com/scrutineer/scrutineer/internal/stats"
)

// Bar draws one horizontal bar per row of t for its total (or its only column),
// each labelled with its value; a suppressed value gets no bar and the label "[c]".
// id must be unique on the page.
func Bar(id string, t *stats.Table) string {
	values := make([]stats.Cell, len(t.Rows))
	for i, r := range t.Rows {
		values[i] = rowValue(t, r)
	}
	max := 0.0
	var parts []string
	for i, v := range values {
		if x, ok := shown(v); ok && x > max {
			max = x
		}
		parts = append(parts, fmt.Sprintf("%s %s", t.Rows[i].Label, v.Text()))
	}
	axis := scale(max)
	height := top*2 + len(t.Rows)*(barHeight+barGap)
	s := &svg{}
	s.open(id, t.Title, describe(fmt.Sprintf("Bar chart of %s by %s.", t.Unit, lower(t.RowHeading)), parts), height)
	plot := float64(width - labelWidth - 60)
	for i, r := range t.Rows {
		y := float64(top + i*(barHeight+barGap))
		s.text(labelWidth-8, y+barHeight*0.7, "end", "app_chart__label", clip(r.Label, 30))
		x, ok := shown(values[i])
		w := 0.0
		if ok {
			w = plot * x / axis
			fmt.Fprintf(&s.b, `<rect x="%d" y="%.1f" width="%.1f" height="%d" fill="%s" stroke="#1a1a1a" stroke-width="0.5"/>`, labelWidth, y, w, barHeight, s.fill(0))
		}
		s.text(float64(labelWidth)+w+6, y+barHeight*0.7, "start", "app_chart__value", values[i].Text())
	}
	fmt.Fprintf(&s.b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#1a1a1a"/>`, labelWidth, top/2, labelWidth, height-top/2)
	return s.close()
}

// rowValue is what a one-number-per-row chart shows: the row total, or the only cell.
func rowValue(t *stats.Table, r stats.Row) stats.Cell {
	if t.RowTotals {
		return r.Total
	}
	if len(r.Cells) > 0 {
		return r.Cells[0]
	}
	return stats.Cell{Missing: true}
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func lower(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	if len(r) > 1 && r[1] >= 'a' && r[1] <= 'z' && r[0] >= 'A' && r[0] <= 'Z' {
		r[0] += 'a' - 'A'
	}
	return string(r)
}
