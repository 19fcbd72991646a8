package web

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/stats"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// BenchmarkStatisticsOverview renders the staff overview of ten financial years on
// SQLite over the data set: 5,000 reviews and 20,000 recommendations
// (target: under 200 ms a page; docs/benchmarks.md).
//
//	go test ./internal/web -run '^$' -bench StatisticsOverview -benchtime 20x
func BenchmarkStatisticsOverview(b *testing.B) {
	db := testutil.NewSQLite(b)
	loadStatisticsBench(b, db, 5000, 4)
	srv, cookie := benchStatisticsServer(b, db)
	target := statsStaffBase + "?period=custom&from=2016-04-01&to=2026-03-31"
	b.ResetTimer()
	cpu := cpuTime()
	for b.Loop() {
		r := httptest.NewRequest("GET", target, nil)
		r.AddCookie(cookie)
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, r)
		if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `<td class="app_num">5000</td>`) {
			b.Fatalf("overview: %d", w.Code)
		}
	}
	// NOTE: the development machine is shared, so wall time per page overstates the
	// cost several times; the process's CPU time per page (all cores) is reported too.
	b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N)/1e6, "cpu-ms/op")
}

// cpuTime is the CPU time (user and system) the process has used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkStatisticsPublic is the same page under disclosure control.
func BenchmarkStatisticsPublic(b *testing.B) {
	db := testutil.NewSQLite(b)
	loadStatisticsBench(b, db, 5000, 4)
	srv, _ := benchStatisticsServer(b, db)
	target := statsPublicBase + "?period=custom&from=2016-04-01&to=2026-03-31"
	cpu := cpuTime()
	for b.Loop() {
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, httptest.NewRequest("GET", target, nil))
		if w.Code != http.StatusOK {
			b.Fatalf("public: %d", w.Code)
		}
	}
	b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N)/1e6, "cpu-ms/op")
}

func benchStatisticsServer(b *testing.B, db *store.DB) (*Server, *http.Cookie) {
	b.Helper()
	srv, err := New(Deps{Logger: slog.New(slog.DiscardHandler), Readiness: db, Users: store.NewUsers(db), Sessions: store.NewSessions(db),
		Organisations: store.NewOrganisations(db), Jobs: store.NewJobs(db), Audit: store.NewAudit(db), Login: testLogin(db),
		Statistics: stats.New(db.Reader()), Version: "bench",
		Now: func() time.Time { return time.Date(2026, 3, 31, 12, 0, 0, 0, time.UTC) }})
	if err != nil {
		b.Fatal(err)
	}
	srv.SetStarted()
	reg := testutil.MustCreateOrganisation(b, db, "bench-regulator", scrutineer.KindRegulator)
	u := testutil.MustCreateUser(b, db, "analyst@bench.test", reg, scrutineer.RoleAnalyst)
	token, err := store.NewSessions(db).CreateSession(context.Background(), u.ID)
	if err != nil {
		b.Fatal(err)
	}
	return srv, &http.Cookie{Name: "scrutineer_session", Value: token}
}

// loadStatisticsBench writes n reviews over the ten financial years 2016-17 to
// 2025-26 (decided, most with outcomes), perReview recommendations each,
// actions and accepted themes, across 30 local authorities and 60 committees, in
// multi-row INSERTs of literal values (all generated codes and dates).
func loadStatisticsBench(b *testing.B, db *store.DB, n, perReview int) {
	b.Helper()
	rng := rand.New(rand.NewPCG(6, 2026))
	ts := "'2026-01-01T00:00:00Z'"
	var stmts []string
	kinds := []string{"child_protection_committee", "adult_protection_committee", "public_protection_committee"}
	stmts = append(stmts, "INSERT INTO organisations (id, slug, name, kind, created_at, updated_at) VALUES ('b-reg', 'b-reg', 'Bench regulator', 'regulator', "+ts+", "+ts+")")
	for a := range 30 {
		stmts = append(stmts, fmt.Sprintf("INSERT INTO organisations (id, slug, name, kind, created_at, updated_at) VALUES ('la%d', 'la%d', 'Area %02d', 'local_authority', %s, %s)", a, a, a, ts, ts))
	}
	for c := range 60 {
		stmts = append(stmts, fmt.Sprintf("INSERT INTO organisations (id, slug, name, kind, created_at, updated_at) VALUES ('c%d', 'c%d', 'Committee %02d', '%s', %s, %s)", c, c, c, kinds[c%3], ts, ts),
			fmt.Sprintf("INSERT INTO organisation_areas (organisation_id, area_id) VALUES ('c%d', 'la%d')", c, c%30))
	}
	stmts = append(stmts, "INSERT INTO users (id, email, name, organisation_id, created_at, updated_at) VALUES ('b-user', 'bench@bench.test', 'Bench', 'b-reg', "+ts+", "+ts+")")
	pick := func(cs scrutineer.Codes) string { return cs[rng.IntN(len(cs))].Value }
	start := time.Date(2016, 4, 1, 0, 0, 0, 0, time.UTC)
	date := func(t time.Time) string { return t.Format("2006-01-02") }
	var reviews, recs, actions, themes []string
	for i := range n {
		incident := start.AddDate(0, 0, rng.IntN(3650-110))
		referral := incident.AddDate(0, 0, rng.IntN(40))
		decided := referral.AddDate(0, 0, 7+rng.IntN(60))
		decision := pick(scrutineer.DecisionCodes)
		subject := pick(scrutineer.SubjectTypeCodes)
		completed, ratified, outcome := "", "", ""
		if decision != "no_review" && rng.IntN(5) > 0 {
			c := decided.AddDate(0, 0, 60+rng.IntN(300))
			r := c.AddDate(0, 0, 5+rng.IntN(30))
			completed, ratified, outcome = date(c), date(r), date(r.AddDate(0, 0, rng.IntN(14)))
		}
		reviews = append(reviews, fmt.Sprintf("('r%d', 'c%d', 'closed', '%s', '%s', '%s', '%s', '%s', '%s', '%s', '%s', '%s', '%s', '%s', '%s', '%s', '%s', '%s', 'b-user', %s, %s, 1)",
			i, rng.IntN(60), subject, pick(scrutineer.AgeBandCodes), pick(scrutineer.SexCodes), pick(scrutineer.DisabilityCodes), pick(scrutineer.EthnicityCodes),
			pick(scrutineer.ProtectionStatusCodes), pick(scrutineer.EventTypeCodes), pick(scrutineer.HarmNatureCodes), decision,
			date(incident), date(referral), date(decided), completed, ratified, outcome, ts, ts))
		for k := range perReview {
			id := fmt.Sprintf("rec%d_%d", i, k)
			recs = append(recs, fmt.Sprintf("('%s', 'r%d', %d, 'Recommendation', '%s', '%s,%s')", id, i, k, pick(scrutineer.AgencyCodes),
				scrutineer.DefaultThemes[rng.IntN(16)].Code, scrutineer.DefaultThemes[rng.IntN(16)].Code))
			actions = append(actions, fmt.Sprintf("('act%d_%d', 'r%d', %d, 'Action', 'Owner', '2026-01-01', '%s', %s, 1)", i, k, i, k, pick(scrutineer.ActionStatusCodes), ts))
		}
		seen := map[int]bool{}
		for range rng.IntN(4) {
			th := rng.IntN(16)
			if !seen[th] {
				seen[th] = true
				themes = append(themes, fmt.Sprintf("('r%d', '%s', 1, 'accepted')", i, scrutineer.DefaultThemes[th].Code))
			}
		}
	}
	batch := func(head string, rows []string) {
		for len(rows) > 0 {
			k := min(len(rows), 400)
			stmts = append(stmts, head+strings.Join(rows[:k], ", "))
			rows = rows[k:]
		}
	}
	batch(`INSERT INTO learning_reviews (id, committee_id, status, subject_type, age_band, sex, disability, ethnicity, protection_status,
		event_type, harm_nature, decision, incident_on, referral_on, decided_on, completed_on, ratified_on, outcome_on, created_by, created_at, updated_at, version) VALUES `, reviews)
	batch("INSERT INTO review_recommendations (id, review_id, position, body, agency, themes) VALUES ", recs)
	batch("INSERT INTO review_actions (id, review_id, position, action, owner, due_on, status, updated_at, version) VALUES ", actions)
	batch("INSERT INTO review_themes (review_id, code, version, status) VALUES ", themes)
	if err := db.WriteTx(context.Background(), func(tx *sql.Tx) error {
		for _, s := range stmts {
			if _, err := tx.Exec(s); err != nil {
				return fmt.Errorf("%w: %.200s", err, s)
			}
		}
		return nil
	}); err != nil {
		b.Fatal(err)
	}
	b.Logf("loaded %d reviews, %d recommendations, %d actions", len(reviews), len(recs), len(actions))
}
