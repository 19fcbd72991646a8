package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/store"
)

// defaultTokenLabel names a token made on the command line without --name.
const defaultTokenLabel = "Made with scrutineer token create"

// tokenCmd runs `scrutineer token create --email E [--name LABEL] [--days N]`: it
// makes an API token for an active user and prints it on stdout, and nothing else, so
// a script can capture it (docs/contract.md). Every problem is one line on stderr with
// exit status 2. The token is made as the service itself (the operator runs the
// command on the server) and audited as api_token.create.
func tokenCmd(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		return usageErr("token: use scrutineer token create --email E [--name LABEL] [--days N]")
	}
	fs := flag.NewFlagSet("token create", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var email, name, data string
	var days int
	fs.StringVar(&email, "email", "", "the email address of the token's owner")
	fs.StringVar(&name, "name", defaultTokenLabel, "what the token is for")
	fs.IntVar(&days, "days", 0, "days until the token expires; 0 for never")
	fs.StringVar(&data, "data", "", "data folder")
	if err := fs.Parse(args[1:]); err != nil {
		msg := strings.TrimPrefix(err.Error(), "flag provided but not defined: ")
		if msg != err.Error() {
			return usageErr("token create: unknown flag %s", msg)
		}
		return usageErr("token create: %v", err)
	}
	switch {
	case fs.NArg() > 0:
		return usageErr("token create: unexpected argument %q", fs.Arg(0))
	case strings.TrimSpace(email) == "":
		return usageErr("token create: --email is required")
	case days < 0:
		return usageErr("token create: --days must be 0 (never expires) or more")
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
	if current, target, err := db.MigrationState(ctx); err != nil || current != target {
		return usageErr("token create: the database is not ready: run scrutineer migrate first")
	}
	ctx = auth.SystemContext(ctx)
	u, err := store.NewUsers(db).FindUserByEmail(ctx, email)
	if scrutineer.ErrorCode(err) == scrutineer.ENOTFOUND {
		return usageErr("token create: no account has the email address %s", strings.TrimSpace(email))
	}
	if err != nil {
		return err
	}
	if !u.Active {
		return usageErr("token create: the account %s is deactivated", u.Email)
	}
	t := &scrutineer.APIToken{UserID: u.ID, Label: name}
	if days > 0 {
		t.ExpiresAt = time.Now().UTC().AddDate(0, 0, days)
	}
	secret, err := store.NewAPITokens(db).CreateAPIToken(ctx, t)
	if scrutineer.ErrorCode(err) == scrutineer.EINVALID {
		return usageErr("token create: %s", tokenProblems(err))
	}
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, secret)
	return nil
}

// tokenProblems turns a validation error into one line, naming the flags.
func tokenProblems(err error) string {
	fields := scrutineer.ErrorFields(err)
	if len(fields) == 0 {
		return scrutineer.ErrorMessage(err)
	}
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = "--" + map[string]string{"label": "name", "expires": "days"}[k] + ": " + fields[k]
	}
	return strings.Join(parts, "; ")
}
