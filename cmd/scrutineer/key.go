package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"filippo.io/age"

	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/blob"
	"github.com/scrutineer/scrutineer/internal/config"
	"github.com/scrutineer/scrutineer/internal/keys"
	"github.com/scrutineer/scrutineer/internal/store"
)

// documentsDir is the data folder's subfolder of encrypted documents.
const documentsDir = "documents"

// newKeyName holds the key a rotation is moving to, until the rotation is done. It is
// written before anything is encrypted to it, so an interrupted rotation can resume.
const newKeyName = keys.FileName + ".new"

// rotateAfter, when set by a test, is called after each document is re-encrypted; an
// error stops the rotation there, as a crash would.
var rotateAfter func(done int) error

// newBlobStore opens the encrypted document store in DATA_DIR/documents with the
// service key k.
func newBlobStore(cfg *config.Config, k *keys.Keys) (*blob.Store, error) {
	b, err := blob.NewFS(filepath.Join(cfg.DataDir, documentsDir))
	if err != nil {
		return nil, usageErr("%v", err)
	}
	return blob.New(b, k), nil
}

// keyCmd runs `scrutineer key rotate|show-fingerprint [--data DIR]`.
func keyCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || (args[0] != "rotate" && args[0] != "show-fingerprint") {
		return usageErr("key: use scrutineer key rotate or scrutineer key show-fingerprint [--data DIR]")
	}
	fs := flag.NewFlagSet("key "+args[0], flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var data string
	fs.StringVar(&data, "data", "", "data folder")
	if err := fs.Parse(args[1:]); err != nil {
		return usageErr("key %s: %v", args[0], strings.TrimPrefix(err.Error(), "flag provided but not defined: "))
	}
	if fs.NArg() > 0 {
		return usageErr("key %s: unexpected argument %q", args[0], fs.Arg(0))
	}
	cfg, err := loadConfig(getenv, &serverFlags{data: data})
	if err != nil {
		return err
	}
	// NOTE: keys.Load would make a key when there is none; these commands must never
	// do that, so a mistyped --data does not look like a fresh install.
	if cfg.Key == "" {
		if _, err := os.Stat(filepath.Join(cfg.DataDir, keys.FileName)); err != nil {
			return usageErr("key %s: no service key: SCRUTINEER_KEY is unset and %s does not exist", args[0], filepath.Join(cfg.DataDir, keys.FileName))
		}
	}
	current, err := keys.Load(cfg.Key, cfg.DataDir)
	if err != nil {
		return usageErr("key %s: %v", args[0], err)
	}
	if args[0] == "show-fingerprint" {
		fmt.Fprintln(stdout, current.Fingerprint())
		return nil
	}
	return rotate(ctx, cfg, current, stdout, stderr)
}

// rotate moves everything the service key protects to a new key: see "Rotate the
// service key" in docs/operations.md for the order of steps and why.
func rotate(ctx context.Context, cfg *config.Config, current *keys.Keys, stdout, stderr io.Writer) error {
	db, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	if now, target, err := db.MigrationState(ctx); err != nil || now != target {
		return usageErr("key rotate: the database is not ready: run scrutineer migrate first")
	}
	next, resumed, err := pendingKey(cfg.DataDir)
	if err != nil {
		return err
	}
	if next.Fingerprint() == current.Fingerprint() {
		return usageErr("key rotate: the service key is already the new key in %s: the rotation is complete; delete that file", filepath.Join(cfg.DataDir, newKeyName))
	}
	// The database must know the current key or, resuming, the new one.
	if store.NewLogin(db, current).CheckServiceKey(ctx) != nil && store.NewLogin(db, next).CheckServiceKey(ctx) != nil {
		return usageErr("key rotate: the service key is not the one this database was set up with")
	}
	if resumed {
		fmt.Fprintln(stderr, "resuming an interrupted rotation to the key in "+filepath.Join(cfg.DataDir, newKeyName))
	}

	var docs blob.RotateStats
	if _, err := os.Stat(filepath.Join(cfg.DataDir, documentsDir)); err == nil {
		b, err := blob.NewFS(filepath.Join(cfg.DataDir, documentsDir))
		if err != nil {
			return err
		}
		defer b.Close()
		if docs, err = blob.New(b, current).Rotate(ctx, next, rotateAfter); err != nil {
			return fmt.Errorf("key rotate: stopped after %d documents (run it again to resume): %w", docs.Reencrypted+docs.Already, err)
		}
	}
	secrets, err := store.NewLogin(db, current).ResealSecrets(auth.SystemContext(ctx), current, next)
	if err != nil {
		return fmt.Errorf("key rotate: re-sealing the two-factor secrets (run it again to resume): %w", err)
	}
	fmt.Fprintf(stderr, "re-encrypted %d documents (%d already done), re-sealed %d two-factor secrets\n", docs.Reencrypted, docs.Already, secrets)
	return installKey(cfg, current, next, stdout, stderr)
}

// installKey puts the new key where the servers will find it. A key file in the data
// folder is replaced (the old one kept beside it); a configured key can only be
// printed for the operator to install.
func installKey(cfg *config.Config, current, next *keys.Keys, stdout, stderr io.Writer) error {
	newPath := filepath.Join(cfg.DataDir, newKeyName)
	if cfg.Key != "" {
		fmt.Fprintln(stdout, next.Identity().String())
		fmt.Fprintf(stderr, "The new key is printed above (and kept in %s). Install it as SCRUTINEER_KEY (or SCRUTINEER_KEY_FILE) for every process before starting any, keep the old key until backups made with it have expired, then delete %s.\n", newPath, newPath)
		return nil
	}
	keyPath := filepath.Join(cfg.DataDir, keys.FileName)
	old, err := os.ReadFile(keyPath)
	if err != nil {
		return err
	}
	oldPath := keyPath + ".old-" + time.Now().UTC().Format("20060102-150405")
	if err := writeSynced(oldPath, old); err != nil {
		return fmt.Errorf("key rotate: keeping the old key: %w", err)
	}
	// NOTE: rename replaces the key file in one step, so there is never a moment with
	// no key file, when a starting server would generate a fresh, useless one.
	if err := os.Rename(newPath, keyPath); err != nil {
		return fmt.Errorf("key rotate: installing the new key: %w", err)
	}
	if err := syncDir(cfg.DataDir); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "The new key is in %s; the old one is kept in %s: keep it until backups made with it have expired, then delete it.\n", keyPath, oldPath)
	fmt.Fprintln(stdout, next.Fingerprint())
	return nil
}

// pendingKey returns the key an earlier, interrupted rotation was moving to, or a new
// one written (synced, 0600) to DATA_DIR/scrutineer.key.new.
func pendingKey(dataDir string) (k *keys.Keys, resumed bool, err error) {
	path := filepath.Join(dataDir, newKeyName)
	b, err := os.ReadFile(path)
	if err == nil {
		k, err := keys.New(string(b))
		if err != nil {
			return nil, false, usageErr("key rotate: %s holds no age identity: move it away if no rotation is under way", path)
		}
		return k, true, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, false, usageErr("key rotate: cannot read %s: %v", path, errors.Unwrap(err))
	}
	id, err := age.GenerateX25519Identity()
	if err != nil {
		return nil, false, err
	}
	text := fmt.Sprintf("# Scrutineer service key, created %s by key rotate.\n# public key: %s\n# Keep it secret and back it up apart from the data it protects.\n%s\n",
		time.Now().UTC().Format(time.RFC3339), id.Recipient(), id)
	if err := writeSynced(path, []byte(text)); err != nil {
		return nil, false, usageErr("key rotate: cannot write %s: %v", path, err)
	}
	k, err = keys.New(id.String())
	return k, false, err
}

// writeSynced creates path (0600, never over an existing file) with b, durably.
func writeSynced(path string, b []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return syncDir(filepath.Dir(path))
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
