package web

import (
	"bytes"
	"context"
	"encoding/xml"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// pubClient sends requests to the isolation world's server as one user (nil: anyone).
type pubClient struct {
	t      *testing.T
	w      *isolationWorld
	cookie *http.Cookie
}

func newPubClient(t *testing.T, w *isolationWorld, u *scrutineer.User) *pubClient {
	c := &pubClient{t: t, w: w}
	if u != nil {
		token, err := w.srv.Sessions.CreateSession(context.Background(), u.ID)
		if err != nil {
			t.Fatal(err)
		}
		c.cookie = &http.Cookie{Name: "scrutineer_session", Value: token}
	}
	return c
}

func (c *pubClient) do(r *http.Request) *httptest.ResponseRecorder {
	if c.cookie != nil {
		r.AddCookie(c.cookie)
	}
	rec := httptest.NewRecorder()
	c.w.srv.ServeHTTP(rec, r)
	return rec
}

func (c *pubClient) get(path string) *httptest.ResponseRecorder {
	return c.do(httptest.NewRequest(http.MethodGet, path, nil))
}

func (c *pubClient) post(path string, form url.Values) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(r)
}

func (c *pubClient) upload(path, name, content string) *httptest.ResponseRecorder {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write([]byte(content))
	mw.Close()
	r := httptest.NewRequest(http.MethodPost, path, &body)
	r.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(r)
}

func newPubWorld(t *testing.T) (*isolationWorld, isolationPubs) {
	w := newIsolationWorld(t, testutil.NewSQLite(t))
	p := newIsolationPubs(t, w.db)
	w.srv.Publications, w.srv.Reports = p.svc, p.svc
	return w, p
}

// TestUnpublishedIsNeverPublic asks for a draft's page, its file and the lists as
// every role and as no one: the draft is not found and listed nowhere.
func TestUnpublishedIsNeverPublic(t *testing.T) {
	w, p := newPubWorld(t)
	for who, u := range w.users {
		c := newPubClient(t, w, u)
		for _, path := range []string{"/publications/" + p.draftSlug, "/publications/" + p.draftSlug + "/files/" + p.draftFile,
			"/publications/" + p.public + "/files/" + p.draftFile} {
			if rec := c.get(path); rec.Code != http.StatusNotFound {
				t.Errorf("%s: %s answered %d", who, path, rec.Code)
			}
		}
		for _, path := range []string{"/publications?q=unpublished", "/publications/feed.atom"} {
			if rec := c.get(path); rec.Code != http.StatusOK || strings.Contains(rec.Body.String(), "Unpublished overview") {
				t.Errorf("%s: %s (%d) shows the draft", who, path, rec.Code)
			}
		}
	}
}

func TestPublicPages(t *testing.T) {
	w, p := newPubWorld(t)
	c := newPubClient(t, w, nil)
	rec := c.get("/publications")
	body := rec.Body.String()
	if rec.Code != http.StatusOK || !strings.Contains(body, "Published overview") || !strings.Contains(body, `href="/statistics/learning-reviews"`) ||
		!strings.Contains(body, `href="/publications/feed.atom"`) {
		t.Fatalf("list: %d\n%s", rec.Code, body)
	}
	if body := c.get("/publications?type=inspection_report").Body.String(); strings.Contains(body, "Published overview") || !strings.Contains(body, "0 publications") {
		t.Errorf("the type filter kept a national report")
	}
	if body := c.get("/publications?q=withdraw&year=2025").Body.String(); !strings.Contains(body, "1 publication") {
		t.Errorf("search by title: %s", body)
	}
	rec = c.get("/publications/" + p.public)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "CSV, 35 bytes") || !strings.Contains(rec.Body.String(), "/files/"+p.publicFile) {
		t.Fatalf("page: %d\n%s", rec.Code, rec.Body.String())
	}
	if rec := c.get("/publications/" + p.public + "/files/" + strings.TrimSuffix(p.publicFile, ".csv") + ".pdf"); rec.Code != http.StatusNotFound {
		t.Errorf("a file under another format's extension: %d", rec.Code)
	}
	rec = c.get("/publications/" + p.public + "/files/" + p.publicFile)
	if rec.Code != http.StatusOK || rec.Body.String() != "year,count\n2025,Published overview\n" ||
		!strings.HasPrefix(rec.Header().Get("Content-Disposition"), "attachment") || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/csv") {
		t.Fatalf("download: %d %q %v", rec.Code, rec.Body.String(), rec.Header())
	}
}

// TestFeedIsAtom parses the feed as Atom 1.0 and checks the elements RFC 4287
// requires of a feed and of each entry.
func TestFeedIsAtom(t *testing.T) {
	w, p := newPubWorld(t)
	w.srv.BaseURL = "https://scrutineer.example.org/"
	rec := newPubClient(t, w, nil).get("/publications/feed.atom")
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/atom+xml") {
		t.Fatalf("feed: %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
	var feed struct {
		XMLName xml.Name
		ID      string `xml:"id"`
		Title   string `xml:"title"`
		Updated string `xml:"updated"`
		Author  struct {
			Name string `xml:"name"`
		} `xml:"author"`
		Links []struct {
			Rel  string `xml:"rel,attr"`
			Href string `xml:"href,attr"`
		} `xml:"link"`
		Entries []struct {
			ID      string `xml:"id"`
			Title   string `xml:"title"`
			Updated string `xml:"updated"`
			Link    struct {
				Href string `xml:"href,attr"`
			} `xml:"link"`
			Summary string `xml:"summary"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(rec.Body.Bytes(), &feed); err != nil {
		t.Fatal(err)
	}
	if feed.XMLName.Space != "http://www.w3.org/2005/Atom" || feed.XMLName.Local != "feed" {
		t.Errorf("root element %v", feed.XMLName)
	}
	if feed.ID == "" || feed.Title == "" || feed.Author.Name == "" {
		t.Errorf("feed lacks id, title or author: %+v", feed)
	}
	if _, err := time.Parse(time.RFC3339, feed.Updated); err != nil {
		t.Errorf("feed updated %q: %v", feed.Updated, err)
	}
	self := false
	for _, l := range feed.Links {
		self = self || (l.Rel == "self" && l.Href == "https://scrutineer.example.org/publications/feed.atom")
	}
	if !self {
		t.Errorf("no self link: %+v", feed.Links)
	}
	if len(feed.Entries) != 2 {
		t.Fatalf("entries %d, want the 2 published", len(feed.Entries))
	}
	for _, e := range feed.Entries {
		if _, err := time.Parse(time.RFC3339, e.Updated); err != nil || e.ID == "" || e.Title == "" || e.Summary == "" || !strings.HasPrefix(e.Link.Href, "https://scrutineer.example.org/publications/") {
			t.Errorf("entry %+v: %v", e, err)
		}
	}
	_ = p
}

// TestPublishingThroughStaffPages takes a publication from draft to withdrawn as an
// analyst, through the forms.
func TestPublishingThroughStaffPages(t *testing.T) {
	w, _ := newPubWorld(t)
	c := newPubClient(t, w, w.users["analyst"])
	anyone := newPubClient(t, w, nil)
	if rec := c.post("/admin/publications/new", url.Values{"type": {"inspection_report"}, "year": {"2025"}}); rec.Code != http.StatusUnprocessableEntity ||
		!strings.Contains(rec.Body.String(), "Enter a title") {
		t.Fatalf("no title: %d", rec.Code)
	}
	rec := c.post("/admin/publications/new", url.Values{"type": {"inspection_report"}, "title": {"Fife joint inspection"}, "summary": {"Services for children in Fife."}, "year": {"2025"}})
	loc := rec.Header().Get("Location")
	if rec.Code != http.StatusSeeOther || !strings.HasPrefix(loc, "/admin/publications/") {
		t.Fatalf("create: %d %q", rec.Code, loc)
	}
	page := strings.TrimSuffix(loc, "?done=created")
	if rec := c.upload(page+"/files", "report.exe", "MZ"); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "must be a PDF") {
		t.Fatalf("bad file: %d", rec.Code)
	}
	if rec := c.upload(page+"/files", "report.pdf", "%PDF-1.7\n%%EOF\n"); rec.Code != http.StatusSeeOther {
		t.Fatalf("upload: %d %s", rec.Code, rec.Body.String())
	}
	if rec := anyone.get("/publications/fife-joint-inspection"); rec.Code != http.StatusNotFound {
		t.Fatalf("public before publishing: %d", rec.Code)
	}
	if rec := c.post(page+"/publish", url.Values{}); rec.Code != http.StatusSeeOther {
		t.Fatalf("publish: %d", rec.Code)
	}
	if rec := anyone.get("/publications/fife-joint-inspection"); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "PDF, 15 bytes") {
		t.Fatalf("public after publishing: %d", rec.Code)
	}
	if rec := c.post(page+"/withdraw", url.Values{"reason": {""}}); rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("withdraw without reason: %d", rec.Code)
	}
	if rec := c.post(page+"/withdraw", url.Values{"reason": {"Replaced by a corrected report."}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("withdraw: %d", rec.Code)
	}
	rec = anyone.get("/publications/fife-joint-inspection")
	if rec.Code != http.StatusGone || !strings.Contains(rec.Body.String(), "Replaced by a corrected report.") || strings.Contains(rec.Body.String(), "/files/") {
		t.Fatalf("withdrawn page: %d", rec.Code)
	}
}

// TestReportBuilderThroughTheWeb builds a report with commentary (with an email
// address in it) and a statistics table, and publishes it.
func TestReportBuilderThroughTheWeb(t *testing.T) {
	w, _ := newPubWorld(t)
	c := newPubClient(t, w, w.users["manager"])
	rec := c.post("/admin/reports/new", url.Values{"title": {"National overview 2025"}, "period_from": {"2025-01-01"}, "period_to": {"2025-12-31"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("create: %d", rec.Code)
	}
	report := strings.TrimSuffix(rec.Header().Get("Location"), "?done=created")
	form := c.get(report + "/sections/new?kind=statistics").Body.String()
	table := regexp.MustCompile(`<option value="([a-z-]+)"`).FindStringSubmatch(form)
	if table == nil {
		t.Fatalf("no table to choose:\n%s", form)
	}
	for _, f := range []url.Values{
		{"kind": {"commentary"}, "heading": {"Introduction"}, "body": {"Committees notified fewer reviews.\n\nAsk jane.smith@example.org for details."}},
		{"kind": {"statistics"}, "heading": {"Reviews by year"}, "table": {table[1]}},
	} {
		if rec := c.post(report+"/sections/new", f); rec.Code != http.StatusSeeOther {
			t.Fatalf("section: %d %s", rec.Code, rec.Body.String())
		}
	}
	preview := c.get(report + "/preview").Body.String()
	if !strings.Contains(preview, "may contain personal data") || !strings.Contains(preview, "<mark>jane.smith@example.org</mark>") || !strings.Contains(preview, `<th scope="col">`) {
		t.Fatalf("preview:\n%s", preview)
	}
	check := c.get(report + "/publish").Body.String()
	version := regexp.MustCompile(`name="version" value="([^"]+)"`).FindStringSubmatch(check)
	if version == nil {
		t.Fatalf("no version on the check page")
	}
	if rec := c.post(report+"/publish", url.Values{"version": {version[1]}, "summary": {"Learning reviews in 2025."}}); rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("publish without confirming findings: %d", rec.Code)
	}
	rec = c.post(report+"/publish", url.Values{"version": {version[1]}, "summary": {"Learning reviews in 2025."}, "confirm": {"yes"}})
	if rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/publications/") {
		t.Fatalf("publish: %d", rec.Code)
	}
	public := newPubClient(t, w, nil).get(rec.Header().Get("Location")).Body.String()
	for _, want := range []string{"National overview 2025", "<h2 id=\"section-0\">Introduction</h2>", "Reviews by year", "national-overview-2025.pdf", "PDF, "} {
		if !strings.Contains(public, want) {
			t.Errorf("the public page lacks %q", want)
		}
	}
}
