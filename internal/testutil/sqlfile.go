package testutil

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer/internal/store"
)

// RepoPath returns the absolute path of rel, a path from the repository's root, so
// tests in any package can read shared fixtures under testdata/.
func RepoPath(rel string) string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", rel)
}

// MustExecSQLFile runs the statements of a SQL fixture file (one statement per line
// ending in ";", lines starting with "--" ignored) in one transaction. Fixtures
// written this way run unchanged on both engines.
func MustExecSQLFile(t testing.TB, db *store.DB, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read fixture: %v", err)
	}
	err = db.WriteTx(context.Background(), func(tx *sql.Tx) error {
		for line := range strings.SplitSeq(string(b), "\n") {
			line = strings.TrimSpace(line)
			if line == "" || strings.HasPrefix(line, "--") {
				continue
			}
			if _, err := tx.Exec(line); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("load fixture %s: %v", filepath.Base(path), err)
	}
}
