// Package benchwrites measures durable draft saves through the learning reviews
// store, as many committee officers make them at once (issue 7: write intake). The
// HTTP figure, with the API in front, is bench/load's intake phase.
package benchwrites

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/directory"
	"github.com/scrutineer/scrutineer/internal/generate"
	"github.com/scrutineer/scrutineer/internal/search/searchbench"
	"github.com/scrutineer/scrutineer/internal/store"
)

// writers is how many officers save at once.
const writers = 200

// BenchmarkDraftSave: each of 200 officers saves its own draft in turn, b.N saves
// in all, on each engine; reports saves a second and the p50 and p99 latency.
func BenchmarkDraftSave(b *testing.B) {
	ctx := auth.SystemContext(context.Background())
	var cleanups []func()
	defer func() {
		for i := len(cleanups) - 1; i >= 0; i-- {
			cleanups[i]()
		}
	}()
	dir := b.TempDir()
	dbs, err := searchbench.OpenDatabases(ctx, dir, &cleanups)
	if err != nil {
		b.Fatal(err)
	}
	for _, d := range dbs {
		b.Run(d.Engine, func(b *testing.B) {
			ctxs, ids := setup(b, ctx, d.DB)
			reviews := store.NewLearningReviews(d.DB)
			var next atomic.Int64
			lat := make([][]time.Duration, writers)
			b.ResetTimer()
			start := time.Now()
			var wg sync.WaitGroup
			for w := range writers {
				wg.Go(func() {
					for k := 0; int(next.Add(1)) <= b.N; k++ {
						day := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, k%1500).Format("2006-01-02")
						t := time.Now()
						if _, err := reviews.Update(ctxs[w], ids[w], &scrutineer.LearningReviewChanges{IncidentOn: &day, ReferralOn: &day}); err != nil {
							b.Error(err)
							return
						}
						lat[w] = append(lat[w], time.Since(t))
					}
				})
			}
			wg.Wait()
			elapsed := time.Since(start)
			all := slices.Concat(lat...)
			slices.Sort(all)
			if len(all) == 0 {
				return
			}
			b.ReportMetric(float64(len(all))/elapsed.Seconds(), "saves/s")
			b.ReportMetric(float64(all[len(all)/2])/1e6, "p50-ms")
			b.ReportMetric(float64(all[len(all)*99/100])/1e6, "p99-ms")
		})
	}
}

// setup makes one committee officer with one draft per writer.
func setup(b *testing.B, ctx context.Context, db *store.DB) ([]context.Context, []string) {
	if _, err := directory.Sync(ctx, store.NewOrganisations(db)); err != nil {
		b.Fatal(err)
	}
	officers, err := generate.AddOfficers(ctx, db, writers, fmt.Sprint(time.Now().UnixNano()))
	if err != nil {
		b.Fatal(err)
	}
	reviews := store.NewLearningReviews(db)
	ctxs, ids := make([]context.Context, writers), make([]string, writers)
	for w, u := range officers {
		ctxs[w] = scrutineer.NewContextWithUser(context.Background(), u)
		r := &scrutineer.LearningReview{SubjectType: "child"}
		if err := reviews.CreateDraft(ctxs[w], r); err != nil {
			b.Fatal(err)
		}
		ids[w] = r.ID
	}
	return ctxs, ids
}

// BenchmarkRawCommit is the baseline in the same run: one UPDATE of one row per
// transaction, one at a time, with the same durable settings, no store code.
func BenchmarkRawCommit(b *testing.B) {
	ctx := context.Background()
	var cleanups []func()
	defer func() {
		for i := len(cleanups) - 1; i >= 0; i-- {
			cleanups[i]()
		}
	}()
	dbs, err := searchbench.OpenDatabases(ctx, b.TempDir(), &cleanups)
	if err != nil {
		b.Fatal(err)
	}
	for _, d := range dbs {
		b.Run(d.Engine, func(b *testing.B) {
			if err := d.DB.WriteTx(ctx, func(tx *sql.Tx) error {
				_, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS bench_raw (id INTEGER PRIMARY KEY, v TEXT NOT NULL)`)
				if err == nil {
					_, err = tx.ExecContext(ctx, `INSERT INTO bench_raw (id, v) VALUES (1, '') ON CONFLICT DO NOTHING`)
				}
				return err
			}); err != nil {
				b.Fatal(err)
			}
			start := time.Now()
			for i := range b.N {
				if err := d.DB.WriteTx(ctx, func(tx *sql.Tx) error {
					_, err := tx.ExecContext(ctx, `UPDATE bench_raw SET v = $1 WHERE id = 1`, fmt.Sprint(i))
					return err
				}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "commits/s")
		})
	}
}
