package web

import (
	"context"
	"net/http"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/stats"
	"github.com/scrutineer/scrutineer/internal/stats/disclosure"
)

// National statistics of learning reviews (docs/decisions/0120-statistics-and-disclosure-control.md).
// Two audiences see the same report built by internal/stats:
//
//   - the public, with no sign-in, at /statistics/learning-reviews: every table
//     through disclosure control (small counts hidden, none recoverable);
//   - regulator staff who may auth.ViewStatistics, at .../overview: exact figures.
//
// Every table can be downloaded as CSV, ODS or XLSX from either page, each under the
// page's own rules, and the API gives the public figures to every token holder and
// the exact ones to those who may view statistics.

const (
	statsPublicBase = "/statistics/learning-reviews"
	statsStaffBase  = "/statistics/learning-reviews/overview"
)

// statisticsRoutes registers the pages, downloads and the API operation.
func (s *Server) statisticsRoutes() []route {
	return []route{
		{"GET " + statsPublicBase, s.statisticsPublic, Public},
		{"GET " + statsPublicBase + "/{file}", s.statisticsPublicDownload, Public},
		{"GET " + statsStaffBase, s.statisticsStaff, Requires(auth.ViewStatistics)},
		{"GET " + statsStaffBase + "/{file}", s.statisticsStaffDownload, Requires(auth.ViewStatistics)},
		{"GET /api/v1/statistics/learning-reviews", s.apiStatistics, SignedIn},
	}
}

// publicRules are the disclosure rules for everything published. The zero value of
// Deps.StatisticsRules means the defaults: public output is never left unprotected
// by a missing setting.
func (s *Server) publicRules() disclosure.Rules {
	if !s.StatisticsRules.Active() {
		return disclosure.Public()
	}
	return s.StatisticsRules
}

// mayViewExact reports whether the caller may see unsuppressed statistics.
func mayViewExact(ctx context.Context) bool {
	return auth.Allowed(scrutineer.UserFromContext(ctx), auth.ViewStatistics, auth.Resource{})
}

// statisticsReport computes the report for p, protected by rules.
func (s *Server) statisticsReport(ctx context.Context, p stats.Period, rules disclosure.Rules) (*stats.Report, error) {
	if s.Statistics == nil {
		return nil, scrutineer.Errorf(scrutineer.ENOTFOUND, "Page not found.")
	}
	rep, err := s.Statistics.WithClock(s.Now).LearningReviews(ctx, p)
	if err != nil {
		return nil, err
	}
	if rules.Active() {
		rep = rules.Protect(rep)
	}
	return rep, nil
}

func (s *Server) statisticsPublic(w http.ResponseWriter, r *http.Request) error {
	return s.statisticsPage(w, r, false)
}

func (s *Server) statisticsStaff(w http.ResponseWriter, r *http.Request) error {
	if !mayViewExact(r.Context()) {
		return scrutineer.Errorf(scrutineer.ENOTFOUND, "Page not found.")
	}
	return s.statisticsPage(w, r, true)
}
