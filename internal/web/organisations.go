package web

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// organisationRoutes registers the organisation directory pages, for administrators.
func (s *Server) organisationRoutes() []route {
	manage := Requires(auth.ManageOrganisations)
	return []route{
		{"GET /admin/organisations", s.organisationList, manage},
		{"GET /admin/organisations/new", s.organisationNewForm, manage},
		{"POST /admin/organisations/new", s.organisationCreate, manage},
		{"GET /admin/organisations/{slug}", s.organisationShow, manage},
		{"GET /admin/organisations/{slug}/edit", s.organisationEditForm, manage},
		{"POST /admin/organisations/{slug}/edit", s.organisationUpdate, manage},
	}
}

// mayManageOrganisations asks the access policy whether the caller may manage the
// directory; others get not found. NOTE: every signed-in user may read the directory,
// so the admin pages, which read it through those same methods, ask the policy here
// before they show anything.
func mayManageOrganisations(r *http.Request) error {
	return auth.Authorise(r.Context(), auth.ManageOrganisations, auth.Resource{})
}

func organisationPath(slug string) string { return "/admin/organisations/" + slug }

// fieldOption is one choice of a select, radio or checkbox group.
type fieldOption struct {
	Value    string
	Label    string
	Selected bool
}

// organisationRow is one organisation as the list shows it.
type organisationRow struct {
	*scrutineer.Organisation
	AreasText string
}

// areasText says in words which areas an organisation covers.
func areasText(o *scrutineer.Organisation) string {
	switch {
	case len(o.Areas) > 0:
		names := make([]string, len(o.Areas))
		for i, a := range o.Areas {
			names[i] = a.Name
		}
		return strings.Join(names, ", ")
	case o.Kind == scrutineer.KindLocalAuthority:
		return "Its own council area"
	case o.Kind == scrutineer.KindRegulator, o.Kind == scrutineer.KindPartnerScrutinyBody:
		return "All of Scotland"
	}
	return "None recorded"
}

type organisationListData struct {
	Kinds    []fieldOption
	Statuses []fieldOption
	Name     string
	Filtered bool
	Rows     []organisationRow
}

func (s *Server) organisationList(w http.ResponseWriter, r *http.Request) error {
	if err := mayManageOrganisations(r); err != nil {
		return err
	}
	q := r.URL.Query()
	f := scrutineer.OrganisationFilter{
		Kind:   scrutineer.OrganisationKind(q.Get("kind")),
		Status: scrutineer.OrganisationStatus(q.Get("status")),
		Name:   strings.TrimSpace(q.Get("name")),
	}
	// An unknown value (an edited address) shows everything rather than nothing.
	if !f.Kind.Valid() {
		f.Kind = ""
	}
	if !f.Status.Valid() {
		f.Status = ""
	}
	list, err := s.Organisations.FindOrganisations(r.Context(), f)
	if err != nil {
		return err
	}
	data := organisationListData{
		Kinds:    []fieldOption{{Value: "", Label: "All kinds", Selected: f.Kind == ""}},
		Statuses: []fieldOption{{Value: "", Label: "Any status", Selected: f.Status == ""}},
		Name:     f.Name,
		Filtered: f != scrutineer.OrganisationFilter{},
	}
	for _, k := range scrutineer.OrganisationKinds {
		data.Kinds = append(data.Kinds, fieldOption{Value: string(k), Label: k.Label(), Selected: k == f.Kind})
	}
	for _, st := range scrutineer.OrganisationStatuses {
		data.Statuses = append(data.Statuses, fieldOption{Value: string(st), Label: st.Label(), Selected: st == f.Status})
	}
	for _, o := range list {
		data.Rows = append(data.Rows, organisationRow{Organisation: o, AreasText: areasText(o)})
	}
	d := s.page(r, "Organisations")
	d.Data = data
	s.render(w, r, http.StatusOK, "organisations", d)
	return nil
}

// historyRow is one version of an organisation as its page shows it: what changed
// from the version before, in words.
type historyRow struct {
	Version   int
	ChangedAt time.Time
	ChangedBy string
	Reason    string
	Changes   []string
}

// describeHistory turns versions (newest first) into rows; names maps slugs to the
// current names of organisations.
func describeHistory(vs []*scrutineer.OrganisationVersion, names map[string]string) []historyRow {
	name := func(slug string) string {
		if n, ok := names[slug]; ok {
			return n
		}
		return slug
	}
	names2 := func(slugs []string) string {
		out := make([]string, len(slugs))
		for i, s := range slugs {
			out[i] = name(s)
		}
		return strings.Join(out, ", ")
	}
	rows := make([]historyRow, len(vs))
	for i, v := range vs {
		row := historyRow{Version: v.Version, ChangedAt: v.ChangedAt, ChangedBy: v.ChangedBy, Reason: v.Reason}
		if i == len(vs)-1 {
			row.Changes = []string{fmt.Sprintf("Added as %s", v.Name)}
			rows[i] = row
			continue
		}
		prev := vs[i+1]
		if v.Name != prev.Name {
			row.Changes = append(row.Changes, fmt.Sprintf("Renamed from %s to %s", prev.Name, v.Name))
		}
		if v.Status != prev.Status {
			row.Changes = append(row.Changes, fmt.Sprintf("Status changed from %s to %s", strings.ToLower(prev.Status.Label()), strings.ToLower(v.Status.Label())))
		}
		if v.MergedIntoSlug != prev.MergedIntoSlug && v.MergedIntoSlug != "" {
			row.Changes = append(row.Changes, "Merged into "+name(v.MergedIntoSlug))
		}
		if v.ParentSlug != prev.ParentSlug {
			row.Changes = append(row.Changes, "Now answers to "+name(v.ParentSlug))
		}
		var added, removed []string
		for _, a := range v.AreaSlugs {
			if !slices.Contains(prev.AreaSlugs, a) {
				added = append(added, a)
			}
		}
		for _, a := range prev.AreaSlugs {
			if !slices.Contains(v.AreaSlugs, a) {
				removed = append(removed, a)
			}
		}
		if len(added) > 0 {
			row.Changes = append(row.Changes, "Now also covers "+names2(added))
		}
		if len(removed) > 0 {
			row.Changes = append(row.Changes, "No longer covers "+names2(removed))
		}
		if len(row.Changes) == 0 {
			row.Changes = []string{"No change to the details shown"}
		}
		rows[i] = row
	}
	return rows
}

type organisationPageData struct {
	Org       *scrutineer.Organisation
	AreasText string
	Children  []*scrutineer.Organisation
	Absorbed  []*scrutineer.Organisation
	Covering  []*scrutineer.Organisation
	History   []historyRow
	// Activity is the latest audit entries about the organisation and its records.
	Activity auditActivity
}

// flashes are the notices a page shows after a redirect, by the done parameter. Only
// these fixed texts are shown, never text from the address.
var flashes = map[string]string{
	"created":   "Organisation added to the directory.",
	"updated":   "Changes saved. The earlier details are kept in the history below.",
	"unchanged": "Nothing was changed, so no new version was saved.",
}

func (s *Server) organisationShow(w http.ResponseWriter, r *http.Request) error {
	ctx, slug := r.Context(), r.PathValue("slug")
	history, err := s.Organisations.OrganisationHistory(ctx, slug)
	if err != nil {
		return err
	}
	o, err := s.Organisations.FindOrganisationBySlug(ctx, slug)
	if err != nil {
		return err
	}
	all, err := s.Organisations.FindOrganisations(ctx, scrutineer.OrganisationFilter{})
	if err != nil {
		return err
	}
	data := organisationPageData{Org: o, AreasText: areasText(o)}
	names := make(map[string]string, len(all))
	for _, x := range all {
		names[x.Slug] = x.Name
		if x.ParentSlug() == o.Slug {
			data.Children = append(data.Children, x)
		}
		if x.MergedIntoSlug() == o.Slug {
			data.Absorbed = append(data.Absorbed, x)
		}
		if slices.Contains(x.AreaSlugs(), o.Slug) {
			data.Covering = append(data.Covering, x)
		}
	}
	data.History = describeHistory(history, names)
	if data.Activity, err = s.recentAudit(ctx, o); err != nil {
		return err
	}
	d := s.page(r, o.Name)
	d.Flash = flashes[r.URL.Query().Get("done")]
	d.Data = data
	s.render(w, r, http.StatusOK, "organisation", d)
	return nil
}
