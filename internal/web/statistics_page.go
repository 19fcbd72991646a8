package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/stats"
	"github.com/scrutineer/scrutineer/internal/stats/chart"
	"github.com/scrutineer/scrutineer/internal/stats/disclosure"
)

// statisticsPageData is what templates/pages/statistics-learning-reviews.html shows.
type statisticsPageData struct {
	Staff    bool
	Report   *stats.Report
	Groups   []statsGroup
	Share    string // "85.7%" of outcomes within the service level, "" when not shown
	Produced string
	// Other is the other version of the page (public or staff) for the same period.
	Other   string
	Periods []fieldOption
	Years   []fieldOption
	Quarter []fieldOption
}

// statsGroup is a heading of the report with its tables.
type statsGroup struct {
	ID, Title string
	Sections  []statsSection
}

// statsSection is one table with its chart and downloads.
type statsSection struct {
	Table     *stats.Table
	Chart     template.HTML
	Downloads []statsDownload
}

type statsDownload struct{ Format, Label, Href string }

// statsGroups orders the report's tables under headings, with the chart each gets.
var statsGroups = []struct {
	id, title string
	tables    []string
}{
	{"decisions", "Decisions", []string{"by-year", "by-committee-type", "by-committee", "by-area", "by-event-type"}},
	{"people", "The children and adults", []string{"age-band", "sex", "disability", "ethnicity", "protection-status"}},
	{"causes", "Causes and themes", []string{"harm-nature", "themes"}},
	{"recommendations", "Recommendations and actions", []string{"recommendation-themes", "recommendations-by-agency", "actions-by-status"}},
	{"timeliness", "Timeliness", []string{"timeliness", "timeliness-bands", "outcome-service-level"}},
}

// chartFor draws the chart that suits table t: a line over time for years, stacked
// bars where the columns split the rows, plain bars otherwise; none for measures.
func chartFor(t *stats.Table) template.HTML {
	id := "chart-" + t.ID
	var svg string
	switch {
	case t.Kind != stats.Counts:
		return ""
	case (t.ID == "by-year" || t.ID == "outcome-service-level") && len(t.Rows) > 1:
		svg = chart.Line(id, t)
	case t.RowTotals && len(t.Columns) <= 4:
		svg = chart.StackedBar(id, t)
	default:
		svg = chart.Bar(id, t)
	}
	// The chart package escapes every label and value it writes.
	return template.HTML(svg) //nolint:gosec
}

func (s *Server) statisticsPage(w http.ResponseWriter, r *http.Request, staff bool) error {
	ctx := r.Context()
	q := r.URL.Query()
	p, perr := stats.ParsePeriod(q, s.Now())
	title := "Learning reviews: national statistics"
	if staff {
		title = "Learning reviews: national overview for regulator staff"
	}
	d := s.page(r, title)
	data := &statisticsPageData{Staff: staff}
	d.Data = data
	d.Form = map[string]string{"period": q.Get("period"), "year": q.Get("year"), "quarter": q.Get("quarter"), "from": q.Get("from"), "to": q.Get("to")}
	status := http.StatusOK
	if perr != nil {
		if scrutineer.ErrorCode(perr) != scrutineer.EINVALID {
			return perr
		}
		d.withErrors(perr, "period", "year", "quarter", "from", "to")
		status = http.StatusUnprocessableEntity
		p = stats.DefaultPeriod(s.Now())
	}
	s.periodOptions(data, d.Form)
	rules := s.publicRules()
	base, other := statsPublicBase, statsStaffBase
	if staff {
		rules, base, other = disclosure.None(), statsStaffBase, statsPublicBase
	}
	rep, err := s.statisticsReport(ctx, p, rules)
	if err != nil {
		return err
	}
	data.Report = rep
	data.Produced = rep.Produced.In(london).Format("2 January 2006 at 15:04")
	if pct, ok := rep.OutcomeShare(); ok {
		data.Share = strconv.FormatFloat(pct, 'f', 1, 64) + "%"
	}
	query := periodQuery(p)
	// The public page links to the exact figures only for those who may see them.
	if staff || auth.Allowed(scrutineer.UserFromContext(ctx), auth.ViewStatistics, auth.Resource{}) {
		data.Other = other + "?" + query
	}
	for _, g := range statsGroups {
		grp := statsGroup{ID: g.id, Title: g.title}
		for _, id := range g.tables {
			t := rep.Table(id)
			if t == nil {
				continue
			}
			chart := chartFor
			if staff {
				chart = s.charts.chart // exact tables are the shared, cached ones
			}
			sec := statsSection{Table: t, Chart: chart(t)}
			for _, f := range []string{"csv", "ods", "xlsx"} {
				sec.Downloads = append(sec.Downloads, statsDownload{Format: f, Label: map[string]string{"csv": "CSV", "ods": "ODS", "xlsx": "XLSX"}[f],
					Href: base + "/" + id + "." + f + "?" + query})
			}
			grp.Sections = append(grp.Sections, sec)
		}
		data.Groups = append(data.Groups, grp)
	}
	s.render(w, r, status, "statistics-learning-reviews", d)
	return nil
}

// periodQuery is the query string that chooses p again (for downloads and the other
// version of the page).
func periodQuery(p stats.Period) string {
	v := url.Values{}
	switch p.Kind {
	case "financial", "calendar":
		v.Set("period", p.Kind)
		v.Set("year", strconv.Itoa(p.Year))
	case "quarter":
		v.Set("period", p.Kind)
		v.Set("year", strconv.Itoa(p.Year))
		v.Set("quarter", strconv.Itoa(p.Quarter))
	default:
		v.Set("period", "custom")
		v.Set("from", p.From)
		v.Set("to", p.To)
	}
	return v.Encode()
}

// periodOptions fills the period chooser's choices.
func (s *Server) periodOptions(data *statisticsPageData, form map[string]string) {
	for _, o := range []fieldOption{{"", "The last five financial years", false}, {"financial", "A financial year (April to March)", false},
		{"calendar", "A calendar year", false}, {"quarter", "A quarter of a financial year", false}, {"custom", "Dates you choose", false}} {
		o.Selected = o.Value == form["period"]
		data.Periods = append(data.Periods, o)
	}
	this := stats.FinancialYearOf(s.Now())
	for y := this; y >= this-9; y-- {
		v := strconv.Itoa(y)
		data.Years = append(data.Years, fieldOption{v, v, v == form["year"]})
	}
	for qn, l := range []string{"1: April to June", "2: July to September", "3: October to December", "4: January to March"} {
		v := strconv.Itoa(qn + 1)
		data.Quarter = append(data.Quarter, fieldOption{v, "Quarter " + l, v == form["quarter"]})
	}
}
