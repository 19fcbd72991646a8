package web

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/blob"
	"github.com/scrutineer/scrutineer/internal/keys"
	"github.com/scrutineer/scrutineer/internal/publications"
	"github.com/scrutineer/scrutineer/internal/stats"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// isolationPubs are the publications of the isolation matrix: a published one (the
// public samples), another published one to withdraw, a draft, and a draft report.
type isolationPubs struct {
	svc                         *publications.Service
	public, publicFile          string // slug and file (ID and extension, as in links)
	toWithdraw                  string
	draft, draftSlug, draftFile string
	report, section, other      string
}

// newIsolationPubs makes the records as a manager of the regulator, through the real
// service, with its own blob store.
func newIsolationPubs(t *testing.T, db *store.DB) isolationPubs {
	t.Helper()
	fs, err := blob.NewFS(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	svc := publications.New(db, blob.New(fs, keys.Generate()), publications.StatsSource{Source: stats.New(db.Reader())}, 0)
	reg, err := store.NewOrganisations(db).FindOrganisationBySlug(auth.SystemContext(context.Background()), "regulator")
	if err != nil {
		t.Fatal(err)
	}
	ctx := scrutineer.NewContextWithUser(context.Background(), testutil.MustCreateUser(t, db, "publisher@example.org", reg, scrutineer.RoleManager))
	var w isolationPubs
	w.svc = svc
	mk := func(title string, publish bool) (*scrutineer.Publication, string) {
		p, err := svc.CreatePublication(ctx, &scrutineer.PublicationInput{Type: scrutineer.PubNationalReport, Title: title, Summary: "Isolation test.", Year: 2025})
		if err != nil {
			t.Fatal(err)
		}
		f, err := svc.UploadPublicationFile(ctx, p.ID, "data.csv", strings.NewReader("year,count\n2025,"+title+"\n"))
		if err != nil {
			t.Fatal(err)
		}
		if publish {
			if err := svc.PublishPublication(ctx, p.ID); err != nil {
				t.Fatal(err)
			}
		}
		return p, f.ID
	}
	var p *scrutineer.Publication
	p, w.publicFile = mk("Published overview", true)
	w.publicFile += ".csv"
	w.public = p.Slug
	p, _ = mk("Overview to withdraw", true)
	w.toWithdraw = p.ID
	p, w.draftFile = mk("Unpublished overview", false)
	w.draftFile += ".csv"
	w.draft, w.draftSlug = p.ID, p.Slug
	r, err := svc.CreateReport(ctx, &scrutineer.ReportInput{Title: "Isolation report", PeriodFrom: "2025-01-01", PeriodTo: "2025-12-31"})
	if err != nil {
		t.Fatal(err)
	}
	sec, err := svc.AddSection(ctx, r.ID, &scrutineer.SectionInput{Kind: scrutineer.SectionCommentary, Heading: "Introduction", Body: "Reviews fell."})
	if err != nil {
		t.Fatal(err)
	}
	other, err := svc.AddSection(ctx, r.ID, &scrutineer.SectionInput{Kind: scrutineer.SectionCommentary, Heading: "Conclusion", Body: "Themes persisted."})
	if err != nil {
		t.Fatal(err)
	}
	w.report, w.section, w.other = r.ID, sec.ID, other.ID
	return w
}

// publicationSamples are the isolation matrix's requests for publications*.go's and
// reports*.go's routes. Public routes ask for the published publication; staff
// routes act on the draft (publishing it without a file is refused, a conflict).
func publicationSamples(t *testing.T, w *isolationWorld) map[string]sample {
	p := newIsolationPubs(t, w.db)
	w.srv.Publications, w.srv.Reports = p.svc, p.svc
	admin, report := "/admin/publications/"+p.draft, "/admin/reports/"+p.report
	return map[string]sample{
		"GET /publications":                     {path: "/publications?q=overview&type=national_report&year=2025"},
		"GET /publications/feed.atom":           {path: "/publications/feed.atom"},
		"GET /publications/{slug}":              {path: "/publications/" + p.public},
		"GET /publications/{slug}/files/{file}": {path: "/publications/" + p.public + "/files/" + p.publicFile},

		"GET /admin/publications":                   {path: "/admin/publications"},
		"GET /admin/publications/new":               {path: "/admin/publications/new"},
		"POST /admin/publications/new":              {path: "/admin/publications/new", form: url.Values{"type": {"statistics"}, "title": {""}}},
		"GET /admin/publications/{id}":              {path: admin},
		"GET /admin/publications/{id}/files/{file}": {path: admin + "/files/" + p.draftFile},
		"POST /admin/publications/{id}/files":       {path: admin + "/files", form: url.Values{}},
		"POST /admin/publications/{id}/publish":     {path: "/admin/publications/" + p.toWithdraw + "/publish", form: url.Values{}},
		"GET /admin/publications/{id}/withdraw":     {path: "/admin/publications/" + p.toWithdraw + "/withdraw"},
		"POST /admin/publications/{id}/withdraw":    {path: "/admin/publications/" + p.toWithdraw + "/withdraw", form: url.Values{"reason": {"Isolation test"}}},

		"GET /admin/reports":                                 {path: "/admin/reports"},
		"GET /admin/reports/new":                             {path: "/admin/reports/new"},
		"POST /admin/reports/new":                            {path: "/admin/reports/new", form: url.Values{"title": {""}}},
		"GET /admin/reports/{id}":                            {path: report},
		"GET /admin/reports/{id}/sections/new":               {path: report + "/sections/new?kind=statistics"},
		"POST /admin/reports/{id}/sections/new":              {path: report + "/sections/new", form: url.Values{"kind": {"commentary"}, "heading": {""}}},
		"POST /admin/reports/{id}/sections/{section}/move":   {path: report + "/sections/" + p.section + "/move", form: url.Values{"direction": {"up"}}},
		"POST /admin/reports/{id}/sections/{section}/delete": {path: report + "/sections/" + p.other + "/delete", form: url.Values{}},
		"GET /admin/reports/{id}/preview":                    {path: report + "/preview"},
		"GET /admin/reports/{id}/publish":                    {path: report + "/publish"},
		"POST /admin/reports/{id}/publish":                   {path: report + "/publish", form: url.Values{"summary": {""}}},
	}
}
