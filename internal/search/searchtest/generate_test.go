package searchtest

import (
	"slices"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer/internal/search"
)

func TestDocs(t *testing.T) {
	g := New(7)
	if a, b := g.Doc(42), New(7).Doc(42); a.Text != b.Text || a.Title != b.Title || !slices.Equal(a.Themes, b.Themes) {
		t.Fatal("the same seed and number gave two documents")
	}
	if New(8).Doc(42).Text == g.Doc(42).Text {
		t.Fatal("another seed gave the same document")
	}
	words, minutes := 0, 0
	const n = 300
	for i := range n {
		d := g.Doc(i)
		if d.ID == "" || d.Title == "" || d.Year < g.YearFrom || d.Year > g.YearTo || len(d.Themes) == 0 {
			t.Fatalf("document %d: %+v", i, d)
		}
		for _, th := range d.Themes {
			if !slices.Contains(Themes(), th) {
				t.Fatalf("document %d: unknown theme %s", i, th)
			}
		}
		if d.Kind == search.KindMinutes {
			minutes++
			continue
		}
		words += len(strings.Fields(d.Text))
	}
	if avg := words / (n - minutes); avg < 1300 || avg > 1700 {
		t.Errorf("reports average %d words, want about 1,500", avg)
	}
	if minutes < n/20 || minutes > n/4 {
		t.Errorf("%d of %d documents are minutes, want about 15%%", minutes, n)
	}
	t.Logf("%s\n%s", g.Doc(1).Title, g.Doc(1).Text[:1500])
}
