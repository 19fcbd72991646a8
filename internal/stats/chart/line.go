package chart

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/scrutineer/scrutineer/internal/stats"
)

// Line draws t over time: its rows are periods in order (years), one line per column
// plus, when the table has row totals, a line for the total. Lines differ in dash
// pattern and marker shape, and each is labelled at its end, so no colour key is
// needed. A suppressed or missing point breaks the line.
func Line(id string, t *stats.Table) string {
	type series struct {
		label  string
		values []stats.Cell
	}
	var ss []series
	for j, c := range t.Columns {
		s := series{label: c.Label}
		for _, r := range t.Rows {
			s.values = append(s.values, r.Cells[j])
		}
		ss = append(ss, s)
	}
	if t.RowTotals {
		s := series{label: "Total"}
		for _, r := range t.Rows {
			s.values = append(s.values, r.Total)
		}
		ss = append(ss, s)
	}
	max := 0.0
	var parts []string
	for _, s := range ss {
		var pts []string
		for i, v := range s.values {
			if x, ok := shown(v); ok && x > max {
				max = x
			}
			pts = append(pts, fmt.Sprintf("%s %s", t.Rows[i].Label, v.Text()))
		}
		parts = append(parts, fmt.Sprintf("%s: %s", s.label, strings.Join(pts, ", ")))
	}
	axis := max4(scale(max))
	const height, left, right, bottom = 300, 50, 170, 40
	plotW, plotH := float64(width-left-right), float64(height-top-bottom)
	x := func(i int) float64 {
		if len(t.Rows) == 1 {
			return left + plotW/2
		}
		return left + plotW*float64(i)/float64(len(t.Rows)-1)
	}
	y := func(v float64) float64 { return top + plotH*(1-v/axis) }
	sv := &svg{}
	sv.open(id, t.Title, describe(fmt.Sprintf("Line chart of %s by %s.", t.Unit, lower(t.RowHeading)), parts), height)
	step := tickStep(axis)
	for v := 0.0; v <= axis+1e-9; v += step {
		fmt.Fprintf(&sv.b, `<line x1="%d" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#d9d9d9"/>`, left, y(v), left+plotW, y(v))
		sv.text(left-6, y(v)+4, "end", "app_chart__axis", trim(v))
	}
	for i, r := range t.Rows {
		sv.text(x(i), height-bottom+20, "middle", "app_chart__axis", r.Label)
	}
	dashes := []string{"", "6 4", "2 3", "10 3 2 3", "1 0"}
	var ends []endLabel
	for k, s := range ss {
		var d strings.Builder
		pen := false
		lastX, lastY, last := 0.0, 0.0, false
		for i, v := range s.values {
			val, ok := shown(v)
			if !ok {
				pen = false
				continue
			}
			cmd := "L"
			if !pen {
				cmd = "M"
			}
			fmt.Fprintf(&d, "%s%.1f %.1f ", cmd, x(i), y(val))
			pen = true
			marker(sv, k, x(i), y(val))
			lastX, lastY, last = x(i), y(val), true
		}
		width := 2.0
		if s.label == "Total" {
			width = 3
		}
		if d.Len() > 0 {
			fmt.Fprintf(&sv.b, `<path d="%s" fill="none" stroke="#1a1a1a" stroke-width="%.0f" stroke-dasharray="%s"/>`, strings.TrimSpace(d.String()), width, dashes[k%len(dashes)])
		}
		if last {
			ends = append(ends, endLabel{x: lastX + 10, y: lastY + 4, text: clip(s.label, 22)})
		}
	}
	for _, e := range spread(ends, 15) {
		sv.text(e.x, e.y, "start", "app_chart__legend", e.text)
	}
	return sv.close()
}

// endLabel is a line's direct label at its last point.
type endLabel struct {
	x, y float64
	text string
}

// spread moves labels apart vertically so that none is nearer than gap to the
// next (lines that end at the same value would otherwise print over each other).
func spread(ls []endLabel, gap float64) []endLabel {
	slices.SortStableFunc(ls, func(a, b endLabel) int { return cmp.Compare(a.y, b.y) })
	for i := 1; i < len(ls); i++ {
		if ls[i].y < ls[i-1].y+gap {
			ls[i].y = ls[i-1].y + gap
		}
	}
	return ls
}

// max4 keeps an axis of counts at least 4, so its ticks are whole numbers.
func max4(axis float64) float64 {
	if axis < 4 {
		return 4
	}
	return axis
}

// tickStep is the distance between gridlines: a quarter, a fifth or a half of the
// axis, whichever is a whole number.
func tickStep(axis float64) float64 {
	for _, n := range []float64{4, 5, 2} {
		if s := axis / n; s == float64(int(s)) {
			return s
		}
	}
	return axis
}

// marker draws series k's point: circle, square, triangle, diamond in turn.
func marker(s *svg, k int, x, y float64) {
	switch k % 4 {
	case 0:
		fmt.Fprintf(&s.b, `<circle cx="%.1f" cy="%.1f" r="4" fill="#0065bd"/>`, x, y)
	case 1:
		fmt.Fprintf(&s.b, `<rect x="%.1f" y="%.1f" width="8" height="8" fill="#5e5e5e"/>`, x-4, y-4)
	case 2:
		fmt.Fprintf(&s.b, `<path d="M%.1f %.1fL%.1f %.1fL%.1f %.1fZ" fill="#1a1a1a"/>`, x, y-5, x+5, y+4, x-5, y+4)
	default:
		fmt.Fprintf(&s.b, `<path d="M%.1f %.1fL%.1f %.1fL%.1f %.1fL%.1f %.1fZ" fill="#ffffff" stroke="#1a1a1a"/>`, x, y-5, x+5, y, x, y+5, x-5, y)
	}
}

func trim(v float64) string {
	if v == float64(int(v)) {
		return fmt.Sprint(int(v))
	}
	return fmt.Sprintf("%.1f", v)
}
