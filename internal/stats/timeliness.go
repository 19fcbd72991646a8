package stats

import (
	"math"
	"slices"
	"strconv"
	"time"
)

// interval is one step of a review whose length is measured: the days from one date
// of the review to the next.
type interval struct {
	Heading
	from, to func(*review) string
}

// intervals are the steps the overview reports, in the order they happen.
var intervals = []interval{
	{Heading{"incident_referral", "Incident to referral"}, func(r *review) string { return r.incidentOn }, func(r *review) string { return r.referralOn }},
	{Heading{"referral_decision", "Referral to decision"}, func(r *review) string { return r.referralOn }, func(r *review) string { return r.decidedOn }},
	{Heading{"decision_completion", "Decision to completion of the review"}, func(r *review) string { return r.decidedOn }, func(r *review) string { return r.completedOn }},
	{Heading{"completion_ratification", "Completion to ratification by the chief officers group"}, func(r *review) string { return r.completedOn }, func(r *review) string { return r.ratifiedOn }},
	{Heading{"ratification_outcome", "Ratification to outcome notified"}, func(r *review) string { return r.ratifiedOn }, func(r *review) string { return r.outcomeOn }},
}

// bands are the distribution's day bands: upper bounds, inclusive; the last is open.
var bands = []struct {
	Heading
	max int
}{
	{Heading{"0_7", "0 to 7 days"}, 7}, {Heading{"8_28", "8 to 28 days"}, 28}, {Heading{"29_91", "29 to 91 days"}, 91},
	{Heading{"92_182", "92 to 182 days"}, 182}, {Heading{"183_365", "183 to 365 days"}, 365},
	{Heading{"over_365", "Over 365 days"}, math.MaxInt},
}

// days is the number of days from a to b (YYYY-MM-DD); ok is false when either is
// missing or b is before a (a data error the statistics leave out).
func days(a, b string) (int, bool) {
	ta, err1 := time.Parse(dateLayout, a)
	tb, err2 := time.Parse(dateLayout, b)
	if err1 != nil || err2 != nil || tb.Before(ta) {
		return 0, false
	}
	return int(tb.Sub(ta).Hours() / 24), true
}

// Quantile is the p-quantile (0..1) of sorted values by linear interpolation between
// closest ranks (the "inclusive" method: Excel's QUARTILE.INC, R's type 7), so a
// median of an even count is the mean of the middle two.
func Quantile(sorted []int, p float64) float64 {
	if len(sorted) == 0 {
		return math.NaN()
	}
	pos := p * float64(len(sorted)-1)
	lo := int(math.Floor(pos))
	hi := int(math.Ceil(pos))
	return float64(sorted[lo]) + (pos-float64(lo))*float64(sorted[hi]-sorted[lo])
}

// timelinessTables measure each interval: medians and quartiles, the distribution in
// bands, and whether outcomes were notified within the service level.
func timelinessTables(ds *dataset, p Period) []*Table {
	summary := &Table{ID: "timeliness", Title: "Time taken at each step", Kind: Measures, Unit: "days", RowHeading: "Step",
		Description: "The median number of days each step took, with the lower and upper quartiles, for the reviews where both dates are known.",
		Columns: []Heading{{"reviews", "Reviews"}, {"median", "Median (days)"}, {"lower_quartile", "Lower quartile (days)"},
			{"upper_quartile", "Upper quartile (days)"}},
		Notes: []string{"Half the reviews took less than the median and half took longer; a quarter took less than the lower quartile and a quarter longer than the upper quartile."}}
	bandCols := make([]Heading, len(bands))
	for i, b := range bands {
		bandCols[i] = b.Heading
	}
	dist := newCounts(Table{ID: "timeliness-bands", Title: "Time taken at each step, in bands", Unit: "reviews",
		RowHeading: "Step", Columns: bandCols, Description: "Reviews by the number of days each step took."}, nil)
	for _, iv := range intervals {
		var ds2 []int
		dist.row(iv.Heading)
		for _, r := range ds.reviews {
			if d, ok := days(iv.from(r), iv.to(r)); ok {
				ds2 = append(ds2, d)
				for _, b := range bands {
					if d <= b.max {
						dist.add(iv.Heading, b.Code)
						break
					}
				}
			}
		}
		slices.Sort(ds2)
		row := Row{Heading: iv.Heading, Cells: []Cell{{Value: float64(len(ds2))}}}
		for _, q := range []float64{0.5, 0.25, 0.75} {
			v := Quantile(ds2, q)
			row.Cells = append(row.Cells, Cell{Value: math.Round(v*10) / 10, Missing: math.IsNaN(v)})
			if math.IsNaN(v) {
				row.Cells[len(row.Cells)-1].Value = 0
			}
		}
		summary.Rows = append(summary.Rows, row)
	}
	return []*Table{summary, dist.done(false), outcomeTable(ds, p)}
}

// outcomeTable counts outcomes notified within the outcome service level of the
// chief officers group's ratification, by year of decision.
func outcomeTable(ds *dataset, p Period) *Table {
	n := strconv.Itoa(ds.outcomeDays)
	c := newCounts(Table{ID: "outcome-service-level", Title: "Outcomes notified within " + n + " days of ratification",
		Unit: "reviews", RowHeading: "Year",
		Columns:     []Heading{{"within", "Within " + n + " days"}, {"later", "After " + n + " days"}},
		Description: "Reviews whose outcome was notified, by the year of the decision and whether the outcome reached the regulator within " + n + " days of the chief officers group ratifying it."},
		p.years())
	for _, r := range ds.reviews {
		d, ok := days(r.ratifiedOn, r.outcomeOn)
		if !ok {
			continue
		}
		col := "later"
		if d <= ds.outcomeDays {
			col = "within"
		}
		c.add(p.yearOf(r.decidedOn), col)
	}
	return c.done(true)
}

// OutcomeShare is the percentage of notified outcomes that arrived within the
// service level, to one decimal place; ok is false when there were none or either
// count is suppressed.
func (r *Report) OutcomeShare() (pct float64, ok bool) {
	t := r.Table("outcome-service-level")
	if t == nil || t.Totals == nil {
		return 0, false
	}
	within, all := t.Totals.Cells[0], t.Totals.Total
	if within.Suppressed || all.Suppressed || all.Value == 0 {
		return 0, false
	}
	return math.Round(1000*within.Value/all.Value) / 10, true
}
