package testutil

import (
	"net/http"
	"net/url"
	"path"
	"slices"
	"sort"
	"strings"
)

// CrawlLimits bound a crawl so that a directory of hundreds of records does not turn
// one test into an hour. Zero values take the defaults.
type CrawlLimits struct {
	// MaxPages is the most pages one crawl visits (default 150).
	MaxPages int
	// PerFamily is the most pages visited of one family: pages that differ only in
	// their last path segment (/admin/organisations/fife-council and
	// /admin/organisations/glasgow-city-council), or only in their query values
	// (?page=2 and ?page=3). Top-level pages and links in a nav element are never
	// limited. Default 5.
	PerFamily int
}

// Crawl visits start and then, breadth first, every same-origin page reachable from
// it by links, calling check on each page once it has loaded, and returns the pages
// visited (path and query) in order. A link that answers anything but 200 is
// reported with t.Errorf, naming the page that links to it.
//
// Links are told apart by path and query (fragments are dropped). The crawl never
// follows: other origins or schemes (mailto:, tel:), /logout, /assets/, /api/, and
// paths ending in a file extension (downloads such as .csv or .pdf, which a browser
// saves rather than shows). Only links are followed: forms are never submitted, so a
// crawl changes nothing.
func (p *Page) Crawl(start string, lim CrawlLimits, check func(p *Page, page string)) []string {
	p.t.Helper()
	if lim.MaxPages == 0 {
		lim.MaxPages = 150
	}
	if lim.PerFamily == 0 {
		lim.PerFamily = 5
	}
	origin, err := url.Parse(start)
	if err != nil {
		p.t.Fatalf("crawl: %v", err)
	}
	type link struct{ url, from string }
	queue := []link{{start, "(start)"}}
	queued := map[string]bool{pageKey(origin): true}
	families := map[string]int{}
	var visited []string
	leftOut := map[string]bool{} // pages not visited because of the limits
	for len(queue) > 0 {
		l := queue[0]
		queue = queue[1:]
		u, _ := url.Parse(l.url)
		key := pageKey(u)
		if len(visited) >= lim.MaxPages {
			leftOut[key] = true
			continue
		}
		visited = append(visited, key)
		if status := p.Visit(l.url); status != http.StatusOK {
			p.t.Errorf("%s: status %d (linked from %s)", key, status, l.from)
			p.ConsoleErrors() // the failed document is the finding; its log entry is not
			continue
		}
		check(p, key)
		nav := p.navLinks()
		for _, href := range p.Links() {
			v, err := url.Parse(href)
			if err != nil || !follow(origin, v) {
				continue
			}
			v.Fragment = ""
			k := pageKey(v)
			if queued[k] {
				continue
			}
			if f, limited := family(v); limited && !nav[href] {
				if families[f] >= lim.PerFamily {
					leftOut[k] = true
					continue
				}
				families[f]++
			}
			queued[k] = true
			queue = append(queue, link{v.String(), key})
		}
	}
	if len(leftOut) > 0 {
		p.t.Logf("crawl from %s: visited %d pages; left out %d more by the limits (%d pages, %d per family)", start, len(visited), len(leftOut), lim.MaxPages, lim.PerFamily)
	}
	return visited
}

// navLinks returns the links inside nav elements: site navigation is always followed.
func (p *Page) navLinks() map[string]bool {
	p.t.Helper()
	m := map[string]bool{}
	for _, h := range Eval[[]string](p, `Array.from(document.querySelectorAll('nav a[href]'), a => a.href)`) {
		m[h] = true
	}
	return m
}

// pageKey is a page's path and query: what tells two pages apart.
func pageKey(u *url.URL) string {
	k := u.EscapedPath()
	if k == "" {
		k = "/"
	}
	if u.RawQuery != "" {
		k += "?" + u.RawQuery
	}
	return k
}

// follow reports whether the crawl follows a link.
func follow(origin, u *url.URL) bool {
	if u.Scheme != origin.Scheme || u.Host != origin.Host {
		return false
	}
	p := u.Path
	if p == "/logout" || strings.HasPrefix(p, "/assets/") || strings.HasPrefix(p, "/api/") {
		return false
	}
	return path.Ext(p) == "" || path.Ext(p) == ".html"
}

// family names the group a page belongs to, and whether that group is limited.
func family(u *url.URL) (string, bool) {
	segs := strings.Split(strings.Trim(u.Path, "/"), "/")
	q := u.Query()
	if len(segs) < 2 && len(q) == 0 {
		return "", false
	}
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	dir := u.Path
	if len(q) == 0 {
		dir = path.Dir(strings.TrimSuffix(u.Path, "/")) + "/*"
	}
	return dir + "?" + strings.Join(slices.Compact(keys), "&"), true
}
