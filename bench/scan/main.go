// Command scan measures `scrutineer scan` end to end (issue 7: scan throughput):
// it writes generated learning review reports to files, runs the binary over them
// and reports files and megabytes a second by the clock and by the process's CPU
// time. See docs/benchmarks.md.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/scrutineer/scrutineer/internal/search/searchtest"
)

func main() {
	files := flag.Int("files", 500, "reports to scan (about 10 KB each)")
	runs := flag.Int("runs", 3, "runs")
	bin := flag.String("bin", "", "scrutineer binary (default: built from ./cmd/scrutineer)")
	flag.Parse()
	dir, err := os.MkdirTemp("", "scrutineer-bench-scan-")
	if err != nil {
		fail(err)
	}
	defer os.RemoveAll(dir)
	if *bin == "" {
		*bin = filepath.Join(dir, "scrutineer")
		build := exec.Command("go", "build", "-o", *bin, "./cmd/scrutineer")
		build.Stderr = os.Stderr
		if err := build.Run(); err != nil {
			fail(fmt.Errorf("building (run from the repository root): %w", err))
		}
	}
	gen := searchtest.New(3)
	var paths []string
	var bytes int
	for i := range *files {
		d := gen.Doc(i)
		p := filepath.Join(dir, fmt.Sprintf("report-%04d.txt", i))
		if err := os.WriteFile(p, []byte(d.Title+"\n\n"+d.Text), 0o600); err != nil {
			fail(err)
		}
		paths = append(paths, p)
		bytes += len(d.Title) + 2 + len(d.Text)
	}
	fmt.Printf("| run | files | MB | wall s | files/s | MB/s | CPU s | MB per CPU s |\n|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for r := range *runs {
		cmd := exec.Command(*bin, append([]string{"scan", "--json"}, paths...)...)
		start := time.Now()
		err := cmd.Run()
		wall := time.Since(start)
		// Exit status 1 means findings in some file: a result, not a failure.
		if ee, ok := err.(*exec.ExitError); err != nil && (!ok || ee.ExitCode() > 1) {
			fail(err)
		}
		cpu := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
		mb := float64(bytes) / 1e6
		fmt.Printf("| %d | %d | %.1f | %.2f | %.0f | %.1f | %.2f | %.1f |\n", r+1, len(paths), mb, wall.Seconds(), float64(len(paths))/wall.Seconds(),
			mb/wall.Seconds(), cpu.Seconds(), mb/cpu.Seconds())
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "bench/scan:", err)
	os.Exit(1)
}
