package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/scrutineer/scrutineer/internal/backup"
	"github.com/scrutineer/scrutineer/internal/blob"
	"github.com/scrutineer/scrutineer/internal/config"
	"github.com/scrutineer/scrutineer/internal/keys"
	"github.com/scrutineer/scrutineer/internal/store"
)

// backupCmd runs `scrutineer backup --out FILE|DIR [--data DIR] [--keep N]`: a
// consistent online backup of the database and the document files, encrypted to the
// service key, written atomically; then, with --keep (or SCRUTINEER_BACKUP_KEEP),
// older backups in the same folder are deleted.
func backupCmd(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var data, out, keepFlag string
	fs.StringVar(&data, "data", "", "data folder")
	fs.StringVar(&out, "out", "", "backup file, or folder to write a dated backup into")
	fs.StringVar(&keepFlag, "keep", getenv("SCRUTINEER_BACKUP_KEEP"), "backups to keep in the output folder")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 || out == "" {
		return usageErr("backup: use scrutineer backup --out FILE|DIR [--data DIR] [--keep N]")
	}
	keep := 0
	if keepFlag != "" {
		n, err := strconv.Atoi(keepFlag)
		if err != nil || n < 1 {
			return usageErr("backup: --keep (SCRUTINEER_BACKUP_KEEP) must be a whole number of 1 or more")
		}
		keep = n
	}
	cfg, err := loadConfig(getenv, &serverFlags{data: data})
	if err != nil {
		return err
	}
	db, k, err := openExisting(ctx, cfg, "backup")
	if err != nil {
		return err
	}
	defer db.Close()
	docs, err := blob.NewFS(filepath.Join(cfg.DataDir, documentsDir))
	if err != nil {
		return usageErr("backup: %v", err)
	}
	defer docs.Close()
	if info, err := os.Stat(out); err == nil && info.IsDir() {
		out = filepath.Join(out, "scrutineer-"+time.Now().UTC().Format("20060102T150405.000000Z")+backup.Suffix)
	}
	sum, err := writeAtomically(out, func(w io.Writer) (*backup.Summary, error) {
		return backup.Write(ctx, db, docs, k, w)
	})
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	fmt.Fprintf(stdout, "backup written to %s: %d rows in %d tables, %d document files (%d bytes), in %s\n",
		out, sum.Rows, len(sum.Tables), sum.Files, sum.Bytes, sum.Took.Round(time.Millisecond))
	if len(sum.Missing) > 0 {
		fmt.Fprintf(stdout, "warning: %d document files named in the database were missing from the document store\n", len(sum.Missing))
	}
	deleted, err := backup.Prune(filepath.Dir(out), keep)
	for _, p := range deleted {
		fmt.Fprintf(stdout, "deleted older backup %s\n", p)
	}
	return err
}

// openExisting opens the configured database, which must exist, and its service
// key, which must be the one the database was set up with; nothing is created.
func openExisting(ctx context.Context, cfg *config.Config, cmd string) (*store.DB, *keys.Keys, error) {
	if cfg.DatabaseURL == "" {
		path := filepath.Join(cfg.DataDir, "scrutineer.db")
		if _, err := os.Stat(path); err != nil {
			return nil, nil, usageErr("%s: there is no database at %s", cmd, path)
		}
	}
	if cfg.Key == "" {
		if _, err := os.Stat(filepath.Join(cfg.DataDir, keys.FileName)); err != nil {
			return nil, nil, usageErr("%s: no service key: set SCRUTINEER_KEY_FILE, or --data to the folder holding %s", cmd, keys.FileName)
		}
	}
	k, err := keys.Load(cfg.Key, cfg.DataDir)
	if err != nil {
		return nil, nil, usageErr("%s: %v", cmd, err)
	}
	db, err := openStore(ctx, cfg)
	if err != nil {
		return nil, nil, err
	}
	if err := store.NewLogin(db, k).CheckServiceKey(ctx); err != nil {
		db.Close()
		return nil, nil, usageErr("%s: %v", cmd, err)
	}
	return db, k, nil
}

// writeAtomically writes to a temporary file beside path, syncs it and renames it
// into place, so an interrupted backup never leaves a partial file under its name.
func writeAtomically(path string, write func(io.Writer) (*backup.Summary, error)) (*backup.Summary, error) {
	b := make([]byte, 6)
	rand.Read(b)
	tmp := filepath.Join(filepath.Dir(path), ".tmp-"+hex.EncodeToString(b)+"-"+filepath.Base(path))
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, err
	}
	sum, err := write(f)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return nil, err
	}
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		d.Sync()
		d.Close()
	}
	return sum, nil
}

// restoreCmd runs `scrutineer restore --from FILE [--data DIR] [--database-url URL]
// [--key FILE]` into an empty data folder (and an empty PostgreSQL database).
func restoreCmd(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var from, data, dbURL, keyFile string
	fs.StringVar(&from, "from", "", "backup file")
	fs.StringVar(&data, "data", "", "empty data folder to restore into")
	fs.StringVar(&dbURL, "database-url", "", "empty PostgreSQL database to restore into")
	fs.StringVar(&keyFile, "key", "", "file holding the service key the backup was made with")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 || from == "" {
		return usageErr("restore: use scrutineer restore --from FILE [--data DIR] [--database-url URL] [--key FILE]")
	}
	if dbURL != "" {
		getenv = withDefault(func(k string) string {
			if k == "SCRUTINEER_DATABASE_URL" {
				return ""
			}
			return getenv(k)
		}, "SCRUTINEER_DATABASE_URL", dbURL)
	}
	cfg, err := loadConfig(getenv, &serverFlags{data: data})
	if err != nil {
		return err
	}
	k, keyText, err := restoreKey(cfg, keyFile)
	if err != nil {
		return err
	}
	in, err := os.Open(from)
	if err != nil {
		return usageErr("restore: cannot read %s: %v", from, describeFSError(err))
	}
	defer in.Close()
	if err := emptyFolder(cfg.DataDir); err != nil {
		return err
	}
	h, sum, err := restoreInto(ctx, cfg, k, in)
	if err != nil {
		cleanFolder(cfg.DataDir)
		return usageErr("restore: %v", err)
	}
	if keyText != "" && cfg.Key == "" {
		// The restored service finds its key where serve looks for it.
		if err := os.WriteFile(filepath.Join(cfg.DataDir, keys.FileName), []byte(keyText), 0o600); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "restored the backup of %s (%s, schema %d): %d rows in %d tables, %d document files\n",
		h.Created.Format(time.RFC3339), h.Engine, h.SchemaVersion, sum.Rows, len(sum.Tables), sum.Files)
	return nil
}

// restoreKey is the service key to open the backup with: --key FILE, else the
// configured SCRUTINEER_KEY. keyText is the file's content, to install.
func restoreKey(cfg *config.Config, keyFile string) (*keys.Keys, string, error) {
	if keyFile != "" {
		b, err := os.ReadFile(keyFile)
		if err != nil {
			return nil, "", usageErr("restore: cannot read the key file %s: %v", keyFile, describeFSError(err))
		}
		k, err := keys.New(strings.TrimSpace(string(b)))
		if err != nil {
			return nil, "", usageErr("restore: %s holds no age identity", keyFile)
		}
		return k, string(b), nil
	}
	if cfg.Key == "" {
		return nil, "", usageErr("restore: give the service key the backup was made with: --key FILE or SCRUTINEER_KEY_FILE")
	}
	k, err := keys.Load(cfg.Key, "")
	if err != nil {
		return nil, "", usageErr("restore: %v", err)
	}
	return k, "", nil
}

// emptyFolder refuses a data folder that exists and holds anything.
func emptyFolder(dir string) error {
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return usageErr("restore: cannot use %s: %v", dir, describeFSError(err))
	}
	if len(entries) > 0 {
		return usageErr("restore: the data folder %s is not empty; restore into an empty folder", dir)
	}
	return nil
}

// cleanFolder removes what a failed restore left in the (formerly empty) folder.
func cleanFolder(dir string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		os.RemoveAll(filepath.Join(dir, e.Name()))
	}
}

func restoreInto(ctx context.Context, cfg *config.Config, k *keys.Keys, in io.Reader) (*backup.Header, *backup.Summary, error) {
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return nil, nil, err
	}
	db, err := openStore(ctx, cfg)
	if err != nil {
		return nil, nil, err
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		return nil, nil, err
	}
	docs, err := blob.NewFS(filepath.Join(cfg.DataDir, documentsDir))
	if err != nil {
		return nil, nil, err
	}
	defer docs.Close()
	return backup.Restore(ctx, db, docs, k, in)
}
