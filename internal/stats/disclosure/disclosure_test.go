package disclosure_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/scrutineer/scrutineer/internal/stats"
	"github.com/scrutineer/scrutineer/internal/stats/disclosure"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

func fixture(t *testing.T, db *store.DB) *stats.Report {
	t.Helper()
	testutil.MustExecSQLFile(t, db, testutil.RepoPath("testdata/stats/fixture.sql"))
	rep, err := stats.New(db.Reader()).LearningReviews(context.Background(), stats.FinancialYears(2023, 2024))
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// attackAll publishes tables together and returns what the attacker recovers.
func attackAll(tables []*stats.Table) map[string]float64 {
	a := newAttack()
	for _, t := range tables {
		a.read(t)
	}
	return a.recovered()
}

func suppressedCount(tables []*stats.Table) int {
	n := 0
	for _, t := range tables {
		for _, r := range append(t.Rows, rowsOf(t.Totals)...) {
			for _, c := range append(r.Cells, r.Total) {
				if c.Suppressed {
					n++
				}
			}
		}
	}
	return n
}

func rowsOf(r *stats.Row) []stats.Row {
	if r == nil {
		return nil
	}
	return []stats.Row{*r}
}

// TestPublicReportResistsAttack publishes every table of the fixture's overview
// together, as the public page and downloads do, and fails if any hidden count can
// be worked out from the totals or from another table.
func TestPublicReportResistsAttack(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		pub := disclosure.Public().Protect(fixture(t, db))
		if suppressedCount(pub.Tables) < 20 {
			t.Fatalf("only %d cells suppressed: the fixture should exercise suppression", suppressedCount(pub.Tables))
		}
		if got := attackAll(pub.Tables); len(got) > 0 {
			t.Errorf("the attacker recovered %d hidden counts: %v", len(got), got)
		}
		// Each table on its own, as a single download, too.
		for _, tab := range pub.Tables {
			if got := attackAll([]*stats.Table{tab}); len(got) > 0 {
				t.Errorf("table %s alone gives away %v", tab.ID, got)
			}
		}
	})
}

// TestAttackerFindsPrimaryOnlyLeaks shows the attack works: hiding only the small
// counts (no secondary suppression) gives them away.
func TestAttackerFindsPrimaryOnlyLeaks(t *testing.T) {
	rep := fixture(t, testutil.NewSQLite(t))
	tab := rep.Table("by-year").Clone()
	hidden := 0
	for i := range tab.Rows {
		for j := range tab.Rows[i].Cells {
			if v := tab.Rows[i].Cells[j].Value; v > 0 && v < 5 {
				tab.Rows[i].Cells[j].Suppressed = true
				hidden++
			}
		}
	}
	if hidden == 0 {
		t.Fatal("the fixture's by-year table has no small count to hide")
	}
	if got := attackAll([]*stats.Table{tab}); len(got) == 0 {
		t.Error("the attacker recovered nothing from a table with primary suppression only")
	}
	// Across tables: a margin protected in one table alone but shown in another.
	rng := rand.New(rand.NewPCG(1, 2))
	for range 100 {
		ts := randomTables(rng)
		alone := disclosure.Public().ProtectTables(ts[:1])[0] // year by type, on its own
		if suppressedCount([]*stats.Table{{Kind: stats.Counts, Rows: nil, Totals: alone.Totals}}) == 0 {
			continue
		}
		if len(attackAll([]*stats.Table{alone, ts[3]})) == 0 {
			t.Fatal("the attacker missed a hidden total shown in another table")
		}
		return
	}
	t.Fatal("no random table had a hidden total")
}

// randomTables builds a publication of tables sharing margins: year by type, year
// alone, type alone, and region by type, with many small counts.
func randomTables(rng *rand.Rand) []*stats.Table {
	years, types, regions := 2+rng.IntN(5), 2+rng.IntN(4), 2+rng.IntN(5)
	yt := make([][]int, years)
	rt := make([][]int, regions)
	colSum := make([]int, types)
	for i := range yt {
		yt[i] = make([]int, types)
		for j := range yt[i] {
			yt[i][j] = smallCount(rng)
			colSum[j] += yt[i][j]
		}
	}
	// Regions split the same type totals differently.
	for i := range rt {
		rt[i] = make([]int, types)
	}
	for j := range types {
		for n := 0; n < colSum[j]; n++ {
			rt[rng.IntN(regions)][j]++
		}
	}
	heads := func(prefix string, n int) []stats.Heading {
		out := make([]stats.Heading, n)
		for i := range out {
			out[i] = stats.Heading{Code: fmt.Sprintf("%s%d", prefix, i), Label: fmt.Sprintf("%s %d", prefix, i)}
		}
		return out
	}
	yh, th, rh := heads("y", years), heads("t", types), heads("r", regions)
	a := table("year-type", yh, th, yt, "u:year", "u:type")
	b := table("region-type", rh, th, rt, "u:region", "u:type")
	yearOnly := make([][]int, years)
	for i := range yt {
		s := 0
		for _, v := range yt[i] {
			s += v
		}
		yearOnly[i] = []int{s}
	}
	typeOnly := make([][]int, types)
	for j := range types {
		typeOnly[j] = []int{colSum[j]}
	}
	c := table("year", yh, []stats.Heading{{Code: "count", Label: "Count"}}, yearOnly, "u:year", "")
	d := table("type", th, []stats.Heading{{Code: "count", Label: "Count"}}, typeOnly, "u:type", "")
	return []*stats.Table{a, b, c, d}
}

func smallCount(rng *rand.Rand) int {
	switch rng.IntN(4) {
	case 0:
		return 0
	case 1, 2:
		return 1 + rng.IntN(6)
	}
	return rng.IntN(30)
}

// table builds a counts table with totals from a grid of counts.
func table(id string, rows, cols []stats.Heading, v [][]int, rowMargin, colMargin string) *stats.Table {
	t := &stats.Table{ID: id, Kind: stats.Counts, Unit: "u", Columns: cols, RowTotals: len(cols) > 1,
		RowMargin: rowMargin, ColMargin: colMargin}
	tot := stats.Row{Heading: stats.Heading{Code: "total"}, Cells: make([]stats.Cell, len(cols))}
	for i, h := range rows {
		r := stats.Row{Heading: h}
		for j := range cols {
			r.Cells = append(r.Cells, stats.Cell{Value: float64(v[i][j])})
			r.Total.Value += float64(v[i][j])
			tot.Cells[j].Value += float64(v[i][j])
		}
		tot.Total.Value += r.Total.Value
		t.Rows = append(t.Rows, r)
	}
	t.Totals = &tot
	return t
}

// TestRandomPublicationsResistAttack is the seeded property test: across many random
// publications of tables sharing margins, nothing hidden is ever recovered.
func TestRandomPublicationsResistAttack(t *testing.T) {
	rng := rand.New(rand.NewPCG(20260401, 5))
	for trial := range 600 {
		tables := disclosure.Public().ProtectTables(randomTables(rng))
		if got := attackAll(tables); len(got) > 0 {
			t.Fatalf("trial %d: recovered %v from\n%s", trial, got, dump(tables))
		}
	}
}

// TestPublicNeverShowsSmallCounts: whatever the threshold and rounding, no count shown
// is between 0 and the threshold, and a hidden count's value is not in the output.
func TestPublicNeverShowsSmallCounts(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	for trial := range 300 {
		rules := disclosure.Rules{Threshold: 2 + rng.IntN(9), RoundTo: []int{0, 5}[rng.IntN(2)]}
		if trial%3 == 0 {
			rules.Threshold = 5 * (1 + rng.IntN(3)) // valid with rounding
		}
		for _, tab := range rules.ProtectTables(randomTables(rng)) {
			for _, r := range append(tab.Rows, *tab.Totals) {
				for _, c := range append(r.Cells, r.Total) {
					switch {
					case c.Suppressed && c.Value != 0:
						t.Fatalf("trial %d: hidden cell still holds %v", trial, c.Value)
					case !c.Suppressed && c.Value > 0 && c.Value < float64(rules.Threshold):
						t.Fatalf("trial %d (%+v): %s shows %v", trial, rules, tab.ID, c.Value)
					case !c.Suppressed && rules.RoundTo == 5 && rules.Validate() == nil && int(c.Value)%5 != 0:
						t.Fatalf("trial %d: %v not rounded to 5", trial, c.Value)
					}
				}
			}
		}
	}
}

func TestMeasuresFromFewCasesHidden(t *testing.T) {
	tab := &stats.Table{ID: "m", Kind: stats.Measures, Columns: []stats.Heading{{Code: "n"}, {Code: "median"}},
		Rows: []stats.Row{
			{Heading: stats.Heading{Code: "few"}, Cells: []stats.Cell{{Value: 3}, {Value: 40}}},
			{Heading: stats.Heading{Code: "many"}, Cells: []stats.Cell{{Value: 12}, {Value: 35.5}}},
			{Heading: stats.Heading{Code: "none"}, Cells: []stats.Cell{{Value: 0}, {Missing: true}}},
		}}
	got := disclosure.Public().ProtectTables([]*stats.Table{tab})[0]
	if c := got.Rows[0].Cells[1]; !c.Suppressed || c.Text() != "[c]" {
		t.Errorf("median of 3 cases = %+v, want [c]", c)
	}
	if c := got.Rows[1].Cells[1]; c.Suppressed || c.Text() != "35.5" {
		t.Errorf("median of 12 cases = %q", c.Text())
	}
	if c := got.Rows[2].Cells[1]; c.Text() != ".." {
		t.Errorf("median of no cases = %q, want ..", c.Text())
	}
	if tab.Rows[0].Cells[1].Suppressed {
		t.Error("Protect changed its input")
	}
}

func TestRulesDescribe(t *testing.T) {
	if disclosure.None().Active() {
		t.Error("None is active")
	}
	r := disclosure.Rules{Threshold: 5, RoundTo: 5}
	if d := r.Describe(); d == "" || !r.Active() || r.Validate() != nil {
		t.Errorf("Describe = %q, Validate = %v", d, r.Validate())
	}
	if err := (disclosure.Rules{Threshold: 6, RoundTo: 5}).Validate(); err == nil {
		t.Error("a threshold of 6 with rounding to 5 passed validation")
	}
}

func dump(ts []*stats.Table) string {
	s := ""
	for _, t := range ts {
		s += t.ID + "\n"
		for _, r := range append(t.Rows, *t.Totals) {
			s += r.Code + ":"
			for _, c := range r.Cells {
				s += fmt.Sprintf(" %s(%v)", c.Text(), c.Value)
			}
			s += " | " + r.Total.Text() + "\n"
		}
	}
	return s
}
