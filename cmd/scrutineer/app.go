package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/scrutineer/scrutineer/internal/config"
	"github.com/scrutineer/scrutineer/internal/store"
)

// newLogger returns the process logger: JSON for machines, text for people.
func newLogger(cfg *config.Config, w io.Writer) *slog.Logger {
	var level slog.Level
	level.UnmarshalText([]byte(cfg.LogLevel))
	opts := &slog.HandlerOptions{Level: level}
	if cfg.LogFormat == "text" {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}

// prepareDataDir makes sure the data folder exists and is writable, creating it only
// when its parent exists, so a typo does not scatter folders around the disk.
func prepareDataDir(dir string) error {
	info, err := os.Stat(dir)
	switch {
	case err == nil && !info.IsDir():
		return fmt.Errorf("the data folder %s is a file, not a folder", dir)
	case os.IsNotExist(err):
		if err := os.Mkdir(dir, 0o700); err != nil {
			return fmt.Errorf("cannot create the data folder %s: %v", dir, describeFSError(err))
		}
	case err != nil:
		return fmt.Errorf("cannot use the data folder %s: %v", dir, describeFSError(err))
	}
	probe, err := os.CreateTemp(dir, ".write-check-*")
	if err != nil {
		return fmt.Errorf("the data folder %s is not writable", dir)
	}
	probe.Close()
	os.Remove(probe.Name())
	return nil
}

func describeFSError(err error) string {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err.Error()
	}
	return err.Error()
}

// openStore opens the configured database: PostgreSQL when a URL is set, otherwise
// SQLite in the data folder.
func openStore(ctx context.Context, cfg *config.Config) (*store.DB, error) {
	opts := store.Options{URL: cfg.DatabaseURL}
	if cfg.DatabaseURL == "" {
		if err := prepareDataDir(cfg.DataDir); err != nil {
			return nil, usageErr("%v", err)
		}
		opts.Path = filepath.Join(cfg.DataDir, "scrutineer.db")
	}
	db, err := store.Open(ctx, opts)
	if err != nil {
		return nil, usageErr("%v", err)
	}
	return db, nil
}

// migrate brings the schema up to date and adds missing reference data.
func migrate(ctx context.Context, db *store.DB, log *slog.Logger) error {
	if err := db.Migrate(ctx); err != nil {
		return err
	}
	if err := syncReferenceData(ctx, db); err != nil {
		return err
	}
	current, _, err := db.MigrationState(ctx)
	if err != nil {
		return err
	}
	log.Info("database migrated", "engine", db.Engine(), "schema_version", current)
	return nil
}

// migrateCmd applies migrations and exits.
func migrateCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	f, err := parseFlags("migrate", args, false)
	if err != nil {
		return err
	}
	cfg, err := loadConfig(getenv, f)
	if err != nil {
		return err
	}
	db, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := migrate(ctx, db, newLogger(cfg, stderr)); err != nil {
		return err
	}
	current, _, _ := db.MigrationState(ctx)
	fmt.Fprintf(stdout, "database is at schema version %d\n", current)
	return nil
}
