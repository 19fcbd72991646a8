// Package generate fills a database with realistic, entirely synthetic data: staff,
// learning reviews in every state of their lifecycle with their history and records,
// report texts in the search index and a sample of real encrypted documents. The
// demo uses it at the small size and the benchmarks in bench/ at the large one.
//
// Everything is derived from a seed and a reference date (Config.Today): the same
// seed and date always give the same rows, with the same ids, on SQLite and
// PostgreSQL (Result.Fingerprint checks it). Each review is planned on its own random
// stream, so the plan of review i does not depend on the others. Nothing generated is
// a name: subjects are "Child A" or "Adult B", staff are roles.
//
// Rows go straight into the tables in batched transactions (store.InsertRows),
// without the services' per-record audit entries: this is seed data, not anyone's
// action. Every review's history is walked with LearningReview.CheckMove, so no
// generated review can be in a state its lifecycle does not allow.
//
// Later capabilities add their own data by implementing Source and listing it in
// Config.Sources (decision 0130).
package generate

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"math/rand/v2"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/search"
	"github.com/scrutineer/scrutineer/internal/store"
)

// Size is how much one run generates.
type Size struct {
	Name    string
	Reviews int // learning review notifications
	Years   int // referrals are spread over this many years up to Config.Today
	// Reports is how many texts go into the search index: each review with an
	// outcome gets its report, the rest are minutes and further reports of reviews.
	Reports int
	Words   int // the typical length of a report in words
	// Documents is how many reviews also get their report as a real encrypted
	// document through the document exchange (needs Config.Documents).
	Documents int
	Batch     int // reviews written per transaction
}

// The sizes: the demo's, a middle one for quick benchmarks, and the large
// repository (issue 7).
var (
	Small  = Size{Name: "small", Reviews: 400, Years: 6, Reports: 400, Words: 1000, Documents: 4, Batch: 200}
	Medium = Size{Name: "medium", Reviews: 2000, Years: 10, Reports: 5000, Words: 1500, Documents: 10, Batch: 250}
	Large  = Size{Name: "large", Reviews: 5000, Years: 10, Reports: 20000, Words: 1500, Documents: 20, Batch: 250}
)

// SizeNamed returns the size called name, or false.
func SizeNamed(name string) (Size, bool) {
	for _, s := range []Size{Small, Medium, Large} {
		if s.Name == name {
			return s, true
		}
	}
	return Size{}, false
}

// Config says what to generate.
type Config struct {
	Seed uint64
	Size Size
	// Today is the last day of the data set: every generated date is on or before it.
	// The demo passes the real date so deadlines and ages look current.
	Today time.Time
	// Staff: existing accounts to act as (user ids). Generated accounts fill the
	// gaps: an officer for each committee without one, and the regulator's staff.
	Officers   map[string]string // committee organisation id -> user id
	Inspectors []string
	Managers   []string
	Analysts   []string
	// Focus committees get reviews in every state, two of each at least, whatever
	// the dates would give (the demo's committee officers).
	Focus []string
	// Index receives the report texts; nil skips them.
	Index search.Index
	// Documents uploads the sample of real documents; nil skips them.
	Documents *Documents
	// Sources run after the built-in ones, in order.
	Sources []Source
}

// Source adds one kind of data. Generate must be deterministic from the run's seed
// (use Run.Rand) and write through Run.Insert, so that the fingerprint covers it.
type Source interface {
	Name() string
	Generate(ctx context.Context, r *Run) error
}

// Result is what a run made.
type Result struct {
	// Counts are the rows written per table, and "search" for the indexed texts and
	// "documents" for the uploaded ones.
	Counts map[string]int
	// Fingerprint is a SHA-256 of every row written, in order: equal for equal
	// seeds, sizes and dates, whatever the engine.
	Fingerprint string
	// Reviews are the generated reviews as planned, in generation order.
	Reviews []*Review
	// Staff are the accounts the reviews were generated with.
	Staff *Staff
	Took  time.Duration
}

// Run is one generation in progress, handed to each Source.
type Run struct {
	Config     Config
	DB         *store.DB
	Committees []Committee
	Regulator  string // the regulator's organisation id
	Staff      *Staff
	Reviews    []*Review
	counts     map[string]int
	hash       hash.Hash
	slugs      map[string]string // organisation id -> slug
}

// Rand returns the random stream named stream, the same on every run with the seed.
func (r *Run) Rand(stream string) *rand.Rand {
	h := sha256.Sum256([]byte(stream))
	var k uint64
	for _, b := range h[:8] {
		k = k<<8 | uint64(b)
	}
	return rand.New(rand.NewPCG(r.Config.Seed, k))
}

// Count adds n to the count of what; for work written other than through Insert.
func (r *Run) Count(what string, n int) { r.counts[what] += n }

// Fingerprint adds values to the fingerprint; for work written other than through
// Insert.
func (r *Run) Fingerprint(values ...any) {
	for _, v := range values {
		v = fingerprintValue(v)
		// NOTE: organisation ids are made by the directory, differently in each
		// database; the fingerprint names organisations by their stable slugs.
		if s, ok := v.(string); ok && r.slugs[s] != "" {
			v = r.slugs[s]
		}
		fmt.Fprintf(r.hash, "%v\x1f", v)
	}
	r.hash.Write([]byte{'\x1e'})
}

func fingerprintValue(v any) any {
	switch x := v.(type) {
	case store.Time:
		if x.IsZero() {
			return nil
		}
		return x.UTC().Format(time.RFC3339Nano)
	case *string:
		if x == nil {
			return nil
		}
		return *x
	}
	return v
}

// Generate runs the built-in sources and then cfg.Sources against db, which must be
// migrated and hold the organisation directory. It is not idempotent: callers check
// whether the data exists already (see Exists).
func Generate(ctx context.Context, db *store.DB, cfg Config) (*Result, error) {
	start := time.Now()
	if cfg.Size.Batch <= 0 {
		cfg.Size.Batch = 250
	}
	cfg.Today = scrutineer.Today(cfg.Today)
	run := &Run{Config: cfg, DB: db, counts: map[string]int{}, hash: sha256.New(), slugs: map[string]string{}}
	sources := append([]Source{staffSource{}, reviewsSource{}, textsSource{}}, cfg.Sources...)
	for _, s := range sources {
		if err := s.Generate(ctx, run); err != nil {
			return nil, fmt.Errorf("generate %s: %w", s.Name(), err)
		}
	}
	return &Result{Counts: run.counts, Fingerprint: hex.EncodeToString(run.hash.Sum(nil)), Reviews: run.Reviews,
		Staff: run.Staff, Took: time.Since(start)}, nil
}

// newID returns an identifier shaped like store.NewID's (a UUIDv7, so ids sort by
// the time given) but drawn from r, so runs repeat.
func newID(r *rand.Rand, at time.Time) string {
	var b [16]byte
	ms := uint64(at.UnixMilli())
	for i := range 6 {
		b[i] = byte(ms >> (40 - 8*i))
	}
	lo, hi := r.Uint64(), r.Uint64()
	for i := range 5 {
		b[6+i] = byte(lo >> (8 * i))
		b[11+i] = byte(hi >> (8 * i))
	}
	b[6] = 0x70 | b[6]&0x0f
	b[8] = 0x80 | b[8]&0x3f
	h := hex.EncodeToString(b[:])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}
