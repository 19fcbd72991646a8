package web

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/search"
)

// The repository search: GET /search for inspectors and managers (a GET form, so it
// works without JavaScript and a search can be bookmarked) and GET /api/v1/search
// (search_api.go). Both go through search.Index.Search, which asks the policy
// (auth.SearchRepository) itself; the handlers ask it first as well, so a caller who
// may not search learns nothing, not even whether an organisation exists.

// searchPageSize is the number of results a page shows.
const searchPageSize = search.DefaultLimit

// searchRoutes registers the search page and its API operation.
func (s *Server) searchRoutes() []route {
	return []route{
		{"GET /search", s.searchPage, Requires(auth.SearchRepository)},
		{"GET /api/v1/search", s.apiSearch, Requires(auth.SearchRepository)},
	}
}

// maySearch answers ENOTFOUND (a 404, as for any page one may not see) unless the
// caller may search and the index is wired in.
func (s *Server) maySearch(ctx context.Context) error {
	if s.Search == nil || !auth.Allowed(scrutineer.UserFromContext(ctx), auth.SearchRepository, auth.Resource{}) {
		return scrutineer.Errorf(scrutineer.ENOTFOUND, "Page not found.")
	}
	return nil
}

// searchPageData is what templates/pages/search.html shows.
type searchPageData struct {
	Searched      bool
	Text          string
	Organisations []fieldOption
	Kinds         []fieldOption
	Themes        []fieldOption
	Results       []searchRow
	Total         int
	First         int // the number of the first result on the page, from 1
	Pages         searchPager
	// Invalid is the engine's explanation of a query it cannot understand.
	Invalid string
}

// searchRow is one result as the page shows it.
type searchRow struct {
	Title        string
	Organisation string
	Kind         string
	Year         int
	// Snippet is the engine's highlighted passage.
	Snippet template.HTML
}

func (s *Server) searchPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	if err := s.maySearch(ctx); err != nil {
		return err
	}
	themes := s.themeOptions(ctx)
	p, err := parseSearch(ctx, r.URL.Query(), s.slugID, themes)
	if err != nil {
		return err
	}
	page := pageNumber(r)
	if (page-1)*searchPageSize > search.MaxOffset {
		// NOTE: reported against the query box, which the error summary can link to.
		p.Errors["q"] = "Narrow the search: only the first 10,000 results can be shown."
	}
	data := &searchPageData{Searched: p.searched(), Text: p.Text, Kinds: checked(searchKinds, p.Kinds), Themes: checked(themes, p.Themes)}
	if data.Organisations, err = s.committeeOptions(ctx, p.Orgs); err != nil {
		return err
	}
	d := s.page(r, "Search the repository")
	d.Form = map[string]string{"q": p.Text, "year_from": p.From, "year_to": p.To}
	d.Data = data
	if data.Searched && len(p.Errors) == 0 {
		p.Query.Limit, p.Query.Offset = searchPageSize, (page-1)*searchPageSize
		res, err := s.Search.Search(ctx, p.Query)
		switch {
		case scrutineer.ErrorCode(err) == scrutineer.EINVALID && len(scrutineer.ErrorFields(err)) == 0:
			data.Invalid = scrutineer.ErrorMessage(err)
			p.Errors["q"] = data.Invalid
		case scrutineer.ErrorCode(err) == scrutineer.EINVALID:
			for f, msg := range scrutineer.ErrorFields(err) {
				p.Errors[f] = msg
			}
		case err != nil:
			return err
		default:
			if err := s.searchRows(ctx, data, res); err != nil {
				return err
			}
			data.First = p.Query.Offset + 1
			data.Pages = newSearchPager(p.values(), page, res.Total)
		}
	}
	if len(p.Errors) > 0 {
		d.withErrors(searchProblems(p.Errors), "q", "organisation", "kind", "year_from", "year_to", "theme")
		d.Status = http.StatusUnprocessableEntity
	}
	status := http.StatusOK
	if d.Status != 0 {
		status = d.Status
	}
	s.render(w, r, status, "search", d)
	return nil
}

// searchProblems turns the field problems into an EINVALID error for withErrors.
func searchProblems(errs map[string]string) error {
	var p scrutineer.Problems
	for f, msg := range errs {
		p.Add(f, msg)
	}
	return p.Err("Check the search.")
}

// searchRows fills in the page's results.
func (s *Server) searchRows(ctx context.Context, data *searchPageData, res *search.Results) error {
	orgs := s.searchOrgs()
	data.Total = res.Total
	for _, h := range res.Items {
		row := searchRow{Title: h.Title, Kind: optionLabel(searchKinds, h.Kind), Year: h.Year,
			// The engine escapes every character of the passage as text and only then
			// adds the <mark> elements around matches (search.Hit.Snippet,
			// internal/search/render.go), so it holds no markup of the document's own.
			Snippet: template.HTML(h.Snippet)}
		o, err := orgs.find(ctx, h.OrganisationID)
		if err != nil {
			return err
		}
		if o != nil {
			row.Organisation = o.Name
		}
		data.Results = append(data.Results, row)
	}
	return nil
}

// committeeOptions lists the committees for the organisation filter.
func (s *Server) committeeOptions(ctx context.Context, chosen []string) ([]fieldOption, error) {
	orgs, err := s.committees.list(ctx, func(ctx context.Context) ([]*scrutineer.Organisation, error) {
		return s.Organisations.FindOrganisations(ctx, scrutineer.OrganisationFilter{})
	}, s.Now())
	if err != nil {
		return nil, err
	}
	first := ""
	if len(chosen) > 0 {
		first = chosen[0]
	}
	out := []fieldOption{{Value: "", Label: "Any organisation", Selected: first == ""}}
	for _, o := range orgs {
		if o.Kind.Committee() || o.Slug == first {
			out = append(out, fieldOption{Value: o.Slug, Label: o.Name, Selected: o.Slug == first})
		}
	}
	return out, nil
}

// checked marks the options whose values were chosen.
func checked(opts []fieldOption, chosen []string) []fieldOption {
	out := make([]fieldOption, len(opts))
	for i, o := range opts {
		o.Selected = slices.Contains(chosen, o.Value)
		out[i] = o
	}
	return out
}

// searchPager is the design system's pagination: previous and next, the first and
// last pages, and the pages around the current one, with gaps between.
type searchPager struct {
	Current, Last      int
	PrevHref, NextHref string
	Items              []searchPageLink
}

// searchPageLink is one numbered page, or a gap when Gap is set.
type searchPageLink struct {
	Number  int
	Href    string
	Current bool
	Gap     bool
}

func newSearchPager(q url.Values, page, total int) searchPager {
	last := (total + searchPageSize - 1) / searchPageSize
	last = min(last, search.MaxOffset/searchPageSize+1)
	p := searchPager{Current: page, Last: last}
	if last <= 1 {
		return p
	}
	href := func(n int) string {
		v := url.Values{}
		for k, vs := range q {
			v[k] = vs
		}
		if n > 1 {
			v.Set("page", strconv.Itoa(n))
		}
		return "/search?" + v.Encode()
	}
	if page > 1 {
		p.PrevHref = href(page - 1)
	}
	if page < last {
		p.NextHref = href(page + 1)
	}
	prev := 0
	for n := 1; n <= last; n++ {
		if n != 1 && n != last && (n < page-2 || n > page+2) {
			continue
		}
		if n > prev+1 {
			p.Items = append(p.Items, searchPageLink{Gap: true})
		}
		p.Items = append(p.Items, searchPageLink{Number: n, Href: href(n), Current: n == page})
		prev = n
	}
	return p
}
