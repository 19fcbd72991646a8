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
func BenchmarkScan(b *testing.B) {
	text := benchText(b, 10<<20)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Scan(text)
	}
}

// BenchmarkScanDense measures the worst realistic case: text where every sentence
// leaks something.
func BenchmarkScanDense(b *testing.B) {
	data, err := os.ReadFile(filepath.Join(corpusDir, "planted.txt"))
	if err != nil {
		b.Fatal(err)
	}
	text := strings.Repeat(string(data), (10<<20)/len(data)+1)[:10<<20]
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Scan(text)
	}
}
