// Package stats computes the national statistics of learning reviews: counts over a
// period by committee, committee type, area, decision, subject characteristics,
// event type, cause, theme, recommendation theme and agency, action status, and the
// timeliness of each step of a review (docs/decisions/0120-statistics-and-disclosure-control.md).
//
// Use it in three steps:
//
//	p, err := stats.ParsePeriod(query, today)          // or stats.FinancialYear(2024), stats.Custom(from, to)
//	rep, err := stats.New(db.Reader()).LearningReviews(ctx, p)
//	public := disclosure.Public().Protect(rep)         // or disclosure.None() for regulator staff
//
// A Report holds Tables in a neutral model (title, description, row and column
// headings, cells, a totals row and column) that pages, charts (package chart),
// downloads (package export) and the API all read; none of them counts anything
// themselves. The period applies to the date the committee DECIDED (decided_on), so a
// figure, once published for a period, only changes if a decision is corrected.
//
// Everything is read with plain SELECTs that run unchanged on SQLite and PostgreSQL;
// counting, day differences and quantiles are done in Go, so both engines give the
// same answer by construction.
package stats
