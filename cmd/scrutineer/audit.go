package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/store"
)

// auditCmd runs the audit trail's subcommands: "audit verify [--data DIR]".
func auditCmd(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) == 0 {
		return usageErr("audit: name a subcommand; try scrutineer audit verify")
	}
	switch args[0] {
	case "verify":
		return auditVerifyCmd(ctx, args[1:], getenv, stdout)
	}
	return usageErr("audit: unknown subcommand %q; try scrutineer audit verify", args[0])
}

// auditVerifyCmd recomputes the hash chain of the whole trail. It prints how many
// entries it checked and returns nil when the chain is intact; otherwise an error
// with exit status 1 that names the first broken entry on one line. Exit status 2
// when the database cannot be reached or holds no trail.
func auditVerifyCmd(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	f, err := parseFlags("audit verify", args, false)
	if err != nil {
		return err
	}
	cfg, err := loadConfig(getenv, f)
	if err != nil {
		return err
	}
	if cfg.DatabaseURL == "" {
		// NOTE: opening a missing SQLite file would create an empty database and
		// report an empty chain as intact; a typo in --data must not pass the check.
		path := filepath.Join(cfg.DataDir, "scrutineer.db")
		if _, err := os.Stat(path); err != nil {
			return usageErr("audit verify: there is no database at %s", path)
		}
	}
	db, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	sys := auth.SystemContext(ctx)
	audit := store.NewAudit(db)
	broken, checked, err := audit.VerifyAudit(sys)
	if err != nil {
		return usageErr("audit verify: cannot read the audit trail (has scrutineer migrate run?): %s", oneLine(err))
	}
	if broken == 0 {
		return printIntact(sys, stdout, audit, checked)
	}
	msg, err := describeBreak(sys, audit, broken)
	if err != nil {
		return usageErr("audit verify: the chain is broken at entry %d, and that entry cannot be read: %s", broken, oneLine(err))
	}
	return &exitError{code: 1, err: errors.New(msg)}
}

// printIntact reports an intact chain with its last entry's number and hash.
// NOTE: someone with the database owner's rights could rewrite every hash from an
// altered entry onwards; a head kept elsewhere from an earlier run (a ticket, the
// operator's log) shows that too, because the old head would no longer be in the chain.
func printIntact(ctx context.Context, stdout io.Writer, audit *store.Audit, checked int64) error {
	if checked == 0 {
		fmt.Fprintln(stdout, "audit chain intact: the trail is empty")
		return nil
	}
	last, err := audit.FindAuditEntry(ctx, checked)
	if err != nil {
		return usageErr("audit verify: cannot read the last entry: %s", oneLine(err))
	}
	fmt.Fprintf(stdout, "audit chain intact: %d entries checked; the last is entry %d (%s, %s) with hash %s\n",
		checked, last.Seq, last.At.UTC().Format(time.RFC3339), last.Action, last.Hash)
	return nil
}

// describeBreak says in one line which entry breaks the chain and how: its number,
// time and action, or, when it is missing, the last entry before the gap.
func describeBreak(ctx context.Context, audit *store.Audit, seq int64) (string, error) {
	e, err := audit.FindAuditEntry(ctx, seq)
	switch {
	case scrutineer.ErrorCode(err) == scrutineer.ENOTFOUND:
		if seq == 1 {
			return "audit chain broken at entry 1: the entry is missing, although the chain's head records entries", nil
		}
		prev, err := audit.FindAuditEntry(ctx, seq-1)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("audit chain broken at entry %d: the entry is missing; the intact chain ends at entry %d (%s, %s)",
			seq, prev.Seq, prev.At.UTC().Format(time.RFC3339), prev.Action), nil
	case err != nil:
		return "", err
	}
	why := "it does not link to the entry before it, so an earlier entry was altered or replaced"
	if store.AuditHash(e) != e.Hash {
		why = "its contents do not match its hash, so it was altered after it was recorded"
	}
	return fmt.Sprintf("audit chain broken at entry %d (%s, %s): %s", e.Seq, e.At.UTC().Format(time.RFC3339), e.Action, why), nil
}

// oneLine folds an error message onto one line, for the one-line reasons the
// command line promises.
func oneLine(err error) string { return strings.Join(strings.Fields(err.Error()), " ") }
