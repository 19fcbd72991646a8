// Command pii-bench compares the throughput of Scrutineer's personal-data check with
// the npm package redact-pii on the same text in the same run. It is a development
// tool: nothing here is part of the scrutineer binary. Run it from the repository root:
//
//	(cd bench/pii && npm ci) && go run ./bench/pii
//
// The text is the evaluation corpus of internal/pii (clean review prose and prose with
// planted identifiers) repeated to -size megabytes. Both sides run on one core; the
// report gives wall-clock and CPU-time throughput, since CPU time is what stays
// comparable on a busy machine.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"

	"github.com/scrutineer/scrutineer/internal/pii"
)

func main() {
	size := flag.Int("size", 10, "megabytes of text")
	runs := flag.Int("runs", 5, "timed runs of the Go scan (the best is reported)")
	nodeRuns := flag.Int("node-runs", 1, "timed runs of redact-pii (the best is reported)")
	skipNode := flag.Bool("skip-node", false, "do not run redact-pii")
	flag.Parse()
	if err := run(*size<<20, *runs, *nodeRuns, *skipNode); err != nil {
		fmt.Fprintln(os.Stderr, "pii-bench:", err)
		os.Exit(1)
	}
}

type result struct {
	Engine     string  `json:"engine"`
	Bytes      int     `json:"bytes"`
	WallMs     float64 `json:"wall_ms"`
	CPUMs      float64 `json:"cpu_ms"`
	Redactions int     `json:"redactions"`
}

func run(size, runs, nodeRuns int, skipNode bool) error {
	text, err := corpusText(size)
	if err != nil {
		return err
	}
	file := filepath.Join(os.TempDir(), "scrutineer-pii-bench.txt")
	if err := os.WriteFile(file, []byte(text), 0o600); err != nil {
		return err
	}
	defer os.Remove(file)

	goRes := scanGo(text, runs)
	results := []result{goRes}
	if !skipNode {
		nodeRes, err := scanNode(file, nodeRuns)
		if err != nil {
			return err
		}
		results = append(results, nodeRes)
	}
	fmt.Printf("text: %.1f MB (%d bytes) of review prose with planted identifiers; %s/%s, GOMAXPROCS=1\n\n",
		float64(len(text))/(1<<20), len(text), runtime.GOOS, runtime.GOARCH)
	fmt.Printf("| engine | wall MB/s | CPU MB/s | found |\n|---|---:|---:|---:|\n")
	for _, r := range results {
		fmt.Printf("| %s | %.1f | %.1f | %d |\n", r.Engine, mbps(r.Bytes, r.WallMs), mbps(r.Bytes, r.CPUMs), r.Redactions)
	}
	if len(results) == 2 {
		fmt.Printf("\nscrutineer / redact-pii: %.0fx by wall clock, %.0fx by CPU time\n",
			mbps(goRes.Bytes, goRes.WallMs)/mbps(results[1].Bytes, results[1].WallMs),
			mbps(goRes.Bytes, goRes.CPUMs)/mbps(results[1].Bytes, results[1].CPUMs))
	}
	return nil
}

func mbps(bytes int, ms float64) float64 { return float64(bytes) / (1 << 20) / (ms / 1000) }

// corpusText repeats the evaluation corpus to size bytes.
func corpusText(size int) (string, error) {
	files, err := filepath.Glob("internal/pii/testdata/corpus/*.txt")
	if err != nil || len(files) == 0 {
		return "", fmt.Errorf("no corpus under internal/pii/testdata/corpus; run from the repository root")
	}
	var b strings.Builder
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return "", err
		}
		b.Write(data)
	}
	unit := b.String()
	return strings.Repeat(unit, size/len(unit)+1)[:size], nil
}

// scanGo times pii.Scan on one core and returns the best run.
func scanGo(text string, runs int) result {
	runtime.GOMAXPROCS(1)
	pii.Scan(text[:min(len(text), 1<<20)]) // warm up, as the node side does
	best := result{Engine: "scrutineer internal/pii", Bytes: len(text), WallMs: 1e18}
	for i := 0; i < runs; i++ {
		runtime.GC()
		cpu0 := cpuTime()
		t0 := time.Now()
		n := len(pii.Scan(text))
		wall := time.Since(t0)
		cpu := cpuTime() - cpu0
		if ms := float64(wall.Microseconds()) / 1000; ms < best.WallMs {
			best.WallMs, best.CPUMs, best.Redactions = ms, float64(cpu.Microseconds())/1000, n
		}
	}
	return best
}

// cpuTime is the process's user and system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// scanNode runs redact-pii through bench/pii/redact.js.
func scanNode(file string, runs int) (result, error) {
	cmd := exec.Command("node", "redact.js", file, fmt.Sprint(runs))
	cmd.Dir = "bench/pii"
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return result{}, fmt.Errorf("node redact.js: %v (install it first: cd bench/pii && npm ci)", err)
	}
	var r result
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	for sc.Scan() {
		if err := json.Unmarshal(sc.Bytes(), &r); err == nil {
			return r, nil
		}
	}
	return result{}, fmt.Errorf("node redact.js printed no result: %s", out)
}
