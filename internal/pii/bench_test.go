package pii

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// benchText returns about size bytes of realistic text: the clean review prose and the
// planted corpus (about one identifier in every 25 words) repeated.
func benchText(b *testing.B, size int) string {
	b.Helper()
	files, _ := filepath.Glob(filepath.Join(corpusDir, "*.txt"))
	var sb strings.Builder
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		sb.Write(data)
	}
	unit := sb.String()
	return strings.Repeat(unit, size/len(unit)+1)[:size]
}

// BenchmarkScan measures Scan on 10 MB of review text; run it on one core with
// go test ./internal/pii -run '^$' -bench Scan -cpu 1 (see docs/benchmarks.md).
// Besides the wall-clock MB/s it reports cpu-MB/s, the throughput per second of CPU
// time, which is the figure to trust on a shared machine.
func BenchmarkScan(b *testing.B) {
	text := benchText(b, 10<<20)
	scanBench(b, text)
}

func scanBench(b *testing.B, text string) {
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	cpu0 := cpuTime()
	for b.Loop() {
		Scan(text)
	}
	if cpu := cpuTime() - cpu0; cpu > 0 {
		b.ReportMetric(float64(len(text))*float64(b.N)/(1<<20)/cpu.Seconds(), "cpu-MB/s")
	}
}

// BenchmarkScanDense measures the worst realistic case: text where every sentence
// leaks something.
func BenchmarkScanDense(b *testing.B) {
	data, err := os.ReadFile(filepath.Join(corpusDir, "planted.txt"))
	if err != nil {
		b.Fatal(err)
	}
	scanBench(b, strings.Repeat(string(data), (10<<20)/len(data)+1)[:10<<20])
}
