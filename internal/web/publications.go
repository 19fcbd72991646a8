package web

import (
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// publicationRoutes: the public publications site (no sign-in: everything it shows
// is published), the staff pages that publish (publications_staff.go) and the
// national overview report builder (reports*.go).
func (s *Server) publicationRoutes() []route {
	manage := Requires(auth.ManagePublications)
	return []route{
		{"GET /publications", s.publicationList, Public},
		{"GET /publications/feed.atom", s.publicationFeed, Public},
		{"GET /publications/{slug}", s.publicationShow, Public},
		{"GET /publications/{slug}/files/{file}", s.publicationDownload, Public},

		{"GET /admin/publications", s.managePublications, manage},
		{"GET /admin/publications/new", s.publicationNewForm, manage},
		{"POST /admin/publications/new", s.publicationCreate, manage},
		{"GET /admin/publications/{id}", s.managePublication, manage},
		{"GET /admin/publications/{id}/files/{file}", s.publicationPreviewFile, manage},
		{"POST /admin/publications/{id}/files", s.publicationUpload, manage},
		{"POST /admin/publications/{id}/publish", s.publicationPublish, manage},
		{"GET /admin/publications/{id}/withdraw", s.publicationWithdrawForm, manage},
		{"POST /admin/publications/{id}/withdraw", s.publicationWithdraw, manage},

		{"GET /admin/reports", s.reportList, manage},
		{"GET /admin/reports/new", s.reportNewForm, manage},
		{"POST /admin/reports/new", s.reportCreate, manage},
		{"GET /admin/reports/{id}", s.reportShow, manage},
		{"GET /admin/reports/{id}/sections/new", s.sectionNewForm, manage},
		{"POST /admin/reports/{id}/sections/new", s.sectionCreate, manage},
		{"POST /admin/reports/{id}/sections/{section}/move", s.sectionMove, manage},
		{"POST /admin/reports/{id}/sections/{section}/delete", s.sectionDelete, manage},
		{"GET /admin/reports/{id}/preview", s.reportPreview, manage},
		{"GET /admin/reports/{id}/publish", s.reportPublishForm, manage},
		{"POST /admin/reports/{id}/publish", s.reportPublish, manage},
	}
}

// publications returns the service, or not found when none is wired.
func (s *Server) publications() (scrutineer.PublicationService, error) {
	if s.Publications == nil {
		return nil, scrutineer.Errorf(scrutineer.ENOTFOUND, "Page not found.")
	}
	return s.Publications, nil
}

// publicationsPerPage is the length of a page of the public list.
const publicationsPerPage = 10

func init() {
	funcs["pubTypeLabel"] = func(t scrutineer.PublicationType) string { return t.Label() }
}

// publicationListData is what the public list shows.
type publicationListData struct {
	Items          []*scrutineer.Publication
	Total          int
	Types, Areas   []fieldOption
	Years          []fieldOption
	Filtered       bool
	Pages          searchPager
	FeedHref       string
	StatisticsHref string
	// MayManage shows staff the way to the staff pages.
	MayManage bool
}

func (s *Server) publicationList(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.publications()
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := scrutineer.PublicationFilter{Query: strings.TrimSpace(q.Get("q")), Type: scrutineer.PublicationType(q.Get("type")),
		AreaSlug: q.Get("area"), Limit: publicationsPerPage}
	if !f.Type.Valid() {
		f.Type = ""
	}
	f.Year, _ = strconv.Atoi(q.Get("year"))
	page, _ := strconv.Atoi(q.Get("page"))
	page = max(page, 1)
	f.Offset = (page - 1) * publicationsPerPage
	list, err := svc.FindPublished(r.Context(), f)
	if err != nil {
		return err
	}
	areas, years, err := svc.PublishedFacets(r.Context())
	if err != nil {
		return err
	}
	data := publicationListData{Items: list.Items, Total: list.Total, FeedHref: "/publications/feed.atom",
		StatisticsHref: "/statistics/learning-reviews", Filtered: f.Query != "" || f.Type != "" || f.AreaSlug != "" || f.Year != 0}
	data.Types = append(data.Types, fieldOption{Value: "", Label: "All types", Selected: f.Type == ""})
	for _, t := range scrutineer.PublicationTypes {
		data.Types = append(data.Types, fieldOption{Value: string(t), Label: t.Label(), Selected: t == f.Type})
	}
	data.Areas = append(data.Areas, fieldOption{Value: "", Label: "All areas", Selected: f.AreaSlug == ""})
	for _, a := range areas {
		data.Areas = append(data.Areas, fieldOption{Value: a.Slug, Label: a.Name, Selected: a.Slug == f.AreaSlug})
	}
	data.Years = append(data.Years, fieldOption{Value: "", Label: "All years", Selected: f.Year == 0})
	for _, y := range years {
		data.Years = append(data.Years, fieldOption{Value: strconv.Itoa(y), Label: strconv.Itoa(y), Selected: y == f.Year})
	}
	kept := url.Values{}
	for _, k := range []string{"q", "type", "area", "year"} {
		if v := q.Get(k); v != "" {
			kept.Set(k, v)
		}
	}
	data.Pages = newPublicationPager("/publications", kept, page, list.Total, publicationsPerPage)
	d := s.page(r, "Publications")
	data.MayManage = d.User != nil && auth.Allowed(d.User, auth.ManagePublications, auth.Resource{})
	d.Form = map[string]string{"q": f.Query}
	d.Data = data
	s.render(w, r, http.StatusOK, "publications", d)
	return nil
}

// newPublicationPager is the design system's pagination for a list at base with query q.
func newPublicationPager(base string, q url.Values, page, total, per int) searchPager {
	last := (total + per - 1) / per
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
		if len(v) == 0 {
			return base
		}
		return base + "?" + v.Encode()
	}
	if page > 1 {
		p.PrevHref = href(page - 1)
	}
	if page < last {
		p.NextHref = href(page + 1)
	}
	for n := 1; n <= last; n++ {
		p.Items = append(p.Items, searchPageLink{Number: n, Href: href(n), Current: n == page})
	}
	return p
}

// publicationPage is what a publication's public page (and the staff preview) shows.
type publicationPage struct {
	*scrutineer.Publication
	Report    *scrutineer.RenderedReport
	FileBase  string // where its files are downloaded from
	Preview   bool
	MayManage bool
	MaxMB     int64 // the upload limit, on the staff page
}

func (s *Server) publicationShow(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.publications()
	if err != nil {
		return err
	}
	p, err := svc.FindPublishedBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	d := s.page(r, p.Title)
	if p.Status == scrutineer.PublicationWithdrawn {
		// NOTE: 410 Gone, with the reason, so that links to it explain themselves;
		// nothing else of it (summary, files) is shown any more.
		d.Data = p
		s.render(w, r, http.StatusGone, "publication-withdrawn", d)
		return nil
	}
	view := publicationPage{Publication: p, FileBase: "/publications/" + p.Slug + "/files/",
		MayManage: d.User != nil && auth.Allowed(d.User, auth.ManagePublications, auth.Resource{})}
	if view.Report, err = s.publishedReport(r, p); err != nil {
		return err
	}
	d.Data = view
	s.render(w, r, http.StatusOK, "publication", d)
	return nil
}

// publishedReport is the frozen content of a national report publication, or nil.
func (s *Server) publishedReport(r *http.Request, p *scrutineer.Publication) (*scrutineer.RenderedReport, error) {
	if p.ReportID == "" || s.Reports == nil || !p.Public() {
		return nil, nil
	}
	return s.Reports.PublishedReport(r.Context(), p)
}

func (s *Server) publicationDownload(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.publications()
	if err != nil {
		return err
	}
	id, ext := fileParam(r)
	f, rc, err := svc.OpenPublishedFile(r.Context(), r.PathValue("slug"), id)
	if err != nil {
		return err
	}
	return servePublicationFile(w, f, rc, ext, "public, max-age=300")
}

// fileParam splits the {file} segment of a download address (URLName) into the
// file's ID and the extension, which must be its format's.
func fileParam(r *http.Request) (id, ext string) {
	v := r.PathValue("file")
	if i := strings.LastIndexByte(v, '.'); i >= 0 {
		return v[:i], v[i:]
	}
	return v, ""
}

// servePublicationFile streams a decrypted file as an attachment.
// NOTE: an HTML file is someone's upload: sent as an attachment with a sandbox
// policy, so that even opened in place it runs no script on this site's origin.
func servePublicationFile(w http.ResponseWriter, f *scrutineer.PublicationFile, rc io.ReadCloser, ext, cache string) error {
	defer rc.Close()
	if ext != scrutineer.PublicationFormats[f.Format].Extension {
		return scrutineer.Errorf(scrutineer.ENOTFOUND, "Page not found.")
	}
	h := w.Header()
	h.Set("Content-Type", scrutineer.PublicationFormats[f.Format].MediaType)
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": f.Filename}))
	h.Set("Content-Length", strconv.FormatInt(f.Size, 10))
	h.Set("Content-Security-Policy", "sandbox; default-src 'none'; frame-ancestors 'none'")
	h.Set("Cache-Control", cache)
	_, err := io.Copy(w, rc)
	return err
}
