package publications

import (
	"context"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/stats"
	"github.com/scrutineer/scrutineer/internal/stats/disclosure"
)

// Statistics gives a report the tables it may show for a period, always protected by
// disclosure control: a report is written to be published, so it never holds an
// exact small count, not even in a draft or a preview.
type Statistics interface {
	PublicTables(ctx context.Context, from, to string) (tables []PublicTable, protection string, err error)
}

// PublicTable is one protected table of the catalogue.
type PublicTable struct {
	ID    string
	Table *scrutineer.ReportTable
}

// StatsSource is Statistics on the statistics engine (internal/stats). Rules is the
// disclosure control of everything published; its zero value means
// disclosure.Public(), as for the public statistics pages.
type StatsSource struct {
	Source *stats.Source
	Rules  disclosure.Rules
}

// PublicTables computes the learning review statistics for from..to and protects
// every table together, so margins shared between tables hide
// the same cells wherever they appear in the report.
func (s StatsSource) PublicTables(ctx context.Context, from, to string) ([]PublicTable, string, error) {
	p, err := stats.Custom(from, to)
	if err != nil {
		return nil, "", err
	}
	rep, err := s.Source.LearningReviews(ctx, p)
	if err != nil {
		return nil, "", err
	}
	rules := s.Rules
	if !rules.Active() {
		// NOTE: never exact figures in a report, whatever the configuration says.
		rules = disclosure.Public()
	}
	rep = rules.Protect(rep)
	out := make([]PublicTable, 0, len(rep.Tables))
	for _, t := range rep.Tables {
		out = append(out, PublicTable{ID: t.ID, Table: reportTable(t)})
	}
	return out, rep.Protection, nil
}

// reportTable turns a protected stats table into the report's plain model: every
// cell already its published text ("[c]" where hidden), with the totals.
func reportTable(t *stats.Table) *scrutineer.ReportTable {
	rt := &scrutineer.ReportTable{Caption: t.Title, Corner: t.RowHeading, Notes: append([]string(nil), t.Notes...)}
	if t.Description != "" {
		rt.Notes = append([]string{t.Description}, rt.Notes...)
	}
	for _, c := range t.Columns {
		rt.Columns = append(rt.Columns, c.Label)
	}
	if t.RowTotals {
		rt.Columns = append(rt.Columns, "Total")
	}
	row := func(r stats.Row) scrutineer.ReportRow {
		out := scrutineer.ReportRow{Header: r.Label}
		for _, c := range r.Cells {
			out.Cells = append(out.Cells, c.Text())
		}
		if t.RowTotals {
			out.Cells = append(out.Cells, r.Total.Text())
		}
		return out
	}
	for _, r := range t.Rows {
		rt.Rows = append(rt.Rows, row(r))
	}
	if t.Totals != nil {
		rt.Rows = append(rt.Rows, row(*t.Totals))
	}
	return rt
}
