package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// auditRoutes registers the audit log pages, for administrators. The audit service
// asks the access policy (auth.ViewAudit); others get not found.
func (s *Server) auditRoutes() []route {
	view := Requires(auth.ViewAudit)
	return []route{
		{"GET /admin/audit", s.auditList, view},
		{"GET /admin/audit/export.csv", s.auditExport, view},
		{"GET /admin/audit/{seq}", s.auditShow, view},
	}
}

// auditPageSize is how many entries one page of the log lists.
const auditPageSize = 50

// auditRow is an entry as the log shows it.
type auditRow struct {
	*scrutineer.AuditEntry
	When          string
	Actor         string
	ActionLabel   string
	Target        string
	TargetHref    string
	OutcomeLabel  string
	OutcomeColour string
}

func newAuditRow(e *scrutineer.AuditEntry) auditRow {
	row := auditRow{AuditEntry: e, When: e.At.In(london).Format("2 Jan 2006, 15:04:05"), Actor: auditActor(e),
		ActionLabel: auditActionLabel(e.Action), OutcomeLabel: labelOr(auditOutcomeLabels, e.Outcome),
		OutcomeColour: auditOutcomeColours[e.Outcome]}
	row.Target, row.TargetHref = auditTarget(e)
	return row
}

type auditListData struct {
	Actions       []auditOptionGroup
	TargetTypes   []fieldOption
	Organisations []fieldOption
	Outcomes      []fieldOption
	Searched      bool
	Rows          []auditRow
	Pager         pager
	ExportHref    string
}

// slugID looks an organisation's short name up to its identifier.
func (s *Server) slugID(ctx context.Context, slug string) (string, error) {
	o, err := s.Organisations.FindOrganisationBySlug(ctx, slug)
	if err != nil {
		return "", err
	}
	return o.ID, nil
}

func (s *Server) auditList(w http.ResponseWriter, r *http.Request) error {
	if s.Audit == nil {
		return scrutineer.Errorf(scrutineer.ENOTFOUND, "Page not found.")
	}
	ctx := r.Context()
	// NOTE: the facets ask the policy first, so a caller who may not read the log
	// learns nothing, not even whether an organisation exists.
	actions, types, err := s.Audit.AuditFacets(ctx)
	if err != nil {
		return err
	}
	search, err := parseAuditSearch(ctx, r.URL.Query(), s.slugID)
	if err != nil {
		return err
	}
	orgs, err := s.Organisations.FindOrganisations(ctx, scrutineer.OrganisationFilter{})
	if err != nil {
		return err
	}
	data := auditListData{
		Actions:     actionOptions(actions, search.Form["action"]),
		TargetTypes: simpleOptions("Any kind of record", types, search.Form["target_type"], auditTypeLabel),
		Outcomes:    simpleOptions("Any outcome", []string{scrutineer.OutcomeSuccess, scrutineer.OutcomeFailure, scrutineer.OutcomeRefused}, search.Form["outcome"], func(o string) string { return labelOr(auditOutcomeLabels, o) }),
		Searched:    len(search.query()) > 0,
	}
	data.Organisations = []fieldOption{{Value: "", Label: "Any organisation", Selected: search.Form["organisation"] == ""}}
	for _, o := range orgs {
		data.Organisations = append(data.Organisations, fieldOption{Value: o.Slug, Label: o.Name, Selected: o.Slug == search.Form["organisation"]})
	}
	d := s.page(r, "Audit log")
	d.Form, d.Data = search.Form, &data
	page := pageNumber(r)
	if len(search.Errors) == 0 {
		search.Filter.Limit, search.Filter.Offset = auditPageSize+1, (page-1)*auditPageSize
		list, err := s.Audit.FindAudit(ctx, search.Filter)
		if scrutineer.ErrorCode(err) == scrutineer.EINVALID {
			for f, p := range scrutineer.ErrorFields(err) {
				search.Errors[f] = p
			}
		} else if err != nil {
			return err
		}
		more := len(list) > auditPageSize
		if more {
			list = list[:auditPageSize]
		}
		for _, e := range list {
			data.Rows = append(data.Rows, newAuditRow(e))
		}
		data.Pager = newPager("/admin/audit", r.URL.Query(), page, more).named("Pages of the audit log", "Newer entries", "Older entries")
		data.ExportHref = "/admin/audit/export.csv"
		if q := search.query(); len(q) > 0 {
			data.ExportHref += "?" + q.Encode()
		}
	}
	if len(search.Errors) > 0 {
		d.Errors, d.ErrorOrder, d.Message = search.Errors, search.fieldErrors(), "Check the search."
		data.Rows, data.ExportHref = nil, ""
		s.render(w, r, http.StatusUnprocessableEntity, "audit", d)
		return nil
	}
	s.render(w, r, http.StatusOK, "audit", d)
	return nil
}

type auditEntryData struct {
	auditRow
	At               time.Time
	OrganisationHref string
	ByActorHref      string
	AboutTargetHref  string
	PrevHref         string
}

func (s *Server) auditShow(w http.ResponseWriter, r *http.Request) error {
	if s.Audit == nil {
		return scrutineer.Errorf(scrutineer.ENOTFOUND, "Page not found.")
	}
	seq, err := strconv.ParseInt(r.PathValue("seq"), 10, 64)
	if err != nil || seq < 1 {
		return scrutineer.Errorf(scrutineer.ENOTFOUND, "There is no audit entry with this number.")
	}
	e, err := s.Audit.FindAuditEntry(r.Context(), seq)
	if err != nil {
		return err
	}
	data := auditEntryData{auditRow: newAuditRow(e), At: e.At}
	if e.Names.OrganisationSlug != "" {
		data.OrganisationHref = organisationPath(e.Names.OrganisationSlug)
	}
	if e.Seq > 1 {
		data.PrevHref = fmt.Sprintf("/admin/audit/%d", e.Seq-1)
	}
	if e.Names.ActorEmail != "" {
		data.ByActorHref = "/admin/audit?" + url.Values{"actor": {e.Names.ActorEmail}}.Encode()
	}
	if e.TargetType != "" && e.TargetID != "" {
		data.AboutTargetHref = "/admin/audit?" + url.Values{"target_type": {e.TargetType}, "target_id": {e.TargetID}}.Encode()
	}
	d := s.page(r, fmt.Sprintf("Audit entry %d", e.Seq))
	d.Data = data
	s.render(w, r, http.StatusOK, "audit-entry", d)
	return nil
}

// auditActivity is the latest entries about one organisation and its records, for
// its page, with a link to all of them in the log.
type auditActivity struct {
	Name string
	Rows []auditRow
	Href string
}

// recentAuditLimit is how many entries a record's page shows.
const recentAuditLimit = 5

// recentAudit returns the latest entries about organisation o and its records. A
// caller who may not read the log gets none, and no error: the page is theirs to see
// without it.
func (s *Server) recentAudit(ctx context.Context, o *scrutineer.Organisation) (auditActivity, error) {
	a := auditActivity{Name: o.Name, Href: "/admin/audit?" + url.Values{"organisation": {o.Slug}}.Encode()}
	if s.Audit == nil {
		return auditActivity{}, nil
	}
	list, err := s.Audit.FindAudit(ctx, scrutineer.AuditFilter{OrganisationID: o.ID, Limit: recentAuditLimit})
	switch scrutineer.ErrorCode(err) {
	case "":
	case scrutineer.ENOTFOUND:
		return auditActivity{}, nil
	default:
		return auditActivity{}, err
	}
	for _, e := range list {
		a.Rows = append(a.Rows, newAuditRow(e))
	}
	return a, nil
}
