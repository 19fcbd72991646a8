package web

import (
	"net/http"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// The national overview report builder: a manager or analyst starts a report for a
// period, adds commentary and statistics sections in order (reports_sections.go),
// previews it as it will be published and publishes it as a publication with an
// HTML page and an accessible PDF. The service asks the policy on every call.

var reportFlashes = map[string]string{
	"created": "The report has been started. Add its sections next.",
	"added":   "The section has been added.",
	"moved":   "The section has been moved.",
	"deleted": "The section has been removed.",
}

// reports returns the service, or not found when none is wired.
func (s *Server) reports() (scrutineer.ReportService, error) {
	if s.Reports == nil {
		return nil, scrutineer.Errorf(scrutineer.ENOTFOUND, "Page not found.")
	}
	return s.Reports, nil
}

func reportPath(id string) string { return "/admin/reports/" + id }

func (s *Server) reportList(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.reports()
	if err != nil {
		return err
	}
	list, err := svc.FindReports(r.Context())
	if err != nil {
		return err
	}
	d := s.page(r, "National overview reports")
	d.Data = list
	s.render(w, r, http.StatusOK, "reports", d)
	return nil
}

func (s *Server) reportNewForm(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.reports(); err != nil {
		return err
	}
	if err := auth.Authorise(r.Context(), auth.ManagePublications, auth.Resource{}); err != nil {
		return err
	}
	year := scrutineer.Today(s.Now()).Year() - 1
	d := s.page(r, "Start a national overview report")
	d.Form = map[string]string{"period_from": time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC).Format("2006-01-02"),
		"period_to": time.Date(year, 12, 31, 0, 0, 0, 0, time.UTC).Format("2006-01-02")}
	s.render(w, r, http.StatusOK, "report-new", d)
	return nil
}

func (s *Server) reportCreate(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.reports()
	if err != nil {
		return err
	}
	in := &scrutineer.ReportInput{Title: r.PostFormValue("title"), PeriodFrom: r.PostFormValue("period_from"), PeriodTo: r.PostFormValue("period_to")}
	rep, err := svc.CreateReport(r.Context(), in)
	if scrutineer.ErrorCode(err) == scrutineer.EINVALID {
		d := s.page(r, "Start a national overview report").withErrors(err, "title", "period_from", "period_to")
		d.Form = map[string]string{"title": in.Title, "period_from": in.PeriodFrom, "period_to": in.PeriodTo}
		s.render(w, r, http.StatusUnprocessableEntity, "report-new", d)
		return nil
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, reportPath(rep.ID)+"?done=created", http.StatusSeeOther)
	return nil
}

// reportView is the builder page: the report, its sections and their table titles.
type reportView struct {
	*scrutineer.Report
	PeriodLabel string
	TableTitles map[string]string
	Statistics  bool
}

func (s *Server) reportShow(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.reports()
	if err != nil {
		return err
	}
	rep, err := svc.FindReport(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	choices, err := svc.TableChoices(r.Context(), rep.ID)
	if err != nil {
		return err
	}
	view := reportView{Report: rep, TableTitles: map[string]string{}, Statistics: len(choices) > 0,
		PeriodLabel: isoDateLabel(rep.PeriodFrom) + " to " + isoDateLabel(rep.PeriodTo)}
	for _, c := range choices {
		view.TableTitles[c.ID] = c.Title
	}
	d := s.page(r, rep.Title)
	d.Flash = reportFlashes[r.URL.Query().Get("done")]
	d.Data = view
	s.render(w, r, http.StatusOK, "report", d)
	return nil
}

func isoDateLabel(d string) string {
	t, err := time.Parse("2006-01-02", d)
	if err != nil {
		return d
	}
	return t.Format("2 January 2006")
}

// reportPreview shows the report exactly as it will be published (tables
// suppressed), with the personal-data findings of its commentary.
func (s *Server) reportPreview(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.reports()
	if err != nil {
		return err
	}
	rep, err := svc.FindReport(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	rr, err := svc.RenderReport(r.Context(), rep.ID)
	if err != nil {
		return err
	}
	d := s.page(r, "Preview: "+rep.Title)
	d.Data = struct {
		*scrutineer.Report
		Rendered *scrutineer.RenderedReport
	}{rep, rr}
	s.render(w, r, http.StatusOK, "report-preview", d)
	return nil
}

// reportPublishData is the check page before publishing.
type reportPublishData struct {
	*scrutineer.Report
	Rendered *scrutineer.RenderedReport
	Version  string
}

func (s *Server) reportPublishForm(w http.ResponseWriter, r *http.Request) error {
	return s.renderReportPublish(w, r, http.StatusOK, nil)
}

func (s *Server) renderReportPublish(w http.ResponseWriter, r *http.Request, status int, problem error) error {
	svc, err := s.reports()
	if err != nil {
		return err
	}
	rep, err := svc.FindReport(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if rep.Status != scrutineer.ReportDraft {
		http.Redirect(w, r, "/publications/"+rep.PublicationSlug, http.StatusSeeOther)
		return nil
	}
	rr, err := svc.RenderReport(r.Context(), rep.ID)
	if err != nil {
		return err
	}
	d := s.page(r, "Publish "+rep.Title)
	if problem != nil {
		d.withErrors(problem, "summary", "confirm")
		d.Form = map[string]string{"summary": r.PostFormValue("summary")}
	}
	d.Data = reportPublishData{Report: rep, Rendered: rr, Version: rr.Version.UTC().Format(time.RFC3339Nano)}
	s.render(w, r, status, "report-publish", d)
	return nil
}

func (s *Server) reportPublish(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.reports()
	if err != nil {
		return err
	}
	version, _ := time.Parse(time.RFC3339Nano, r.PostFormValue("version"))
	pub, err := svc.PublishReport(r.Context(), r.PathValue("id"), r.PostFormValue("summary"), version, r.PostFormValue("confirm") == "yes")
	if scrutineer.ErrorCode(err) == scrutineer.EINVALID {
		return s.renderReportPublish(w, r, http.StatusUnprocessableEntity, err)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/publications/"+pub.Slug, http.StatusSeeOther)
	return nil
}
