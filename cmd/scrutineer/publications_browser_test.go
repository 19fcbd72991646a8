package main

import (
	"encoding/xml"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/scrutineer/scrutineer/internal/testutil"
)

// TestBrowserPublications follows the public through the publications site in
// Chromium (the list, a filter, a publication, the feed) and then the demo analyst
// building a national overview report from commentary and a statistics table,
// previewing it, confirming the personal-data finding and publishing it, after
// which it is public. Every page is checked with axe.
func TestBrowserPublications(t *testing.T) {
	if testing.Short() {
		t.Skip("browser journey skipped in -short mode")
	}
	b := testutil.NewBrowser(t)
	base := startDemo(t)
	text := func(p *testutil.Page) string {
		return testutil.Eval[string](p, `document.querySelector('main').innerText`)
	}
	submit := func(p *testutil.Page, action string) int {
		return p.Follow(chromedp.Click(chromedp.CSS(`main form[action="` + action + `"] button[type="submit"]`)))
	}

	// The public.
	p := b.NewPage(t)
	if got := p.Visit(base + "/publications"); got != http.StatusOK {
		t.Fatalf("publications: %d", got)
	}
	checkPage(p, "publications")
	all := text(p)
	for _, want := range []string{"National overview of learning reviews 2024-25", "Services for children and young people in Fife", "Validated self-evaluation: Dundee"} {
		if !strings.Contains(all, want) {
			t.Errorf("the list lacks %q", want)
		}
	}
	if strings.Contains(all, "Clackmannanshire") {
		t.Error("the demo draft is listed publicly")
	}
	if testutil.Eval[int](p, `document.querySelectorAll('main a[href="/statistics/learning-reviews"]').length`) == 0 {
		t.Error("no link to the public statistics")
	}
	p.Do(chromedp.SetValue(chromedp.CSS(`#type`), "validation_letter"))
	if got := p.Follow(chromedp.Click(chromedp.CSS(`main form[action="/publications"] button[type="submit"]`))); got != http.StatusOK {
		t.Fatalf("filter: %d", got)
	}
	if got := testutil.Eval[string](p, `document.querySelector('main .ds_search-results').innerText`); !strings.Contains(got, "2 publications") || strings.Contains(got, "National overview") {
		t.Fatalf("filtered by validation letters:\n%s", got)
	}
	checkPage(p, "publications-filtered")
	p.Follow(chromedp.Click(chromedp.CSS(`main .ds_search-result__link`)))
	checkPage(p, "publication")
	if got := text(p); !strings.Contains(got, "HTML, ") {
		t.Fatalf("the letter's file has no format and size:\n%s", got)
	}
	if got := p.Visit(base + "/publications?q=overview&year=2025"); got != http.StatusOK {
		t.Fatalf("search: %d", got)
	}
	p.Follow(chromedp.Click(chromedp.CSS(`main .ds_search-result__link`)))
	checkPage(p, "publication-national-report")
	if n := testutil.Eval[int](p, `document.querySelectorAll('main table th[scope="col"]').length`); n == 0 {
		t.Error("the national report shows no table with header cells")
	}
	checkFeed(t, base, "National overview of learning reviews 2024-25")

	// The analyst builds and publishes a report.
	a := b.NewPage(t)
	signIn(t, a, base, "analyst@demo.scrutineer.test")
	a.Visit(base + "/admin/publications")
	checkPage(a, "publications-manage")
	a.Visit(base + "/admin/reports/new")
	checkPage(a, "report-new")
	a.Do(chromedp.SendKeys(chromedp.CSS(`#title`), "Learning reviews: a short overview"))
	if got := submit(a, "/admin/reports/new"); got != http.StatusOK || !strings.Contains(a.URL(), "done=created") {
		t.Fatalf("start report: %d at %s", got, a.URL())
	}
	checkPage(a, "report")
	report := strings.SplitN(strings.TrimPrefix(a.URL(), base), "?", 2)[0]
	a.Visit(base + report + "/sections/new?kind=commentary")
	checkPage(a, "report-section-commentary")
	a.Do(chromedp.SendKeys(chromedp.CSS(`#heading`), "Introduction"),
		chromedp.SendKeys(chromedp.CSS(`#body`), "Committees notified fewer reviews this year. Questions to data.team@example.org please."))
	if got := submit(a, report+"/sections/new"); got != http.StatusOK {
		t.Fatalf("add commentary: %d", got)
	}
	a.Visit(base + report + "/sections/new?kind=statistics")
	checkPage(a, "report-section-statistics")
	first := testutil.Eval[string](a, `document.querySelector('#table option:nth-child(2)').value`)
	a.Do(chromedp.SendKeys(chromedp.CSS(`#heading`), "Reviews by year"), chromedp.SetValue(chromedp.CSS(`#table`), first))
	if got := submit(a, report+"/sections/new"); got != http.StatusOK {
		t.Fatalf("add statistics: %d", got)
	}
	checkPage(a, "report-with-sections")
	a.Visit(base + report + "/preview")
	checkPage(a, "report-preview")
	if got := testutil.Eval[string](a, `(document.querySelector('main mark') || {}).textContent || ''`); got != "data.team@example.org" {
		t.Fatalf("the preview highlights %q, want the email address", got)
	}
	a.Visit(base + report + "/publish")
	checkPage(a, "report-publish")
	a.Do(chromedp.SendKeys(chromedp.CSS(`#summary`), "A short overview of learning reviews."))
	if got := submit(a, report+"/publish"); got != http.StatusUnprocessableEntity {
		t.Fatalf("publish without confirming: %d", got)
	}
	checkPage(a, "report-publish-errors")
	a.Do(chromedp.Click(chromedp.CSS(`#confirm`)))
	if got := submit(a, report+"/publish"); got != http.StatusOK || !strings.Contains(a.URL(), "/publications/learning-reviews-a-short-overview") {
		t.Fatalf("publish: %d at %s", got, a.URL())
	}

	// It is public.
	if got := p.Visit(base + "/publications/learning-reviews-a-short-overview"); got != http.StatusOK {
		t.Fatalf("published report: %d", got)
	}
	checkPage(p, "publication-published-report")
	if got := text(p); !strings.Contains(got, "PDF, ") || !strings.Contains(got, "Introduction") {
		t.Fatalf("published report page:\n%s", got)
	}
	checkFeed(t, base, "Learning reviews: a short overview")
}

// checkFeed fetches the Atom feed, parses it and looks for an entry titled want.
func checkFeed(t *testing.T, base, want string) {
	t.Helper()
	resp, err := http.Get(base + "/publications/feed.atom")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var feed struct {
		XMLName xml.Name
		ID      string `xml:"id"`
		Updated string `xml:"updated"`
		Entries []struct {
			Title string `xml:"title"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(body, &feed); err != nil || feed.XMLName.Space != "http://www.w3.org/2005/Atom" || feed.ID == "" || feed.Updated == "" {
		t.Fatalf("feed: %v %+v", err, feed)
	}
	for _, e := range feed.Entries {
		if e.Title == want {
			return
		}
	}
	t.Errorf("the feed has no entry %q", want)
}
