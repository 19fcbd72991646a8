package publications

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/pii"
	"github.com/scrutineer/scrutineer/internal/store"
)

// FindReports lists reports (store.Reports.FindReports).
func (s *Service) FindReports(ctx context.Context) ([]*scrutineer.Report, error) {
	return s.reports.FindReports(ctx)
}

// FindReport returns a report with its sections.
func (s *Service) FindReport(ctx context.Context, id string) (*scrutineer.Report, error) {
	return s.reports.FindReport(ctx, id)
}

// CreateReport starts a draft report.
func (s *Service) CreateReport(ctx context.Context, in *scrutineer.ReportInput) (*scrutineer.Report, error) {
	return s.reports.CreateReport(ctx, in)
}

// MoveSection moves a section up or down.
func (s *Service) MoveSection(ctx context.Context, id, sectionID string, delta int) error {
	return s.reports.MoveSection(ctx, id, sectionID, delta)
}

// DeleteSection removes a section.
func (s *Service) DeleteSection(ctx context.Context, id, sectionID string) error {
	return s.reports.DeleteSection(ctx, id, sectionID)
}

// AddSection appends a section; a statistics section must name a table of the
// catalogue for the report's period.
func (s *Service) AddSection(ctx context.Context, id string, in *scrutineer.SectionInput) (*scrutineer.ReportSection, error) {
	choices, err := s.TableChoices(ctx, id)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(choices))
	for i, c := range choices {
		ids[i] = c.ID
	}
	return s.reports.AddSection(ctx, id, in, ids)
}

// TableChoices lists the catalogue's tables for the report's period; none when no
// statistics engine is wired.
func (s *Service) TableChoices(ctx context.Context, id string) ([]scrutineer.TableChoice, error) {
	r, err := s.reports.FindReport(ctx, id)
	if err != nil || s.stats == nil {
		return nil, err
	}
	tables, _, err := s.stats.PublicTables(ctx, r.PeriodFrom, r.PeriodTo)
	if err != nil {
		return nil, err
	}
	out := make([]scrutineer.TableChoice, len(tables))
	for i, t := range tables {
		out[i] = scrutineer.TableChoice{ID: t.ID, Title: t.Table.Caption}
	}
	return out, nil
}

// RenderReport renders report id as it would be published, with the personal-data
// findings of each commentary section.
func (s *Service) RenderReport(ctx context.Context, id string) (*scrutineer.RenderedReport, error) {
	r, err := s.reports.FindReport(ctx, id)
	if err != nil {
		return nil, err
	}
	out := &scrutineer.RenderedReport{Title: r.Title, PeriodLabel: periodLabel(r.PeriodFrom, r.PeriodTo), Version: r.UpdatedAt}
	var tables map[string]*scrutineer.ReportTable
	for _, sec := range r.Sections {
		rs := scrutineer.RenderedSection{ID: sec.ID, Kind: sec.Kind, Heading: sec.Heading}
		switch sec.Kind {
		case scrutineer.SectionCommentary:
			rs.Paragraphs = paragraphs(sec.Body)
			rs.Findings = findings(sec.Body)
		case scrutineer.SectionStatistics:
			if tables == nil {
				if tables, out.Protection, err = s.tableMap(ctx, r); err != nil {
					return nil, err
				}
			}
			rs.Table = tables[sec.Table]
			if rs.Table == nil {
				return nil, scrutineer.Errorf(scrutineer.ECONFLICT, "The table %q is no longer in the statistics. Remove the section %q and choose another table.", sec.Table, sec.Heading)
			}
		}
		out.Sections = append(out.Sections, rs)
	}
	return out, nil
}

func (s *Service) tableMap(ctx context.Context, r *scrutineer.Report) (map[string]*scrutineer.ReportTable, string, error) {
	m := map[string]*scrutineer.ReportTable{}
	if s.stats == nil {
		return m, "", nil
	}
	tables, protection, err := s.stats.PublicTables(ctx, r.PeriodFrom, r.PeriodTo)
	for _, t := range tables {
		m[t.ID] = t.Table
	}
	return m, protection, err
}

// PublishReport renders report id, writes it as HTML and as a tagged PDF into the
// blob store and publishes it as a national overview report, in one transaction
// with freezing its content. Callers: auth.ManagePublications. EINVALID without a
// summary or when findings are not confirmed; ECONFLICT as store.Reports.PublishReport.
func (s *Service) PublishReport(ctx context.Context, id, summary string, version time.Time, confirmed bool) (*scrutineer.Publication, error) {
	rr, err := s.RenderReport(ctx, id)
	if err != nil {
		return nil, err
	}
	var p scrutineer.Problems
	if len(rr.Sections) == 0 {
		return nil, scrutineer.Errorf(scrutineer.ECONFLICT, "Add at least one section before publishing.")
	}
	if strings.TrimSpace(summary) == "" {
		p.Add("summary", "Enter a summary: one or two sentences saying what the report is about.")
	}
	if rr.Findings() > 0 && !confirmed {
		p.Add("confirm", "Confirm that you have checked the possible personal data, or change the commentary first.")
	}
	if err := p.Err("Check before publishing."); err != nil {
		return nil, err
	}
	r, err := s.reports.FindReport(ctx, id)
	if err != nil {
		return nil, err
	}
	snapshot, err := json.Marshal(rr)
	if err != nil {
		return nil, fmt.Errorf("freeze report: %w", err)
	}
	files, err := s.writeOutputs(ctx, rr, scrutineer.Slugify(rr.Title))
	if err != nil {
		return nil, err
	}
	in := &scrutineer.PublicationInput{Type: scrutineer.PubNationalReport, Title: r.Title, Summary: summary, Year: r.Year()}
	return s.reports.PublishReport(ctx, id, &store.PublishedReport{Publication: in, Snapshot: string(snapshot), Files: files, Version: version})
}

// PublishedReport returns the frozen content of a published national report.
func (s *Service) PublishedReport(ctx context.Context, pub *scrutineer.Publication) (*scrutineer.RenderedReport, error) {
	snap, err := s.reports.PublishedSnapshot(ctx, pub.ID)
	if err != nil {
		return nil, err
	}
	var rr scrutineer.RenderedReport
	if err := json.Unmarshal([]byte(snap), &rr); err != nil {
		return nil, fmt.Errorf("report snapshot: %w", err)
	}
	return &rr, nil
}

// paragraphs splits commentary at blank lines.
func paragraphs(body string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(body, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// findings runs the personal-data check on commentary, with a little context.
func findings(body string) []scrutineer.ReportFinding {
	var out []scrutineer.ReportFinding
	for _, f := range pii.Scan(body) {
		from, to := max(0, f.Start-40), min(len(body), f.End+40)
		for from > 0 && !utf8RuneStart(body[from]) {
			from--
		}
		for to < len(body) && !utf8RuneStart(body[to]) {
			to++
		}
		out = append(out, scrutineer.ReportFinding{Kind: string(f.Kind), Before: body[from:f.Start], Match: body[f.Start:f.End], After: body[f.End:to]})
	}
	return out
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }

// periodLabel is "1 January 2025 to 31 December 2025".
func periodLabel(from, to string) string {
	f, err1 := time.Parse("2006-01-02", from)
	t, err2 := time.Parse("2006-01-02", to)
	if err1 != nil || err2 != nil {
		return from + " to " + to
	}
	return f.Format("2 January 2006") + " to " + t.Format("2 January 2006")
}
