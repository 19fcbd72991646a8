// Package chart draws statistics tables as SVG: bar, stacked bar and line charts the
// project generates itself (no script, no inline style, so they pass the content
// security policy and print). Every chart has a <title> and a <desc> that states its
// figures in words, role="img" with aria-labelledby, and fills that differ in
// pattern as well as shade, with direct labels, so it reads in greyscale and to a
// screen reader. The page always puts the data table beside it.
package chart

import (
	"fmt"
	"html"
	"math"
	"strings"

	"github.com/scrutineer/scrutineer/internal/stats"
)

// Geometry of every chart, in SVG user units (the chart scales to its container).
const (
	width      = 640
	labelWidth = 220 // room for row labels on bar charts
	barHeight  = 22
	barGap     = 10
	top        = 10
)

// fills are the series' fills: a shade and a pattern each, distinct in greyscale.
var fills = []struct{ colour, pattern string }{
	{"#0065bd", ""}, {"#5e5e5e", "hatch"}, {"#a6c8e8", "dots"}, {"#1a1a1a", "cross"},
	{"#8fb8de", "hatch"}, {"#b3b3b3", "dots"},
}

// svg collects the chart's elements.
type svg struct {
	b  strings.Builder
	id string
}

func esc(s string) string { return html.EscapeString(s) }

// open writes the root element, the title and the description, and pattern defs.
func (s *svg) open(id, title, desc string, height int) {
	s.id = id
	fmt.Fprintf(&s.b, `<svg xmlns="http://www.w3.org/2000/svg" class="app_chart__svg" viewBox="0 0 %d %d" role="img" aria-labelledby="%s-title %s-desc" focusable="false">`,
		width, height, esc(id), esc(id))
	fmt.Fprintf(&s.b, `<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, esc(id), esc(title), esc(id), esc(desc))
	s.b.WriteString("<defs>")
	for i, f := range fills {
		if f.pattern == "" {
			continue
		}
		fmt.Fprintf(&s.b, `<pattern id="%s-p%d" width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" fill="%s"/>`, esc(id), i, f.colour)
		switch f.pattern {
		case "hatch":
			s.b.WriteString(`<path d="M0 8L8 0M-2 2L2 -2M6 10L10 6" stroke="#ffffff" stroke-width="2"/>`)
		case "dots":
			s.b.WriteString(`<circle cx="4" cy="4" r="1.6" fill="#1a1a1a"/>`)
		case "cross":
			s.b.WriteString(`<path d="M0 0L8 8M8 0L0 8" stroke="#ffffff" stroke-width="1.5"/>`)
		}
		s.b.WriteString(`</pattern>`)
	}
	s.b.WriteString("</defs>")
}

// fill is the fill attribute of series i.
func (s *svg) fill(i int) string {
	f := fills[i%len(fills)]
	if f.pattern == "" {
		return f.colour
	}
	return fmt.Sprintf("url(#%s-p%d)", s.id, i%len(fills))
}

func (s *svg) text(x, y float64, anchor, class, t string) {
	fmt.Fprintf(&s.b, `<text x="%.1f" y="%.1f" text-anchor="%s" class="%s" font-size="13" fill="#1a1a1a">%s</text>`, x, y, anchor, class, esc(t))
}

func (s *svg) close() string { s.b.WriteString("</svg>"); return s.b.String() }

// scale is a round maximum for the axis: 1, 2 or 5 times a power of ten.
func scale(max float64) float64 {
	if max <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(max)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= max {
			return m * p
		}
	}
	return 10 * p
}

// shown is a cell's value for drawing and whether it may be drawn.
func shown(c stats.Cell) (float64, bool) { return c.Value, !c.Suppressed && !c.Missing }

// describe lists the figures in words, for the <desc>.
func describe(intro string, parts []string) string {
	if len(parts) == 0 {
		return intro + " There are no figures for this period."
	}
	return intro + " " + strings.Join(parts, "; ") + "."
}
