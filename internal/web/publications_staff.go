package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// Staff pages of the publications site: regulator managers and analysts
// (auth.ManagePublications) start a publication, upload its files, preview it,
// publish it and withdraw it. The service asks the policy on every call.

var publicationFlashes = map[string]string{
	"created":   "The publication has been created as a draft. Upload its files next.",
	"uploaded":  "The file has been uploaded.",
	"published": "The publication is now public.",
	"withdrawn": "The publication has been withdrawn. Its page now says so and gives your reason.",
}

func init() {
	for k, v := range map[string]string{
		"publication.create": "Publication started", "publication.upload": "Publication file uploaded",
		"publication.publish": "Publication published", "publication.withdraw": "Publication withdrawn",
		"report.create": "National report started", "report.section_add": "Report section added",
		"report.section_move": "Report section moved", "report.section_delete": "Report section removed",
		"report.publish": "National report published",
	} {
		auditActionLabels[k] = v
	}
	funcs["pubFindingLabel"] = findingLabel
	funcs["pubNotLast"] = func(i, n int) bool { return i+1 < n }
	funcs["pubStatusLabel"] = func(st scrutineer.PublicationStatus) string { return st.Label() }
	funcs["pubStatusColour"] = func(st scrutineer.PublicationStatus) string {
		switch st {
		case scrutineer.PublicationPublished:
			return "green"
		case scrutineer.PublicationWithdrawn:
			return "red"
		}
		return "grey"
	}
}

func (s *Server) managePublications(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.publications()
	if err != nil {
		return err
	}
	list, err := svc.FindPublications(r.Context(), scrutineer.PublicationFilter{Limit: 100})
	if err != nil {
		return err
	}
	d := s.page(r, "Manage publications")
	d.Data = list
	s.render(w, r, http.StatusOK, "publications-manage", d)
	return nil
}

// publicationForm is the new publication form's data.
type publicationForm struct {
	Types, Areas []fieldOption
}

func (s *Server) publicationFormData(r *http.Request, in *scrutineer.PublicationInput) (*publicationForm, error) {
	f := &publicationForm{}
	f.Types = append(f.Types, fieldOption{Value: "", Label: "Select a type", Selected: in.Type == ""})
	for _, t := range scrutineer.PublicationTypes {
		f.Types = append(f.Types, fieldOption{Value: string(t), Label: t.Label(), Selected: t == in.Type})
	}
	f.Areas = append(f.Areas, fieldOption{Value: "", Label: "None: a national publication", Selected: in.AreaID == ""})
	for _, kind := range []scrutineer.OrganisationKind{scrutineer.KindLocalAuthority, scrutineer.KindCommunityJusticePartnership} {
		orgs, err := s.Organisations.FindOrganisations(r.Context(), scrutineer.OrganisationFilter{Kind: kind, Status: scrutineer.StatusActive})
		if err != nil {
			return nil, err
		}
		for _, o := range orgs {
			f.Areas = append(f.Areas, fieldOption{Value: o.ID, Label: o.Name, Selected: o.ID == in.AreaID})
		}
	}
	return f, nil
}

func (s *Server) publicationNewForm(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.publications(); err != nil {
		return err
	}
	if err := auth.Authorise(r.Context(), auth.ManagePublications, auth.Resource{}); err != nil {
		return err
	}
	in := &scrutineer.PublicationInput{}
	form, err := s.publicationFormData(r, in)
	if err != nil {
		return err
	}
	d := s.page(r, "Start a publication")
	d.Form = map[string]string{"year": strconv.Itoa(scrutineer.Today(s.Now()).Year())}
	d.Data = form
	s.render(w, r, http.StatusOK, "publication-new", d)
	return nil
}

func (s *Server) publicationCreate(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.publications()
	if err != nil {
		return err
	}
	in := &scrutineer.PublicationInput{Type: scrutineer.PublicationType(r.PostFormValue("type")), Title: r.PostFormValue("title"),
		Summary: r.PostFormValue("summary"), AreaID: r.PostFormValue("area")}
	in.Year, _ = strconv.Atoi(strings.TrimSpace(r.PostFormValue("year")))
	p, err := svc.CreatePublication(r.Context(), in)
	if scrutineer.ErrorCode(err) == scrutineer.EINVALID {
		form, ferr := s.publicationFormData(r, in)
		if ferr != nil {
			return ferr
		}
		d := s.page(r, "Start a publication").withErrors(err, "type", "title", "summary", "area", "year")
		d.Form = map[string]string{"title": r.PostFormValue("title"), "summary": r.PostFormValue("summary"), "year": r.PostFormValue("year")}
		d.Data = form
		s.render(w, r, http.StatusUnprocessableEntity, "publication-new", d)
		return nil
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/publications/"+p.ID+"?done=created", http.StatusSeeOther)
	return nil
}

// managePublication is the staff page of one publication: its details, files, an
// upload form while it is a draft, a preview of its public page, and the actions.
func (s *Server) managePublication(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.publications()
	if err != nil {
		return err
	}
	p, err := svc.FindPublicationByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return s.renderManagePublication(w, r, http.StatusOK, p, nil)
}

func (s *Server) renderManagePublication(w http.ResponseWriter, r *http.Request, status int, p *scrutineer.Publication, problem error) error {
	d := s.page(r, p.Title)
	d.Flash = publicationFlashes[r.URL.Query().Get("done")]
	if problem != nil {
		d.withErrors(problem, "file")
	}
	view := publicationPage{Publication: p, FileBase: "/admin/publications/" + p.ID + "/files/", Preview: true, MaxMB: s.maxUpload() >> 20}
	if p.ReportID != "" && p.Public() && s.Reports != nil {
		var err error
		if view.Report, err = s.Reports.PublishedReport(r.Context(), p); err != nil {
			return err
		}
	}
	d.Data = view
	s.render(w, r, status, "publication-manage", d)
	return nil
}

func (s *Server) publicationPreviewFile(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.publications()
	if err != nil {
		return err
	}
	id, ext := fileParam(r)
	f, rc, err := svc.OpenPublicationFile(r.Context(), r.PathValue("id"), id)
	if err != nil {
		return err
	}
	return servePublicationFile(w, f, rc, ext, "no-store")
}

// publicationUpload streams the multipart file part to the service.
func (s *Server) publicationUpload(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.publications()
	if err != nil {
		return err
	}
	// NOTE: asked before the body is read, so a caller who may not upload sends
	// nothing anywhere.
	if err := auth.Authorise(r.Context(), auth.ManagePublications, auth.Resource{}); err != nil {
		return err
	}
	id := r.PathValue("id")
	_, err = s.receivePublicationFile(r, svc, id)
	if err != nil {
		var mbe *http.MaxBytesError
		if scrutineer.ErrorCode(err) != scrutineer.EINVALID && !errors.As(err, &mbe) {
			return err
		}
		if errors.As(err, &mbe) && scrutineer.ErrorCode(err) != scrutineer.EINVALID {
			err = s.tooLargeProblem()
		}
		p, ferr := svc.FindPublicationByID(r.Context(), id)
		if ferr != nil {
			return ferr
		}
		status := http.StatusUnprocessableEntity
		if errors.As(err, &mbe) {
			status = http.StatusRequestEntityTooLarge
		}
		return s.renderManagePublication(w, r, status, p, err)
	}
	http.Redirect(w, r, "/admin/publications/"+id+"?done=uploaded", http.StatusSeeOther)
	return nil
}

func (s *Server) receivePublicationFile(r *http.Request, svc scrutineer.PublicationService, id string) (*scrutineer.PublicationFile, error) {
	part, name, err := filePart(r, nil)
	if err != nil {
		return nil, err
	}
	if name == "" {
		return nil, fileProblem("Select a file to upload")
	}
	return svc.UploadPublicationFile(r.Context(), id, name, part)
}

func (s *Server) publicationPublish(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.publications()
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	if err := svc.PublishPublication(r.Context(), id); err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/publications/"+id+"?done=published", http.StatusSeeOther)
	return nil
}

func (s *Server) publicationWithdrawForm(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.publications()
	if err != nil {
		return err
	}
	p, err := svc.FindPublicationByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	d := s.page(r, "Withdraw "+p.Title)
	d.Data = p
	s.render(w, r, http.StatusOK, "publication-withdraw", d)
	return nil
}

func (s *Server) publicationWithdraw(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.publications()
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	err = svc.WithdrawPublication(r.Context(), id, r.PostFormValue("reason"))
	if scrutineer.ErrorCode(err) == scrutineer.EINVALID {
		p, ferr := svc.FindPublicationByID(r.Context(), id)
		if ferr != nil {
			return ferr
		}
		d := s.page(r, "Withdraw "+p.Title).withErrors(err, "reason")
		d.Form = map[string]string{"reason": r.PostFormValue("reason")}
		d.Data = p
		s.render(w, r, http.StatusUnprocessableEntity, "publication-withdraw", d)
		return nil
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/publications/"+id+"?done=withdrawn", http.StatusSeeOther)
	return nil
}
