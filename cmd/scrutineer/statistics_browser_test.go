package main

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer/internal/testutil"
)

// TestBrowserStatistics opens the public statistics page with no one signed in and
// the staff overview as the demo analyst in Chromium: both pass every page check
// (axe WCAG 2.2 AA, one h1, no console error), each chart is an image with a title
// and a description, the data table sits beside it, and a download link answers
// with the file it names.
func TestBrowserStatistics(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	b := testutil.NewBrowser(t)
	base := startDemo(t)

	check := func(t *testing.T, p *testutil.Page, name string) {
		t.Helper()
		checkPage(p, name)
		charts := testutil.Eval[int](p, `document.querySelectorAll('svg[role="img"][aria-labelledby] > title + desc').length`)
		tables := testutil.Eval[int](p, `document.querySelectorAll('.app_stat table.ds_table').length`)
		if charts < 10 || tables < 15 {
			t.Errorf("%s: %d charts with title and desc, %d tables", name, charts, tables)
		}
	}

	t.Run("public", func(t *testing.T) {
		p := b.NewPage(t)
		if got := p.Visit(base + "/statistics/learning-reviews"); got != http.StatusOK {
			t.Fatalf("public statistics: %d", got)
		}
		check(t, p, "statistics-public")
		href := testutil.Eval[string](p, `document.querySelector('a[href*="/by-year.csv"]').href`)
		resp, err := http.Get(href)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") || !strings.HasPrefix(string(body), "Year,") {
			t.Errorf("download %s: %d %s\n%s", href, resp.StatusCode, resp.Header.Get("Content-Type"), body)
		}
		// The period chooser works without script: a GET form.
		if got := p.Visit(base + "/statistics/learning-reviews?period=calendar&year=2025"); got != http.StatusOK {
			t.Errorf("calendar year: %d", got)
		}
		if got := p.Visit(base + "/statistics/learning-reviews?period=custom&from=2025-02-30&to=x"); got != http.StatusUnprocessableEntity {
			t.Errorf("bad dates: %d, want 422", got)
		}
		checkPage(p, "statistics-public-errors")
	})

	t.Run("analyst", func(t *testing.T) {
		p := b.NewPage(t)
		signIn(t, p, base, "analyst@demo.scrutineer.test")
		if got := p.Visit(base + "/statistics/learning-reviews/overview"); got != http.StatusOK {
			t.Fatalf("overview: %d", got)
		}
		check(t, p, "statistics-overview")
		if testutil.Eval[int](p, `document.querySelectorAll('a[href*="/overview/by-committee.xlsx"]').length`) != 1 {
			t.Error("no staff XLSX download link")
		}
	})
}
