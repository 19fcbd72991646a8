package web

import (
	"context"
	"testing"

	"github.com/scrutineer/scrutineer/internal/stats"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// TestDrawnCharts: a kept chart is the chart of its table, for every table of a
// report, and stays right when the store of charts is full and starts afresh.
func TestDrawnCharts(t *testing.T) {
	db := testutil.NewSQLite(t)
	testutil.MustExecSQLFile(t, db, testutil.RepoPath("testdata/stats/fixture.sql"))
	rep, err := stats.New(db.Reader()).LearningReviews(context.Background(), stats.FinancialYears(2023, 2024))
	if err != nil {
		t.Fatal(err)
	}
	var c drawnCharts
	drawn := 0
	for range 2 {
		for _, tb := range rep.Tables {
			want := chartFor(tb)
			if got := c.chart(tb); got != want {
				t.Errorf("%s: the kept chart differs from the table's", tb.ID)
			}
			if want != "" {
				drawn++
			}
		}
	}
	if drawn == 0 {
		t.Fatal("the fixture's report has no charts")
	}
	if len(c.byTable) != len(rep.Tables) {
		t.Errorf("%d charts kept for %d tables", len(c.byTable), len(rep.Tables))
	}
	for range maxDrawnCharts {
		c.chart(rep.Tables[0].Clone())
	}
	if len(c.byTable) > maxDrawnCharts {
		t.Errorf("%d charts kept, more than %d", len(c.byTable), maxDrawnCharts)
	}
	if got := c.chart(rep.Tables[1]); got != chartFor(rep.Tables[1]) {
		t.Error("a chart drawn again after starting afresh differs")
	}
}
