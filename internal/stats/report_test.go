package stats_test

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer/internal/stats"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// fixtureReport loads the hand-made fixture (testdata/stats/fixture.sql) into db and
// returns the exact report for the financial years 2023-24 and 2024-25.
func fixtureReport(t *testing.T, db *store.DB) *stats.Report {
	t.Helper()
	testutil.MustExecSQLFile(t, db, testutil.RepoPath("testdata/stats/fixture.sql"))
	rep, err := stats.New(db.Reader()).LearningReviews(context.Background(), stats.FinancialYears(2023, 2024))
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// TestReportMatchesExpected compares every table with the results written for the
// fixture in testdata/stats/expected/*.csv, on both engines.
func TestReportMatchesExpected(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		rep := fixtureReport(t, db)
		if rep.Reviews != 36 {
			t.Errorf("reviews in period = %d, want 36 (drafts and decisions outside the period left out)", rep.Reviews)
		}
		if len(rep.Tables) != len(stats.TableIDs) {
			t.Fatalf("%d tables, want %d", len(rep.Tables), len(stats.TableIDs))
		}
		for _, id := range stats.TableIDs {
			t.Run(id, func(t *testing.T) {
				tab := rep.Table(id)
				if tab == nil {
					t.Fatalf("no table %s", id)
				}
				want := readExpected(t, id)
				got := codeGrid(tab)
				if strings.Join(flatten(got), "|") != strings.Join(flatten(want), "|") {
					t.Errorf("table %s:\n got %q\nwant %q", id, got, want)
				}
			})
		}
	})
}

func TestReportLabelsAndShare(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		rep := fixtureReport(t, db)
		if got := rep.Table("themes").Row("family_voice").Label; got != "Voice of the child, adult and family" {
			t.Errorf("theme label from the newest vocabulary version = %q", got)
		}
		if got := rep.Table("by-committee").Rows[0].Label; got != "Borders Adult Protection Committee" {
			t.Errorf("first committee = %q, want alphabetical order", got)
		}
		if got := rep.Table("by-year").Rows[1].Label; got != "2024-25" {
			t.Errorf("year label = %q", got)
		}
		if pct, ok := rep.OutcomeShare(); !ok || pct != 85.7 {
			t.Errorf("outcome share = %v %v, want 85.7 (18 of 21 within 7 days)", pct, ok)
		}
		if rep.OutcomeDays != 7 {
			t.Errorf("outcome days = %d", rep.OutcomeDays)
		}
	})
}

// TestReportPeriodBoundaries checks both ends of a period are included and the
// quarter and calendar periods select by decision date.
func TestReportPeriodBoundaries(t *testing.T) {
	db := testutil.NewSQLite(t)
	testutil.MustExecSQLFile(t, db, testutil.RepoPath("testdata/stats/fixture.sql"))
	src := stats.New(db.Reader())
	custom, err := stats.Custom("2025-03-31", "2025-04-01")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		p    stats.Period
		want int
	}{
		{stats.FinancialYear(2023), 18},
		{stats.FinancialYear(2022), 1}, // x02, decided 2023-03-31
		{custom, 2},                    // r36 on 31 March and x03 on 1 April
		{stats.Quarter(2024, 4), 3},    // January to March 2025: r34, r35, r36
		{stats.CalendarYear(2024), 18}, // decided in 2024: r16 to r33
		{stats.DefaultPeriod(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)), 38}, // 2021-22 to 2025-26: all but the draft
	} {
		rep, err := src.LearningReviews(context.Background(), tc.p)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Reviews != tc.want {
			t.Errorf("%s: %d reviews, want %d", tc.p.Label, rep.Reviews, tc.want)
		}
	}
}

// codeGrid is a table as the expected files hold it: codes, values, totals.
func codeGrid(t *stats.Table) [][]string {
	head := []string{"code"}
	for _, c := range t.Columns {
		head = append(head, c.Code)
	}
	if t.RowTotals {
		head = append(head, "total")
	}
	out := [][]string{head}
	line := func(r stats.Row) {
		l := []string{r.Code}
		for _, c := range r.Cells {
			l = append(l, c.Text())
		}
		if t.RowTotals {
			l = append(l, r.Total.Text())
		}
		out = append(out, l)
	}
	for _, r := range t.Rows {
		line(r)
	}
	if t.Totals != nil {
		line(*t.Totals)
	}
	return out
}

func readExpected(t *testing.T, id string) [][]string {
	t.Helper()
	f, err := os.Open(filepath.Join(testutil.RepoPath("testdata/stats/expected"), id+".csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func flatten(g [][]string) []string {
	var out []string
	for _, l := range g {
		out = append(out, strings.Join(l, ","))
	}
	return out
}
