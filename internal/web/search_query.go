package web

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/search"
)

// The repository search's parameters, shared by the page (GET /search) and the API
// (GET /api/v1/search): both read the same names from the address, so a page's
// address and an API call say the same thing, and both check them the same way.

// searchKinds are the document kinds a search can be limited to, with their labels,
// in the order the form shows them.
var searchKinds = []fieldOption{
	{Value: search.KindLearningReviewReport, Label: "Learning review report"},
	{Value: search.KindMinutes, Label: "Committee minutes"},
}

// searchYearMin and searchYearMax bound the years a search may name.
const searchYearMin, searchYearMax = 1990, 2100

// searchParams is a search as read from the address: the engine's query, the values
// as typed (for the form and the page links), and the problems found, by field.
type searchParams struct {
	Query  search.Query
	Text   string
	Orgs   []string // organisation slugs as given
	Kinds  []string
	Themes []string
	From   string
	To     string
	Errors map[string]string
}

// searched reports whether anything was asked for: without a query the page shows
// only the form.
func (p *searchParams) searched() bool { return p.Text != "" }

// values is the search as address parameters, without paging.
func (p *searchParams) values() url.Values {
	v := url.Values{}
	set := func(k string, vals ...string) {
		for _, s := range vals {
			if s != "" {
				v.Add(k, s)
			}
		}
	}
	set("q", p.Text)
	set("organisation", p.Orgs...)
	set("kind", p.Kinds...)
	set("year_from", p.From)
	set("year_to", p.To)
	set("theme", p.Themes...)
	return v
}

// orgID looks an organisation's slug up to its identifier, or answers ENOTFOUND.
type orgID func(ctx context.Context, slug string) (string, error)

// parseSearch reads and checks the search parameters in q. Problems go into Errors
// by parameter name; only a failure to look an organisation up is an error. themes
// are the practice themes a search may name: the theme vocabulary in force
// (Server.themeOptions), so that the filter and the coding never disagree; a code
// not listed is refused, so a typing mistake is not a silent empty result.
func parseSearch(ctx context.Context, q url.Values, lookup orgID, themes []fieldOption) (*searchParams, error) {
	p := &searchParams{Errors: map[string]string{}}
	p.Text = strings.TrimSpace(q.Get("q"))
	p.From, p.To = strings.TrimSpace(q.Get("year_from")), strings.TrimSpace(q.Get("year_to"))
	p.Orgs, p.Kinds, p.Themes = nonEmpty(q["organisation"]), nonEmpty(q["kind"]), nonEmpty(q["theme"])
	p.Query.Text = p.Text
	for name, list := range map[string][]string{"organisation": p.Orgs, "kind": p.Kinds, "theme": p.Themes} {
		if len(list) > search.MaxFilterValues {
			p.Errors[name] = fmt.Sprintf("Choose at most %d.", search.MaxFilterValues)
		}
	}
	if len(p.Errors) > 0 {
		return p, nil // NOTE: refuse long lists before looking each one up
	}
	for _, slug := range p.Orgs {
		id, err := lookup(ctx, slug)
		switch scrutineer.ErrorCode(err) {
		case "":
			p.Query.OrganisationIDs = append(p.Query.OrganisationIDs, id)
		case scrutineer.ENOTFOUND:
			p.Errors["organisation"] = "Choose an organisation from the list."
		default:
			return nil, err
		}
	}
	for _, k := range p.Kinds {
		if !hasOption(searchKinds, k) {
			p.Errors["kind"] = "Choose a kind of document from the list."
		}
	}
	p.Query.Kinds = p.Kinds
	for _, th := range p.Themes {
		if !hasOption(themes, th) {
			p.Errors["theme"] = "Choose themes from the list."
		}
	}
	p.Query.Themes = p.Themes
	p.Query.YearFrom = searchYear(p.From, "year_from", "First year", p.Errors)
	p.Query.YearTo = searchYear(p.To, "year_to", "Last year", p.Errors)
	if p.Query.YearFrom != 0 && p.Query.YearTo != 0 && p.Query.YearTo < p.Query.YearFrom {
		p.Errors["year_to"] = "The last year cannot be before the first year."
	}
	return p, nil
}

// searchYear reads a year parameter; empty means no bound.
func searchYear(s, field, label string, errs map[string]string) int {
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < searchYearMin || n > searchYearMax {
		errs[field] = fmt.Sprintf("%s must be a year with four digits, like 2021.", label)
		return 0
	}
	return n
}

// searchInt reads a paging parameter: empty gives def, anything but a whole number
// from lo to hi is a problem.
func searchInt(q url.Values, field string, def, lo, hi int, errs map[string]string) int {
	s := strings.TrimSpace(q.Get(field))
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		errs[field] = fmt.Sprintf("Use a whole number from %d to %d.", lo, hi)
		return def
	}
	return n
}

func nonEmpty(vals []string) []string {
	var out []string
	for _, v := range vals {
		if v = strings.TrimSpace(v); v != "" && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

func hasOption(opts []fieldOption, v string) bool {
	return slices.ContainsFunc(opts, func(o fieldOption) bool { return o.Value == v })
}

// optionLabel is the label of v among opts, or v itself.
func optionLabel(opts []fieldOption, v string) string {
	for _, o := range opts {
		if o.Value == v {
			return o.Label
		}
	}
	return v
}

// orgCacheTTL is how long search results may show an organisation's name and slug
// after it changes in the directory.
const orgCacheTTL = time.Minute

// orgCache looks organisations up by ID for search results, remembering each for
// orgCacheTTL. NOTE: a page of hits names up to twenty committees, and looking each
// up (with its areas and parent) cost a quarter of the time of a search through the
// API; the directory changes a few times a year.
type orgCache struct {
	orgs scrutineer.OrganisationService
	now  func() time.Time
	mu   sync.Mutex
	byID map[string]orgCacheEntry
}

type orgCacheEntry struct {
	org *scrutineer.Organisation // nil when not in the directory
	at  time.Time
}

// orgCaches holds each server's cache, so that Server (server.go) needs no field
// for it.
var orgCaches sync.Map // *Server -> *orgCache

func (s *Server) searchOrgs() *orgCache {
	c, _ := orgCaches.LoadOrStore(s, &orgCache{orgs: s.Organisations, now: s.Now, byID: map[string]orgCacheEntry{}})
	return c.(*orgCache)
}

// find returns the organisation, or nil when it is not in the directory (a document
// indexed for an organisation since removed still shows).
func (c *orgCache) find(ctx context.Context, id string) (*scrutineer.Organisation, error) {
	now := c.now()
	c.mu.Lock()
	e, ok := c.byID[id]
	c.mu.Unlock()
	if ok && now.Sub(e.at) < orgCacheTTL {
		return e.org, nil
	}
	o, err := c.orgs.FindOrganisationByID(ctx, id)
	if scrutineer.ErrorCode(err) == scrutineer.ENOTFOUND {
		o, err = nil, nil
	}
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if len(c.byID) > 10000 { // NOTE: bounded, whatever IDs the index holds
		clear(c.byID)
	}
	c.byID[id] = orgCacheEntry{org: o, at: now}
	c.mu.Unlock()
	return o, nil
}
