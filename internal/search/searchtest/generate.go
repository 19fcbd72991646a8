// Package searchtest generates realistic learning review reports and committee
// minutes for the search benchmarks, load tests and demo data. The same seed always
// gives the same documents, each of which can be made on its own (document i does not
// depend on documents before it), so large repositories can be built in parallel.
package searchtest

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/scrutineer/scrutineer/internal/search"
)

// Generator makes documents. The zero value is not ready: use New.
type Generator struct {
	seed uint64
	// Words is the typical length of a report in words; each varies by a third
	// either way. Minutes are a fifth as long.
	Words int
	// Organisations are the committees documents belong to.
	Organisations []string
	// YearFrom and YearTo bound the documents' years.
	YearFrom, YearTo int
	// MinutesShare is the fraction of documents that are committee minutes.
	MinutesShare float64
}

// councils are Scotland's 32 council areas; each has a child and an adult protection
// committee.
var councils = strings.Fields(`aberdeen aberdeenshire angus argyll-bute clackmannanshire
dumfries-galloway dundee east-ayrshire east-dunbartonshire east-lothian east-renfrewshire
edinburgh eilean-siar falkirk fife glasgow highland inverclyde midlothian moray
north-ayrshire north-lanarkshire orkney perth-kinross renfrewshire scottish-borders
shetland south-ayrshire south-lanarkshire stirling west-dunbartonshire west-lothian`)

// New returns a generator of 1,500-word reports from 64 committees over 2012-2025.
func New(seed uint64) *Generator {
	var orgs []string
	for _, c := range councils {
		orgs = append(orgs, "cpc-"+c, "apc-"+c)
	}
	return &Generator{seed: seed, Words: 1500, Organisations: orgs, YearFrom: 2012, YearTo: 2025, MinutesShare: 0.15}
}

// Themes returns the theme codes documents are filed under, as Doc.Themes uses them.
func Themes() []string {
	out := make([]string, len(themes))
	for i, t := range themes {
		out[i] = t.code
	}
	return out
}

// Doc returns document i. Its ID is "doc-" and i in six digits.
func (g *Generator) Doc(i int) search.Doc {
	w := &writer{r: rand.New(rand.NewPCG(g.seed, uint64(i)))}
	r := w.r
	d := search.Doc{
		ID:             fmt.Sprintf("doc-%06d", i),
		OrganisationID: g.Organisations[r.IntN(len(g.Organisations))],
		Kind:           search.KindLearningReviewReport,
		Year:           g.YearFrom + r.IntN(g.YearTo-g.YearFrom+1),
	}
	// One to four themes; the first is what the report is mainly about.
	for _, k := range r.Perm(len(themes))[:1+r.IntN(4)] {
		w.themes = append(w.themes, k)
		d.Themes = append(d.Themes, themes[k].code)
	}
	target := g.Words * (2 + r.IntN(3)) / 3 // two thirds to four thirds
	if r.Float64() < g.MinutesShare {
		d.Kind = search.KindMinutes
		d.Title = fmt.Sprintf("Minutes of the %s, %s %d", committeeName(d.OrganisationID), pick(r, months), d.Year)
		w.minutes(d.Year, target/5)
	} else {
		d.Title = fmt.Sprintf("%s: %s, %s", pick(r, reviewTypes), pick(r, subjects[:7]), themes[w.themes[0]].phrases[0])
		w.report(d.Year, committeeName(d.OrganisationID), target)
	}
	d.Text = w.b.String()
	return d
}

var reviewTypes = []string{"Learning review", "Significant case review", "Initial case review", "Learning review report", "Adult protection learning review"}

func committeeName(org string) string {
	if strings.HasPrefix(org, "apc-") {
		return "adult protection committee"
	}
	return "child protection committee"
}

// writer accumulates the text of one document.
type writer struct {
	r      *rand.Rand
	b      strings.Builder
	words  int
	themes []int
	who    string // the subject of a report; "" picks one
}

// say appends a sentence and counts its words.
func (w *writer) say(format string, args ...any) {
	s := fmt.Sprintf(format, args...)
	if w.b.Len() > 0 && !strings.HasSuffix(w.b.String(), "\n") {
		w.b.WriteByte(' ')
	}
	w.b.WriteString(strings.ToUpper(s[:1]) + s[1:])
	w.words += strings.Count(s, " ") + 1
}

func (w *writer) heading(s string) {
	if w.b.Len() > 0 {
		w.b.WriteString("\n\n")
	}
	w.b.WriteString(s + "\n\n")
	w.words += strings.Count(s, " ") + 1
}

// phrase returns a phrase of one of the document's themes, now and then of another
// theme, as reports touch on more than their main subjects.
func (w *writer) phrase() string {
	k := w.themes[w.r.IntN(len(w.themes))]
	if w.r.IntN(6) == 0 {
		k = w.r.IntN(len(themes))
	}
	return pick(w.r, themes[k].phrases)
}

// place returns a rare word: the long tail of a real repository's vocabulary.
func (w *writer) place() string {
	var s string
	for range 2 + w.r.IntN(2) {
		s += pick(w.r, syllables)
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func (w *writer) date(year int) string {
	return fmt.Sprintf("%d %s %d", 1+w.r.IntN(28), pick(w.r, months), year)
}

func (w *writer) report(year int, committee string, target int) {
	r := w.r
	who := w.who
	if who == "" {
		who = pick(r, subjects[:7])
	}
	w.heading("1. Introduction")
	w.say("this report sets out the findings of a learning review into the circumstances of %s, commissioned by the %s in %s %d.", who, committee, pick(r, months), year)
	w.say("the review considered the involvement of %s, %s and %s.", pick(r, agencies), pick(r, agencies), pick(r, agencies))
	w.say("its purpose is to identify learning about %s and %s, not to apportion blame.", w.phrase(), w.phrase())
	w.heading("2. Background")
	w.say("%s lived with %s in %s.", who, pick(r, subjects[7:]), w.place())
	w.say("the family had been known to %s since %d, and there had been concerns about %s.", pick(r, agencies), year-1-r.IntN(6), w.phrase())
	w.heading("3. Chronology of key events")
	chronology := target / 2
	for w.words < chronology {
		if r.IntN(3) == 0 {
			w.say("%s, %s %s %s.", pick(r, connectives), pick(r, roles), pick(r, verbs), pick(r, subjects))
		} else {
			w.say("on %s, %s %s %s at the %s office.", w.date(year-r.IntN(3)), pick(r, roles), pick(r, verbs), pick(r, subjects), w.place())
		}
		w.say("%s.", pick(r, observations))
		if r.IntN(4) == 0 {
			w.say("this was recorded by %s as a concern about %s.", pick(r, agencies), w.phrase())
		}
	}
	w.heading("4. Analysis of practice")
	for w.words < target*5/6 {
		w.say(pick(r, findings), w.phrase())
		if r.IntN(3) == 0 {
			w.say("%s told the review that %s.", pick(r, roles), pick(r, observations))
		}
	}
	w.heading("5. Learning and recommendations")
	for n := 1; w.words < target; n++ {
		w.say("recommendation %d. "+pick(r, recommendations), n, w.phrase())
	}
}

func (w *writer) minutes(year int, target int) {
	r := w.r
	w.say("minutes of the meeting held on %s at %s.", w.date(year), w.place())
	w.say("present: the chair, representatives of %s, %s and %s.", pick(r, agencies), pick(r, agencies), pick(r, agencies))
	for n := 1; w.words < target; n++ {
		w.heading(fmt.Sprintf("Item %d", n))
		w.say("the committee discussed %s.", w.phrase())
		w.say(pick(r, findings), w.phrase())
		w.say("action: %s to report to the next meeting on %s.", pick(r, roles), w.phrase())
	}
}

func pick[T any](r *rand.Rand, s []T) T { return s[r.IntN(len(s))] }
