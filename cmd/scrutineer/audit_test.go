package main

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

func TestAuditVerifyBadUsageExitsTwo(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name string
		env  func(string) string
		args []string
		want string
	}{
		{"no subcommand", env(), []string{"audit"}, "name a subcommand"},
		{"unknown subcommand", env(), []string{"audit", "check"}, `unknown subcommand "check"`},
		{"stray argument", env(), []string{"audit", "verify", "extra"}, `unexpected argument "extra"`},
		{"unknown flag", env(), []string{"audit", "verify", "--fix"}, "unknown flag -fix"},
		{"no database in the folder", env(), []string{"audit", "verify", "--data", dir}, "there is no database at"},
		{"unreachable database", env("SCRUTINEER_DATABASE_URL", "postgres://nobody@127.0.0.1:1/none?connect_timeout=2"), []string{"audit", "verify"}, "cannot reach the database"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := runCmd(t, tt.env, tt.args...)
			if err == nil || exitCode(err) != 2 {
				t.Fatalf("got %v (exit %d), want exit 2", err, exitCode(err))
			}
			if msg := err.Error(); !strings.Contains(msg, tt.want) || strings.Contains(msg, "\n") {
				t.Errorf("error %q: want one line containing %q", msg, tt.want)
			}
		})
	}
	// Checking a folder with no database must not leave an empty one behind.
	if m, _ := filepath.Glob(filepath.Join(dir, "*")); len(m) != 0 {
		t.Errorf("audit verify created %v", m)
	}
}

// auditEngine is a migrated database as the command line sees it (its environment
// and flags), with a raw connection for tampering as someone with the database
// owner's rights could.
type auditEngine struct {
	env  func(string) string
	args []string
	opts store.Options
	raw  *sql.DB
	drop []string // statements that remove the append-only triggers
}

func auditEngines() map[string]func(t *testing.T) *auditEngine {
	return map[string]func(t *testing.T) *auditEngine{
		"sqlite": func(t *testing.T) *auditEngine {
			data := t.TempDir()
			path := filepath.Join(data, "scrutineer.db")
			return &auditEngine{env: env(), args: []string{"--data", data}, opts: store.Options{Path: path},
				raw:  openRaw(t, "sqlite", "file:"+path+"?_pragma=busy_timeout(10000)"),
				drop: []string{`DROP TRIGGER audit_log_no_update`, `DROP TRIGGER audit_log_no_delete`}}
		},
		"postgres": func(t *testing.T) *auditEngine {
			u := testutil.NewPostgresURL(t)
			return &auditEngine{env: env("SCRUTINEER_DATABASE_URL", u), opts: store.Options{URL: u},
				raw: openRaw(t, "pgx", u), drop: []string{`DROP TRIGGER audit_log_no_change ON audit_log`}}
		},
	}
}

func openRaw(t *testing.T, driver, dsn string) *sql.DB {
	t.Helper()
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestAuditVerifyFindsTampering(t *testing.T) {
	for name, newEngine := range auditEngines() {
		t.Run(name, func(t *testing.T) {
			e := newEngine(t)
			verify := func() (string, error) {
				out, _, err := runCmd(t, e.env, append([]string{"audit", "verify"}, e.args...)...)
				return out, err
			}
			if _, _, err := runCmd(t, e.env, append([]string{"migrate"}, e.args...)...); err != nil {
				t.Fatal(err)
			}
			seqs := recordEntries(t, e.opts)

			out, err := verify()
			if err != nil || !strings.HasPrefix(out, "audit chain intact: ") || !strings.Contains(out, fmt.Sprintf("the last is entry %d (2025-03-01T09:02:00Z, test.third) with hash ", seqs[2])) {
				t.Fatalf("intact chain: %q, %v", out, err)
			}
			// The database refuses changes; someone who can drop its triggers
			// can change an entry, and the chain gives the change away.
			if _, err := e.raw.Exec(fmt.Sprintf(`UPDATE audit_log SET detail = 'nothing to see' WHERE seq = %d`, seqs[1])); err == nil {
				t.Fatal("the append-only trigger let a change through")
			}
			for _, s := range e.drop {
				if _, err := e.raw.Exec(s); err != nil {
					t.Fatal(err)
				}
			}
			mustExec(t, e.raw, fmt.Sprintf(`UPDATE audit_log SET detail = 'nothing to see' WHERE seq = %d`, seqs[1]))
			_, err = verify()
			want := fmt.Sprintf("audit chain broken at entry %d (2025-03-01T09:01:00Z, test.second): its contents do not match its hash", seqs[1])
			if exitCode(err) != 1 || !strings.HasPrefix(err.Error(), want) || strings.Contains(err.Error(), "\n") {
				t.Fatalf("altered entry: exit %d, %v\nwant %q", exitCode(err), err, want)
			}

			mustExec(t, e.raw, fmt.Sprintf(`DELETE FROM audit_log WHERE seq = %d`, seqs[1]))
			_, err = verify()
			want = fmt.Sprintf("audit chain broken at entry %d: the entry is missing; the intact chain ends at entry %d (2025-03-01T09:00:00Z, test.first)", seqs[1], seqs[0])
			if exitCode(err) != 1 || err.Error() != want {
				t.Fatalf("removed entry: exit %d, %v\nwant %q", exitCode(err), err, want)
			}
		})
	}
}

// recordEntries adds three known entries to the trail and returns their numbers.
func recordEntries(t *testing.T, opts store.Options) []int64 {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	a := store.NewAudit(db)
	start := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	var seqs []int64
	for i, action := range []string{"test.first", "test.second", "test.third"} {
		e := &scrutineer.AuditEntry{At: start.Add(time.Duration(i) * time.Minute), Action: action, Detail: "a test entry"}
		if err := a.RecordAudit(auth.SystemContext(ctx), e); err != nil {
			t.Fatal(err)
		}
		seqs = append(seqs, e.Seq)
	}
	return seqs
}

func mustExec(t *testing.T, db *sql.DB, stmt string) {
	t.Helper()
	if _, err := db.Exec(stmt); err != nil {
		t.Fatal(err)
	}
}
