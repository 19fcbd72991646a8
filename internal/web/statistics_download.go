package web

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/stats"
	"github.com/scrutineer/scrutineer/internal/stats/disclosure"
	"github.com/scrutineer/scrutineer/internal/stats/export"
)

// statisticsPublicDownload serves one public table as {table}.{csv|ods|xlsx}.
func (s *Server) statisticsPublicDownload(w http.ResponseWriter, r *http.Request) error {
	return s.statisticsDownload(w, r, s.publicRules())
}

// statisticsStaffDownload serves one table with exact figures, for staff.
func (s *Server) statisticsStaffDownload(w http.ResponseWriter, r *http.Request) error {
	if !mayViewExact(r.Context()) {
		return scrutineer.Errorf(scrutineer.ENOTFOUND, "Page not found.")
	}
	return s.statisticsDownload(w, r, disclosure.None())
}

func (s *Server) statisticsDownload(w http.ResponseWriter, r *http.Request, rules disclosure.Rules) error {
	id, format, ok := strings.Cut(r.PathValue("file"), ".")
	if _, known := export.Formats[format]; !ok || !known {
		return scrutineer.Errorf(scrutineer.ENOTFOUND, "There is no such download.")
	}
	p, err := stats.ParsePeriod(r.URL.Query(), s.Now())
	if err != nil {
		return err
	}
	// NOTE: the whole report is protected, not the one table, so a download hides
	// exactly what the page hides and tables sharing margins stay consistent.
	rep, err := s.statisticsReport(r.Context(), p, rules)
	if err != nil {
		return err
	}
	t := rep.Table(id)
	if t == nil {
		return scrutineer.Errorf(scrutineer.ENOTFOUND, "There is no such table.")
	}
	protection := rules.Describe()
	meta := export.Meta{
		Source:     "Scrutineer: the national learning review repository (notifications of learning review decisions and outcomes by child, adult and public protection committees)",
		Publisher:  "The regulator",
		Period:     fmt.Sprintf("%s (decisions made from %s to %s)", p.Label, p.From, p.To),
		Produced:   rep.Produced.In(london).Format("2 January 2006 at 15:04"),
		Protection: protection,
	}
	var buf bytes.Buffer
	if err := export.Write(&buf, format, t, meta); err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", export.Formats[format])
	name := "learning-reviews-" + id + "-" + p.From + "-to-" + p.To + "." + format
	h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	if rules.Active() {
		h.Set("Cache-Control", "public, max-age=300")
	} else {
		h.Set("Cache-Control", "no-store")
	}
	w.WriteHeader(http.StatusOK)
	_, err = w.Write(buf.Bytes())
	return err
}
