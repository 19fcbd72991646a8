package web

import (
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/store"
)

// auditServer is a test server with the reference directory, a signed-in
// administrator and a few known entries in March 2025.
type auditServer struct {
	*testServer
	admin *http.Cookie
	audit *store.Audit
	user  *scrutineer.User // the administrator
}

func newAuditServer(t *testing.T) *auditServer {
	t.Helper()
	ts, admin := newDirectoryServer(t)
	as := &auditServer{testServer: ts, admin: admin, audit: store.NewAudit(ts.db)}
	ctx := auth.SystemContext(context.Background())
	u, err := store.NewUsers(ts.db).FindUserByEmail(ctx, "admin@example.org")
	if err != nil {
		t.Fatal(err)
	}
	as.user = u
	fife, err := store.NewOrganisations(ts.db).FindOrganisationBySlug(ctx, "fife-apc")
	if err != nil {
		t.Fatal(err)
	}
	day := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	for i, e := range []*scrutineer.AuditEntry{
		{ActorID: u.ID, ActorLabel: "user", Action: "login.success", TargetType: "user", TargetID: u.ID},
		{ActorLabel: "anonymous", Action: "login.failure", Outcome: scrutineer.OutcomeFailure, Detail: "=HYPERLINK(\"http://evil.example\")"},
		{ActorID: u.ID, ActorLabel: "user", Action: "organisation.update", TargetType: "organisation", TargetID: fife.ID, OrganisationID: fife.ID, Detail: "+Renamed, -closed, @once"},
		{ActorLabel: "anonymous", Action: "login.lockout", Outcome: scrutineer.OutcomeRefused, Detail: "Too many attempts"},
	} {
		e.At = day.AddDate(0, 0, i)
		if err := as.audit.RecordAudit(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	return as
}

func TestAuditPagesAreForAdministratorsOnly(t *testing.T) {
	as := newAuditServer(t)
	inspector := as.signIn(t, "inspector@example.org", scrutineer.RoleInspector)
	for _, path := range []string{"/admin/audit", "/admin/audit?actor=admin@example.org", "/admin/audit/export.csv", "/admin/audit/export.csv?from=nonsense", "/admin/audit/1"} {
		if w := as.do(t, "GET", path, nil, inspector); w.Code != http.StatusNotFound {
			t.Errorf("inspector GET %s: %d, want 404", path, w.Code)
		}
		if w := as.do(t, "GET", path, nil); w.Code != http.StatusSeeOther || !strings.HasPrefix(w.Header().Get("Location"), "/login") {
			t.Errorf("anonymous GET %s: %d", path, w.Code)
		}
	}
	exports, _ := as.audit.FindAudit(auth.SystemContext(context.Background()), scrutineer.AuditFilter{Action: "audit.export"})
	if len(exports) != 0 {
		t.Error("a refused export was recorded as an export")
	}
	wantNotIn(t, as.page(t, "/dashboard", http.StatusOK, inspector), `href="/admin/audit"`)
	wantIn(t, as.page(t, "/dashboard", http.StatusOK, as.admin), `href="/admin/audit"`)
}

func TestAuditSearchPage(t *testing.T) {
	as := newAuditServer(t)
	body := as.page(t, "/admin/audit", http.StatusOK, as.admin)
	wantIn(t, body, "<h1", "Audit log", `<optgroup label="Sign-in">`, `value="login."`, "All sign-in events",
		`<caption>All entries, newest first</caption>`, "Sign-in locked out", "Someone not signed in", `href="/admin/audit/export.csv"`)
	if inlineCode.MatchString(body) {
		t.Error("the page has inline script or style")
	}

	// want and miss are about the results table; page is anywhere on the page.
	tests := []struct {
		query            string
		want, miss, page []string
	}{
		{"actor=ADMIN@example.org", []string{"Signed in", "Test User (admin@example.org)", "Organisation changed", `href="/admin/users/` + as.user.ID + `">Account: Test User`}, []string{"Sign-in failed"}, []string{`value="ADMIN@example.org"`}},
		{"action=login.", []string{"Signed in", "Sign-in failed", "Sign-in locked out"}, []string{"Organisation changed"}, []string{`<option value="login." selected>`}},
		{"action=login.failure", []string{"Sign-in failed"}, []string{"Sign-in locked out"}, nil},
		{"organisation=fife-apc&to=2025-12-31", []string{`href="/admin/organisations/fife-apc"`, "Organisation changed"}, []string{"Signed in"}, []string{`<option value="fife-apc" selected>`}},
		{"target_type=organisation&target_id=nothing", nil, nil, []string{"No entries match the search"}},
		{"outcome=refused", []string{"Sign-in locked out"}, []string{"Sign-in failed"}, nil},
		{"from=2/3/2025&to=2025-03-03", []string{"Sign-in failed", "Organisation changed"}, []string{"Signed in", "Sign-in locked out"}, []string{`value="2/3/2025"`}},
	}
	for _, tt := range tests {
		body := as.page(t, "/admin/audit?"+tt.query, http.StatusOK, as.admin)
		wantIn(t, auditTable(body), tt.want...)
		wantNotIn(t, auditTable(body), tt.miss...)
		wantIn(t, body, tt.page...)
		q, _ := url.ParseQuery(tt.query)
		wantIn(t, body, `href="/admin/audit/export.csv?`+strings.ReplaceAll(q.Encode(), "&", "&amp;")+`"`)
	}

	problems := []struct{ query, field, message string }{
		{"from=31/2/2025", "from", "Start date must be a real date, like 31/1/2025"},
		{"from=3/3/2025&to=1/3/2025", "to", "End date must be the same as or after the start date"},
		{"to=soon", "to", "End date must be a real date"},
		{"actor=nobody@example.org", "actor", "No account has this email address"},
		{"actor=admin", "actor", "Enter an email address in the correct format"},
		{"organisation=no-such-body", "organisation", "Choose an organisation from the list"},
		{"outcome=maybe", "outcome", "Choose an outcome from the list"},
		{"action=DROP%20TABLE", "action", "Choose an action from the list"},
	}
	for _, p := range problems {
		body := as.page(t, "/admin/audit?"+p.query, http.StatusUnprocessableEntity, as.admin)
		wantIn(t, body, `class="ds_error-summary"`, `href="#`+p.field+`"`, p.message, `id="`+p.field+`-error"`)
		wantNotIn(t, body, "Export as CSV", "<table")
		// The export of a search with problems goes back to the form that shows them.
		w := as.do(t, "GET", "/admin/audit/export.csv?"+p.query, nil, as.admin)
		if w.Code != http.StatusSeeOther || !strings.HasPrefix(w.Header().Get("Location"), "/admin/audit?") {
			t.Errorf("export of %s: %d %s", p.query, w.Code, w.Header().Get("Location"))
		}
	}
}

func TestAuditPagesAndEntry(t *testing.T) {
	as := newAuditServer(t)
	ctx := auth.SystemContext(context.Background())
	for i := range 60 {
		if err := as.audit.RecordAudit(ctx, &scrutineer.AuditEntry{Action: "test.many", Detail: fmt.Sprintf("entry %d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	first := as.page(t, "/admin/audit?action=test.many", http.StatusOK, as.admin)
	wantIn(t, first, `href="/admin/audit?action=test.many&amp;page=2">Older entries`)
	wantNotIn(t, first, "Newer entries")
	second := as.page(t, "/admin/audit?action=test.many&page=2", http.StatusOK, as.admin)
	wantIn(t, second, "Newer entries", "(page 2)")
	if n := strings.Count(second, `<th scope="row">`); n != 10 {
		t.Errorf("page 2 lists %d entries, want 10", n)
	}

	got, _ := as.audit.FindAudit(ctx, scrutineer.AuditFilter{Action: "organisation.update"})
	e := got[0]
	body := as.page(t, fmt.Sprintf("/admin/audit/%d", e.Seq), http.StatusOK, as.admin)
	wantIn(t, body, "Organisation changed", "<code>organisation.update</code>", e.Hash, e.PrevHash, `href="/admin/organisations/fife-apc"`,
		`href="/admin/audit?actor=admin%40example.org"`, "Every entry about this record", "Renamed, -closed, @once")
	if inlineCode.MatchString(body) {
		t.Error("the entry page has inline script or style")
	}
	for _, path := range []string{"/admin/audit/99999", "/admin/audit/abc", "/admin/audit/0"} {
		as.page(t, path, http.StatusNotFound, as.admin)
	}
}

func TestAuditExportCSV(t *testing.T) {
	as := newAuditServer(t)
	w := as.do(t, "GET", "/admin/audit/export.csv?action=login.&to=2025-12-31", nil, as.admin)
	if w.Code != http.StatusOK || w.Header().Get("Content-Type") != "text/csv; charset=utf-8" ||
		!strings.HasPrefix(w.Header().Get("Content-Disposition"), `attachment; filename="scrutineer-audit-`) || w.Header().Get("Cache-Control") != "no-store" {
		t.Fatalf("export: %d %v", w.Code, w.Header())
	}
	records, err := csv.NewReader(strings.NewReader(w.Body.String())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(records) != 4 || records[0][0] != "Number" || records[0][6] != "Action" {
		t.Fatalf("want a header and the 3 sign-in entries, got %d rows: %q", len(records), records)
	}
	col := map[string]int{}
	for i, h := range records[0] {
		col[h] = i
	}
	if got := []string{records[1][col["Action"]], records[2][col["Action"]], records[3][col["Action"]]}; strings.Join(got, " ") != "login.lockout login.failure login.success" {
		t.Errorf("rows %v, want newest first", got)
	}
	if d := records[2][col["Detail"]]; d != `'=HYPERLINK("http://evil.example")` {
		t.Errorf("formula not guarded: %q", d)
	}
	if r := records[3]; r[col["Actor email"]] != "admin@example.org" || r[col["Actor name"]] != as.user.Name || r[col["Time (UTC)"]] != "2025-03-01T09:00:00Z" {
		t.Errorf("row %q", r)
	}

	w = as.do(t, "GET", "/admin/audit/export.csv?action=organisation.update", nil, as.admin)
	records, _ = csv.NewReader(strings.NewReader(w.Body.String())).ReadAll()
	if len(records) != 2 || records[1][col["Detail"]] != "'+Renamed, -closed, @once" || records[1][col["Target name"]] == "" {
		t.Errorf("export of one action: %q", records)
	}

	// Each export is on record, by whom and of what.
	got, err := as.audit.FindAudit(auth.SystemContext(context.Background()), scrutineer.AuditFilter{Action: "audit.export"})
	if err != nil || len(got) != 2 || got[1].ActorID != as.user.ID || !strings.Contains(got[1].Detail, "action login.") || got[1].RequestID == "" {
		t.Fatalf("exports on record: %d, %+v", len(got), got)
	}

	// An export that finds nothing is still a file with its header row.
	w = as.do(t, "GET", "/admin/audit/export.csv?action=nothing.here", nil, as.admin)
	if w.Code != http.StatusOK || strings.TrimSpace(w.Body.String()) != strings.Join(auditCSVHeader, ",") {
		t.Errorf("empty export: %d %q", w.Code, w.Body)
	}
}

// auditTable is the results table of a log page: the search form's lists name every
// action too.
func auditTable(body string) string {
	start, end := strings.Index(body, "<table"), strings.Index(body, "</table>")
	if start < 0 || end < start {
		return ""
	}
	return body[start:end]
}

func TestCSVSafe(t *testing.T) {
	for in, want := range map[string]string{
		"=1+1": "'=1+1", "+44 131": "'+44 131", "-5": "'-5", "@SUM(A1)": "'@SUM(A1)", "\tTab": "'\tTab", "\rCR": "'\rCR",
		"": "", "plain": "plain", "a=b": "a=b", "'quoted": "'quoted",
	} {
		if got := csvSafe(in); got != want {
			t.Errorf("csvSafe(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseDay(t *testing.T) {
	for in, want := range map[string]string{
		"31/1/2025": "2025-01-31", "01/03/2025": "2025-03-01", "1.3.2025": "2025-03-01", "2025-03-01": "2025-03-01", "2025-3-1": "2025-03-01",
	} {
		got, ok := parseDay(in)
		if !ok || got.Format("2006-01-02") != want || got.Location() != london {
			t.Errorf("parseDay(%q) = %v, %v", in, got, ok)
		}
	}
	for _, in := range []string{"31/2/2025", "2025-13-01", "yesterday", "1/1/25", "00/01/2025", "1/1/1899"} {
		if _, ok := parseDay(in); ok {
			t.Errorf("parseDay(%q) accepted", in)
		}
	}
	// A summer day starts at 23:00 UTC the evening before.
	d, _ := parseDay("1/7/2025")
	if d.UTC().Format(time.RFC3339) != "2025-06-30T23:00:00Z" {
		t.Errorf("summer day starts %v", d.UTC())
	}
}

func TestOrganisationPageShowsItsRecentAuditEntries(t *testing.T) {
	as := newAuditServer(t)
	body := as.page(t, "/admin/organisations/fife-apc", http.StatusOK, as.admin)
	wantIn(t, body, "<h2>Audit log</h2>", "Organisation changed", `href="/admin/audit?organisation=fife-apc"`)
	if inlineCode.MatchString(body) {
		t.Error("the organisation page has inline script or style")
	}
}
