package web

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/directory"
	"github.com/scrutineer/scrutineer/internal/generate"
	"github.com/scrutineer/scrutineer/internal/search"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// BenchmarkCommitteePages renders the committee officer's main pages and the
// inspector's repository in process on
// the demo-sized generated data set (400 reviews), through the whole middleware
// stack with a real session; its CPU profile shows where a page's time goes
// (bench/load measures the same pages over HTTP against a bare handler).
//
//	go test ./internal/web -run '^$' -bench CommitteePages -cpuprofile cpu.out
func BenchmarkCommitteePages(b *testing.B) {
	ctx := auth.SystemContext(context.Background())
	db := testutil.NewSQLite(b)
	if _, err := directory.Sync(ctx, store.NewOrganisations(db)); err != nil {
		b.Fatal(err)
	}
	glasgow, err := store.NewOrganisations(db).FindOrganisationBySlug(ctx, "glasgow-cpc")
	if err != nil {
		b.Fatal(err)
	}
	officer := testutil.MustCreateUser(b, db, "officer@bench.test", glasgow, scrutineer.RoleCommitteeOfficer)
	res, err := generate.Generate(ctx, db, generate.Config{Seed: 7, Size: generate.Small, Today: time.Now(), Index: search.New(db),
		Officers: map[string]string{glasgow.ID: officer.ID}, Focus: []string{glasgow.ID}})
	if err != nil {
		b.Fatal(err)
	}
	reviews := store.NewLearningReviews(db)
	srv, err := New(Deps{Logger: slog.New(slog.DiscardHandler), Readiness: db, Users: store.NewUsers(db), Sessions: store.NewSessions(db),
		Organisations: store.NewOrganisations(db), Jobs: store.NewJobs(db), Audit: store.NewAudit(db), Login: testLogin(db),
		LearningReviews: reviews, Repository: reviews, Search: search.New(db), Version: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	srv.SetStarted()
	token, err := store.NewSessions(db).CreateSession(context.Background(), officer.ID)
	if err != nil {
		b.Fatal(err)
	}
	cookie := &http.Cookie{Name: "scrutineer_session", Value: token}
	regulator, err := store.NewOrganisations(db).FindOrganisationBySlug(ctx, "regulator")
	if err != nil {
		b.Fatal(err)
	}
	inspector := testutil.MustCreateUser(b, db, "inspector@bench.test", regulator, scrutineer.RoleInspector)
	itoken, err := store.NewSessions(db).CreateSession(context.Background(), inspector.ID)
	if err != nil {
		b.Fatal(err)
	}
	icookie := &http.Cookie{Name: "scrutineer_session", Value: itoken}
	var review string
	for _, r := range res.Reviews {
		if r.R.CommitteeID == glasgow.ID && r.R.Status == scrutineer.ReviewOutcomeNotified {
			review = r.R.ID
			break
		}
	}
	for _, page := range []string{"/dashboard", "/learning-reviews", "/learning-reviews/" + review, "/repository", "/repository?q=neglect"} {
		c := cookie
		if strings.HasPrefix(page, "/repository") {
			c = icookie
		}
		b.Run(page, func(b *testing.B) {
			for b.Loop() {
				r := httptest.NewRequest("GET", page, nil)
				r.AddCookie(c)
				w := httptest.NewRecorder()
				srv.ServeHTTP(w, r)
				if w.Code != http.StatusOK {
					b.Fatalf("%s: %d", page, w.Code)
				}
			}
		})
	}
}
