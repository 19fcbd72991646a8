package stats

import (
	"fmt"
	"net/url"
	"strconv"
	"time"

	"github.com/scrutineer/scrutineer"
)

const dateLayout = "2006-01-02"

// Period is the span of decision dates a report covers, both ends included, as
// YYYY-MM-DD. Kind is "financial", "calendar", "quarter" or "custom"; the by-year
// table groups by calendar years for a calendar period and by financial years
// (April to March, the regulator's reporting year) otherwise.
type Period struct {
	Kind    string `json:"kind"`
	From    string `json:"from"`
	To      string `json:"to"`
	Label   string `json:"label"`
	Year    int    `json:"year,omitempty"`
	Quarter int    `json:"quarter,omitempty"`
}

// FinancialYear is April of start to March of the next year ("2024-25").
func FinancialYear(start int) Period {
	return Period{Kind: "financial", Year: start,
		From: fmt.Sprintf("%04d-04-01", start), To: fmt.Sprintf("%04d-03-31", start+1),
		Label: "Financial year " + financialLabel(start)}
}

// FinancialYears is April of first to March after last, labelled as a range.
func FinancialYears(first, last int) Period {
	p := FinancialYear(first)
	p.To = FinancialYear(last).To
	p.Kind, p.Year = "custom", 0
	p.Label = "Financial years " + financialLabel(first) + " to " + financialLabel(last)
	return p
}

// CalendarYear is January to December of year.
func CalendarYear(year int) Period {
	return Period{Kind: "calendar", Year: year,
		From: fmt.Sprintf("%04d-01-01", year), To: fmt.Sprintf("%04d-12-31", year),
		Label: "Calendar year " + strconv.Itoa(year)}
}

// Quarter is quarter q (1 to 4) of the financial year starting in April of start:
// quarter 1 is April to June, quarter 4 is January to March of the next year.
func Quarter(start, q int) Period {
	first := time.Date(start, time.Month(4+3*(q-1)), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 3, -1)
	return Period{Kind: "quarter", Year: start, Quarter: q,
		From: first.Format(dateLayout), To: last.Format(dateLayout),
		Label: fmt.Sprintf("Quarter %d of %s (%s to %s)", q, financialLabel(start),
			first.Format("January 2006"), last.Format("January 2006"))}
}

// Custom is from to to, both YYYY-MM-DD and included; it answers EINVALID with a
// problem per field when a date is not a real date or to is before from.
func Custom(from, to string) (Period, error) {
	var p scrutineer.Problems
	f, ferr := time.Parse(dateLayout, from)
	if ferr != nil {
		p.Add("from", "Enter the start date as a real date, for example 2025-04-01")
	}
	t, terr := time.Parse(dateLayout, to)
	if terr != nil {
		p.Add("to", "Enter the end date as a real date, for example 2026-03-31")
	}
	if ferr == nil && terr == nil && t.Before(f) {
		p.Add("to", "The end date must be the same as or after the start date")
	}
	if err := p.Err(periodProblem); err != nil {
		return Period{}, err
	}
	return Period{Kind: "custom", From: from, To: to,
		Label: f.Format("2 January 2006") + " to " + t.Format("2 January 2006")}, nil
}

// FinancialYearOf returns the starting year of the financial year holding day.
func FinancialYearOf(day time.Time) int {
	if day.Month() < time.April {
		return day.Year() - 1
	}
	return day.Year()
}

// DefaultPeriod is the five financial years up to and including the current one: the
// national overview of several years.
func DefaultPeriod(today time.Time) Period {
	y := FinancialYearOf(today)
	return FinancialYears(y-4, y)
}

// ParsePeriod reads the period chooser's fields: period (financial, calendar,
// quarter, custom; empty for DefaultPeriod), year, quarter, from and to. Problems
// are reported per field (EINVALID).
func ParsePeriod(q url.Values, today time.Time) (Period, error) {
	kind := q.Get("period")
	if kind == "" {
		if q.Get("from") != "" || q.Get("to") != "" {
			return Custom(q.Get("from"), q.Get("to"))
		}
		return DefaultPeriod(today), nil
	}
	var p scrutineer.Problems
	year := 0
	if kind != "custom" {
		y, err := strconv.Atoi(q.Get("year"))
		if err != nil || y < 2000 || y > today.Year()+1 {
			p.Add("year", fmt.Sprintf("Enter a year from 2000 to %d", today.Year()+1))
		}
		year = y
	}
	switch kind {
	case "financial":
		if err := p.Err(periodProblem); err != nil {
			return Period{}, err
		}
		return FinancialYear(year), nil
	case "calendar":
		if err := p.Err(periodProblem); err != nil {
			return Period{}, err
		}
		return CalendarYear(year), nil
	case "quarter":
		qn, err := strconv.Atoi(q.Get("quarter"))
		if err != nil || qn < 1 || qn > 4 {
			p.Add("quarter", "Choose a quarter from 1 to 4")
		}
		if err := p.Err(periodProblem); err != nil {
			return Period{}, err
		}
		return Quarter(year, qn), nil
	case "custom":
		return Custom(q.Get("from"), q.Get("to"))
	}
	p.Add("period", "Choose a financial year, a calendar year, a quarter or your own dates")
	return Period{}, p.Err(periodProblem)
}

// financialLabel is "2024-25" for the year starting April 2024.
func financialLabel(start int) string {
	return fmt.Sprintf("%d-%02d", start, (start+1)%100)
}

// yearOf groups a YYYY-MM-DD date into the period's years: a heading with code
// "2024" and label "2024-25" (financial) or "2024" (calendar).
func (p Period) yearOf(date string) Heading {
	d, err := time.Parse(dateLayout, date)
	if err != nil {
		return Heading{Code: "unknown", Label: "Not recorded"}
	}
	if p.Kind == "calendar" {
		return Heading{Code: strconv.Itoa(d.Year()), Label: strconv.Itoa(d.Year())}
	}
	y := FinancialYearOf(d)
	return Heading{Code: strconv.Itoa(y), Label: financialLabel(y)}
}

// years lists every year heading the period touches, in order, so years without a
// review still get a row.
func (p Period) years() []Heading {
	from, err1 := time.Parse(dateLayout, p.From)
	to, err2 := time.Parse(dateLayout, p.To)
	if err1 != nil || err2 != nil {
		return nil
	}
	var out []Heading
	for d := from; !d.After(to); d = d.AddDate(1, 0, 0) {
		h := p.yearOf(d.Format(dateLayout))
		if len(out) == 0 || out[len(out)-1] != h {
			out = append(out, h)
		}
	}
	if last := p.yearOf(p.To); len(out) == 0 || out[len(out)-1] != last {
		out = append(out, last)
	}
	return out
}

// periodProblem is the message of an invalid period.
const periodProblem = "Check the period you chose."
