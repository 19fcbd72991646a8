package web

import (
	"net/http"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/search"
)

// searchResponse is the answer of GET /api/v1/search: items and total are the
// contract (docs/contract.md); limit and offset echo the page asked for.
type searchResponse struct {
	Items  []searchItem `json:"items"`
	Total  int          `json:"total"`
	Limit  int          `json:"limit"`
	Offset int          `json:"offset"`
}

// searchItem is one hit. Snippet is HTML: the passage escaped as text, with the
// matching words in <mark> elements, so a client may show it as HTML as it is.
type searchItem struct {
	ID           string  `json:"id"`
	Title        string  `json:"title"`
	Snippet      string  `json:"snippet"`
	Organisation string  `json:"organisation"`
	Kind         string  `json:"kind"`
	Year         int     `json:"year"`
	Rank         float64 `json:"rank"`
}

// apiSearch answers a search of the repository. Bad parameters answer 422 with a
// problem for each; a query the engine cannot understand answers 422 with the
// engine's explanation as the problem of q.
func (s *Server) apiSearch(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	if err := s.maySearch(ctx); err != nil {
		return err
	}
	q := r.URL.Query()
	p, err := parseSearch(ctx, q, s.slugID, s.themeOptions(ctx))
	if err != nil {
		return err
	}
	if p.Text == "" {
		p.Errors["q"] = "Enter what to search for in q."
	}
	p.Query.Limit = searchInt(q, "limit", search.DefaultLimit, 1, search.MaxLimit, p.Errors)
	p.Query.Offset = searchInt(q, "offset", 0, 0, search.MaxOffset, p.Errors)
	if len(p.Errors) > 0 {
		return searchProblems(p.Errors)
	}
	res, err := s.Search.Search(ctx, p.Query)
	if scrutineer.ErrorCode(err) == scrutineer.EINVALID && len(scrutineer.ErrorFields(err)) == 0 {
		return searchProblems(map[string]string{"q": scrutineer.ErrorMessage(err)})
	}
	if err != nil {
		return err
	}
	out := searchResponse{Items: make([]searchItem, 0, len(res.Items)), Total: res.Total, Limit: p.Query.Limit, Offset: p.Query.Offset}
	orgs := s.searchOrgs()
	for _, h := range res.Items {
		it := searchItem{ID: h.ID, Title: h.Title, Snippet: h.Snippet, Kind: h.Kind, Year: h.Year, Rank: h.Rank}
		o, err := orgs.find(ctx, h.OrganisationID)
		if err != nil {
			return err
		}
		if o != nil {
			it.Organisation = o.Slug
		}
		out.Items = append(out.Items, it)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
