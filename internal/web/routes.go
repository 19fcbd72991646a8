package web

import (
	"net/http"

	"github.com/scrutineer/scrutineer/internal/auth"
)

// access is a route's policy decision: who may reach it at all. Routes that act on
// records also have their service method ask the policy for the record itself; the
// isolation test (isolation_test.go) checks every route in the table against
// auth.Allowed for every role.
type access struct {
	// public routes answer anyone, signed in or not.
	public bool
	// action, when set, is the policy action the route's service calls check; the
	// caller must be signed in. Without it, any signed-in user may reach the route.
	action auth.Action
	// signedIn marks routes any signed-in user may reach (their own dashboard).
	signedIn bool
}

// Public is the decision for pages anyone may see.
var Public = access{public: true}

// SignedIn is the decision for pages any signed-in user may see.
var SignedIn = access{signedIn: true}

// Requires is the decision for routes that need the policy to allow action.
func Requires(action auth.Action) access { return access{action: action} }

// decided reports whether the route has a policy decision at all.
func (a access) decided() bool { return a.public || a.signedIn || a.action != "" }

// route is one entry of the route table.
type route struct {
	pattern string
	handler handler
	access  access
}

// routeTable lists every page and form of the service with its policy decision. A
// route missing from here does not exist; a route without a decision fails the tests.
func (s *Server) routeTable() []route {
	table := []route{
		{"GET /{$}", s.home, Public},
		{"GET /accessibility", s.staticPage("accessibility", "Accessibility statement"), Public},
		{"GET /privacy", s.staticPage("privacy", "Privacy notice"), Public},
		{"GET /login", s.loginForm, Public},
		{"POST /login", s.login, Public},
		{"POST /logout", s.logout, Public},
		{"GET /dashboard", s.dashboard, SignedIn},
	}
	table = append(table, s.organisationRoutes()...)
	table = append(table, s.jobRoutes()...)
	table = append(table, s.tokenRoutes()...)
	table = append(table, s.apiRoutes()...)
	table = append(table, s.accountRoutes()...)
	table = append(table, s.loginStepRoutes()...)
	table = append(table, s.twoFactorRoutes()...)
	table = append(table, s.auditRoutes()...)
	table = append(table, s.searchRoutes()...)
	table = append(table, s.documentRoutes()...)
	table = append(table, s.learningReviewRoutes()...)
	table = append(table, s.reviewPageRoutes()...)
	table = append(table, s.reviewNotifyRoutes()...)    // committee: notify a decision, dashboard (review_notify*.go)
	table = append(table, s.reviewOutcomeRoutes()...)   // committee: updates, outcome, action plan (review_outcome*.go)
	table = append(table, s.reviewRegulatorRoutes()...) // regulator: triage, appraisal, observations, messages (review_regulator*.go)
	table = append(table, s.reviewThemeRoutes()...)     // themes, repository view, deadlines (review_themes*.go)
	table = append(table, s.statisticsRoutes()...)      // national statistics (statistics*.go)
	table = append(table, s.publicationRoutes()...)     // the public publications site (publications*.go)
	return table
}

// routes registers the table, plus the probes and static files, on mux.
func (s *Server) routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /readyz", s.readyz)
	mux.Handle("GET /assets/", s.assets())
	for _, rt := range s.routeTable() {
		switch {
		case !rt.access.decided():
			panic("web: route " + rt.pattern + " has no access decision")
		case rt.access.public:
			mux.Handle(rt.pattern, s.h(rt.handler))
		default:
			mux.Handle(rt.pattern, s.signedIn(rt.handler))
		}
	}
	mux.Handle("/", s.h(s.notFound))
}
