package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"sort"
	"strings"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/config"
	"github.com/scrutineer/scrutineer/internal/store"
)

// invitations is the invitation store, with links to the service's public address.
func (s *services) invitations(cfg *config.Config) *store.Invitations {
	return store.NewInvitations(s.db, s.jobs, cfg.PublicURL())
}

// passwords is the password store, with links to the service's public address.
func (s *services) passwords(cfg *config.Config) *store.Passwords {
	return store.NewPasswords(s.db, s.jobs, cfg.PublicURL())
}

// roleFlag collects --role, which may repeat or hold a comma-separated list.
type roleFlag []scrutineer.Role

func (f *roleFlag) String() string { return fmt.Sprint(*f) }

func (f *roleFlag) Set(v string) error {
	for _, part := range strings.Split(v, ",") {
		r := scrutineer.Role(strings.TrimSpace(strings.ToLower(part)))
		if !r.Valid() {
			names := make([]string, len(scrutineer.Roles))
			for i, x := range scrutineer.Roles {
				names[i] = string(x)
			}
			return fmt.Errorf("%q is not a role (one of %s)", part, strings.Join(names, ", "))
		}
		*f = append(*f, r)
	}
	return nil
}

// userCmd runs `scrutineer user add`: it creates the account and its invitation,
// queues the invitation email, and prints the invitation link alone on stdout, so an
// operator can hand it over by another channel or a script can use it.
func userCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "add" {
		return usageErr("user: say what to do: scrutineer user add --email E --role R [--org SLUG] [--name N]")
	}
	fs := flag.NewFlagSet("user add", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var email, org, name, data string
	var roles roleFlag
	fs.StringVar(&email, "email", "", "the person's email address")
	fs.Var(&roles, "role", "a role; repeat or separate with commas")
	fs.StringVar(&org, "org", "", "the short name of the person's organisation")
	fs.StringVar(&name, "name", "", "the person's name")
	fs.StringVar(&data, "data", "", "data folder")
	if err := fs.Parse(args[1:]); err != nil {
		msg := strings.TrimPrefix(err.Error(), "flag provided but not defined: ")
		if msg != err.Error() {
			return usageErr("user add: unknown flag %s", msg)
		}
		return usageErr("user add: %s", strings.ReplaceAll(err.Error(), "invalid value", "bad value"))
	}
	switch {
	case fs.NArg() > 0:
		return usageErr("user add: unexpected argument %q", fs.Arg(0))
	case strings.TrimSpace(email) == "":
		return usageErr("user add: --email is required")
	case len(roles) == 0:
		return usageErr("user add: --role is required")
	}
	if org == "" {
		// Regulator roles belong to the regulator's own staff; others must say where.
		if !slices.ContainsFunc(roles, func(r scrutineer.Role) bool { return !r.Regulator() }) {
			org = "regulator"
		} else {
			return usageErr("user add: --org is required for the role %s", firstNonRegulator(roles))
		}
	}
	cfg, err := loadConfig(getenv, &serverFlags{data: data})
	if err != nil {
		return err
	}
	db, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	quiet := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	if err := migrate(ctx, db, quiet); err != nil {
		return err
	}
	invs := store.NewInvitations(db, store.NewJobs(db), cfg.PublicURL())
	inv, token, err := invs.InviteUser(auth.SystemContext(ctx), scrutineer.NewInvitation{Email: email, Name: name, OrganisationSlug: org, Roles: roles})
	if err != nil {
		if fields := scrutineer.ErrorFields(err); len(fields) > 0 {
			return usageErr("user add: %s", describeFields(fields))
		}
		if code := scrutineer.ErrorCode(err); code != scrutineer.EINTERNAL {
			return usageErr("user add: %s", scrutineer.ErrorMessage(err))
		}
		return err
	}
	fmt.Fprintln(stdout, invs.Link(token))
	fmt.Fprintf(stderr, "Invited %s as %s at %s; the link works once, until %s. The email is queued and goes out when the server runs.\n",
		inv.Email, roleCodes(inv.Roles), inv.OrganisationName, inv.ExpiresAt.Format("2006-01-02 15:04 MST"))
	return nil
}

func firstNonRegulator(roles []scrutineer.Role) scrutineer.Role {
	for _, r := range roles {
		if !r.Regulator() {
			return r
		}
	}
	return ""
}

func roleCodes(roles []scrutineer.Role) string {
	s := make([]string, len(roles))
	for i, r := range roles {
		s[i] = string(r)
	}
	return strings.Join(s, ", ")
}

// describeFields turns field problems into one line, naming each flag.
func describeFields(fields map[string]string) string {
	flags := map[string]string{"email": "--email", "name": "--name", "organisation": "--org", "roles": "--role"}
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		f := flags[k]
		if f == "" {
			f = k
		}
		parts[i] = f + ": " + fields[k]
	}
	return strings.Join(parts, "; ")
}
