// Package web serves Scrutineer's HTML pages, its JSON API and the public pages. It
// holds routes, middleware and one file of handlers per resource; templates and static
// assets are embedded into the binary.
package web

import (
	"context"
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/search"
	"github.com/scrutineer/scrutineer/internal/stats"
	"github.com/scrutineer/scrutineer/internal/stats/disclosure"
)

// Readiness reports the database's migration state; the service is ready when the
// schema version equals the version the binary expects.
type Readiness interface {
	Ping(ctx context.Context) error
	MigrationState(ctx context.Context) (current, target int64, err error)
}

// Deps are the services the web layer is built on. cmd/scrutineer wires them.
type Deps struct {
	Logger        *slog.Logger
	Readiness     Readiness
	Users         scrutineer.UserService
	Sessions      scrutineer.SessionService
	Organisations scrutineer.OrganisationService
	Jobs          scrutineer.JobService
	// Tokens authenticates API requests and keeps users' API tokens.
	Tokens scrutineer.APITokenService
	// Accounts, SessionLists, Invitations and Passwords serve the account pages and the
	// administrators' user pages (account.go, admin_users*.go).
	Accounts     scrutineer.AccountService
	SessionLists scrutineer.SessionManager
	Invitations  scrutineer.InvitationService
	Passwords    scrutineer.PasswordService
	// TwoFactorResets lets administrators reset another person's second factor
	// (admin_users_twofactor.go); nil leaves those pages answering 404.
	TwoFactorResets scrutineer.TwoFactorResetService
	// Login takes people through signing in and keeps their two-factor settings.
	Login LoginService
	// OIDC is single sign-on; nil when it is not configured.
	OIDC OIDCProvider
	// Audit is the audit trail: the admin pages search and export it.
	Audit scrutineer.AuditService
	// Search is the full-text index of the repository (search.go, search_api.go);
	// nil leaves the search page and API answering 404.
	Search search.Index
	// Documents is the secure document exchange (documents*.go); nil hides nothing
	// but its pages answer not found.
	Documents scrutineer.DocumentService
	// LearningReviews keeps learning reviews (api_learning_reviews*.go); nil leaves
	// their routes answering not found.
	LearningReviews scrutineer.LearningReviewService
	// ReviewRegulator is the regulator's work on reviews and ReviewMessages their
	// threads (review_regulator*.go, review_messages_section.go); nil leaves their
	// routes answering not found and their sections empty.
	ReviewRegulator scrutineer.ReviewRegulatorService
	ReviewMessages  scrutineer.ReviewMessageService
	// Publications is the public publications site and its staff pages, Reports the
	// national overview report builder (publications*.go, reports*.go); nil leaves
	// their routes answering not found.
	Publications scrutineer.PublicationService
	Reports      scrutineer.ReportService
	// BaseURL is the service's public address (SCRUTINEER_BASE_URL), for links that
	// leave the site, such as the Atom feed's; empty: taken from the request.
	BaseURL string
	// Themes, Deadlines and Repository serve theme coding, the service levels and
	// timeliness, and the repository view (review_themes*.go, review_settings.go);
	// nil leaves their pages answering not found.
	Themes     scrutineer.ThemeService
	Deadlines  scrutineer.DeadlineService
	Repository scrutineer.RepositoryService
	// Statistics computes the national statistics (statistics*.go); nil leaves those
	// pages answering not found. StatisticsRules is the disclosure control of
	// everything published; its zero value means disclosure.Public().
	Statistics      *stats.Source
	StatisticsRules disclosure.Rules
	// MaxUpload is the largest document accepted, in bytes (SCRUTINEER_MAX_UPLOAD).
	MaxUpload int64
	// SecureCookies marks cookies Secure and sends HSTS; true when served over TLS.
	SecureCookies bool
	// Version is shown in the footer and in /api/v1 answers.
	Version string
	// Metrics, when set, counts requests for /metrics.
	Metrics *Metrics
	// Now is the clock.
	Now func() time.Time
}

// Server is the HTTP surface of Scrutineer.
type Server struct {
	Deps
	pages   *pages
	handler http.Handler
	// started is set once start-up work (migrations, reference data, demo seeding)
	// has finished; until then /readyz answers 503.
	started atomic.Bool
	// apiLimit rate-limits API requests per token (api_limit.go).
	apiLimit *apiLimiter
	// rendered, when set, is told of every page rendered: the page benchmarks use it
	// to capture a page's template and data for their bare handler.
	rendered func(name string, data *pageData)
	// committees is the directory as the filters' committee lists show it.
	committees committeeNames
	// charts are the statistics tables' charts, drawn once per table.
	charts drawnCharts
}

// SetStarted tells the server that start-up work has finished.
func (s *Server) SetStarted() { s.started.Store(true) }

// New builds the server: it parses every template once and registers every route.
func New(d Deps) (*Server, error) {
	if d.Now == nil {
		d.Now = time.Now
	}
	p, err := parsePages()
	if err != nil {
		return nil, err
	}
	s := &Server{Deps: d, pages: p}
	mux := http.NewServeMux()
	s.routes(mux)
	s.handler = s.middleware(recordPattern(mux))
	return s, nil
}

// ServeHTTP serves one request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// handler is the shape of every handler: an error is turned into the right page or
// JSON answer in one place (errors.go).
type handler func(w http.ResponseWriter, r *http.Request) error

func (s *Server) h(fn handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := fn(w, r); err != nil {
			s.fail(w, r, err)
		}
	})
}

// recordPattern notes which route served the request, for the access log and
// metrics; ServeMux sets r.Pattern on the request it was given.
func recordPattern(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mux.ServeHTTP(w, r)
		if info, ok := r.Context().Value(requestInfoKey{}).(*requestInfo); ok {
			info.pattern = r.Pattern
		}
	})
}
