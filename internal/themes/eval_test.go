package themes

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer"
)

var update = flag.Bool("update", false, "rewrite testdata/themes/evaluation.md")

// labelled is one text of the labelled set with the themes a person gave it.
type labelled struct {
	name   string
	themes []string
	text   string
}

// readLabelled reads testdata/themes: each file starts "themes: code code", then a
// blank line and the text. The texts are synthetic, written for this test.
func readLabelled(t *testing.T) []labelled {
	t.Helper()
	files, err := filepath.Glob("../../testdata/themes/*.txt")
	if err != nil || len(files) < 20 {
		t.Fatalf("labelled set: %d files, %v", len(files), err)
	}
	var out []labelled
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		head, text, ok := strings.Cut(string(b), "\n\n")
		codes, found := strings.CutPrefix(head, "themes: ")
		if !ok || !found {
			t.Fatalf("%s: no themes line", f)
		}
		out = append(out, labelled{filepath.Base(f), strings.Fields(codes), text})
	}
	return out
}

// score returns micro-averaged precision and recall of the rules at min over set.
func score(set []labelled, min int) (precision, recall float64, tp, fp, fn int) {
	for _, l := range set {
		var got []string
		for _, s := range Suggest(scrutineer.DefaultThemes, []Source{{"the report", l.text}}, min) {
			got = append(got, s.Code)
		}
		for _, g := range got {
			if slices.Contains(l.themes, g) {
				tp++
			} else {
				fp++
			}
		}
		for _, w := range l.themes {
			if !slices.Contains(got, w) {
				fn++
			}
		}
	}
	return float64(tp) / float64(max(tp+fp, 1)), float64(tp) / float64(max(tp+fn, 1)), tp, fp, fn
}

// TestEvaluation measures the keyword rules of the default vocabulary on the
// labelled set at thresholds 1 to 3, checks the chosen threshold keeps precision
// and recall above a floor, and keeps the figures in testdata/themes/evaluation.md
// (go test ./internal/themes -run TestEvaluation -update rewrites it).
func TestEvaluation(t *testing.T) {
	set := readLabelled(t)
	var b strings.Builder
	fmt.Fprintf(&b, "Keyword rules of the default vocabulary on %d labelled synthetic texts (micro-averaged)\n", len(set))
	for min := 1; min <= 3; min++ {
		p, r, tp, fp, fn := score(set, min)
		fmt.Fprintf(&b, "min count %d: precision %.2f recall %.2f (true %d, false %d, missed %d)\n", min, p, r, tp, fp, fn)
		if min == DefaultMinCount && (p < 0.85 || r < 0.5) {
			t.Errorf("at the default threshold %d: precision %.2f recall %.2f, below the floor (0.85, 0.50)", min, p, r)
		}
	}
	t.Log("\n" + b.String())
	path := "../../testdata/themes/evaluation.md"
	if *update {
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil || string(want) != b.String() {
		t.Errorf("figures changed; run with -update and copy them to docs/decisions/0105: %v", err)
	}
}
