// Package export writes statistics tables as open data: CSV (the table alone),
// and ODS and XLSX workbooks with the table and a metadata sheet (source, period,
// date produced, disclosure control). The workbooks are written directly with
// archive/zip and XML (a few hundred lines of the project's own, no dependency):
// the parts every reader needs and nothing else.
package export

import (
	"encoding/csv"
	"io"
	"strings"

	"github.com/scrutineer/scrutineer/internal/stats"
)

// Meta describes where a table comes from, for the metadata sheet.
type Meta struct {
	Source     string // "Scrutineer national learning review repository"
	Publisher  string
	Period     string // the period's label and dates
	Produced   string // when the figures were read, "26 November 2026 at 09:00"
	Protection string // the disclosure control applied, in words
	Contact    string
}

// Formats are the download formats, by file extension.
var Formats = map[string]string{
	"csv":  "text/csv; charset=utf-8",
	"ods":  "application/vnd.oasis.opendocument.spreadsheet",
	"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

// Write writes t in format ("csv", "ods" or "xlsx").
func Write(w io.Writer, format string, t *stats.Table, m Meta) error {
	switch format {
	case "ods":
		return ODS(w, t, m)
	case "xlsx":
		return XLSX(w, t, m)
	}
	return CSV(w, t)
}

// value is one spreadsheet cell: a number, or text ("[c]", "..", headings).
type value struct {
	text   string
	num    float64
	isNum  bool
	header bool
}

// grid lays t out as the downloads show it: a heading row, a row per row, the
// totals row; hidden and missing values as their symbols, never as numbers.
func grid(t *stats.Table) [][]value {
	head := []value{{text: t.RowHeading, header: true}}
	for _, c := range t.Columns {
		head = append(head, value{text: c.Label, header: true})
	}
	if t.RowTotals {
		head = append(head, value{text: "Total", header: true})
	}
	out := [][]value{head}
	cell := func(c stats.Cell) value {
		if c.Suppressed || c.Missing {
			return value{text: c.Text()}
		}
		return value{num: c.Value, isNum: true, text: c.Text()}
	}
	line := func(r stats.Row, header bool) {
		l := []value{{text: r.Label, header: header}}
		for _, c := range r.Cells {
			l = append(l, cell(c))
		}
		if t.RowTotals {
			l = append(l, cell(r.Total))
		}
		out = append(out, l)
	}
	for _, r := range t.Rows {
		line(r, false)
	}
	if t.Totals != nil {
		line(*t.Totals, true)
	}
	return out
}

// metadata is the metadata sheet's rows: a label and a value each.
func metadata(t *stats.Table, m Meta) [][]value {
	rows := [][2]string{
		{"Title", t.Title},
		{"Description", t.Description},
		{"Source", m.Source},
		{"Publisher", m.Publisher},
		{"Period", m.Period},
		{"Date produced", m.Produced},
		{"Unit", t.Unit},
		{"Disclosure control", m.Protection},
		{"Symbols", "[c] a figure hidden to protect confidentiality; .. not available (no cases)"},
		{"Contact", m.Contact},
	}
	if len(t.Notes) > 0 {
		rows = append(rows, [2]string{"Notes", strings.Join(t.Notes, " ")})
	}
	var out [][]value
	for _, r := range rows {
		if r[1] == "" {
			continue
		}
		out = append(out, []value{{text: r[0], header: true}, {text: r[1]}})
	}
	return out
}

// CSV writes the table alone: a heading row and a row per row, totals last.
func CSV(w io.Writer, t *stats.Table) error {
	cw := csv.NewWriter(w)
	for _, l := range grid(t) {
		rec := make([]string, len(l))
		for i, v := range l {
			rec[i] = csvSafe(v.text)
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvSafe stops a spreadsheet reading a label as a formula (CSV injection).
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// sheetName is a worksheet name that every spreadsheet accepts (31 characters, no
// []:*?/\).
func sheetName(s string) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return ' '
		}
		return r
	}, s)
	if r := []rune(s); len(r) > 31 {
		s = string(r[:31])
	}
	return s
}
