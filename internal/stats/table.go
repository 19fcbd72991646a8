package stats

import (
	"math"
	"strconv"
)

// Kind says what a table's cells hold.
type Kind string

// Counts tables hold whole numbers with totals; measures tables hold summary values
// (medians, quartiles, shares) that do not add up.
const (
	Counts   Kind = "counts"
	Measures Kind = "measures"
)

// Heading is one row or column heading: a stable code (published in open data) and
// the words shown.
type Heading struct {
	Code  string `json:"code"`
	Label string `json:"label"`
}

// Cell is one value of a table.
type Cell struct {
	// Value is the count (a whole number in a counts table) or the measure.
	Value float64 `json:"value"`
	// Missing marks a measure that cannot be computed (no cases): shown as "..".
	Missing bool `json:"missing,omitempty"`
	// Suppressed marks a value hidden by disclosure control: shown as "[c]". Value is
	// zeroed when a table is protected, so a suppressed value never leaves the package.
	Suppressed bool `json:"suppressed,omitempty"`
}

// Count returns the cell's value as a whole number.
func (c Cell) Count() int { return int(math.Round(c.Value)) }

// Text is the cell as published: "[c]" when suppressed, ".." when missing, otherwise
// the number (measures to one decimal place when not whole).
func (c Cell) Text() string {
	switch {
	case c.Suppressed:
		return "[c]"
	case c.Missing:
		return ".."
	case c.Value == math.Trunc(c.Value):
		return strconv.FormatFloat(c.Value, 'f', 0, 64)
	}
	return strconv.FormatFloat(c.Value, 'f', 1, 64)
}

// Row is one row of a table: its heading, a cell per column and its total.
type Row struct {
	Heading
	Cells []Cell `json:"cells"`
	// Total is the sum of Cells; meaningful only when the table's RowTotals is set.
	Total Cell `json:"total"`
}

// Table is one statistical table in the neutral model every output reads.
type Table struct {
	// ID is the table's stable name, used in download addresses ("by-year").
	ID          string `json:"id"`
	Title       string `json:"title"`
	Description string `json:"description"`
	Kind        Kind   `json:"kind"`
	// Unit says what is counted: "reviews", "recommendations", "actions", "days".
	Unit string `json:"unit"`
	// RowHeading heads the column of row labels ("Committee type").
	RowHeading string    `json:"row_heading"`
	Columns    []Heading `json:"columns"`
	Rows       []Row     `json:"rows"`
	// RowTotals says whether each row's Total is shown (the rows' cells add up).
	RowTotals bool `json:"row_totals"`
	// Totals is the totals row (column sums and the grand total in Total); nil when
	// the rows do not add up (a review may have several themes).
	Totals *Row `json:"totals,omitempty"`
	// RowMargin and ColMargin name the margins this table shares with others: two
	// tables with the same ColMargin have the same totals row, so disclosure control
	// must hide the same cells of it in both ("reviews:decision"). Empty when the
	// margin is this table's own.
	RowMargin string `json:"-"`
	ColMargin string `json:"-"`
	// Notes are sentences printed under the table (how to read it, caveats).
	Notes []string `json:"notes,omitempty"`
}

// Clone returns a deep copy of t, for disclosure control to change.
func (t *Table) Clone() *Table {
	c := *t
	c.Columns = append([]Heading(nil), t.Columns...)
	c.Notes = append([]string(nil), t.Notes...)
	c.Rows = make([]Row, len(t.Rows))
	for i, r := range t.Rows {
		c.Rows[i] = r
		c.Rows[i].Cells = append([]Cell(nil), r.Cells...)
	}
	if t.Totals != nil {
		tot := *t.Totals
		tot.Cells = append([]Cell(nil), t.Totals.Cells...)
		c.Totals = &tot
	}
	return &c
}

// Row returns the row with code, or nil.
func (t *Table) Row(code string) *Row {
	for i := range t.Rows {
		if t.Rows[i].Code == code {
			return &t.Rows[i]
		}
	}
	return nil
}

// Column returns the index of the column with code, or -1.
func (t *Table) Column(code string) int {
	for i, h := range t.Columns {
		if h.Code == code {
			return i
		}
	}
	return -1
}

// counter builds a counts table: add one for each (row, column) observed.
type counter struct {
	t    *Table
	rows map[string]int
}

// newCounts starts a counts table with fixed columns and, in order, the rows given
// (more rows are added as they are first seen).
func newCounts(t Table, rows []Heading) *counter {
	t.Kind = Counts
	c := &counter{t: &t, rows: map[string]int{}}
	for _, h := range rows {
		c.row(h)
	}
	return c
}

func (c *counter) row(h Heading) int {
	if i, ok := c.rows[h.Code]; ok {
		return i
	}
	c.rows[h.Code] = len(c.t.Rows)
	c.t.Rows = append(c.t.Rows, Row{Heading: h, Cells: make([]Cell, len(c.t.Columns))})
	return c.rows[h.Code]
}

// add counts one observation in row h, column code (ignored when the column is not
// one of the table's).
func (c *counter) add(h Heading, col string) { c.addN(h, col, 1) }

// addN counts n observations.
func (c *counter) addN(h Heading, col string, n int) {
	j := c.t.Column(col)
	if j < 0 {
		return
	}
	c.t.Rows[c.row(h)].Cells[j].Value += float64(n)
}

// done computes the row totals and, when withTotals, the totals row.
func (c *counter) done(withTotals bool) *Table {
	t := c.t
	// NOTE: a one-column table's row total would repeat its only cell.
	t.RowTotals = len(t.Columns) > 1
	var tot Row
	if withTotals {
		tot = Row{Heading: Heading{Code: "total", Label: "Total"}, Cells: make([]Cell, len(t.Columns))}
	}
	for i := range t.Rows {
		sum := 0.0
		for j, cell := range t.Rows[i].Cells {
			sum += cell.Value
			if withTotals {
				tot.Cells[j].Value += cell.Value
			}
		}
		t.Rows[i].Total = Cell{Value: sum}
		tot.Total.Value += sum
	}
	if withTotals {
		t.Totals = &tot
	}
	return t
}

// MarshalJSON writes a cell as {"value": n}, {"suppressed": true} or
// {"missing": true}: a hidden cell carries no number at all.
func (c Cell) MarshalJSON() ([]byte, error) {
	switch {
	case c.Suppressed:
		return []byte(`{"suppressed":true}`), nil
	case c.Missing:
		return []byte(`{"missing":true}`), nil
	}
	return []byte(`{"value":` + strconv.FormatFloat(c.Value, 'f', -1, 64) + `}`), nil
}
