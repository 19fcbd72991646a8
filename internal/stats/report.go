package stats

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"time"

	"github.com/scrutineer/scrutineer"
)

// Source computes reports from the database. It only reads, so give it the read
// pool (store.DB.Reader()).
type Source struct {
	db  *sql.DB
	now func() time.Time
	// cache, when set (Cached), shares recent reports among callers.
	cache *reportCache
}

// New returns a Source reading db.
func New(db *sql.DB) *Source { return &Source{db: db, now: time.Now} }

// WithClock returns a copy of s whose reports are dated by now (for tests).
func (s *Source) WithClock(now func() time.Time) *Source { c := *s; c.now = now; return &c }

// Report is the national overview of learning reviews for one period.
type Report struct {
	Period Period `json:"period"`
	// Produced is when the figures were read.
	Produced time.Time `json:"produced"`
	// Reviews is the number of reviews decided in the period.
	Reviews int `json:"reviews"`
	// OutcomeDays is the outcome service level (days from ratification to
	// notification) the timeliness tables measure against.
	OutcomeDays int `json:"outcome_days"`
	// Tables in the order the overview shows them (TableIDs).
	Tables []*Table `json:"tables"`
	// Protection describes the disclosure control applied ("" when none).
	Protection string `json:"protection,omitempty"`
}

// Table returns the table with id, or nil.
func (r *Report) Table(id string) *Table {
	for _, t := range r.Tables {
		if t.ID == id {
			return t
		}
	}
	return nil
}

// TableIDs are the ids of every table of the learning reviews report, in order.
var TableIDs = []string{
	"by-year", "by-committee-type", "by-committee", "by-area", "by-event-type",
	"age-band", "sex", "disability", "ethnicity", "protection-status", "harm-nature",
	"themes", "recommendation-themes", "recommendations-by-agency", "actions-by-status",
	"timeliness", "timeliness-bands", "outcome-service-level",
}

// LearningReviews computes every table of the national overview for period p from
// the reviews decided in it (status past draft, decided_on within p). The figures are
// exact: apply disclosure control before anything leaves the regulator.
func (s *Source) LearningReviews(ctx context.Context, p Period) (*Report, error) {
	read := func(ctx context.Context) (*Report, error) {
		ds, err := load(ctx, s.db, p)
		if err != nil {
			return nil, err
		}
		return build(ds, p, s.now().UTC()), nil
	}
	if s.cache == nil {
		return read(ctx)
	}
	return s.cache.get(ctx, p, s.now(), read)
}

func build(ds *dataset, p Period, produced time.Time) *Report {
	rep := &Report{Period: p, Produced: produced, Reviews: len(ds.reviews), OutcomeDays: ds.outcomeDays}
	decisions := headings(scrutineer.DecisionCodes)
	subjects := headings(scrutineer.SubjectTypeCodes)
	byDecision := func(id, title, desc, rowHeading, rowDim string, rows []Heading, key func(*review) Heading) *Table {
		c := newCounts(Table{ID: id, Title: title, Description: desc, Unit: "reviews", RowHeading: rowHeading,
			Columns: decisions, RowMargin: "reviews:" + rowDim, ColMargin: "reviews:decision"}, rows)
		for _, r := range ds.reviews {
			c.add(key(r), r.decision)
		}
		return c.done(true)
	}
	bySubject := func(id, title, rowHeading string, codes scrutineer.Codes, key func(*review) string) *Table {
		c := newCounts(Table{ID: id, Title: title, Unit: "reviews", RowHeading: rowHeading, Columns: subjects,
			Description: title + " of the child or adult, by subject type.",
			RowMargin:   "reviews:" + id, ColMargin: "reviews:subject_type"}, headings(codes))
		for _, r := range ds.reviews {
			c.add(coded(codes, key(r)), r.subjectType)
		}
		return c.done(true)
	}
	rep.Tables = []*Table{
		byDecision("by-year", "Learning review decisions by year", "Reviews by the year the committee made its decision, and the decision.",
			"Year", "year", p.years(), func(r *review) Heading { return p.yearOf(r.decidedOn) }),
		byDecision("by-committee-type", "Decisions by type of committee", "Reviews by the type of committee that notified them, and the decision.",
			"Committee type", "committee_type", committeeKinds(), func(r *review) Heading {
				k := scrutineer.OrganisationKind(r.committeeKind)
				return Heading{Code: string(k), Label: k.Label()}
			}),
		byDecision("by-committee", "Decisions by committee", "Reviews by the committee that notified them, and the decision.",
			"Committee", "committee", nil, func(r *review) Heading { return Heading{Code: r.committee, Label: r.committeeName} }),
		byDecision("by-area", "Decisions by local authority area", "Reviews by the local authority area of the committee, and the decision.",
			"Local authority area", "area", nil, func(r *review) Heading { return r.area }),
		byDecision("by-event-type", "Decisions by type of event", "Reviews by what happened to the child or adult, and the decision.",
			"Event", "event_type", headings(scrutineer.EventTypeCodes), func(r *review) Heading { return coded(scrutineer.EventTypeCodes, r.eventType) }),
		bySubject("age-band", "Age", "Age band", scrutineer.AgeBandCodes, func(r *review) string { return r.ageBand }),
		bySubject("sex", "Sex", "Sex", scrutineer.SexCodes, func(r *review) string { return r.sex }),
		bySubject("disability", "Disability", "Disability", scrutineer.DisabilityCodes, func(r *review) string { return r.disability }),
		bySubject("ethnicity", "Ethnicity", "Ethnic group", scrutineer.EthnicityCodes, func(r *review) string { return r.ethnicity }),
		bySubject("protection-status", "Protection status", "Status", scrutineer.ProtectionStatusCodes, func(r *review) string { return r.protectionStatus }),
		bySubject("harm-nature", "Nature of harm or cause of death", "Nature of harm or cause", scrutineer.HarmNatureCodes, func(r *review) string { return r.harmNature }),
		themesTable(ds, subjects),
	}
	rep.Tables = append(rep.Tables, recommendationTables(ds)...)
	rep.Tables = append(rep.Tables, timelinessTables(ds, p)...)
	sortRowsByLabel(rep.Table("by-committee"), rep.Table("by-area"))
	return rep
}

// themesTable counts the reviews with each accepted theme, by subject type. A review
// may have several themes, so there is no totals row.
func themesTable(ds *dataset, subjects []Heading) *Table {
	c := newCounts(Table{ID: "themes", Title: "Themes of reviews", Unit: "reviews", RowHeading: "Theme", Columns: subjects,
		Description: "Reviews with each theme the regulator's analysts accepted, by subject type.",
		Notes:       []string{"A review can have more than one theme, so the rows do not add up to the number of reviews."}},
		themeHeadings(ds))
	for _, r := range ds.reviews {
		for _, code := range r.themes {
			c.add(Heading{Code: code, Label: ds.label(code)}, r.subjectType)
		}
	}
	return c.done(false)
}

// recommendationTables count recommendations by theme and agency, by agency, and the
// actions of the action plans by status.
func recommendationTables(ds *dataset) []*Table {
	agencies := headings(scrutineer.AgencyCodes)
	byTheme := newCounts(Table{ID: "recommendation-themes", Title: "Recommendations by theme and agency", Unit: "recommendations",
		RowHeading: "Theme", Columns: agencies,
		Description: "Recommendations of the reviews decided in the period, by theme and the agency responsible.",
		Notes:       []string{"A recommendation can have more than one theme, so the rows do not add up to the number of recommendations."}},
		themeHeadings(ds))
	count := []Heading{{Code: "count", Label: "Recommendations"}}
	byAgency := newCounts(Table{ID: "recommendations-by-agency", Title: "Recommendations by agency", Unit: "recommendations",
		RowHeading: "Agency", Columns: count, Description: "Recommendations by the agency responsible for them."}, agencies)
	for _, rec := range ds.recommendations {
		agency := coded(scrutineer.AgencyCodes, rec.agency)
		byAgency.addN(agency, "count", rec.n)
		for _, code := range rec.themes {
			byTheme.addN(Heading{Code: code, Label: ds.label(code)}, agency.Code, rec.n)
		}
	}
	actions := newCounts(Table{ID: "actions-by-status", Title: "Actions by status", Unit: "actions", RowHeading: "Status",
		Columns:     []Heading{{Code: "count", Label: "Actions"}},
		Description: "Actions of the committees' action plans by their latest status."}, headings(scrutineer.ActionStatusCodes))
	for _, a := range ds.actions {
		actions.addN(coded(scrutineer.ActionStatusCodes, a.status), "count", a.n)
	}
	return []*Table{byTheme.done(false), byAgency.done(true), actions.done(true)}
}

// headings turns a vocabulary into row or column headings.
func headings(cs scrutineer.Codes) []Heading {
	out := make([]Heading, len(cs))
	for i, c := range cs {
		out[i] = Heading{Code: c.Value, Label: c.Label}
	}
	return out
}

// coded is the heading of v in cs; an empty value is "Not recorded".
func coded(cs scrutineer.Codes, v string) Heading {
	if v == "" {
		return Heading{Code: "not_recorded", Label: "Not recorded"}
	}
	return Heading{Code: v, Label: cs.Label(v)}
}

// committeeKinds are the three kinds of committee that notify reviews.
func committeeKinds() []Heading {
	var out []Heading
	for _, k := range scrutineer.OrganisationKinds {
		if k.Committee() {
			out = append(out, Heading{Code: string(k), Label: k.Label()})
		}
	}
	return out
}

// themeHeadings are the default vocabulary's themes in its order.
func themeHeadings(ds *dataset) []Heading {
	out := make([]Heading, len(scrutineer.DefaultThemes))
	for i, t := range scrutineer.DefaultThemes {
		out[i] = Heading{Code: t.Code, Label: ds.label(t.Code)}
	}
	return out
}

func (ds *dataset) label(code string) string {
	if l, ok := ds.themeLabels[code]; ok {
		return l
	}
	return code
}

// sortRowsByLabel orders the rows of tables whose rows are found in the data (not a
// fixed vocabulary) alphabetically, with "Several areas" and "Not recorded" last.
func sortRowsByLabel(ts ...*Table) {
	rank := func(r Row) int {
		switch r.Code {
		case "several":
			return 1
		case "not_recorded":
			return 2
		}
		return 0
	}
	for _, t := range ts {
		slices.SortStableFunc(t.Rows, func(a, b Row) int {
			if c := cmp.Compare(rank(a), rank(b)); c != 0 {
				return c
			}
			return cmp.Compare(a.Label, b.Label)
		})
	}
}
