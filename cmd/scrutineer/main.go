// Command scrutineer is the whole Scrutineer service in one binary: the web server,
// the demo and the administrative commands. main only wires the process to run, so
// tests can start the whole program in-process.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// version is set at build time by make (-X main.version=...).
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "scrutineer: "+err.Error())
		os.Exit(exitCode(err))
	}
}

// exitError carries the exit status of a failed command: 1 for a finding or a failed
// check, 2 for bad usage or bad input.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// usageErr is a bad-usage or bad-input error (exit status 2).
func usageErr(format string, args ...any) error {
	return &exitError{code: 2, err: fmt.Errorf(format, args...)}
}

func exitCode(err error) int {
	var e *exitError
	if errors.As(err, &e) {
		return e.code
	}
	return 2
}

const usage = `Usage: scrutineer COMMAND [FLAGS]

Commands:
  serve    [--addr HOST:PORT] [--data DIR]   run the server
  demo     [--addr HOST:PORT] [--data DIR]   seed the demo data (idempotent), then serve
  migrate  [--data DIR]                      apply database migrations and exit
  audit verify [--data DIR]                  check the audit trail's hash chain: exit 0 intact, 1 broken
  config                                     print the effective configuration, secrets redacted
  token create --email E [--name LABEL] [--days N] [--data DIR]
                                             make an API token for a user; prints the token alone
  user add --email E --role R [--org SLUG] [--name N] [--data DIR]
                                             create an account and print its invitation link
  scan     [--json] FILE...                  check documents for personal data (exit 1 when found)
  backup   --out FILE|DIR [--data DIR] [--keep N]
                                             consistent online backup of the database and documents
  restore  --from FILE [--data DIR] [--database-url URL] [--key FILE]
                                             restore a backup into an empty data folder and database
  key rotate [--data DIR]                    re-encrypt documents and secrets to a new service key
  key show-fingerprint [--data DIR]          print the service key's fingerprint
  version                                    print the version

Configuration comes from SCRUTINEER_* environment variables; see docs/operations.md.
`

// run executes one command line. It returns when the command is done or, for the
// servers, when ctx is cancelled and shutdown has finished.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return usageErr("no command given; try scrutineer help")
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return serveCmd(ctx, rest, getenv, stdout, stderr, false)
	case "demo":
		return serveCmd(ctx, rest, getenv, stdout, stderr, true)
	case "migrate":
		return migrateCmd(ctx, rest, getenv, stdout, stderr)
	case "audit":
		return auditCmd(ctx, rest, getenv, stdout)
	case "config":
		return configCmd(rest, getenv, stdout)
	case "token":
		return tokenCmd(ctx, rest, getenv, stdout)
	case "user":
		return userCmd(ctx, rest, getenv, stdout, stderr)
	case "scan":
		return scanCmd(ctx, rest, stdout, stderr)
	case "key":
		return keyCmd(ctx, rest, getenv, stdout, stderr)
	case "backup":
		return backupCmd(ctx, rest, getenv, stdout)
	case "restore":
		return restoreCmd(ctx, rest, getenv, stdout)
	case "version", "--version":
		if len(rest) > 0 {
			return usageErr("version takes no arguments")
		}
		fmt.Fprintf(stdout, "scrutineer %s\n", version)
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	return usageErr("unknown command %q; try scrutineer help", cmd)
}
