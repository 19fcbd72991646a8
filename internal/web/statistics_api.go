package web

import (
	"net/http"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/stats"
	"github.com/scrutineer/scrutineer/internal/stats/disclosure"
)

// apiStatisticsResponse is the answer of GET /api/v1/statistics/learning-reviews:
// the contract's counts by year, committee type, decision and theme and the
// timeliness measures, then every table of the report in the neutral model.
type apiStatisticsResponse struct {
	Period            stats.Period    `json:"period"`
	Produced          string          `json:"produced"`
	Suppressed        bool            `json:"suppressed"`
	DisclosureControl string          `json:"disclosure_control"`
	Reviews           stats.Cell      `json:"reviews"`
	ByYear            []apiBreakdown  `json:"by_year"`
	ByCommitteeType   []apiBreakdown  `json:"by_committee_type"`
	ByDecision        []apiCount      `json:"by_decision"`
	Themes            []apiCount      `json:"themes"`
	Timeliness        []apiTimeliness `json:"timeliness"`
	Outcomes          apiOutcomeLevel `json:"outcomes_within_service_level"`
	Tables            []*stats.Table  `json:"tables"`
}

// apiBreakdown is one row of a table by decision: its total and a count per decision.
type apiBreakdown struct {
	Code       string                `json:"code"`
	Label      string                `json:"label"`
	Total      stats.Cell            `json:"total"`
	ByDecision map[string]stats.Cell `json:"by_decision"`
}

type apiCount struct {
	Code  string     `json:"code"`
	Label string     `json:"label"`
	Count stats.Cell `json:"count"`
}

type apiTimeliness struct {
	Step          string     `json:"step"`
	Label         string     `json:"label"`
	Reviews       stats.Cell `json:"reviews"`
	MedianDays    stats.Cell `json:"median_days"`
	LowerQuartile stats.Cell `json:"lower_quartile_days"`
	UpperQuartile stats.Cell `json:"upper_quartile_days"`
}

type apiOutcomeLevel struct {
	Days         int        `json:"days"`
	Within       stats.Cell `json:"within"`
	Total        stats.Cell `json:"total"`
	SharePercent *float64   `json:"share_percent"`
}

// apiStatistics answers the national statistics for from..to (both YYYY-MM-DD; the
// last five financial years when neither is given). Every caller gets the
// published, suppressed figures, as the contract says; a caller who may view
// statistics (analysts, inspectors, managers) may ask for exact=true.
func (s *Server) apiStatistics(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	if scrutineer.UserFromContext(ctx) == nil {
		return scrutineer.Errorf(scrutineer.EUNAUTHORISED, apiUnauthorised)
	}
	q := r.URL.Query()
	p, err := stats.ParsePeriod(q, s.Now())
	if err != nil {
		return err
	}
	rules := s.publicRules()
	switch q.Get("exact") {
	case "", "false":
	case "true":
		if !mayViewExact(ctx) {
			return scrutineer.Errorf(scrutineer.ENOTFOUND, "Exact figures are for regulator staff who may view statistics.")
		}
		rules = disclosure.None()
	default:
		var bad scrutineer.Problems
		bad.Add("exact", "Give exact as true or false.")
		return bad.Err("Check the query.")
	}
	rep, err := s.statisticsReport(ctx, p, rules)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, apiStatisticsFrom(rep, rules))
	return nil
}

func apiStatisticsFrom(rep *stats.Report, rules disclosure.Rules) apiStatisticsResponse {
	out := apiStatisticsResponse{Period: rep.Period, Produced: rep.Produced.UTC().Format("2006-01-02T15:04:05Z"),
		Suppressed: rules.Active(), DisclosureControl: rules.Describe(), Tables: rep.Tables,
		ByYear: []apiBreakdown{}, ByCommitteeType: []apiBreakdown{}, ByDecision: []apiCount{}, Themes: []apiCount{}, Timeliness: []apiTimeliness{}}
	breakdown := func(t *stats.Table) []apiBreakdown {
		var rows []apiBreakdown
		for _, r := range t.Rows {
			b := apiBreakdown{Code: r.Code, Label: r.Label, Total: r.Total, ByDecision: map[string]stats.Cell{}}
			for j, c := range r.Cells {
				b.ByDecision[t.Columns[j].Code] = c
			}
			rows = append(rows, b)
		}
		return rows
	}
	if t := rep.Table("by-year"); t != nil {
		out.ByYear = breakdown(t)
		out.Reviews = t.Totals.Total
		for j, h := range t.Columns {
			out.ByDecision = append(out.ByDecision, apiCount{Code: h.Code, Label: h.Label, Count: t.Totals.Cells[j]})
		}
	}
	if t := rep.Table("by-committee-type"); t != nil {
		out.ByCommitteeType = breakdown(t)
	}
	if t := rep.Table("themes"); t != nil {
		for _, r := range t.Rows {
			out.Themes = append(out.Themes, apiCount{Code: r.Code, Label: r.Label, Count: r.Total})
		}
	}
	if t := rep.Table("timeliness"); t != nil {
		for _, r := range t.Rows {
			out.Timeliness = append(out.Timeliness, apiTimeliness{Step: r.Code, Label: r.Label,
				Reviews: r.Cells[0], MedianDays: r.Cells[1], LowerQuartile: r.Cells[2], UpperQuartile: r.Cells[3]})
		}
	}
	out.Outcomes.Days = rep.OutcomeDays
	if t := rep.Table("outcome-service-level"); t != nil && t.Totals != nil {
		out.Outcomes.Within, out.Outcomes.Total = t.Totals.Cells[0], t.Totals.Total
	}
	if pct, ok := rep.OutcomeShare(); ok {
		out.Outcomes.SharePercent = &pct
	}
	return out
}
