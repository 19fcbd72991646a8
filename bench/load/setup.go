package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/directory"
	"github.com/scrutineer/scrutineer/internal/generate"
	"github.com/scrutineer/scrutineer/internal/search"
	"github.com/scrutineer/scrutineer/internal/store"
)

// dataSet is what the load needs to know of the generated data, kept in the data
// folder as bench.json so that a large data set is generated once.
type dataSet struct {
	Size      string
	Seed      uint64
	Took      time.Duration
	Counts    map[string]int
	Roles     map[string]string   // role -> user id: officer, inspector, analyst, manager
	Reviews   map[string][]string // role -> review ids that role may open
	Committee string              // the officer's committee id
}

func openDB(ctx context.Context, o options) (*store.DB, error) {
	db, err := store.Open(ctx, store.Options{URL: o.postgres, Path: filepath.Join(o.data, "scrutineer.db")})
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// prepare generates the data set unless the data folder holds it already.
func prepare(ctx context.Context, o options) (*dataSet, error) {
	file := filepath.Join(o.data, "bench.json")
	if b, err := os.ReadFile(file); err == nil {
		var ds dataSet
		if err := json.Unmarshal(b, &ds); err == nil && ds.Size == o.size && ds.Seed == o.seed {
			return &ds, nil
		}
		return nil, fmt.Errorf("%s holds another data set: use an empty -data folder", o.data)
	}
	size, ok := generate.SizeNamed(o.size)
	if !ok {
		return nil, fmt.Errorf("unknown size %q: small, medium or large", o.size)
	}
	ctx = auth.SystemContext(ctx)
	db, err := openDB(ctx, o)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	orgs := store.NewOrganisations(db)
	if _, err := directory.Sync(ctx, orgs); err != nil {
		return nil, err
	}
	glasgow, err := orgs.FindOrganisationBySlug(ctx, "glasgow-cpc")
	if err != nil {
		return nil, err
	}
	res, err := generate.Generate(ctx, db, generate.Config{Seed: o.seed, Size: size, Today: time.Now(), Index: search.New(db), Focus: []string{glasgow.ID}})
	if err != nil {
		return nil, err
	}
	if err := analyse(ctx, db); err != nil {
		return nil, err
	}
	ds := &dataSet{Size: o.size, Seed: o.seed, Took: res.Took, Counts: res.Counts, Committee: glasgow.ID,
		Roles: map[string]string{"officer": res.Staff.Officers[glasgow.ID], "inspector": res.Staff.Inspectors[0],
			"analyst": res.Staff.Analysts[0], "manager": res.Staff.Managers[0]},
		Reviews: map[string][]string{}}
	for _, rv := range res.Reviews {
		if rv.Committee.ID == glasgow.ID {
			ds.Reviews["officer"] = append(ds.Reviews["officer"], rv.R.ID)
		}
		if rv.R.Status != scrutineer.ReviewDraft {
			for _, role := range []string{"inspector", "analyst", "manager"} {
				ds.Reviews[role] = append(ds.Reviews[role], rv.R.ID)
			}
		}
	}
	b, _ := json.MarshalIndent(ds, "", " ")
	return ds, os.WriteFile(file, b, 0o600)
}

// analyse refreshes the planner's statistics after the bulk load, as a repository
// grown over years would have them.
func analyse(ctx context.Context, db *store.DB) error {
	if db.Engine() == store.Postgres {
		_, err := db.Reader().ExecContext(ctx, `ANALYZE`)
		return err
	}
	// The SQLite read pool is query-only; ANALYZE writes its statistics.
	return db.WriteTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `ANALYZE`)
		return err
	})
}

// principals opens a session for each role and makes n committee officers across
// the committees, each with tokens API tokens, for the write intake.
type principals struct {
	cookies map[string]string // role -> session token
	writers [][]string        // per writer, its API tokens
}

func signIn(ctx context.Context, o options, ds *dataSet, writers, tokens int) (*principals, error) {
	ctx = auth.SystemContext(ctx)
	db, err := openDB(ctx, o)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	p := &principals{cookies: map[string]string{}}
	sessions := store.NewSessions(db)
	for role, id := range ds.Roles {
		if p.cookies[role], err = sessions.CreateSession(ctx, id); err != nil {
			return nil, err
		}
	}
	if writers == 0 {
		return p, nil
	}
	officers, err := generate.AddOfficers(ctx, db, writers, fmt.Sprint(time.Now().UnixNano()))
	if err != nil {
		return nil, err
	}
	apiTokens := store.NewAPITokens(db)
	for _, u := range officers {
		var secrets []string
		for k := range tokens {
			s, err := apiTokens.CreateAPIToken(ctx, &scrutineer.APIToken{UserID: u.ID, Label: fmt.Sprintf("Bench %d", k)})
			if err != nil {
				return nil, err
			}
			secrets = append(secrets, s)
		}
		p.writers = append(p.writers, secrets)
	}
	return p, nil
}
