package disclosure

import (
	"github.com/scrutineer/scrutineer/internal/stats"
)

// member is one cell of a line: a count, whether it is a total (a complement is
// chosen among inner cells first), and the shared-margin key it is known by across
// tables ("" when it is the table's own).
type member struct {
	cell  *stats.Cell
	total bool
	key   string
}

// grid is a counts table seen as the lines that have a total.
type grid struct {
	lines   [][]member
	members []member // every member once
	// known are cells of a line whose total is 0: every reader knows they are 0,
	// so hiding one protects nothing.
	known map[*stats.Cell]bool
}

// newGrid lists t's lines: each row with its row total, each column with its column
// total, and the totals row and column with the grand total.
func newGrid(t *stats.Table) *grid {
	g := &grid{}
	universe := t.Unit + ":total"
	rowKey := func(code string) string {
		if t.RowMargin == "" {
			return ""
		}
		return t.RowMargin + ":" + code
	}
	colKey := func(code string) string {
		if t.ColMargin == "" {
			return ""
		}
		return t.ColMargin + ":" + code
	}
	grand := ""
	if t.RowMargin != "" || t.ColMargin != "" {
		grand = universe
	}
	// NOTE: a one-column table's cells are its row margin (a count per row), and
	// its one column total is the grand total.
	single := len(t.Columns) == 1 && !t.RowTotals
	for i := range t.Rows {
		row := &t.Rows[i]
		for j := range row.Cells {
			m := member{cell: &row.Cells[j]}
			if single {
				m.key = rowKey(row.Code)
			}
			g.members = append(g.members, m)
		}
		if t.RowTotals {
			g.members = append(g.members, member{cell: &row.Total, total: true, key: rowKey(row.Code)})
		}
	}
	if t.Totals != nil {
		for j := range t.Totals.Cells {
			key := colKey(t.Columns[j].Code)
			if single {
				key = grand
			}
			g.members = append(g.members, member{cell: &t.Totals.Cells[j], total: true, key: key})
		}
		g.members = append(g.members, member{cell: &t.Totals.Total, total: true, key: grand})
	}
	if t.RowTotals {
		for i := range t.Rows {
			line := make([]member, 0, len(t.Columns)+1)
			for j := range t.Rows[i].Cells {
				line = append(line, member{cell: &t.Rows[i].Cells[j]})
			}
			g.lines = append(g.lines, append(line, member{cell: &t.Rows[i].Total, total: true}))
		}
	}
	if t.Totals != nil {
		for j := range t.Columns {
			line := make([]member, 0, len(t.Rows)+1)
			for i := range t.Rows {
				line = append(line, member{cell: &t.Rows[i].Cells[j]})
			}
			g.lines = append(g.lines, append(line, member{cell: &t.Totals.Cells[j], total: true}))
		}
		if t.RowTotals {
			// NOTE: in these two lines the totals are the parts, so they are "inner".
			tr := make([]member, 0, len(t.Columns)+1)
			for j := range t.Totals.Cells {
				tr = append(tr, member{cell: &t.Totals.Cells[j]})
			}
			g.lines = append(g.lines, append(tr, member{cell: &t.Totals.Total, total: true}))
			tc := make([]member, 0, len(t.Rows)+1)
			for i := range t.Rows {
				tc = append(tc, member{cell: &t.Rows[i].Total})
			}
			g.lines = append(g.lines, append(tc, member{cell: &t.Totals.Total, total: true}))
		}
	}
	g.known = map[*stats.Cell]bool{}
	for _, line := range g.lines {
		if line[len(line)-1].cell.Value == 0 {
			for _, m := range line {
				g.known[m.cell] = true
			}
		}
	}
	return g
}

// secondary hides complements until every line has zero or at least two hidden
// members; it reports whether it hid anything.
func (g *grid) secondary() bool {
	changed := false
	for again := true; again; {
		again = false
		for _, line := range g.lines {
			hidden := 0
			for _, m := range line {
				if m.cell.Suppressed {
					hidden++
				}
			}
			if hidden != 1 {
				continue
			}
			if c := complement(line, g.known); c != nil {
				c.Suppressed = true
				again, changed = true, true
			}
		}
	}
	return changed
}

// complement chooses the cell to hide next to a line's one hidden cell: the
// smallest non-zero part, else a zero part, else the total, never a cell every
// reader knows is 0. A non-zero complement
// is preferred because a hidden zero beside a hidden 1 protects little.
func complement(line []member, known map[*stats.Cell]bool) *stats.Cell {
	var best *stats.Cell
	bestRank, bestValue := 4, 0.0
	for _, m := range line {
		if m.cell.Suppressed || known[m.cell] {
			continue
		}
		rank := 0
		switch {
		case m.total:
			rank = 2
		case m.cell.Value == 0:
			rank = 1
		}
		if best == nil || rank < bestRank || (rank == bestRank && m.cell.Value < bestValue) {
			best, bestRank, bestValue = m.cell, rank, m.cell.Value
		}
	}
	return best
}

// suppress applies primary suppression to every table, then secondary suppression
// within each and the shared-margin rule across them, until nothing changes.
func (r Rules) suppress(tables []*stats.Table) {
	grids := make([]*grid, 0, len(tables))
	for _, t := range tables {
		if t.Kind != stats.Counts {
			r.measures(t)
			continue
		}
		g := newGrid(t)
		for _, m := range g.members {
			if v := m.cell.Count(); v > 0 && v < r.Threshold {
				m.cell.Suppressed = true
			}
		}
		grids = append(grids, g)
	}
	for {
		for _, g := range grids {
			g.secondary()
		}
		hidden := map[string]bool{}
		for _, g := range grids {
			for _, m := range g.members {
				if m.key != "" && m.cell.Suppressed {
					hidden[m.key] = true
				}
			}
		}
		changed := false
		for _, g := range grids {
			for _, m := range g.members {
				if m.key != "" && hidden[m.key] && !m.cell.Suppressed {
					m.cell.Suppressed, changed = true, true
				}
			}
		}
		if changed {
			continue
		}
		if !extend(grids, determined(grids)) {
			return
		}
	}
}

// measures hides every measure of a row computed from fewer than Threshold cases
// (the row's first cell is its number of cases).
func (r Rules) measures(t *stats.Table) {
	for i := range t.Rows {
		cells := t.Rows[i].Cells
		if len(cells) == 0 {
			continue
		}
		if n := cells[0].Count(); n > 0 && n < r.Threshold {
			for j := range cells {
				cells[j].Suppressed = true
			}
		}
	}
}
