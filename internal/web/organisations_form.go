package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/scrutineer/scrutineer"
)

// The form fields in the order they appear, for the error summary.
var (
	editOrganisationFields = []string{"name", "status", "merged_into", "reason"}
	newOrganisationFields  = []string{"name", "slug", "kind", "parent", "areas", "reason"}
)

type organisationEditData struct {
	Org      *scrutineer.Organisation
	Statuses []fieldOption
	MergeTo  []fieldOption
	// Conflict explains that someone else saved first; the form shows their version.
	Conflict string
}

func (s *Server) organisationEditForm(w http.ResponseWriter, r *http.Request) error {
	if err := mayManageOrganisations(r); err != nil {
		return err
	}
	o, err := s.Organisations.FindOrganisationBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	form := map[string]string{"name": o.Name, "status": string(o.Status), "merged_into": o.MergedIntoSlug(), "version": strconv.Itoa(o.Version)}
	return s.renderEditForm(w, r, http.StatusOK, o, form, nil)
}

// renderEditForm shows the edit form with these values and, when err is not nil, its
// problems.
func (s *Server) renderEditForm(w http.ResponseWriter, r *http.Request, status int, o *scrutineer.Organisation, form map[string]string, err error) error {
	all, ferr := s.Organisations.FindOrganisations(r.Context(), scrutineer.OrganisationFilter{})
	if ferr != nil {
		return ferr
	}
	data := organisationEditData{Org: o}
	for _, st := range scrutineer.OrganisationStatuses {
		data.Statuses = append(data.Statuses, fieldOption{Value: string(st), Label: st.Label(), Selected: string(st) == form["status"]})
	}
	data.MergeTo = []fieldOption{{Value: "", Label: "Not merged", Selected: form["merged_into"] == ""}}
	for _, x := range all {
		current := x.Slug == o.MergedIntoSlug()
		if x.Slug == o.Slug || !o.Kind.CanMergeInto(x.Kind) || (x.Status != scrutineer.StatusActive && !current) {
			continue
		}
		data.MergeTo = append(data.MergeTo, fieldOption{Value: x.Slug, Label: x.Name, Selected: x.Slug == form["merged_into"]})
	}
	d := s.page(r, "Edit "+o.Name)
	if scrutineer.ErrorCode(err) == scrutineer.ECONFLICT && len(scrutineer.ErrorFields(err)) == 0 {
		data.Conflict = scrutineer.ErrorMessage(err)
	} else if err != nil {
		d.withErrors(err, editOrganisationFields...)
	}
	if err != nil {
		d.Title = "Error: " + d.Title
	}
	d.Form, d.Data = form, data
	s.render(w, r, status, "organisation-edit", d)
	return nil
}

func (s *Server) organisationUpdate(w http.ResponseWriter, r *http.Request) error {
	if err := mayManageOrganisations(r); err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return scrutineer.Errorf(scrutineer.EINVALID, "The form could not be read. Try again.")
	}
	ctx, slug := r.Context(), r.PathValue("slug")
	version, err := strconv.Atoi(r.PostForm.Get("version"))
	if err != nil {
		return scrutineer.Errorf(scrutineer.EINVALID, "The form could not be read. Open the organisation again and make your change.")
	}
	u := scrutineer.OrganisationUpdate{
		Name:           r.PostForm.Get("name"),
		Status:         scrutineer.OrganisationStatus(r.PostForm.Get("status")),
		MergedIntoSlug: r.PostForm.Get("merged_into"),
		Version:        version,
		Reason:         r.PostForm.Get("reason"),
	}
	o, err := s.Organisations.UpdateOrganisation(ctx, slug, u)
	switch code := scrutineer.ErrorCode(err); {
	case code == "":
		done := "updated"
		if o.Version == version {
			done = "unchanged"
		}
		http.Redirect(w, r, organisationPath(o.Slug)+"?done="+done, http.StatusSeeOther)
		return nil
	case code == scrutineer.EINVALID:
		cur, ferr := s.Organisations.FindOrganisationBySlug(ctx, slug)
		if ferr != nil {
			return ferr
		}
		form := map[string]string{"name": u.Name, "status": string(u.Status), "merged_into": u.MergedIntoSlug, "reason": u.Reason, "version": strconv.Itoa(version)}
		return s.renderEditForm(w, r, http.StatusUnprocessableEntity, cur, form, err)
	case code == scrutineer.ECONFLICT:
		// Show what is saved now, keeping the reason the editor typed.
		cur, ferr := s.Organisations.FindOrganisationBySlug(ctx, slug)
		if ferr != nil {
			return ferr
		}
		form := map[string]string{"name": cur.Name, "status": string(cur.Status), "merged_into": cur.MergedIntoSlug(), "reason": u.Reason, "version": strconv.Itoa(cur.Version)}
		return s.renderEditForm(w, r, http.StatusConflict, cur, form, err)
	}
	return err
}

type organisationNewData struct {
	Kinds   []fieldOption
	Parents []fieldOption
	Areas   []fieldOption
}

func (s *Server) organisationNewForm(w http.ResponseWriter, r *http.Request) error {
	if err := mayManageOrganisations(r); err != nil {
		return err
	}
	return s.renderNewForm(w, r, http.StatusOK, url.Values{}, nil)
}

func (s *Server) renderNewForm(w http.ResponseWriter, r *http.Request, status int, form url.Values, err error) error {
	all, ferr := s.Organisations.FindOrganisations(r.Context(), scrutineer.OrganisationFilter{Status: scrutineer.StatusActive})
	if ferr != nil {
		return ferr
	}
	data := organisationNewData{
		Kinds:   []fieldOption{{Value: "", Label: "Choose a kind", Selected: form.Get("kind") == ""}},
		Parents: []fieldOption{{Value: "", Label: "None", Selected: form.Get("parent") == ""}},
	}
	for _, k := range scrutineer.OrganisationKinds {
		data.Kinds = append(data.Kinds, fieldOption{Value: string(k), Label: k.Label(), Selected: string(k) == form.Get("kind")})
	}
	for _, x := range all {
		switch x.Kind {
		case scrutineer.KindChiefOfficersGroup:
			data.Parents = append(data.Parents, fieldOption{Value: x.Slug, Label: x.Name, Selected: x.Slug == form.Get("parent")})
		case scrutineer.KindLocalAuthority:
			data.Areas = append(data.Areas, fieldOption{Value: x.Slug, Label: x.Name, Selected: slices.Contains(form["areas"], x.Slug)})
		}
	}
	d := s.page(r, "Add an organisation")
	if err != nil {
		d.withErrors(err, newOrganisationFields...)
		d.Title = "Error: " + d.Title
	}
	d.Form = map[string]string{"name": form.Get("name"), "slug": form.Get("slug"), "reason": form.Get("reason")}
	d.Data = data
	s.render(w, r, status, "organisation-new", d)
	return nil
}

func (s *Server) organisationCreate(w http.ResponseWriter, r *http.Request) error {
	if err := mayManageOrganisations(r); err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return scrutineer.Errorf(scrutineer.EINVALID, "The form could not be read. Try again.")
	}
	f := r.PostForm
	o := &scrutineer.Organisation{Slug: f.Get("slug"), Name: f.Get("name"), Kind: scrutineer.OrganisationKind(f.Get("kind"))}
	if p := strings.TrimSpace(f.Get("parent")); p != "" {
		o.Parent = &scrutineer.OrganisationRef{Slug: p}
	}
	for _, a := range f["areas"] {
		o.Areas = append(o.Areas, scrutineer.OrganisationRef{Slug: a})
	}
	err := s.Organisations.CreateOrganisation(r.Context(), o, f.Get("reason"))
	if len(scrutineer.ErrorFields(err)) > 0 {
		return s.renderNewForm(w, r, statusOf(scrutineer.ErrorCode(err)), f, err)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, organisationPath(o.Slug)+"?done=created", http.StatusSeeOther)
	return nil
}
