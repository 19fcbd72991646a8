// Package disclosure applies statistical disclosure control to stats tables before
// they leave the regulator (docs/decisions/0120-statistics-and-disclosure-control.md):
//
//   - primary suppression: a count c with 0 < c < Threshold is shown as "[c]";
//   - secondary suppression: every line of a table that has a total (a row with its
//     row total, a column with its column total, the totals row and column) has
//     either no hidden member or at least two, so no hidden count is the difference
//     between a total and the other cells; the complementary cell is the smallest
//     non-zero cell of the line, and the rule is applied until nothing changes;
//   - shared margins: tables that carry the same margin (every decision table has
//     the totals row "reviews by decision") hide the same cells of it, again until
//     nothing changes, so comparing two tables recovers nothing either;
//   - rounding (optional): counts shown are rounded to the nearest multiple of RoundTo.
//
// Measures (medians, quartiles) computed from fewer than Threshold cases are hidden.
package disclosure

import (
	"fmt"
	"math"

	"github.com/scrutineer/scrutineer/internal/stats"
)

// Rules are the disclosure control settings.
type Rules struct {
	// Threshold is the smallest count shown; counts from 1 to Threshold-1 are
	// suppressed. 0 or 1 turns suppression off.
	Threshold int
	// RoundTo rounds every count shown to the nearest multiple (halves up); 0 or 1
	// leaves counts exact.
	RoundTo int
}

// DefaultThreshold is the smallest count the regulator publishes.
const DefaultThreshold = 5

// Public are the rules for everything published: counts below 5 suppressed, exact
// otherwise (rounding is configurable on top).
func Public() Rules { return Rules{Threshold: DefaultThreshold} }

// None are the rules for regulator staff: every figure exact.
func None() Rules { return Rules{} }

// Validate reports whether the rules make sense: a threshold that is a multiple of
// the rounding base, so that no rounded count falls below the threshold.
func (r Rules) Validate() error {
	switch {
	case r.Threshold < 0 || r.RoundTo < 0:
		return fmt.Errorf("disclosure: threshold and rounding base cannot be negative")
	case r.Threshold > 1 && r.RoundTo > 1 && r.Threshold%r.RoundTo != 0:
		return fmt.Errorf("disclosure: the threshold (%d) must be a multiple of the rounding base (%d)", r.Threshold, r.RoundTo)
	}
	return nil
}

// round rounds a count to the nearest multiple of RoundTo (halves up). NOTE: with
// rules that do not Validate, a shown count would round below the threshold; it is
// shown as the threshold instead, so public output never shows a small count.
func (r Rules) round(v float64) float64 {
	out := float64(r.RoundTo) * math.Floor(v/float64(r.RoundTo)+0.5)
	if v > 0 && r.Threshold > 1 && out < float64(r.Threshold) {
		out = float64(r.Threshold)
	}
	return out
}

// Active reports whether the rules change anything.
func (r Rules) Active() bool { return r.Threshold > 1 || r.RoundTo > 1 }

// Describe says in plain English what the rules do, for metadata sheets and notes.
func (r Rules) Describe() string {
	if !r.Active() {
		return "No disclosure control: exact figures for regulator staff only. Do not publish."
	}
	s := ""
	if r.Threshold > 1 {
		s = fmt.Sprintf("Counts from 1 to %d are shown as [c], and further cells are hidden as [c] so that none of them can be "+
			"worked out from the totals or from other tables.", r.Threshold-1)
	}
	if r.RoundTo > 1 {
		if s != "" {
			s += " "
		}
		s += fmt.Sprintf("Counts are rounded to the nearest %d, so totals may not equal the sum of their parts.", r.RoundTo)
	}
	return s
}

// Protect returns a copy of rep with the rules applied to every table; rep itself is
// not changed.
func (r Rules) Protect(rep *stats.Report) *stats.Report {
	out := *rep
	out.Tables = r.ProtectTables(rep.Tables)
	if r.Active() {
		out.Protection = r.Describe()
	}
	return &out
}

// ProtectTables returns protected copies of tables, treating them as one
// publication: shared margins are hidden alike across all of them.
func (r Rules) ProtectTables(tables []*stats.Table) []*stats.Table {
	out := make([]*stats.Table, len(tables))
	for i, t := range tables {
		out[i] = t.Clone()
	}
	if r.Threshold > 1 {
		r.suppress(out)
	}
	for _, t := range out {
		mirrorSingle(t)
		for _, c := range cells(t) {
			if c.Suppressed {
				c.Value = 0 // NOTE: a hidden value never leaves the package, not even in JSON.
			} else if r.RoundTo > 1 && countCell(t, c) && !c.Missing {
				c.Value = r.round(c.Value)
			}
		}
	}
	return out
}

// countCell reports whether c holds a count (every cell of a counts table; the
// number of cases of a measures table).
func countCell(t *stats.Table, c *stats.Cell) bool {
	if t.Kind == stats.Counts {
		return true
	}
	for i := range t.Rows {
		if len(t.Rows[i].Cells) > 0 && &t.Rows[i].Cells[0] == c {
			return true
		}
	}
	return false
}

// cells lists pointers to every cell of t, totals included.
func cells(t *stats.Table) []*stats.Cell {
	var out []*stats.Cell
	add := func(row *stats.Row) {
		for j := range row.Cells {
			out = append(out, &row.Cells[j])
		}
		out = append(out, &row.Total)
	}
	for i := range t.Rows {
		add(&t.Rows[i])
	}
	if t.Totals != nil {
		add(t.Totals)
	}
	return out
}

// mirrorSingle makes a one-column table's (unshown) row totals and grand total
// equal to the cells they repeat, so that a hidden cell is hidden everywhere it
// appears, JSON included.
func mirrorSingle(t *stats.Table) {
	if len(t.Columns) != 1 || t.RowTotals {
		return
	}
	for i := range t.Rows {
		t.Rows[i].Total = t.Rows[i].Cells[0]
	}
	if t.Totals != nil {
		t.Totals.Total = t.Totals.Cells[0]
	}
}
