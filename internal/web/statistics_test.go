package web

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/stats"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// newStatisticsServer is a test server on the statistics fixture
// (testdata/stats/fixture.sql), with API tokens.
func newStatisticsServer(t *testing.T) *testServer {
	t.Helper()
	ts := newAPITestServer(t)
	testutil.MustExecSQLFile(t, ts.db, testutil.RepoPath("testdata/stats/fixture.sql"))
	ts.Statistics = stats.New(ts.db.Reader())
	return ts
}

func (ts *testServer) fixtureUser(t *testing.T, email string, role scrutineer.Role) *scrutineer.User {
	t.Helper()
	org, err := store.NewOrganisations(ts.db).FindOrganisationBySlug(auth.SystemContext(context.Background()), "regulator")
	if err != nil {
		t.Fatal(err)
	}
	return testutil.MustCreateUser(t, ts.db, email, org, role)
}

const fixturePeriod = "?period=custom&from=2023-04-01&to=2025-03-31"

// tableCells returns the text of the cells of the table with this caption start.
func tableText(body, id string) string {
	i := strings.Index(body, `id="`+id+`"`)
	if i < 0 {
		return ""
	}
	j := strings.Index(body[i:], "</table>")
	return body[i : i+j]
}

var cellRE = regexp.MustCompile(`<td class="app_num">([^<]*)</td>`)

func TestStatisticsPublicPage(t *testing.T) {
	ts := newStatisticsServer(t)
	w := ts.do(t, "GET", statsPublicBase+fixturePeriod, nil)
	if w.Code != 200 {
		t.Fatalf("public page: %d %s", w.Code, w.Body)
	}
	body := w.Body.String()
	for _, want := range []string{"Learning reviews: national statistics", "Decisions by committee", "[c]", `role="img"`, "by-year.csv?", "Counts from 1 to 4 are shown as [c]"} {
		if !strings.Contains(body, want) {
			t.Errorf("public page lacks %q", want)
		}
	}
	// No count from 1 to 4 is shown anywhere in the count tables.
	for _, id := range stats.TableIDs {
		if id == "timeliness" {
			continue
		}
		for _, m := range cellRE.FindAllStringSubmatch(tableText(body, id), -1) {
			switch m[1] {
			case "1", "2", "3", "4":
				t.Errorf("table %s shows %s", id, m[1])
			}
		}
	}
	if strings.Contains(body, "style=") {
		t.Error("the page uses inline style, which the content security policy blocks")
	}
	if !strings.Contains(tableText(body, "by-year"), "<td class=\"app_num\">36</td>") {
		t.Error("the public by-year table does not show the total of 36 reviews")
	}
}

func TestStatisticsStaffOverview(t *testing.T) {
	ts := newStatisticsServer(t)
	analyst := ts.signIn(t, "analyst@example.org", scrutineer.RoleAnalyst)
	w := ts.do(t, "GET", statsStaffBase+fixturePeriod, nil, analyst)
	if w.Code != 200 {
		t.Fatalf("overview: %d", w.Code)
	}
	body := w.Body.String()
	if strings.Contains(tableText(body, "by-committee"), "[c]") {
		t.Error("staff see suppressed figures")
	}
	// Borders: 1 full review, 1 alternative approach, 1 no review (the fixture).
	if !strings.Contains(tableText(body, "by-committee"), `<th scope="row">Borders Adult Protection Committee</th><td class="app_num">1</td><td class="app_num">1</td><td class="app_num">1</td><td class="app_num">3</td>`) {
		t.Errorf("exact by-committee row missing:\n%s", tableText(body, "by-committee"))
	}
	for _, want := range []string{"85.7%", "Exact figures for regulator staff", `href="/statistics/learning-reviews/overview" aria-current="page"`} {
		if !strings.Contains(body, want) {
			t.Errorf("overview lacks %q", want)
		}
	}
	officer := ts.signIn(t, "officer@example.org", scrutineer.RoleCommitteeOfficer)
	if w := ts.do(t, "GET", statsStaffBase, nil, officer); w.Code != 404 {
		t.Errorf("committee officer: %d, want 404", w.Code)
	}
	if w := ts.do(t, "GET", statsStaffBase, nil); w.Code != 303 {
		t.Errorf("anonymous: %d, want the sign-in page", w.Code)
	}
}

func TestStatisticsPeriodErrors(t *testing.T) {
	ts := newStatisticsServer(t)
	w := ts.do(t, "GET", statsPublicBase+"?period=custom&from=2025-02-30&to=2025-01-01", nil)
	if w.Code != 422 || !strings.Contains(w.Body.String(), "There is a problem") || !strings.Contains(w.Body.String(), `href="#from"`) {
		t.Errorf("bad dates: %d", w.Code)
	}
}

func TestStatisticsDownloads(t *testing.T) {
	ts := newStatisticsServer(t)
	w := ts.do(t, "GET", statsPublicBase+"/by-committee.csv"+fixturePeriod, nil)
	if w.Code != 200 || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/csv") {
		t.Fatalf("CSV: %d %s", w.Code, w.Header().Get("Content-Type"))
	}
	if !strings.Contains(w.Body.String(), "[c]") || !strings.HasPrefix(w.Body.String(), "Committee,Full learning review") {
		t.Errorf("public CSV:\n%s", w.Body)
	}
	for _, f := range []string{"ods", "xlsx"} {
		w := ts.do(t, "GET", statsPublicBase+"/themes."+f+fixturePeriod, nil)
		if w.Code != 200 || !strings.Contains(w.Header().Get("Content-Disposition"), "learning-reviews-themes-2023-04-01-to-2025-03-31."+f) {
			t.Fatalf("%s: %d %v", f, w.Code, w.Header())
		}
		z, err := zip.NewReader(bytes.NewReader(w.Body.Bytes()), int64(w.Body.Len()))
		if err != nil || len(z.File) < 3 {
			t.Fatalf("%s is not a workbook: %v", f, err)
		}
	}
	if w := ts.do(t, "GET", statsPublicBase+"/no-such-table.csv", nil); w.Code != 404 {
		t.Errorf("unknown table: %d", w.Code)
	}
	if w := ts.do(t, "GET", statsPublicBase+"/by-year.pdf", nil); w.Code != 404 {
		t.Errorf("unknown format: %d", w.Code)
	}
	analyst := ts.signIn(t, "analyst@example.org", scrutineer.RoleAnalyst)
	w = ts.do(t, "GET", statsStaffBase+"/by-committee.csv"+fixturePeriod, nil, analyst)
	if w.Code != 200 || strings.Contains(w.Body.String(), "[c]") || !strings.Contains(w.Body.String(), "Borders Adult Protection Committee,1,1,1,3") {
		t.Errorf("staff CSV: %d\n%s", w.Code, w.Body)
	}
	if w := ts.do(t, "GET", statsStaffBase+"/by-committee.csv", nil); w.Code != 303 {
		t.Errorf("anonymous staff download: %d", w.Code)
	}
}

func TestStatisticsAPI(t *testing.T) {
	ts := newStatisticsServer(t)
	officer := "Bearer " + ts.mustToken(t, ts.fixtureUser(t, "officer@example.org", scrutineer.RoleCommitteeOfficer))
	analyst := "Bearer " + ts.mustToken(t, ts.fixtureUser(t, "analyst@example.org", scrutineer.RoleAnalyst))
	const base = "/api/v1/statistics/learning-reviews"
	get := func(target, auth string, want int) map[string]any {
		t.Helper()
		w := ts.api(t, "GET", target, auth)
		if w.Code != want {
			t.Fatalf("%s: %d, want %d: %s", target, w.Code, want, w.Body)
		}
		var out map[string]any
		if err := json.Unmarshal(w.Body.Bytes(), &out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	pub := get(base+"?from=2023-04-01&to=2025-03-31", officer, 200)
	if pub["suppressed"] != true || pub["reviews"].(map[string]any)["value"] != 36.0 {
		t.Errorf("public answer: suppressed %v reviews %v", pub["suppressed"], pub["reviews"])
	}
	raw, _ := json.Marshal(pub)
	if !strings.Contains(string(raw), `"suppressed":true}`) {
		t.Error("no figure is suppressed in the public answer")
	}
	for _, k := range []string{"by_year", "by_committee_type", "by_decision", "themes", "timeliness", "outcomes_within_service_level", "tables"} {
		if pub[k] == nil {
			t.Errorf("answer lacks %s", k)
		}
	}
	exact := get(base+"?from=2023-04-01&to=2025-03-31&exact=true", analyst, 200)
	if exact["suppressed"] != false || exact["outcomes_within_service_level"].(map[string]any)["share_percent"] != 85.7 {
		t.Errorf("exact answer: %v %v", exact["suppressed"], exact["outcomes_within_service_level"])
	}
	get(base+"?exact=true", officer, 404)
	bad := get(base+"?from=2025-13-01&to=2025-01-01", officer, 422)
	if bad["error"].(map[string]any)["fields"].(map[string]any)["from"] == nil {
		t.Errorf("422 without the field: %v", bad)
	}
	get(base+"?from=2025-03-01&to=2025-01-01", officer, 422)
	get(base, "", 401)
}
