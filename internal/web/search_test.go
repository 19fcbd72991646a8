package web

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/search"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// searchWorld is the API test server with the search index wired in and a small
// repository: reports of two committees over several years.
type searchWorld struct {
	*testServer
	glasgow, fife *scrutineer.Organisation
}

func newSearchWorld(t *testing.T) *searchWorld {
	t.Helper()
	ts := newAPITestServer(t)
	ts.Search = search.New(ts.db)
	w := &searchWorld{testServer: ts,
		glasgow: testutil.MustCreateOrganisation(t, ts.db, "glasgow-cpc", scrutineer.KindChildProtectionCommittee),
		fife:    testutil.MustCreateOrganisation(t, ts.db, "fife-apc", scrutineer.KindAdultProtectionCommittee),
	}
	docs := []search.Doc{
		{ID: "r1", OrganisationID: w.glasgow.ID, Kind: search.KindLearningReviewReport, Year: 2019, Themes: []string{"neglect"},
			Title: "Learning review: Child A", Text: "Practitioners showed professional curiosity about chronic neglect at home."},
		{ID: "r2", OrganisationID: w.fife.ID, Kind: search.KindLearningReviewReport, Year: 2023, Themes: []string{"adult_support"},
			Title: "Learning review: Adult B", Text: "Self-neglect and capacity to consent were not assessed together."},
		{ID: "r3", OrganisationID: w.glasgow.ID, Kind: search.KindMinutes, Year: 2023, Themes: []string{"chronologies"},
			Title: "Minutes of the committee, March 2023", Text: "The committee discussed neglect and <script>alert('x')</script> in the toolkit."},
	}
	for i := range 45 {
		docs = append(docs, search.Doc{ID: fmt.Sprintf("p%02d", i), OrganisationID: w.fife.ID, Kind: search.KindLearningReviewReport, Year: 2015,
			Title: fmt.Sprintf("Significant case review %d", i), Text: "A chronology of transitions between teams."})
	}
	w.index(t, docs...)
	return w
}

func (w *searchWorld) index(t *testing.T, docs ...search.Doc) {
	t.Helper()
	ctx := auth.SystemContext(context.Background())
	err := w.db.WriteTx(ctx, func(tx *sql.Tx) error {
		for _, d := range docs {
			if err := w.Search.Upsert(ctx, tx, d); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// bearer makes a user with these roles and returns its Authorization header.
func (w *searchWorld) bearer(t *testing.T, email string, roles ...scrutineer.Role) string {
	t.Helper()
	return "Bearer " + w.mustToken(t, testutil.MustCreateUser(t, w.db, email, w.glasgow, roles...))
}

func TestSearchPageForInspector(t *testing.T) {
	w := newSearchWorld(t)
	c := w.signIn(t, "inspector@example.org", scrutineer.RoleInspector)
	r := w.do(t, "GET", "/search", nil, c)
	if r.Code != http.StatusOK || !strings.Contains(r.Body.String(), `name="q"`) || !strings.Contains(r.Body.String(), `href="/search"`) {
		t.Fatalf("form: %d", r.Code)
	}
	r = w.do(t, "GET", "/search?q=neglect", nil, c)
	body := r.Body.String()
	for _, want := range []string{"3 results for", "Learning review: Child A", "<mark>neglect</mark>", "glasgow-cpc", "Committee minutes", "2023", "ds_search-result"} {
		if !strings.Contains(body, want) {
			t.Errorf("results page lacks %q", want)
		}
	}
}

func TestSearchRefusesOtherRoles(t *testing.T) {
	w := newSearchWorld(t)
	for i, role := range []scrutineer.Role{scrutineer.RoleCommitteeOfficer, scrutineer.RoleAreaContact, scrutineer.RoleAdmin} {
		c := w.signIn(t, fmt.Sprintf("refused%d@example.org", i), role)
		if r := w.do(t, "GET", "/search?q=neglect", nil, c); r.Code != http.StatusNotFound {
			t.Errorf("%s page: %d, want 404", role, r.Code)
		}
		if strings.Contains(w.do(t, "GET", "/dashboard", nil, c).Body.String(), `href="/search"`) {
			t.Errorf("%s sees Search in the navigation", role)
		}
		r := w.api(t, "GET", "/api/v1/search?q=neglect", w.bearer(t, fmt.Sprintf("refused%d.api@example.org", i), role))
		if r.Code != http.StatusNotFound || !strings.Contains(r.Body.String(), `"not_found"`) {
			t.Errorf("%s API: %d %s, want 404", role, r.Code, r.Body)
		}
	}
	if r := w.api(t, "GET", "/api/v1/search?q=neglect", ""); r.Code != http.StatusUnauthorized {
		t.Errorf("no token: %d, want 401", r.Code)
	}
}

func TestSearchPageFilters(t *testing.T) {
	w := newSearchWorld(t)
	c := w.signIn(t, "manager@example.org", scrutineer.RoleManager)
	for _, tc := range []struct {
		query      string
		want, lack []string
	}{
		{"q=neglect&organisation=fife-apc", []string{"Adult B", "1 result for"}, []string{"Child A"}},
		{"q=neglect&kind=minutes", []string{"Minutes of the committee"}, []string{"Child A", "Adult B"}},
		{"q=neglect&year_from=2020&year_to=2023", []string{"Adult B", "Minutes of the committee"}, []string{"Child A"}},
		{"q=neglect&theme=neglect&theme=chronologies", []string{"Child A", "Minutes of the committee"}, []string{"Adult B"}},
	} {
		body := w.do(t, "GET", "/search?"+tc.query, nil, c).Body.String()
		for _, s := range tc.want {
			if !strings.Contains(body, s) {
				t.Errorf("%s: lacks %q", tc.query, s)
			}
		}
		for _, s := range tc.lack {
			if strings.Contains(body, s) {
				t.Errorf("%s: shows %q", tc.query, s)
			}
		}
	}
	r := w.do(t, "GET", "/search?q=neglect&year_from=20x&organisation=nowhere&theme=made_up", nil, c)
	body := r.Body.String()
	if r.Code != http.StatusUnprocessableEntity || !strings.Contains(body, "First year must be a year") ||
		!strings.Contains(body, "Choose an organisation from the list") || !strings.Contains(body, "Choose themes from the list") {
		t.Fatalf("bad filters: %d", r.Code)
	}
}

func TestSearchPagePagination(t *testing.T) {
	w := newSearchWorld(t)
	c := w.signIn(t, "inspector@example.org", scrutineer.RoleInspector)
	body := w.do(t, "GET", "/search?q=chronology&organisation=fife-apc&page=2", nil, c).Body.String()
	for _, want := range []string{"45 results for", `start="21"`, `class="ds_pagination"`, `aria-current="page"`,
		`href="/search?organisation=fife-apc&amp;page=3&amp;q=chronology"`, `href="/search?organisation=fife-apc&amp;q=chronology"`} {
		if !strings.Contains(body, want) {
			t.Errorf("page 2 lacks %q", want)
		}
	}
	if n := strings.Count(body, `class="ds_search-result"`); n != 20 {
		t.Errorf("page 2 shows %d results, want 20", n)
	}
}

func TestSearchPageMessages(t *testing.T) {
	w := newSearchWorld(t)
	c := w.signIn(t, "inspector@example.org", scrutineer.RoleInspector)
	r := w.do(t, "GET", "/search?q=-neglect", nil, c)
	if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body.String(), "ds_error-summary") || !strings.Contains(r.Body.String(), `id="q-error"`) {
		t.Errorf("invalid query: %d", r.Code)
	}
	r = w.do(t, "GET", "/search?q=zebra", nil, c)
	if r.Code != http.StatusOK || !strings.Contains(r.Body.String(), "0 results for") || !strings.Contains(r.Body.String(), "No documents match the search") {
		t.Errorf("no results: %d", r.Code)
	}
}

func TestSearchEscapesDocumentText(t *testing.T) {
	w := newSearchWorld(t)
	c := w.signIn(t, "inspector@example.org", scrutineer.RoleInspector)
	w.index(t, search.Doc{ID: "x", OrganisationID: w.glasgow.ID, Kind: search.KindMinutes, Year: 2024,
		Title: `<img src=x onerror=alert(1)> toolkit`, Text: `<script>alert("toolkit")</script> <b>bold</b>`})
	body := w.do(t, "GET", "/search?q=toolkit", nil, c).Body.String()
	if strings.Contains(body, "<script>alert") || strings.Contains(body, "<img src=x") || strings.Contains(body, "<b>bold") {
		t.Fatal("document markup reached the page unescaped")
	}
	if !strings.Contains(body, "&lt;script&gt;") || !strings.Contains(body, "&lt;img src=x") || !strings.Contains(body, "<mark>") {
		t.Fatal("the escaped text or the highlight is missing")
	}
}

func TestAPISearch(t *testing.T) {
	w := newSearchWorld(t)
	auth := w.bearer(t, "inspector@example.org", scrutineer.RoleInspector)
	r := w.api(t, "GET", "/api/v1/search?q=neglect&organisation=glasgow-cpc&limit=1", auth)
	if r.Code != http.StatusOK {
		t.Fatalf("search: %d %s", r.Code, r.Body)
	}
	var got struct {
		Items []map[string]any `json:"items"`
		Total int              `json:"total"`
	}
	if err := json.Unmarshal(r.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.Total != 2 || len(got.Items) != 1 {
		t.Fatalf("total %d, %d items: %s", got.Total, len(got.Items), r.Body)
	}
	it := got.Items[0]
	for _, k := range []string{"id", "title", "snippet", "organisation", "kind", "year", "rank"} {
		if _, ok := it[k]; !ok {
			t.Errorf("item lacks %s", k)
		}
	}
	if it["organisation"] != "glasgow-cpc" || !strings.Contains(it["snippet"].(string), "<mark>") {
		t.Errorf("item: %v", it)
	}
	r = w.api(t, "GET", "/api/v1/search?q=toolkit", auth)
	if strings.Contains(r.Body.String(), "<script>") || !strings.Contains(r.Body.String(), `\u0026lt;script\u0026gt;`) {
		t.Errorf("snippet not escaped HTML: %s", r.Body)
	}
}

func TestAPISearchInvalid(t *testing.T) {
	w := newSearchWorld(t)
	auth := w.bearer(t, "manager@example.org", scrutineer.RoleManager)
	for target, field := range map[string]string{
		"/api/v1/search":                                 "q",
		"/api/v1/search?q=-neglect":                      "q",
		"/api/v1/search?q=neglect&limit=500":             "limit",
		"/api/v1/search?q=neglect&offset=-1":             "offset",
		"/api/v1/search?q=neglect&year_from=later":       "year_from",
		"/api/v1/search?q=neglect&kind=poem":             "kind",
		"/api/v1/search?q=a&year_from=2024&year_to=2020": "year_to",
	} {
		r := w.api(t, "GET", target, auth)
		var e struct {
			Error struct {
				Code   string            `json:"code"`
				Fields map[string]string `json:"fields"`
			} `json:"error"`
		}
		json.Unmarshal(r.Body.Bytes(), &e)
		if r.Code != http.StatusUnprocessableEntity || e.Error.Code != "invalid" || e.Error.Fields[field] == "" {
			t.Errorf("%s: %d %s, want 422 on %s", target, r.Code, r.Body, field)
		}
	}
}

func TestOpenAPIDescribesSearch(t *testing.T) {
	w := newSearchWorld(t)
	r := w.api(t, "GET", "/api/v1/openapi.json", "")
	var doc struct {
		Paths map[string]map[string]struct {
			OperationID string           `json:"operationId"`
			Parameters  []map[string]any `json:"parameters"`
			Responses   map[string]any   `json:"responses"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(r.Body.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	op := doc.Paths["/api/v1/search"]["get"]
	if op.OperationID != "searchRepository" || len(op.Parameters) != 8 || op.Responses["422"] == nil || op.Responses["404"] == nil {
		t.Fatalf("search operation: %+v", op)
	}
}
