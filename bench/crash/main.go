// Command crash is the long form of the crash-safety test (internal/crashtest): it
// builds scrutineer, kills a real server -kills times under concurrent writes on
// SQLite (and PostgreSQL with -postgres URL, a database of its own that is left
// behind), and prints what it checked. make soak runs it.
//
//	go run ./bench/crash -kills 100
//	go run ./bench/crash -kills 100 -postgres 'postgres://scrutineer@127.0.0.1:5432/crash?sslmode=disable'
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/scrutineer/scrutineer/internal/crashtest"
)

func main() {
	kills := flag.Int("kills", 100, "how many times to kill the server")
	workers := flag.Int("workers", 4, "concurrent writers")
	pg := flag.String("postgres", "", "an empty PostgreSQL database to run on instead of SQLite")
	seed := flag.Uint64("seed", uint64(time.Now().UnixNano()), "random seed (printed, to repeat a run)")
	verbose := flag.Bool("v", false, "print each kill")
	flag.Parse()
	if err := run(*kills, *workers, *pg, *seed, *verbose); err != nil {
		fmt.Fprintln(os.Stderr, "crash:", err)
		os.Exit(1)
	}
}

func run(kills, workers int, pg string, seed uint64, verbose bool) error {
	tmp, err := os.MkdirTemp("", "scrutineer-crash-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	bin, err := crashtest.Build(".", tmp)
	if err != nil {
		return err
	}
	dir := filepath.Join(tmp, "data")
	if err := os.Mkdir(dir, 0o700); err != nil {
		return err
	}
	opts := crashtest.Options{Bin: bin, Dir: dir, DatabaseURL: pg, Kills: kills, Workers: workers, Seed: seed}
	if verbose {
		opts.Logf = func(f string, a ...any) { fmt.Printf(f+"\n", a...) }
	}
	engine := "sqlite"
	if pg != "" {
		engine = "postgres"
	}
	fmt.Printf("crash: %s, %d kills, %d writers, seed %d\n", engine, kills, workers, seed)
	rep, err := crashtest.Run(context.Background(), opts)
	if rep != nil {
		fmt.Printf("crash: %d kills survived; %d writes acknowledged, %d reads of acknowledged records, %d reviews, %d documents; refused by status %v\n",
			rep.Kills, rep.Acked, rep.Checked, rep.Reviews, rep.Documents, rep.Refused)
		fmt.Printf("crash: document store: %d files, %d orphans of unacknowledged uploads, %d temporary leftovers\ncrash: %s\ncrash: took %s\n",
			rep.Blobs.Files, rep.Blobs.Orphans, rep.Blobs.Leftover, rep.Audit, rep.Took.Round(time.Second))
	}
	return err
}
