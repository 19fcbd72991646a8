package disclosure_test

import (
	"fmt"
	"math/big"

	"github.com/scrutineer/scrutineer/internal/stats"
)

// The attacker: given published tables, it writes down every equation a reader can
// (each row, column and totals line adds up; a margin shared by several tables is
// the same number in each), treats each "[c]" as an unknown count of zero or more,
// and tries to pin unknowns down two ways: linear algebra (an unknown is recovered
// when the equations fix it whatever the others are: differencing, chains of
// differences, and any combination across tables) and bounds (counts are not
// negative and no part exceeds its total). It knows nothing of how suppression
// chose its cells, so it shares no code with the package under test.

type attack struct {
	vars   map[string]int // unknown id -> column
	names  []string
	known  map[string]float64
	eqs    []equation
	hidden map[string]bool
}

// equation is sum(coef[id] * value[id]) = 0 over cell ids.
type equation map[string]int

func newAttack() *attack {
	return &attack{vars: map[string]int{}, known: map[string]float64{}, hidden: map[string]bool{}}
}

// id names the number a published cell shows: its shared margin when it is one.
func cellID(t *stats.Table, i, j int, kind string) string {
	single := len(t.Columns) == 1 && !t.RowTotals
	grand := ""
	if t.RowMargin != "" || t.ColMargin != "" {
		grand = t.Unit + ":total"
	}
	switch {
	case kind == "cell" && single && t.RowMargin != "":
		return t.RowMargin + ":" + t.Rows[i].Code
	case kind == "rowtotal" && t.RowMargin != "":
		return t.RowMargin + ":" + t.Rows[i].Code
	case kind == "coltotal" && single && grand != "":
		return grand
	case kind == "coltotal" && t.ColMargin != "":
		return t.ColMargin + ":" + t.Columns[j].Code
	case kind == "grand" && grand != "":
		return grand
	}
	return fmt.Sprintf("%s/%s/%d/%d", t.ID, kind, i, j)
}

// read adds what table t publishes.
func (a *attack) read(t *stats.Table) {
	if t.Kind != stats.Counts {
		return
	}
	see := func(id string, c stats.Cell) string {
		if c.Suppressed {
			a.hidden[id] = true
		} else {
			a.known[id] = c.Value
		}
		return id
	}
	for i, r := range t.Rows {
		eq := equation{}
		for j, c := range r.Cells {
			eq[see(cellID(t, i, j, "cell"), c)]++
		}
		if t.RowTotals {
			eq[see(cellID(t, i, 0, "rowtotal"), r.Total)]--
			a.eqs = append(a.eqs, eq)
		}
	}
	if t.Totals == nil {
		return
	}
	for j := range t.Columns {
		eq := equation{}
		for i := range t.Rows {
			eq[cellID(t, i, j, "cell")]++
		}
		eq[see(cellID(t, 0, j, "coltotal"), t.Totals.Cells[j])]--
		a.eqs = append(a.eqs, eq)
	}
	if t.RowTotals {
		g := see(cellID(t, 0, 0, "grand"), t.Totals.Total)
		byCol, byRow := equation{g: -1}, equation{g: -1}
		for j := range t.Columns {
			byCol[cellID(t, 0, j, "coltotal")]++
		}
		for i := range t.Rows {
			byRow[cellID(t, i, 0, "rowtotal")]++
		}
		a.eqs = append(a.eqs, byCol, byRow)
	}
}

// recovered returns the unknowns the attacker can work out exactly, with the value.
func (a *attack) recovered() map[string]float64 {
	out := map[string]float64{}
	for id := range a.hidden {
		if v, ok := a.known[id]; ok {
			out[id] = v // shown in another table: the simplest leak of all
		}
	}
	for id := range a.hidden {
		if _, ok := a.known[id]; !ok {
			a.vars[id] = len(a.names)
			a.names = append(a.names, id)
		}
	}
	for id, v := range a.linear() {
		out[id] = v
	}
	for id, v := range a.bounds() {
		out[id] = v
	}
	return out
}

// linear reduces the equations to row echelon form over the rationals; an unknown
// is fixed when its pivot row has no other unknown.
func (a *attack) linear() map[string]float64 {
	n := len(a.names)
	var m [][]*big.Rat
	for _, eq := range a.eqs {
		row := make([]*big.Rat, n+1)
		for k := range row {
			row[k] = new(big.Rat)
		}
		for id, coef := range eq {
			if col, ok := a.vars[id]; ok {
				row[col].Add(row[col], big.NewRat(int64(coef), 1))
			} else {
				// known: move to the right-hand side
				row[n].Sub(row[n], new(big.Rat).SetFloat64(float64(coef)*a.known[id]))
			}
		}
		m = append(m, row)
	}
	pivotRow := map[int]int{}
	r := 0
	for c := 0; c < n && r < len(m); c++ {
		p := -1
		for i := r; i < len(m); i++ {
			if m[i][c].Sign() != 0 {
				p = i
				break
			}
		}
		if p < 0 {
			continue
		}
		m[r], m[p] = m[p], m[r]
		inv := new(big.Rat).Inv(m[r][c])
		for k := range m[r] {
			m[r][k].Mul(m[r][k], inv)
		}
		for i := range m {
			if i != r && m[i][c].Sign() != 0 {
				f := new(big.Rat).Set(m[i][c])
				for k := range m[i] {
					m[i][k].Sub(m[i][k], new(big.Rat).Mul(f, m[r][k]))
				}
			}
		}
		pivotRow[c] = r
		r++
	}
	out := map[string]float64{}
	for c, pr := range pivotRow {
		alone := true
		for k := 0; k < n; k++ {
			if k != c && m[pr][k].Sign() != 0 {
				alone = false
				break
			}
		}
		if alone {
			v, _ := m[pr][n].Float64()
			out[a.names[c]] = v
		}
	}
	return out
}

// bounds narrows each unknown between 0 and what its equations allow, repeatedly;
// an unknown whose bounds meet is recovered.
func (a *attack) bounds() map[string]float64 {
	lo := make([]float64, len(a.names))
	hi := make([]float64, len(a.names))
	for i := range hi {
		hi[i] = 1e12
	}
	for round, changed := 0, true; changed && round < 200; round++ {
		changed = false
		for _, eq := range a.eqs {
			// sum(coef*x) over unknowns = rhs
			rhs := 0.0
			var cols, coefs []int
			for id, coef := range eq {
				if col, ok := a.vars[id]; ok {
					cols, coefs = append(cols, col), append(coefs, coef)
				} else {
					rhs -= float64(coef) * a.known[id]
				}
			}
			for k, col := range cols {
				// coef_k * x_k = rhs - sum of the others
				restLo, restHi := 0.0, 0.0
				for l, other := range cols {
					if l == k {
						continue
					}
					if coefs[l] > 0 {
						restLo += float64(coefs[l]) * lo[other]
						restHi += float64(coefs[l]) * hi[other]
					} else {
						restLo += float64(coefs[l]) * hi[other]
						restHi += float64(coefs[l]) * lo[other]
					}
				}
				nlo, nhi := (rhs-restHi)/float64(coefs[k]), (rhs-restLo)/float64(coefs[k])
				if coefs[k] < 0 {
					nlo, nhi = nhi, nlo
				}
				if nlo > lo[col]+1e-9 {
					lo[col], changed = nlo, true
				}
				if nhi < hi[col]-1e-9 {
					hi[col], changed = nhi, true
				}
			}
		}
	}
	out := map[string]float64{}
	for i, id := range a.names {
		if hi[i]-lo[i] < 1e-9 {
			out[id] = lo[i]
		}
	}
	return out
}
