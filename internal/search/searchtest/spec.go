package searchtest

import (
	"fmt"
	"math/rand/v2"
	"slices"

	"github.com/scrutineer/scrutineer/internal/search"
)

// Spec describes a document written for a known record (internal/generate writes one
// for each learning review): whose it is, when and what about. Make fills in only the
// prose; the caller keeps its own ID and filters.
type Spec struct {
	ID             string
	OrganisationID string
	Kind           string // search.KindLearningReviewReport or search.KindMinutes
	Year           int
	Adult          bool     // an adult protection review; a child's otherwise
	Subject        string   // "Child A", "Adult B": never a name
	Themes         []string // codes of Themes(), main subject first; unknown codes are skipped
	IndexThemes    []string // the theme codes the index files the document under
	Words          int      // 0: the generator's Words
}

// Make writes document i for s. The same generator, i and s always give the same
// text; i seeds the words, as for Doc.
func (g *Generator) Make(i int, s Spec) search.Doc {
	w := &writer{r: rand.New(rand.NewPCG(g.seed, uint64(i)|1<<62)), who: s.Subject}
	for _, code := range s.Themes {
		for k, t := range themes {
			if t.code == code && !slices.Contains(w.themes, k) {
				w.themes = append(w.themes, k)
			}
		}
	}
	if len(w.themes) == 0 {
		w.themes = []int{w.r.IntN(len(themes))}
	}
	words := s.Words
	if words == 0 {
		words = g.Words
	}
	target := words * (2 + w.r.IntN(3)) / 3
	committee := "child protection committee"
	if s.Adult {
		committee = "adult protection committee"
	}
	d := search.Doc{ID: s.ID, OrganisationID: s.OrganisationID, Kind: s.Kind, Year: s.Year, Themes: s.IndexThemes}
	if s.Kind == search.KindMinutes {
		d.Title = fmt.Sprintf("Minutes of the %s, %s %d", committee, pick(w.r, months), s.Year)
		w.minutes(s.Year, target/5)
	} else {
		d.Title = fmt.Sprintf("%s: %s, %s", pick(w.r, reviewTypes), s.Subject, themes[w.themes[0]].phrases[0])
		w.report(s.Year, committee, target)
	}
	d.Text = w.b.String()
	return d
}
