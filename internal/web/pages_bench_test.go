package web

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/directory"
	"github.com/scrutineer/scrutineer/internal/generate"
	"github.com/scrutineer/scrutineer/internal/search"
	"github.com/scrutineer/scrutineer/internal/stats"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
	"github.com/scrutineer/scrutineer/internal/themes"
)

// benchSite is a server on the demo-sized generated data set (400 reviews; set
// SCRUTINEER_BENCH_SIZE=large for 5,000 reviews and 20,000 reports) with a
// signed-in person for each role the main pages are for.
type benchSite struct {
	srv     *Server
	db      *store.DB
	cookies map[scrutineer.Role]*http.Cookie
	people  map[scrutineer.Role]*scrutineer.User
	// review is one of the officer's committee's reviews, with its outcome notified,
	// which the inspector may open too.
	review string
}

// mainPages are the main pages (committee dashboard, repository search,
// review page, statistics overview) and the other pages people open most, with the
// role that opens each.
func (s *benchSite) mainPages() []benchPage {
	return []benchPage{
		{"dashboard", "/dashboard", scrutineer.RoleCommitteeOfficer, nil},
		{"committee-dashboard", "/learning-reviews", scrutineer.RoleCommitteeOfficer, nil},
		{"review", "/learning-reviews/" + s.review, scrutineer.RoleCommitteeOfficer, nil},
		{"review-inspector", "/learning-reviews/" + s.review, scrutineer.RoleInspector, nil},
		{"repository", "/repository", scrutineer.RoleInspector, nil},
		{"repository-search", "/repository?q=neglect", scrutineer.RoleInspector, repositorySearchEngine},
		{"search", "/search?q=neglect", scrutineer.RoleInspector, searchEngine},
		{"statistics", statsStaffBase, scrutineer.RoleAnalyst, nil},
	}
}

type benchPage struct {
	name, path string
	role       scrutineer.Role
	// engine is the search calls a text search's page makes, nil for other pages.
	engine func(context.Context, *Server) error
}

// repositorySearchEngine is what the repository's text search asks of the index:
// the ranked ids of every match, then the snippets of a page of them.
func repositorySearchEngine(ctx context.Context, s *Server) error {
	ids, err := s.repositoryText(ctx, "neglect")
	if err != nil {
		return err
	}
	rows := make([]scrutineer.RepositoryRow, min(len(ids), scrutineer.RepositoryPageSize))
	for i := range rows {
		rows[i].Review = &scrutineer.LearningReview{ID: ids[i]}
	}
	_, err = s.repositorySnippets(ctx, "neglect", rows)
	return err
}

// searchEngine is what the search page asks of the index: a page of ranked hits
// with their snippets and the total.
func searchEngine(ctx context.Context, s *Server) error {
	_, err := s.Search.Search(ctx, search.Query{Text: "neglect", Limit: searchPageSize})
	return err
}

// engineWork returns page's engine calls as its role's person, having checked
// that they succeed.
func (s *benchSite) engineWork(b *testing.B, page benchPage) func(context.Context) error {
	b.Helper()
	work := func(ctx context.Context) error {
		return page.engine(scrutineer.NewContextWithUser(ctx, s.people[page.role]), s.srv)
	}
	if err := work(context.Background()); err != nil {
		b.Fatalf("%s: engine floor: %v", page.path, err)
	}
	return work
}

func newBenchSite(b *testing.B) *benchSite {
	b.Helper()
	ctx := auth.SystemContext(context.Background())
	db := testutil.NewSQLite(b)
	orgs := store.NewOrganisations(db)
	if _, err := directory.Sync(ctx, orgs); err != nil {
		b.Fatal(err)
	}
	glasgow, err := orgs.FindOrganisationBySlug(ctx, "glasgow-cpc")
	if err != nil {
		b.Fatal(err)
	}
	regulator, err := orgs.FindOrganisationBySlug(ctx, "regulator")
	if err != nil {
		b.Fatal(err)
	}
	officer := testutil.MustCreateUser(b, db, "officer@bench.test", glasgow, scrutineer.RoleCommitteeOfficer)
	size := generate.Small
	if name := os.Getenv("SCRUTINEER_BENCH_SIZE"); name != "" {
		var ok bool
		if size, ok = generate.SizeNamed(name); !ok {
			b.Fatalf("SCRUTINEER_BENCH_SIZE=%s: no such size (small, medium, large)", name)
		}
	}
	res, err := generate.Generate(ctx, db, generate.Config{Seed: 7, Size: size, Today: time.Now(), Index: search.New(db),
		Officers: map[string]string{glasgow.ID: officer.ID}, Focus: []string{glasgow.ID}})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := store.NewThemes(db).SeedThemes(ctx); err != nil {
		b.Fatal(err)
	}
	jobs, reviews := store.NewJobs(db), store.NewLearningReviews(db)
	deadlines := store.NewReviewDeadlines(db, jobs, "http://127.0.0.1")
	if err := deadlines.SeedServiceLevels(ctx); err != nil {
		b.Fatal(err)
	}
	// NOTE: every dependency the review page's sections need, as cmd/scrutineer wires
	// them: a section without its service is left out of the page.
	srv, err := New(Deps{Logger: slog.New(slog.DiscardHandler), Readiness: db, Users: store.NewUsers(db), Sessions: store.NewSessions(db),
		Organisations: orgs, Jobs: jobs, Audit: store.NewAudit(db), Login: testLogin(db),
		LearningReviews: reviews, Repository: reviews, Search: search.New(db), Statistics: stats.New(db.Reader()).Cached(time.Minute),
		ReviewRegulator: store.NewReviewRegulator(db, jobs, "http://127.0.0.1"), ReviewMessages: store.NewReviewMessages(db, jobs, "http://127.0.0.1"),
		Themes: themes.New(store.NewThemes(db), nil, search.New(db), jobs, nil), Deadlines: deadlines, Version: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	srv.SetStarted()
	site := &benchSite{srv: srv, db: db, cookies: map[scrutineer.Role]*http.Cookie{}}
	people := map[scrutineer.Role]*scrutineer.User{scrutineer.RoleCommitteeOfficer: officer}
	site.people = people
	for _, role := range []scrutineer.Role{scrutineer.RoleInspector, scrutineer.RoleAnalyst} {
		people[role] = testutil.MustCreateUser(b, db, string(role)+"@bench.test", regulator, role)
	}
	for role, u := range people {
		token, err := store.NewSessions(db).CreateSession(context.Background(), u.ID)
		if err != nil {
			b.Fatal(err)
		}
		site.cookies[role] = &http.Cookie{Name: "scrutineer_session", Value: token}
	}
	for _, r := range res.Reviews {
		if r.R.CommitteeID == glasgow.ID && r.R.Status == scrutineer.ReviewOutcomeNotified {
			site.review = r.R.ID
			break
		}
	}
	if site.review == "" {
		b.Fatal("the generated data has no review of Glasgow's with its outcome notified")
	}
	return site
}

// request is a GET of path as the role's person.
func (s *benchSite) request(p benchPage) *http.Request {
	r := httptest.NewRequest("GET", p.path, nil)
	r.AddCookie(s.cookies[p.role])
	return r
}

// BenchmarkCommitteePages renders the main pages in process, one at a time,
// through the whole middleware stack with a real session; its CPU profile shows
// where a page's time goes (BenchmarkMainPagesUnderLoad sets them against their bare
// handlers).
//
//	go test ./internal/web -run '^$' -bench CommitteePages -cpuprofile cpu.out
func BenchmarkCommitteePages(b *testing.B) {
	site := newBenchSite(b)
	for _, page := range site.mainPages() {
		b.Run(page.name, func(b *testing.B) {
			for b.Loop() {
				w := httptest.NewRecorder()
				site.srv.ServeHTTP(w, site.request(page))
				if w.Code != http.StatusOK {
					b.Fatalf("%s: %d", page.path, w.Code)
				}
			}
		})
	}
}
