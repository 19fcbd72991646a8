package chart_test

import (
	"encoding/xml"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer/internal/stats"
	"github.com/scrutineer/scrutineer/internal/stats/chart"
)

func sample() *stats.Table {
	return &stats.Table{ID: "by-year", Title: "Decisions by year", Unit: "reviews", RowHeading: "Year", Kind: stats.Counts, RowTotals: true,
		Columns: []stats.Heading{{Code: "full", Label: "Full review"}, {Code: "alt", Label: "Alternative & other"}},
		Rows: []stats.Row{
			{Heading: stats.Heading{Code: "2023", Label: "2023-24"}, Cells: []stats.Cell{{Value: 12}, {Value: 8}}, Total: stats.Cell{Value: 20}},
			{Heading: stats.Heading{Code: "2024", Label: "2024-25"}, Cells: []stats.Cell{{Suppressed: true}, {Value: 9}}, Total: stats.Cell{Value: 11}},
		}}
}

// node is a generic XML element for inspecting the SVG.
type node struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Text    string     `xml:",chardata"`
	Nodes   []node     `xml:",any"`
}

func (n node) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func (n node) all(name string) []node {
	var out []node
	for _, c := range n.Nodes {
		if c.XMLName.Local == name {
			out = append(out, c)
		}
		out = append(out, c.all(name)...)
	}
	return out
}

func TestChartsAreAccessibleSVG(t *testing.T) {
	for name, draw := range map[string]func(string, *stats.Table) string{"bar": chart.Bar, "stacked": chart.StackedBar, "line": chart.Line} {
		t.Run(name, func(t *testing.T) {
			out := draw("c1", sample())
			var root node
			if err := xml.Unmarshal([]byte(out), &root); err != nil {
				t.Fatalf("not well-formed XML: %v\n%s", err, out)
			}
			if root.XMLName.Local != "svg" || root.attr("role") != "img" || root.attr("aria-labelledby") != "c1-title c1-desc" {
				t.Errorf("root %s role=%q aria-labelledby=%q", root.XMLName.Local, root.attr("role"), root.attr("aria-labelledby"))
			}
			titles, descs := root.all("title"), root.all("desc")
			if len(titles) != 1 || titles[0].attr("id") != "c1-title" || titles[0].Text != "Decisions by year" {
				t.Errorf("title = %+v", titles)
			}
			if len(descs) != 1 || !strings.Contains(descs[0].Text, "2023-24") || (name != "bar" && !strings.Contains(descs[0].Text, "[c]")) {
				t.Errorf("desc does not state the figures: %+v", descs)
			}
			if strings.Contains(out, "style=") || strings.Contains(out, "<style") || strings.Contains(out, "<script") {
				t.Error("the chart uses inline style or script, which the content security policy blocks")
			}
			if !strings.Contains(out, "Alternative &amp; other") && name != "bar" {
				t.Error("labels are not escaped or not shown")
			}
		})
	}
}

func TestBarLeavesSuppressedOut(t *testing.T) {
	tab := sample()
	tab.Rows[1].Total = stats.Cell{Suppressed: true}
	var root node
	if err := xml.Unmarshal([]byte(chart.Bar("b", tab)), &root); err != nil {
		t.Fatal(err)
	}
	bars := 0
	for _, r := range root.all("rect") {
		if r.attr("height") == "22" {
			bars++
		}
	}
	if n := bars; n != 1 {
		t.Errorf("%d bars, want 1 (no bar for the suppressed total)", n)
	}
	var texts []string
	for _, n := range root.all("text") {
		texts = append(texts, n.Text)
	}
	if !strings.Contains(strings.Join(texts, "|"), "[c]") {
		t.Errorf("the suppressed bar is not labelled [c]: %v", texts)
	}
}

func TestStackedPatternsDiffer(t *testing.T) {
	out := chart.StackedBar("s", sample())
	if !strings.Contains(out, `fill="url(#s-p1)"`) || strings.Count(out, "<pattern") < 2 {
		t.Error("series are not told apart by pattern")
	}
}
