package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/directory"
	"github.com/scrutineer/scrutineer/internal/store"
)

// newDirectoryServer is a test server with the reference directory and a signed-in
// administrator.
func newDirectoryServer(t *testing.T) (*testServer, *http.Cookie) {
	t.Helper()
	ts := newTestServer(t)
	if _, err := directory.Sync(context.Background(), store.NewOrganisations(ts.db)); err != nil {
		t.Fatal(err)
	}
	return ts, ts.signIn(t, "admin@example.org", scrutineer.RoleAdmin)
}

// page gets a page and fails unless it answers want.
func (ts *testServer) page(t *testing.T, target string, want int, c *http.Cookie) string {
	t.Helper()
	w := ts.do(t, "GET", target, nil, c)
	if w.Code != want {
		t.Fatalf("GET %s: %d, want %d: %s", target, w.Code, want, w.Body)
	}
	return w.Body.String()
}

func wantIn(t *testing.T, body string, wants ...string) {
	t.Helper()
	for _, want := range wants {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
}

func wantNotIn(t *testing.T, body string, unwanted ...string) {
	t.Helper()
	for _, u := range unwanted {
		if strings.Contains(body, u) {
			t.Errorf("page has %q", u)
		}
	}
}

// inlineCode finds inline scripts and styles, which the content security policy blocks.
var inlineCode = regexp.MustCompile(`<script(?:\s[^>]*)?>[^<]|\sstyle=|<style|\son[a-z]+=`)

func TestOrganisationPagesRefuseOthers(t *testing.T) {
	ts, _ := newDirectoryServer(t)
	inspector := ts.signIn(t, "inspector@example.org", scrutineer.RoleInspector)
	officer := ts.signIn(t, "officer@example.org", scrutineer.RoleCommitteeOfficer)
	edit := url.Values{"name": {"Taken over"}, "status": {"active"}, "version": {"1"}, "reason": {"r"}}
	create := url.Values{"name": {"Sneaky"}, "slug": {"sneaky"}, "kind": {"health_board"}, "reason": {"r"}}
	for _, c := range []*http.Cookie{inspector, officer} {
		for _, path := range []string{"/admin/organisations", "/admin/organisations/glasgow-cpc", "/admin/organisations/glasgow-cpc/edit", "/admin/organisations/new"} {
			if w := ts.do(t, "GET", path, nil, c); w.Code != http.StatusNotFound {
				t.Errorf("GET %s as a non-admin: %d, want 404", path, w.Code)
			}
		}
		if w := ts.do(t, "POST", "/admin/organisations/glasgow-cpc/edit", edit, c); w.Code != http.StatusNotFound {
			t.Errorf("POST edit as a non-admin: %d", w.Code)
		}
		if w := ts.do(t, "POST", "/admin/organisations/new", create, c); w.Code != http.StatusNotFound {
			t.Errorf("POST new as a non-admin: %d", w.Code)
		}
	}
	if w := ts.do(t, "GET", "/admin/organisations", nil); w.Code != http.StatusSeeOther || !strings.HasPrefix(w.Header().Get("Location"), "/login") {
		t.Errorf("signed out: %d %s", w.Code, w.Header().Get("Location"))
	}
	if w := ts.do(t, "POST", "/admin/organisations/glasgow-cpc/edit", edit); w.Code != http.StatusSeeOther {
		t.Errorf("signed-out POST: %d", w.Code)
	}
	o, err := store.NewOrganisations(ts.db).FindOrganisationBySlug(ctxAsAdmin(), "glasgow-cpc")
	if err != nil || o.Version != 1 || o.Name != "Glasgow Child Protection Committee" {
		t.Errorf("a refused request changed the organisation: %+v %v", o, err)
	}
}

func ctxAsAdmin() context.Context {
	return scrutineer.NewContextWithUser(context.Background(), &scrutineer.User{ID: "t", Active: true, Roles: []scrutineer.Role{scrutineer.RoleAdmin}})
}

func TestOrganisationList(t *testing.T) {
	ts, admin := newDirectoryServer(t)
	body := ts.page(t, "/admin/organisations", 200, admin)
	wantIn(t, body, "<h1 class=\"ds_page-header__title\">Organisations</h1>", "<caption>", `<th scope="col">Name</th>`,
		`<a href="/admin/organisations/glasgow-cpc">Glasgow Child Protection Committee</a>`, "Community Justice Ayrshire",
		"East Ayrshire Council, North Ayrshire Council, South Ayrshire Council", `<label class="ds_label" for="kind">Kind</label>`,
		`<form method="get" action="/admin/organisations"`)
	if inlineCode.MatchString(body) {
		t.Errorf("inline script or style: %s", inlineCode.FindString(body))
	}

	body = ts.page(t, "/admin/organisations?kind=local_authority", 200, admin)
	wantIn(t, body, "32 organisations matching the filters", "Fife Council", `<option value="local_authority" selected>`, "Clear filters")
	wantNotIn(t, body, "Fife Adult Protection Committee")

	body = ts.page(t, "/admin/organisations?kind=child_protection_committee&name=glas", 200, admin)
	wantIn(t, body, "1 organisation matching the filters", "Glasgow Child Protection Committee")

	body = ts.page(t, "/admin/organisations?status=merged", 200, admin)
	wantIn(t, body, "No organisations match the filters")

	// An unknown kind from an edited address shows everything.
	body = ts.page(t, "/admin/organisations?kind=nonsense", 200, admin)
	wantIn(t, body, "Glasgow Child Protection Committee", "Fife Council")
}

func TestOrganisationPage(t *testing.T) {
	ts, admin := newDirectoryServer(t)
	body := ts.page(t, "/admin/organisations/glasgow-cpc", 200, admin)
	wantIn(t, body, "Glasgow Child Protection Committee", "Child protection committee",
		`<a href="/admin/organisations/glasgow-cog">Glasgow Chief Officers Group</a>`,
		`<a href="/admin/organisations/glasgow-city">Glasgow City Council</a>`,
		"<caption>Every change to Glasgow Child Protection Committee, newest first</caption>",
		"Added as Glasgow Child Protection Committee", directory.Reason, "Scrutineer",
		`href="/admin/organisations/glasgow-cpc/edit"`)
	if inlineCode.MatchString(body) {
		t.Errorf("inline script or style: %s", inlineCode.FindString(body))
	}
	body = ts.page(t, "/admin/organisations/glasgow-cog", 200, admin)
	wantIn(t, body, "Bodies that answer to it", "Glasgow Adult Protection Committee")
	body = ts.page(t, "/admin/organisations/fife", 200, admin)
	wantIn(t, body, "Bodies covering this area", `<a href="/admin/organisations/fife-cjp">Fife Community Justice Partnership</a>`, "NHS Fife")
	wantNotIn(t, body, "Answers to")
	ts.page(t, "/admin/organisations/no-such-body", 404, admin)
}

func TestOrganisationEdit(t *testing.T) {
	ts, admin := newDirectoryServer(t)
	body := ts.page(t, "/admin/organisations/fife-apc/edit", 200, admin)
	wantIn(t, body, `<label class="ds_label" for="name">Name</label>`, `<legend>Status</legend>`,
		`<label class="ds_label" for="merged_into">Merged into</label>`, `<label class="ds_label" for="reason">Reason for the change</label>`,
		`name="version" value="1"`, `value="Fife Adult Protection Committee"`, `id="status" name="status" value="active" checked`,
		`<option value="glasgow-apc">Glasgow Adult Protection Committee</option>`)
	wantNotIn(t, body, `<option value="fife">`, `<option value="fife-apc">`)
	if inlineCode.MatchString(body) {
		t.Errorf("inline script or style: %s", inlineCode.FindString(body))
	}

	// Problems: the form comes back with a summary and inline errors, and nothing is saved.
	w := ts.do(t, "POST", "/admin/organisations/fife-apc/edit", url.Values{"name": {" "}, "status": {"merged"}, "version": {"1"}, "reason": {""}}, admin)
	if w.Code != http.StatusUnprocessableEntity {
		t.Fatalf("invalid edit: %d", w.Code)
	}
	wantIn(t, w.Body.String(), "<title>Error: Edit Fife Adult Protection Committee - Scrutineer</title>", `class="ds_error-summary"`, `<a href="#name">Enter the organisation&#39;s name</a>`,
		`<a href="#merged_into">Choose the organisation it merged into</a>`, `<a href="#reason">Enter the reason for this change</a>`,
		`id="reason-error">Enter the reason for this change</p>`, `aria-invalid="true"`, `id="status-merged" name="status" value="merged" checked`)

	// A rename: post, redirect, then the page with a notification and the history.
	rename := url.Values{"name": {"Fife Adult Support and Protection Committee"}, "status": {"active"}, "merged_into": {""}, "version": {"1"}, "reason": {"Letter from the committee, May 2025"}}
	w = ts.do(t, "POST", "/admin/organisations/fife-apc/edit", rename, admin)
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/admin/organisations/fife-apc?done=updated" {
		t.Fatalf("rename: %d %s %s", w.Code, w.Header().Get("Location"), w.Body)
	}
	body = ts.page(t, w.Header().Get("Location"), 200, admin)
	wantIn(t, body, "ds_notification-message", "Changes saved.", "<h1 class=\"ds_page-header__title\">Fife Adult Support and Protection Committee</h1>",
		"Renamed from Fife Adult Protection Committee to Fife Adult Support and Protection Committee",
		"Letter from the committee, May 2025", "Test User")

	// The same form again is stale: it is refused, and shows what is saved now.
	rename.Set("name", "Fife Public Protection Committee")
	w = ts.do(t, "POST", "/admin/organisations/fife-apc/edit", rename, admin)
	if w.Code != http.StatusConflict {
		t.Fatalf("stale edit: %d", w.Code)
	}
	wantIn(t, w.Body.String(), "Your change was not saved", `name="version" value="2"`,
		`value="Fife Adult Support and Protection Committee"`, "Letter from the committee, May 2025")

	// Saving without a change says so and writes no version.
	rename.Set("name", "Fife Adult Support and Protection Committee")
	rename.Set("version", "2")
	w = ts.do(t, "POST", "/admin/organisations/fife-apc/edit", rename, admin)
	if w.Header().Get("Location") != "/admin/organisations/fife-apc?done=unchanged" {
		t.Errorf("unchanged save: %d %s", w.Code, w.Header().Get("Location"))
	}

	rename.Set("version", "not a number")
	if w := ts.do(t, "POST", "/admin/organisations/fife-apc/edit", rename, admin); w.Code != http.StatusUnprocessableEntity {
		t.Errorf("bad version: %d", w.Code)
	}
}

func TestOrganisationMergeThroughEdit(t *testing.T) {
	ts, admin := newDirectoryServer(t)
	w := ts.do(t, "POST", "/admin/organisations/clackmannanshire-cjp/edit", url.Values{
		"name": {"Clackmannanshire Community Justice Partnership"}, "status": {"merged"}, "merged_into": {"stirling-cjp"},
		"version": {"1"}, "reason": {"Partnerships combined"}}, admin)
	if w.Code != http.StatusSeeOther {
		t.Fatalf("merge: %d %s", w.Code, w.Body)
	}
	body := ts.page(t, "/admin/organisations/clackmannanshire-cjp", 200, admin)
	wantIn(t, body, "ds_tag--blue", "Merged into", `<a href="/admin/organisations/stirling-cjp">Stirling Community Justice Partnership</a>`,
		"Status changed from active to merged")
	body = ts.page(t, "/admin/organisations/stirling-cjp", 200, admin)
	wantIn(t, body, "Organisations merged into it", "Clackmannanshire Council", "Now also covers Clackmannanshire Council")
	// A merged organisation is no longer offered as somewhere to merge into.
	body = ts.page(t, "/admin/organisations/angus-cjp/edit", 200, admin)
	wantNotIn(t, body, `<option value="clackmannanshire-cjp">`)
}

func TestOrganisationCreate(t *testing.T) {
	ts, admin := newDirectoryServer(t)
	body := ts.page(t, "/admin/organisations/new", 200, admin)
	wantIn(t, body, `<legend>Areas covered (optional)</legend>`, `id="areas" name="areas" value="aberdeen-city"`,
		`<option value="glasgow-cog">Glasgow Chief Officers Group</option>`, `<label class="ds_label" for="slug">`)
	w := ts.do(t, "POST", "/admin/organisations/new", url.Values{"name": {"Fife Council"}, "slug": {"Bad Slug"}, "areas": {"fife"}}, admin)
	if w.Code != http.StatusUnprocessableEntity {
		t.Fatalf("invalid create: %d", w.Code)
	}
	wantIn(t, w.Body.String(), `<a href="#slug">`, `<a href="#kind">`, `<a href="#reason">`, `value="Bad Slug"`, `id="areas-fife" name="areas" value="fife" checked`)
	w = ts.do(t, "POST", "/admin/organisations/new", url.Values{"name": {"Forth Valley Public Protection Committee"}, "slug": {"forth-valley-ppc"},
		"kind": {"public_protection_committee"}, "parent": {"falkirk-cog"}, "areas": {"falkirk", "stirling"}, "reason": {"New committee"}}, admin)
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/admin/organisations/forth-valley-ppc?done=created" {
		t.Fatalf("create: %d %s %s", w.Code, w.Header().Get("Location"), w.Body)
	}
	body = ts.page(t, w.Header().Get("Location"), 200, admin)
	wantIn(t, body, "Organisation added to the directory.", "Falkirk Council", "Stirling Council", "Falkirk Chief Officers Group")
	w = ts.do(t, "POST", "/admin/organisations/new", url.Values{"name": {"Another"}, "slug": {"forth-valley-ppc"},
		"kind": {"public_protection_committee"}, "reason": {"Again"}}, admin)
	if w.Code != http.StatusConflict || !strings.Contains(w.Body.String(), "Another organisation already uses this short name") {
		t.Errorf("taken slug: %d", w.Code)
	}
}
