package main

import (
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

func TestUserAddBadInputExitsTwo(t *testing.T) {
	data := t.TempDir()
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no subcommand", []string{"user"}, "user add"},
		{"unknown subcommand", []string{"user", "remove"}, "user add"},
		{"no email", []string{"user", "add", "--role", "inspector"}, "--email is required"},
		{"no role", []string{"user", "add", "--email", "a@example.org"}, "--role is required"},
		{"unknown role", []string{"user", "add", "--email", "a@example.org", "--role", "wizard"}, `"wizard" is not a role`},
		{"unknown flag", []string{"user", "add", "--colour", "red"}, "unknown flag -colour"},
		{"stray argument", []string{"user", "add", "--email", "a@example.org", "--role", "inspector", "extra"}, `unexpected argument "extra"`},
		{"org needed", []string{"user", "add", "--email", "a@example.org", "--role", "committee_officer"}, "--org is required for the role committee_officer"},
		{"bad email", []string{"user", "add", "--email", "not an address", "--role", "inspector", "--data", data}, "--email: Enter an email address in the correct format"},
		{"unknown organisation", []string{"user", "add", "--email", "a@example.org", "--role", "area_contact", "--org", "atlantis", "--data", data}, "--org: Choose an organisation from the directory"},
		{"role does not fit", []string{"user", "add", "--email", "a@example.org", "--role", "committee_officer", "--org", "regulator", "--data", data}, "--role: Committee officer is not a role for someone at a regulator"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, _, err := runCmd(t, env(), tt.args...)
			if err == nil {
				t.Fatal("expected an error")
			}
			if code := exitCode(err); code != 2 {
				t.Errorf("exit status %d, want 2", code)
			}
			if msg := err.Error(); !strings.Contains(msg, tt.want) || strings.Contains(msg, "\n") {
				t.Errorf("error %q: want one line containing %q", msg, tt.want)
			}
			if out != "" {
				t.Errorf("printed %q on stdout", out)
			}
		})
	}
}

var invitationLine = regexp.MustCompile(`^https://scrutineer\.example\.org/invitations/([A-Za-z0-9_-]{40,})\n$`)

func TestUserAddPrintsTheInvitationLink(t *testing.T) {
	for name, engine := range map[string]func(t *testing.T) (getenv func(string) string, open store.Options){
		"sqlite": func(t *testing.T) (func(string) string, store.Options) {
			dir := t.TempDir()
			return env("SCRUTINEER_DATA_DIR", dir, "SCRUTINEER_BASE_URL", "https://scrutineer.example.org"), store.Options{Path: filepath.Join(dir, "scrutineer.db")}
		},
		"postgres": func(t *testing.T) (func(string) string, store.Options) {
			u := testutil.NewPostgresURL(t)
			return env("SCRUTINEER_DATABASE_URL", u, "SCRUTINEER_BASE_URL", "https://scrutineer.example.org"), store.Options{URL: u}
		},
	} {
		t.Run(name, func(t *testing.T) {
			getenv, opts := engine(t)
			out, stderr, err := runCmd(t, getenv, "user", "add", "--email", "New.Inspector@example.org", "--role", "inspector,manager", "--role", "analyst", "--name", "Kirsty Bell")
			if err != nil {
				t.Fatalf("user add: %v (%s)", err, stderr)
			}
			m := invitationLine.FindStringSubmatch(out)
			if m == nil {
				t.Fatalf("stdout %q: want the invitation link alone", out)
			}
			if !strings.Contains(stderr, "new.inspector@example.org") {
				t.Errorf("stderr %q does not say who was invited", stderr)
			}

			db, err := store.Open(context.Background(), opts)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			sys := auth.SystemContext(context.Background())
			inv, err := store.NewInvitations(db, store.NewJobs(db), "").FindInvitationByToken(sys, m[1])
			if err != nil || inv.OrganisationName == "" || len(inv.Roles) != 3 || inv.Name != "Kirsty Bell" {
				t.Fatalf("the printed link finds %+v, %v", inv, err)
			}
			emails, err := store.NewJobs(db).FindEmails(sys, scrutineer.EmailFilter{})
			if err != nil || len(emails) != 1 || emails[0].To != "new.inspector@example.org" || !strings.Contains(emails[0].Text, m[0][:len(m[0])-1]) {
				t.Fatalf("queued emails %+v, %v", emails, err)
			}

			// Until the account is used, adding it again sends a fresh link; after, it
			// is a conflict.
			again, _, err := runCmd(t, getenv, "user", "add", "--email", "new.inspector@example.org", "--role", "inspector")
			if err != nil || again == out {
				t.Fatalf("second add: %q %v", again, err)
			}
			token := invitationLine.FindStringSubmatch(again)[1]
			if err := store.NewInvitations(db, store.NewJobs(db), "").AcceptInvitation(context.Background(), token, "Kirsty Bell", "gravel lantern otter spoon"); err != nil {
				t.Fatal(err)
			}
			_, _, err = runCmd(t, getenv, "user", "add", "--email", "new.inspector@example.org", "--role", "inspector")
			if err == nil || exitCode(err) != 2 || !strings.Contains(err.Error(), "already exists") {
				t.Fatalf("adding a used account: %v", err)
			}
		})
	}
}
