package web

import (
	"fmt"
	"net/http"
	"net/url"
	"path"
	"strings"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// documentRoutes registers the secure document exchange: committees and areas
// upload, check and send documents; regulator staff read what was sent. Each
// service call asks the policy about the record itself.
func (s *Server) documentRoutes() []route {
	edit := Requires(auth.EditDocument)
	return []route{
		{"GET /documents", s.documentList, Requires(auth.ListDocuments)},
		{"GET /documents/new", s.documentNewForm, Requires(auth.UploadDocuments)},
		{"POST /documents/new", s.documentCreate, Requires(auth.UploadDocuments)},
		{"GET /documents/{id}", s.documentShow, Requires(auth.ViewDocument)},
		{"GET /documents/{id}/versions/{n}/{file}", s.documentDownload, Requires(auth.ViewDocument)},
		{"GET /documents/{id}/versions/new", s.documentVersionForm, edit},
		{"POST /documents/{id}/versions/new", s.documentVersionCreate, edit},
		{"GET /documents/{id}/findings/{finding}/dismiss", s.findingDismissForm, edit},
		{"POST /documents/{id}/findings/{finding}/dismiss", s.findingDismiss, edit},
		{"GET /documents/{id}/send", s.documentSendForm, edit},
		{"POST /documents/{id}/send", s.documentSend, edit},
	}
}

// documents returns the service, or not found when none is wired.
func (s *Server) documents() (scrutineer.DocumentService, error) {
	if s.Documents == nil {
		return nil, scrutineer.Errorf(scrutineer.ENOTFOUND, "Page not found.")
	}
	return s.Documents, nil
}

func documentPath(id string) string { return "/documents/" + id }

// documentFlashes are the notifications shown after a POST-redirect-GET.
var documentFlashes = map[string]string{
	"uploaded":  "Your file has been uploaded. We are checking it for personal data.",
	"duplicate": "This is the same file as a version you uploaded before, so nothing has changed.",
	"dismissed": "The finding has been marked as not personal data.",
	"sent":      "The document has been sent to the regulator.",
}

// findingLabels name the kinds of personal data in plain words.
var findingLabels = map[string]string{
	"person_name":    "A person's name",
	"date_of_birth":  "A date of birth",
	"chi_number":     "A CHI number",
	"nhs_number":     "An NHS number",
	"ni_number":      "A National Insurance number",
	"postcode":       "A postcode",
	"street_address": "A street address",
	"phone":          "A phone number",
	"email":          "An email address",
}

func findingLabel(kind string) string {
	if l, ok := findingLabels[kind]; ok {
		return l
	}
	return strings.ReplaceAll(kind, "_", " ")
}

// documentRow is a document as the list shows it.
type documentRow struct {
	*scrutineer.Document
	StatusText, StatusColour string
}

// documentStatus says where a document is, in words, with the tag colour.
func documentStatus(d *scrutineer.Document) (string, string) {
	v := d.Latest()
	switch {
	case d.Status == scrutineer.DocumentSent:
		return "Sent", "green"
	case v == nil:
		return "No file", "grey"
	case v.Extraction == scrutineer.ExtractionNoText || v.Extraction == scrutineer.ExtractionFailed:
		return "Could not be read", "red"
	case !v.Extraction.Finished():
		return "Being checked", "blue"
	case v.Check == scrutineer.CheckFindings && d.AnonymisedExpected && v.Unresolved() > 0:
		return "Possible personal data", "orange"
	}
	return "Ready to send", "teal"
}

func (s *Server) documentList(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.documents()
	if err != nil {
		return err
	}
	list, err := svc.FindDocuments(r.Context(), scrutineer.DocumentFilter{})
	if err != nil {
		return err
	}
	rows := make([]documentRow, len(list))
	for i, d := range list {
		rows[i].Document = d
		rows[i].StatusText, rows[i].StatusColour = documentStatus(d)
	}
	d := s.page(r, "Documents")
	d.Data = struct {
		Rows      []documentRow
		MayUpload bool
	}{rows, auth.Allowed(d.User, auth.UploadDocuments, auth.Resource{})}
	s.render(w, r, http.StatusOK, "documents", d)
	return nil
}

// findingView is a finding as the document page shows it.
type findingView struct {
	*scrutineer.DocumentFinding
	Label string
}

// documentView is what the document page shows.
type documentView struct {
	*scrutineer.Document
	Latest       *scrutineer.DocumentVersion
	Findings     []findingView
	StatusText   string
	StatusColour string
	MayEdit      bool
	Ready        bool
	Percent      int
}

func (s *Server) documentShow(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.documents()
	if err != nil {
		return err
	}
	doc, err := svc.FindDocumentByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	d := s.page(r, doc.Title)
	d.Flash = documentFlashes[r.URL.Query().Get("done")]
	d.Data = s.documentView(d.User, doc)
	s.render(w, r, http.StatusOK, "document", d)
	return nil
}

// documentView prepares a document for its pages.
func (s *Server) documentView(u *scrutineer.User, doc *scrutineer.Document) *documentView {
	v := &documentView{Document: doc, Latest: doc.Latest()}
	v.StatusText, v.StatusColour = documentStatus(doc)
	v.MayEdit = doc.Status == scrutineer.DocumentDraft && auth.Allowed(u, auth.EditDocument, auth.Resource{OrganisationID: doc.OrganisationID})
	v.Ready = doc.ReadyToSend() == nil
	if v.Latest != nil {
		for _, f := range v.Latest.Findings {
			v.Findings = append(v.Findings, findingView{f, findingLabel(f.Kind)})
		}
		if v.Latest.PagesTotal > 0 {
			v.Percent = v.Latest.PagesDone * 100 / v.Latest.PagesTotal
		}
	}
	return v
}

// sizeText says a file's size in words.
func sizeText(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// downloadName is the last segment of a version's download link: its file name,
// with the extension of its format when the name lacks it. NOTE: the link ends in an
// extension so that browsers and the test crawler treat it as a file to save.
func downloadName(v *scrutineer.DocumentVersion) string {
	ext := "." + v.Format
	if strings.EqualFold(path.Ext(v.Filename), ext) {
		return url.PathEscape(v.Filename)
	}
	return "document" + ext
}

func init() {
	funcs["downloadName"] = downloadName
	funcs["sizeText"] = sizeText
	funcs["kindLabel"] = func(k scrutineer.DocumentKind) string { return k.Label() }
}
