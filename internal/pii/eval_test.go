package pii

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// The targets of issue 4: recall per kind, precision over everything found, and false
// positives per 10,000 words of clean anonymised prose.
var recallTargets = map[Kind]float64{
	CHINumber: 0.98, NHSNumber: 0.98, NINumber: 0.98, Postcode: 0.98, Phone: 0.98, Email: 0.98,
	StreetAddress: 0.98, PersonName: 0.90, DateOfBirth: 0.90,
}

const (
	precisionTarget = 0.90
	fpPer10kTarget  = 2.0
)

func loadPlants(t *testing.T) (string, []plant) {
	t.Helper()
	text, err := os.ReadFile(filepath.Join(corpusDir, "planted.txt"))
	if err != nil {
		t.Fatal(err)
	}
	tsv, err := os.ReadFile(filepath.Join(corpusDir, "planted.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	var plants []plant
	for _, line := range strings.Split(strings.TrimSpace(string(tsv)), "\n")[1:] {
		f := strings.SplitN(line, "\t", 5)
		start, _ := strconv.Atoi(f[1])
		end, _ := strconv.Atoi(f[2])
		p := plant{Kind: Kind(f[0]), Start: start, End: end, HeldOut: f[3] == "true", Text: f[4]}
		if string(text[p.Start:p.End]) != p.Text {
			t.Fatalf("planted.tsv span %d-%d is %q in planted.txt, want %q", p.Start, p.End, text[p.Start:p.End], p.Text)
		}
		plants = append(plants, p)
	}
	return string(text), plants
}

func overlaps(aStart, aEnd, bStart, bEnd int) bool { return aStart < bEnd && bStart < aEnd }

type kindScore struct {
	planted, found, exact, heldOut, heldOutFound int
}

// TestEvaluation scores Scan on the committed corpus, prints the table and fails below
// the targets.
func TestEvaluation(t *testing.T) {
	text, plants := loadPlants(t)
	findings := Scan(text)

	score := map[Kind]*kindScore{}
	for _, k := range Kinds() {
		score[k] = &kindScore{}
	}
	var missed []string
	for _, p := range plants {
		s := score[p.Kind]
		s.planted++
		if p.HeldOut {
			s.heldOut++
		}
		hit := false
		for _, f := range findings {
			if f.Kind == p.Kind && overlaps(f.Start, f.End, p.Start, p.End) {
				hit = true
				if f.Start == p.Start && f.End == p.End {
					s.exact++
				}
				break
			}
		}
		if hit {
			s.found++
			if p.HeldOut {
				s.heldOutFound++
			}
		} else {
			missed = append(missed, fmt.Sprintf("%s %q: %q", p.Kind, p.Text, context(text, p.Start, p.End)))
		}
	}
	tp, fpPlanted := 0, 0
	var wrong []string
	for _, f := range findings {
		ok := false
		for _, p := range plants {
			if f.Kind == p.Kind && overlaps(f.Start, f.End, p.Start, p.End) {
				ok = true
				break
			}
		}
		if ok {
			tp++
		} else {
			fpPlanted++
			wrong = append(wrong, fmt.Sprintf("%s %q in %q", f.Kind, f.Text, context(text, f.Start, f.End)))
		}
	}

	cleanWords, fpClean := 0, 0
	files, _ := filepath.Glob(filepath.Join(corpusDir, "clean-*.txt"))
	if len(files) == 0 {
		t.Fatal("no clean corpus files")
	}
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		cleanWords += len(strings.Fields(string(b)))
		for _, f := range Scan(string(b)) {
			fpClean++
			wrong = append(wrong, fmt.Sprintf("clean %s %q in %q", f.Kind, f.Text, context(string(b), f.Start, f.End)))
		}
	}
	if cleanWords < 30000 {
		t.Errorf("clean corpus has %d words, want at least 30,000", cleanWords)
	}
	precision := float64(tp) / float64(tp+fpPlanted+fpClean)
	fpPer10k := float64(fpClean) * 10000 / float64(cleanWords)

	var table strings.Builder
	fmt.Fprintf(&table, "\n%-15s %7s %7s %7s %7s %8s\n", "kind", "planted", "found", "recall", "exact", "target")
	fails := []string{}
	for _, k := range Kinds() {
		s := score[k]
		recall := float64(s.found) / float64(s.planted)
		fmt.Fprintf(&table, "%-15s %7d %7d %7.3f %7.3f %8.2f\n", k, s.planted, s.found, recall, float64(s.exact)/float64(s.planted), recallTargets[k])
		if recall < recallTargets[k] {
			fails = append(fails, fmt.Sprintf("recall of %s %.3f < %.2f", k, recall, recallTargets[k]))
		}
	}
	n := score[PersonName]
	fmt.Fprintf(&table, "person_name held out of the gazetteer: %d of %d planted (%.0f%%), recall %.3f; known names recall %.3f\n",
		n.heldOut, n.planted, 100*float64(n.heldOut)/float64(n.planted), float64(n.heldOutFound)/float64(n.heldOut),
		float64(n.found-n.heldOutFound)/float64(n.planted-n.heldOut))
	fmt.Fprintf(&table, "precision %.3f (%d true, %d false in planted text, %d in clean text; target %.2f)\n", precision, tp, fpPlanted, fpClean, precisionTarget)
	fmt.Fprintf(&table, "clean text: %d words, %d false positives, %.2f per 10,000 words (target <= %.1f)\n", cleanWords, fpClean, fpPer10k, fpPer10kTarget)
	t.Log(table.String())
	if precision < precisionTarget {
		fails = append(fails, fmt.Sprintf("precision %.3f < %.2f", precision, precisionTarget))
	}
	if fpPer10k > fpPer10kTarget {
		fails = append(fails, fmt.Sprintf("%.2f false positives per 10,000 words > %.1f", fpPer10k, fpPer10kTarget))
	}
	if len(fails) > 0 || testing.Verbose() {
		sort.Strings(missed)
		for _, m := range missed {
			t.Log("missed: " + m)
		}
		for _, w := range wrong {
			t.Log("false positive: " + w)
		}
	}
	for _, f := range fails {
		t.Error(f)
	}
}

// TestHeldOutNamesAreNotInTheGazetteer keeps the held-out share honest.
func TestHeldOutNamesAreNotInTheGazetteer(t *testing.T) {
	for _, w := range append(append([]string{}, heldOutGiven...), heldOutSurnames...) {
		if InGazetteer(w) {
			t.Errorf("held-out name %q is in the gazetteer", w)
		}
	}
}

// context returns the text around [start, end) on one line, for failure messages.
func context(text string, start, end int) string {
	a, b := max(0, start-40), min(len(text), end+40)
	for a > 0 && a < len(text) && text[a]&0xC0 == 0x80 {
		a--
	}
	for b < len(text) && text[b]&0xC0 == 0x80 {
		b++
	}
	return strings.ReplaceAll(text[a:b], "\n", " ")
}
