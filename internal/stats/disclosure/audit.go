package disclosure

import (
	"math"

	"github.com/scrutineer/scrutineer/internal/stats"
)

// The audit: "at least two hidden cells in every line" is not enough on its own. In
// a table a hidden cell can still be the difference of several lines (four hidden
// cells at the corners of a rectangle plus one more in a row is the textbook case).
// So after the line rule the whole publication is written as equations (every line
// adds up; a shared margin is one number) and solved; any hidden count the
// equations fix gets another complement in one of its lines, and the rules run
// again, until no hidden count is fixed.

// unknowns gives each hidden count one variable: cells that show the same shared
// margin are one number.
type unknowns struct {
	index map[any]int
	n     int
}

func (u *unknowns) id(cell *stats.Cell, key map[*stats.Cell]string) any {
	if k := key[cell]; k != "" {
		return k
	}
	return cell
}

// determined returns the hidden cells whose value the published lines fix.
func determined(grids []*grid) []*stats.Cell {
	key := map[*stats.Cell]string{}
	for _, g := range grids {
		for _, m := range g.members {
			if m.key != "" {
				key[m.cell] = m.key
			}
		}
	}
	u := &unknowns{index: map[any]int{}}
	cellsOf := map[int][]*stats.Cell{}
	for _, g := range grids {
		for _, m := range g.members {
			if !m.cell.Suppressed {
				continue
			}
			id := u.id(m.cell, key)
			if _, ok := u.index[id]; !ok {
				u.index[id] = u.n
				u.n++
			}
			cellsOf[u.index[id]] = append(cellsOf[u.index[id]], m.cell)
		}
	}
	if u.n == 0 {
		return nil
	}
	var rows [][]float64
	for _, g := range grids {
		for _, line := range g.lines {
			row := make([]float64, u.n+1)
			seen := false
			for k, m := range line {
				sign := 1.0
				if k == len(line)-1 {
					sign = -1 // the total
				}
				if m.cell.Suppressed {
					row[u.index[u.id(m.cell, key)]] += sign
					seen = true
				} else {
					row[u.n] -= sign * m.cell.Value
				}
			}
			if seen {
				rows = append(rows, row)
			}
		}
	}
	fixed := map[int]bool{}
	for _, v := range boundedColumns(rows, u.n) {
		fixed[v] = true
	}
	for _, v := range fixedColumns(rows, u.n) {
		fixed[v] = true
	}
	var out []*stats.Cell
	for v := range u.n {
		if fixed[v] {
			out = append(out, cellsOf[v][0])
		}
	}
	return out
}

// boundedColumns narrows each unknown between 0 (counts are not negative) and what
// the equations allow, and returns those whose bounds meet: a line whose hidden
// cells must add up to 0 gives them all away, for one.
func boundedColumns(rows [][]float64, n int) []int {
	lo, hi := make([]float64, n), make([]float64, n)
	for i := range hi {
		hi[i] = math.Inf(1)
	}
	nz := make([][]int, len(rows)) // the unknowns of each row
	for i, row := range rows {
		for k := range n {
			if row[k] != 0 {
				nz[i] = append(nz[i], k)
			}
		}
	}
	for round, changed := 0, true; changed && round < 100; round++ {
		changed = false
		for i, row := range rows {
			for _, k := range nz[i] {
				restLo, restHi := 0.0, 0.0
				for _, l := range nz[i] {
					switch {
					case l == k:
					case row[l] > 0:
						restLo += row[l] * lo[l]
						restHi += row[l] * hi[l]
					default:
						restLo += row[l] * hi[l]
						restHi += row[l] * lo[l]
					}
				}
				nlo, nhi := (row[n]-restHi)/row[k], (row[n]-restLo)/row[k]
				if row[k] < 0 {
					nlo, nhi = nhi, nlo
				}
				if nlo > lo[k]+1e-9 {
					lo[k], changed = nlo, true
				}
				if nhi < hi[k]-1e-9 {
					hi[k], changed = nhi, true
				}
			}
		}
	}
	var out []int
	for k := range n {
		if hi[k]-lo[k] < 1e-9 {
			out = append(out, k)
		}
	}
	return out
}

// fixedColumns reduces rows (coefficients of n unknowns, then the right-hand side)
// to reduced row echelon form and returns the unknowns that have a pivot row with
// no other unknown: those the equations fix.
func fixedColumns(rows [][]float64, n int) []int {
	const eps = 1e-9
	pivots := map[int]int{}
	r := 0
	for c := 0; c < n && r < len(rows); c++ {
		p, best := -1, eps
		for i := r; i < len(rows); i++ {
			if a := math.Abs(rows[i][c]); a > best {
				p, best = i, a
			}
		}
		if p < 0 {
			continue
		}
		rows[r], rows[p] = rows[p], rows[r]
		inv := 1 / rows[r][c]
		for k := c; k <= n; k++ {
			rows[r][k] *= inv
		}
		for i := range rows {
			if i != r && math.Abs(rows[i][c]) > eps {
				f := rows[i][c]
				for k := c; k <= n; k++ {
					rows[i][k] -= f * rows[r][k]
				}
			}
		}
		pivots[c] = r
		r++
	}
	var out []int
	for c := 0; c < n; c++ {
		pr, ok := pivots[c]
		if !ok {
			continue
		}
		alone := true
		for k := 0; k < n; k++ {
			if k != c && math.Abs(rows[pr][k]) > eps {
				alone = false
				break
			}
		}
		if alone {
			out = append(out, c)
		}
	}
	return out
}

// extend hides one more cell in a line through each fixed cell; it reports whether
// it hid anything.
func extend(grids []*grid, fixed []*stats.Cell) bool {
	changed := false
	for _, cell := range fixed {
		done := false
		for _, g := range grids {
			for _, line := range g.lines {
				if done || !inLine(line, cell) {
					continue
				}
				if c := complement(line, g.known); c != nil {
					c.Suppressed, changed, done = true, true, true
				}
			}
		}
	}
	return changed
}

func inLine(line []member, cell *stats.Cell) bool {
	for _, m := range line {
		if m.cell == cell {
			return true
		}
	}
	return false
}
