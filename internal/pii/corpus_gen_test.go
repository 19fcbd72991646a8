package pii

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The evaluation corpus is generated from a fixed seed by this file and committed under
// testdata/corpus, so the evaluation reads files and anyone can see exactly what was
// measured. After changing the generator or its prose, rewrite the files with
//
//	go test ./internal/pii -run TestCorpusIsGenerated -update

var update = flag.Bool("update", false, "rewrite testdata/corpus from the generator")

const (
	corpusDir  = "testdata/corpus"
	corpusSeed = 20261104
	// cleanWordsTarget is the least number of words of clean prose generated.
	cleanWordsTarget = 36000
)

// plant is an identifier planted in the corpus, with its exact byte span.
type plant struct {
	Kind       Kind
	Start, End int
	HeldOut    bool // a name with a given name or surname the gazetteer does not know
	Text       string
}

type gen struct {
	r      *rand.Rand
	b      strings.Builder
	plants []plant
}

func newGen(seed uint64) *gen {
	return &gen{r: rand.New(rand.NewPCG(seed, seed^0x5c0771))}
}

func pick[T any](g *gen, xs []T) T { return xs[g.r.IntN(len(xs))] }

// fill expands the slots of a prose template.
func (g *gen) fill(t string) string {
	var out strings.Builder
	for {
		i := strings.IndexByte(t, '{')
		if i < 0 {
			out.WriteString(t)
			return out.String()
		}
		j := strings.IndexByte(t[i:], '}') + i
		out.WriteString(t[:i])
		out.WriteString(g.slot(t[i+1 : j]))
		t = t[j+1:]
	}
}

func (g *gen) slot(name string) string {
	switch name {
	case "C":
		return pick(g, fillChild)
	case "A":
		return pick(g, fillAdult)
	case "A2":
		return pick(g, fillAdult2)
	case "H":
		return pick(g, fillService)
	case "W":
		return pick(g, fillWorker)
	case "G":
		return pick(g, fillAgency)
	case "P":
		return pick(g, fillPlace)
	case "D":
		return g.meetingDate()
	case "M":
		return g.monthYear()
	case "Y":
		return fmt.Sprint(2008 + g.r.IntN(17))
	case "N":
		return fmt.Sprint(2 + g.r.IntN(14))
	case "Q":
		return pick(g, []string{"2.1", "5.3", "5.4", "9.2", "6.4", "1.1", "2.2"})
	case "T":
		return pick(g, proseThemes)
	case "WD":
		return pick(g, []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday"})
	case "AGE":
		return fmt.Sprint(1 + g.r.IntN(16))
	}
	panic("unknown slot " + name)
}

var monthNames = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}

// date returns a random valid day, month and year.
func (g *gen) date(from, to int) (d, m, y int) {
	y = from + g.r.IntN(to-from+1)
	m = 1 + g.r.IntN(12)
	for {
		d = 1 + g.r.IntN(31)
		if validDay(d, m, y) {
			return
		}
	}
}

func ordinal(d int) string {
	switch {
	case d%10 == 1 && d != 11:
		return fmt.Sprintf("%dst", d)
	case d%10 == 2 && d != 12:
		return fmt.Sprintf("%dnd", d)
	case d%10 == 3 && d != 13:
		return fmt.Sprintf("%drd", d)
	}
	return fmt.Sprintf("%dth", d)
}

// writeDate writes a date in one of the forms reports use.
func (g *gen) writeDate(d, m, y int) string {
	mn := monthNames[m-1]
	switch g.r.IntN(10) {
	case 0:
		return fmt.Sprintf("%02d/%02d/%d", d, m, y)
	case 1:
		return fmt.Sprintf("%s %s %d", ordinal(d), mn, y)
	case 2:
		return fmt.Sprintf("%s of %s %d", ordinal(d), mn, y)
	case 3:
		return fmt.Sprintf("%s %d, %d", mn, d, y)
	case 4:
		return fmt.Sprintf("%02d.%02d.%02d", d, m, y%100)
	case 5:
		return fmt.Sprintf("%d/%d/%02d", d, m, y%100)
	case 6:
		return fmt.Sprintf("%d-%02d-%02d", y, m, d)
	case 7:
		return fmt.Sprintf("%02d-%02d-%d", d, m, y)
	case 8:
		return fmt.Sprintf("%d %s %d", d, mn[:3], y)
	}
	return fmt.Sprintf("%d %s %d", d, mn, y)
}

func (g *gen) meetingDate() string {
	d, m, y := g.date(2012, 2024)
	return g.writeDate(d, m, y)
}

func (g *gen) monthYear() string {
	y := 2010 + g.r.IntN(15)
	switch g.r.IntN(6) {
	case 0:
		return fmt.Sprintf("early %d", y)
	case 1:
		return fmt.Sprintf("the summer of %d", y)
	}
	return fmt.Sprintf("%s %d", pick(g, monthNames), y)
}

// paragraph writes n sentences drawn from pool.
func (g *gen) paragraph(pool []string, n int) {
	for k := 0; k < n; k++ {
		if k > 0 {
			g.b.WriteByte(' ')
		}
		g.b.WriteString(g.fill(pick(g, pool)))
	}
	g.b.WriteString("\n\n")
}

// adultReport writes an adult protection review and a passage of an inspection report.
func (g *gen) adultReport() {
	g.b.WriteString(g.fill("{P} Adult Protection Committee\nLearning Review: {A2}\n\n"))
	for _, s := range []struct {
		head string
		pool []string
		n    int
	}{
		{"1. Introduction", adultIntro, 1},
		{"2. What happened", adultBody, 4},
		{"3. Learning", proseLearning, 1},
		{"Annex: findings of the joint inspection", inspectionProse, 2},
	} {
		g.b.WriteString(s.head + "\n\n")
		for p := 0; p < s.n; p++ {
			g.paragraph(s.pool, 3+g.r.IntN(3))
		}
	}
}

// cleanReport writes one anonymised review report.
func (g *gen) cleanReport() {
	g.b.WriteString(g.fill("{P} Child Protection Committee\nLearning Review: {C}\nFinal report, {M}\n\n"))
	sections := []struct {
		head string
		pool []string
		n    int
	}{
		{"1. Introduction", proseIntro, 2},
		{"2. Background", proseBackground, 2},
		{"3. Chronology of key events", proseChronology, 4},
		{"4. Analysis", proseAnalysis, 3},
		{"5. Learning and recommendations", proseLearning, 2},
		{"Appendix: extract from the committee minute", proseMinutes, 1},
	}
	for _, s := range sections {
		g.b.WriteString(s.head + "\n\n")
		for p := 0; p < s.n; p++ {
			g.paragraph(s.pool, 3+g.r.IntN(3))
		}
	}
}

func TestCorpusIsGenerated(t *testing.T) {
	files := generateCorpus()
	for name, content := range files {
		path := filepath.Join(corpusDir, name)
		if *update {
			if err := os.MkdirAll(corpusDir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run with -update to generate the corpus)", err)
		}
		if string(got) != content {
			t.Errorf("%s differs from its generator; run go test ./internal/pii -run TestCorpusIsGenerated -update", path)
		}
	}
}

// generateCorpus returns every corpus file by name.
func generateCorpus() map[string]string {
	files := map[string]string{}
	g := newGen(corpusSeed)
	words, part := 0, 1
	for words < cleanWordsTarget {
		g.b.Reset()
		for k := 0; k < 6; k++ {
			g.cleanReport()
			if k%2 == 1 {
				g.adultReport()
			}
		}
		text := g.b.String()
		words += len(strings.Fields(text))
		if part == 2 {
			// One file as a Windows editor saves it: a byte-order mark and CRLF line ends.
			text = "\ufeff" + strings.ReplaceAll(text, "\n", "\r\n")
		}
		files[fmt.Sprintf("clean-%02d.txt", part)] = text
		part++
	}
	p := newGen(corpusSeed + 1)
	p.plantedReport()
	files["planted.txt"] = p.b.String()
	var tsv strings.Builder
	tsv.WriteString("kind\tstart\tend\theld_out\ttext\n")
	for _, pl := range p.plants {
		fmt.Fprintf(&tsv, "%s\t%d\t%d\t%v\t%s\n", pl.Kind, pl.Start, pl.End, pl.HeldOut, pl.Text)
	}
	files["planted.tsv"] = tsv.String()
	return files
}
