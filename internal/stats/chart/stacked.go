package chart

import (
	"fmt"
	"strings"

	"github.com/scrutineer/scrutineer/internal/stats"
)

// StackedBar draws one horizontal bar per row of t, split into a segment per column,
// each column with its own shade and pattern and a legend; segments of 5% or more of
// the axis carry their value. Suppressed segments are left out and said so in the
// description (the bar then falls short of the row total, which is printed at its end).
func StackedBar(id string, t *stats.Table) string {
	max := 0.0
	var parts []string
	for _, r := range t.Rows {
		sum := 0.0
		var cells []string
		for j, c := range r.Cells {
			if v, ok := shown(c); ok {
				sum += v
			}
			cells = append(cells, fmt.Sprintf("%s %s", t.Columns[j].Label, c.Text()))
		}
		if x, ok := shown(r.Total); ok && t.RowTotals && x > sum {
			sum = x
		}
		if sum > max {
			max = sum
		}
		parts = append(parts, fmt.Sprintf("%s: %s", r.Label, strings.Join(cells, ", ")))
	}
	axis := scale(max)
	legendRows := (len(t.Columns) + 3) / 3
	height := top*2 + len(t.Rows)*(barHeight+barGap) + legendRows*24 + 10
	s := &svg{}
	s.open(id, t.Title, describe(fmt.Sprintf("Stacked bar chart of %s by %s, split by %s.", t.Unit, lower(t.RowHeading), columnNoun(t)), parts), height)
	plot := float64(width - labelWidth - 60)
	hidden := false
	for i, r := range t.Rows {
		y := float64(top + i*(barHeight+barGap))
		s.text(labelWidth-8, y+barHeight*0.7, "end", "app_chart__label", clip(r.Label, 30))
		x := float64(labelWidth)
		for j, c := range r.Cells {
			v, ok := shown(c)
			if !ok || v == 0 {
				continue
			}
			w := plot * v / axis
			fmt.Fprintf(&s.b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%d" fill="%s" stroke="#1a1a1a" stroke-width="0.5"/>`, x, y, w, barHeight, s.fill(j))
			if v/axis >= 0.05 {
				// A white box under the number keeps it legible on any fill.
				fmt.Fprintf(&s.b, `<rect x="%.1f" y="%.1f" width="%d" height="14" fill="#ffffff"/>`, x+w/2-10, y+4, 20)
				s.text(x+w/2, y+barHeight*0.65, "middle", "app_chart__value", c.Text())
			}
			x += w
		}
		if t.RowTotals {
			// The hidden segments together are the total less the shown ones (which the
			// table gives away anyway): drawn as one plain segment so the bar is whole.
			if tot, ok := shown(r.Total); ok && tot > drawn(r) {
				w := plot * (tot - drawn(r)) / axis
				fmt.Fprintf(&s.b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%d" fill="#ffffff" stroke="#1a1a1a" stroke-width="1" stroke-dasharray="3 2"/>`, x, y, w, barHeight)
				x += w
				hidden = true
			}
			s.text(x+6, y+barHeight*0.7, "start", "app_chart__value", r.Total.Text())
		}
	}
	ly := top + len(t.Rows)*(barHeight+barGap) + 10
	for j, h := range t.Columns {
		lx := labelWidth + (j%3)*140
		yy := ly + (j/3)*24
		fmt.Fprintf(&s.b, `<rect x="%d" y="%d" width="16" height="16" fill="%s" stroke="#1a1a1a" stroke-width="0.5"/>`, lx, yy, s.fill(j))
		s.text(float64(lx+22), float64(yy+13), "start", "app_chart__legend", clip(h.Label, 18))
	}
	if hidden {
		j := len(t.Columns)
		lx, yy := labelWidth+(j%3)*140, ly+(j/3)*24
		fmt.Fprintf(&s.b, `<rect x="%d" y="%d" width="16" height="16" fill="#ffffff" stroke="#1a1a1a" stroke-width="1" stroke-dasharray="3 2"/>`, lx, yy)
		s.text(float64(lx+22), float64(yy+13), "start", "app_chart__legend", "Hidden [c]")
	}
	return s.close()
}

// drawn is the sum of the row's shown cells.
func drawn(r stats.Row) float64 {
	sum := 0.0
	for _, c := range r.Cells {
		if v, ok := shown(c); ok {
			sum += v
		}
	}
	return sum
}

// columnNoun says what the columns are, for the description.
func columnNoun(t *stats.Table) string {
	var ls []string
	for _, c := range t.Columns {
		ls = append(ls, lower(c.Label))
	}
	return strings.Join(ls, ", ")
}
