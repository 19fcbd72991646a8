package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer/internal/keys"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// TestBackupAndRestoreCommands runs the commands as an operator would, on both
// engines: backup twice with --keep 1 (the older one deleted), restore into an empty
// folder (and database), audit verify on the copy, and restore refused over a
// folder that is not empty.
func TestBackupAndRestoreCommands(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			data, out, target := t.TempDir(), t.TempDir(), filepath.Join(t.TempDir(), "restored")
			getenv, restoreEnv := env(), env()
			restoreArgs := []string{"restore", "--data", target}
			if engine == "postgres" {
				getenv = env("SCRUTINEER_DATABASE_URL", testutil.NewPostgresURL(t))
				restoreEnv = env("SCRUTINEER_DATABASE_URL", testutil.NewPostgresURL(t))
			}
			if _, err := keys.Load("", data); err != nil {
				t.Fatal(err)
			}
			mustRun(t, getenv, "migrate", "--data", data)
			mustRun(t, getenv, "user", "add", "--data", data, "--email", "officer@example.org", "--role", "committee_officer", "--org", "glasgow-cpc", "--name", "Pat Officer")
			first := mustRun(t, getenv, "backup", "--data", data, "--out", out, "--keep", "1")
			second := mustRun(t, getenv, "backup", "--data", data, "--out", out, "--keep", "1")
			if !strings.Contains(second, "deleted older backup") {
				t.Fatalf("--keep 1 deleted nothing: %s", second)
			}
			files, _ := filepath.Glob(filepath.Join(out, "*"))
			if len(files) != 1 {
				t.Fatalf("%d files in the backup folder, want 1: %v\n%s", len(files), files, first)
			}
			restoreArgs = append(restoreArgs, "--from", files[0], "--key", filepath.Join(data, keys.FileName))
			msg := mustRun(t, restoreEnv, restoreArgs...)
			t.Log(strings.TrimSpace(msg))
			verify := mustRun(t, restoreEnv, "audit", "verify", "--data", target)
			if !strings.Contains(verify, "audit chain intact") || strings.Contains(verify, ": 0 entries") {
				t.Fatalf("audit verify on the restored copy: %s", verify)
			}
			if _, err := os.Stat(filepath.Join(target, keys.FileName)); err != nil {
				t.Fatalf("the restored folder has no key: %v", err)
			}
			_, _, err := runCmd(t, restoreEnv, restoreArgs...)
			if err == nil || exitCode(err) != 2 || !strings.Contains(err.Error(), "not empty") {
				t.Fatalf("restore over a folder that is not empty: %v", err)
			}
		})
	}
}

func mustRun(t *testing.T, getenv func(string) string, args ...string) string {
	t.Helper()
	stdout, stderr, err := runCmd(t, getenv, args...)
	if err != nil {
		t.Fatalf("scrutineer %s: %v\n%s", strings.Join(args, " "), err, stderr)
	}
	return stdout
}
