package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

var tokenLine = regexp.MustCompile(`^scr_[a-z2-7]{59}\n$`)

// TestTokenCreate runs `scrutineer token create` on both engines: the token alone on
// stdout, and exit status 2 with one line for every problem.
func TestTokenCreate(t *testing.T) {
	engines := map[string]func(t *testing.T) (func(string) string, store.Options){
		"sqlite": func(t *testing.T) (func(string) string, store.Options) {
			dir := t.TempDir()
			return env("SCRUTINEER_DATA_DIR", dir), store.Options{Path: filepath.Join(dir, "scrutineer.db")}
		},
		"postgres": func(t *testing.T) (func(string) string, store.Options) {
			u := testutil.NewPostgresURL(t)
			return env("SCRUTINEER_DATABASE_URL", u), store.Options{URL: u}
		},
	}
	for name, setup := range engines {
		t.Run(name, func(t *testing.T) {
			getenv, opts := setup(t)
			open := func() *store.DB {
				db, err := store.Open(context.Background(), opts)
				if err != nil {
					t.Fatal(err)
				}
				return db
			}
			if _, _, err := runCmd(t, getenv, "token", "create", "--email", "officer@example.org"); exitCode(err) != 2 || !strings.Contains(err.Error(), "scrutineer migrate") {
				t.Errorf("before migrating: %v", err)
			}
			if _, _, err := runCmd(t, getenv, "migrate"); err != nil {
				t.Fatal(err)
			}
			db := open()
			org := testutil.MustCreateOrganisation(t, db, "test-token-org", scrutineer.KindChildProtectionCommittee)
			testutil.MustCreateUser(t, db, "officer@example.org", org, scrutineer.RoleCommitteeOfficer)
			testutil.MustCreateUser(t, db, "leaver@example.org", org, scrutineer.RoleCommitteeOfficer)
			db.Close()
			deactivate(t, opts, "leaver@example.org")

			stdout, stderr, err := runCmd(t, getenv, "token", "create", "--email", " Officer@Example.org ", "--name", "Returns script", "--days", "30")
			if err != nil || !tokenLine.MatchString(stdout) || stderr != "" {
				t.Fatalf("stdout %q, stderr %q, err %v: want the token alone", stdout, stderr, err)
			}
			db = open()
			defer db.Close()
			u, tok, err := store.NewAPITokens(db).AuthenticateAPIToken(context.Background(), strings.TrimSpace(stdout))
			if err != nil || u.Email != "officer@example.org" || tok.Label != "Returns script" || tok.ExpiresAt.IsZero() {
				t.Fatalf("the printed token: %+v %+v %v", u, tok, err)
			}

			for _, tt := range []struct {
				name string
				args []string
				want string
			}{
				{"unknown user", []string{"--email", "nobody@example.org"}, "no account has the email address nobody@example.org"},
				{"deactivated user", []string{"--email", "leaver@example.org"}, "is deactivated"},
				{"no email", nil, "--email is required"},
				{"unknown flag", []string{"--email", "officer@example.org", "--colour", "red"}, "unknown flag -colour"},
				{"stray argument", []string{"--email", "officer@example.org", "extra"}, `unexpected argument "extra"`},
				{"negative days", []string{"--email", "officer@example.org", "--days", "-1"}, "--days must be"},
				{"empty name", []string{"--email", "officer@example.org", "--name", " "}, "--name: Enter what the token is for"},
			} {
				t.Run(tt.name, func(t *testing.T) {
					stdout, _, err := runCmd(t, getenv, append([]string{"token", "create"}, tt.args...)...)
					if exitCode(err) != 2 || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") {
						t.Errorf("err %v (exit %d), want one line containing %q with exit 2", err, exitCode(err), tt.want)
					}
					if stdout != "" {
						t.Errorf("stdout %q, want nothing", stdout)
					}
				})
			}
			if _, _, err := runCmd(t, getenv, "token"); exitCode(err) != 2 || !strings.Contains(err.Error(), "token create --email") {
				t.Errorf("bare token: %v", err)
			}
		})
	}
}

// deactivate marks the account inactive, as an administrator would, straight in
// the database (the command must not rely on a cached state).
func deactivate(t *testing.T, opts store.Options, email string) {
	t.Helper()
	driver, dsn := "sqlite", opts.Path
	if opts.URL != "" {
		driver, dsn = "pgx", opts.URL
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`UPDATE users SET active = false WHERE email = $1`, email); err != nil {
		t.Fatal(err)
	}
}

// TestTokenWithTheDemo is the contract's journey: start the demo, make a token on
// the command line while it runs, and call /api/v1/me with it.
func TestTokenWithTheDemo(t *testing.T) {
	data := t.TempDir()
	getenv := env("SCRUTINEER_ADMIN_ADDR", "off", "SCRUTINEER_LOG_FORMAT", "text")
	s := startProgram(t, getenv, "demo", "--data", data)
	stdout, _, err := runCmd(t, getenv, "token", "create", "--email", "cpc.glasgow@demo.scrutineer.test", "--data", data)
	if err != nil || !tokenLine.MatchString(stdout) {
		t.Fatalf("token create: %q %v", stdout, err)
	}
	req, _ := http.NewRequest("GET", s.base+"/api/v1/me", nil)
	req.Header.Set("Authorization", "Bearer "+strings.TrimSpace(stdout))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var me map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&me); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /api/v1/me: %d %v", resp.StatusCode, err)
	}
	if me["email"] != "cpc.glasgow@demo.scrutineer.test" || me["role"] != "committee_officer" || me["organisation"] == "" {
		t.Errorf("me = %v", me)
	}
	if code, body := get(t, s.base+"/api/v1/me"); code != http.StatusUnauthorized || !strings.Contains(body, `"code":"unauthorised"`) {
		t.Errorf("without a token: %d %s", code, body)
	}
}
