package scrutineer

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// ReportStatus is where a national overview report is: drafted, or published (after
// which it is read-only and lives on as a publication).
type ReportStatus string

// The states of a national overview report.
const (
	ReportDraft     ReportStatus = "draft"
	ReportPublished ReportStatus = "published"
)

// SectionKind says what a report section holds.
type SectionKind string

// The kinds of section: written commentary, or a table (and chart) from the
// statistics engine's catalogue.
const (
	SectionCommentary SectionKind = "commentary"
	SectionStatistics SectionKind = "statistics"
)

// Report is a national overview report being assembled by regulator staff from
// sections in order, for a period.
type Report struct {
	ID    string
	Title string
	// PeriodFrom and PeriodTo are YYYY-MM-DD dates, both included.
	PeriodFrom, PeriodTo string
	Status               ReportStatus
	// PublicationID and PublicationSlug name the publication once published.
	PublicationID, PublicationSlug string
	CreatedBy                      string
	CreatedAt, UpdatedAt           time.Time
	Sections                       []*ReportSection
}

// Year is the calendar year the report's period ends in, the year it is filed under.
func (r *Report) Year() int {
	t, err := time.Parse(dateLayout, r.PeriodTo)
	if err != nil {
		return 0
	}
	return t.Year()
}

// ReportSection is one section of a report: a heading and either commentary (Body)
// or a statistics table (Table, a key of the statistics catalogue).
type ReportSection struct {
	ID       string
	ReportID string
	Position int
	Kind     SectionKind
	Heading  string
	Body     string
	Table    string
}

// ReportInput is what staff give to start a report.
type ReportInput struct {
	Title                string
	PeriodFrom, PeriodTo string
}

// Validate checks in with a problem per field; the period must end by today.
func (in *ReportInput) Validate(today time.Time) error {
	in.Title = strings.TrimSpace(in.Title)
	var p Problems
	switch n := utf8.RuneCountInString(in.Title); {
	case n == 0:
		p.Add("title", "Enter a title, for example National overview of learning reviews 2025.")
	case n > maxPublicationTitle:
		p.Add("title", fmt.Sprintf("The title must be %d characters or fewer.", maxPublicationTitle))
	}
	from, fromOK := checkDate(&p, "period_from", "the first day of the period", in.PeriodFrom, today, true)
	to, toOK := checkDate(&p, "period_to", "the last day of the period", in.PeriodTo, today, true)
	if fromOK && toOK && to.Before(from) {
		p.Add("period_to", "The last day of the period must be the same as or after the first day.")
	}
	return p.Err("Check the details of the report.")
}

// SectionInput is one section as staff write or choose it.
type SectionInput struct {
	Kind    SectionKind
	Heading string
	Body    string
	Table   string
}

// maxCommentary bounds a commentary section, about ten pages of prose.
const maxCommentary = 30000

// Validate checks in; tables lists the catalogue keys a statistics section may use.
func (in *SectionInput) Validate(tables []string) error {
	in.Heading, in.Body = strings.TrimSpace(in.Heading), strings.TrimSpace(in.Body)
	var p Problems
	switch n := utf8.RuneCountInString(in.Heading); {
	case n == 0:
		p.Add("heading", "Enter a heading for the section.")
	case n > maxPublicationTitle:
		p.Add("heading", fmt.Sprintf("The heading must be %d characters or fewer.", maxPublicationTitle))
	}
	switch in.Kind {
	case SectionCommentary:
		in.Table = ""
		switch n := utf8.RuneCountInString(in.Body); {
		case n == 0:
			p.Add("body", "Enter the commentary.")
		case n > maxCommentary:
			p.Add("body", fmt.Sprintf("The commentary must be %d characters or fewer. Split it into more sections.", maxCommentary))
		}
	case SectionStatistics:
		in.Body = ""
		found := false
		for _, t := range tables {
			found = found || t == in.Table
		}
		if !found {
			p.Add("table", "Choose a table from the list.")
		}
	default:
		p.Add("kind", "Choose commentary or a statistics table.")
	}
	return p.Err("Check the section.")
}

// ReportTable is a statistics table as a report shows it: already suppressed for
// publication, every cell a string ("[c]" where hidden). Chart, when set, is an SVG
// the statistics engine made, with its own title and description.
type ReportTable struct {
	Caption string
	Columns []string // headers of the value columns; the first column is the row header
	Corner  string   // header of the row-header column
	Rows    []ReportRow
	Notes   []string
	Chart   string
}

// ReportRow is one row: its header cell and its values.
type ReportRow struct {
	Header string
	Cells  []string
}

// RenderedReport is a report as it reads: what the preview shows, and, frozen as
// JSON when published, what the public page, the HTML file and the PDF show.
type RenderedReport struct {
	Title       string            `json:"title"`
	PeriodLabel string            `json:"period"`
	Sections    []RenderedSection `json:"sections"`
	// Protection says which disclosure control the tables had.
	Protection string `json:"protection"`
	// Version is the report's UpdatedAt when rendered (not frozen).
	Version time.Time `json:"-"`
}

// Findings counts the personal-data findings of every section.
func (r *RenderedReport) Findings() int {
	n := 0
	for _, s := range r.Sections {
		n += len(s.Findings)
	}
	return n
}

// RenderedSection is one section as it reads: paragraphs of commentary, or a table.
type RenderedSection struct {
	ID         string       `json:"-"`
	Kind       SectionKind  `json:"kind"`
	Heading    string       `json:"heading"`
	Paragraphs []string     `json:"paragraphs,omitempty"`
	Table      *ReportTable `json:"table,omitempty"`
	// Findings are possible personal data in the commentary, for staff to check
	// before publishing; never frozen.
	Findings []ReportFinding `json:"-"`
}

// ReportFinding is one possible piece of personal data in report commentary, with
// its context.
type ReportFinding struct {
	Kind                 string
	Before, Match, After string
}

// TableChoice is a table a statistics section may show.
type TableChoice struct{ ID, Title string }

// ReportService builds national overview reports. Every method is for regulator
// staff allowed auth.ManagePublications; others get ENOTFOUND.
type ReportService interface {
	// TableChoices lists the statistics tables for the report's period.
	TableChoices(ctx context.Context, id string) ([]TableChoice, error)
	// RenderReport renders the report as it would be published (tables suppressed),
	// with the personal-data findings of its commentary.
	RenderReport(ctx context.Context, id string) (*RenderedReport, error)
	// PublishReport publishes the report as a national_report publication with an
	// HTML and a PDF file. confirmed must be true when the commentary has findings;
	// ECONFLICT when the report changed since version or has no sections.
	PublishReport(ctx context.Context, id, summary string, version time.Time, confirmed bool) (*Publication, error)
	// PublishedReport returns the frozen content of a published national report.
	// Anyone; ENOTFOUND unless the publication is published.
	PublishedReport(ctx context.Context, pub *Publication) (*RenderedReport, error)
	FindReports(ctx context.Context) ([]*Report, error)
	// FindReport returns the report with its sections in order.
	FindReport(ctx context.Context, id string) (*Report, error)
	CreateReport(ctx context.Context, in *ReportInput) (*Report, error)
	// AddSection appends a section; EINVALID with field problems, ECONFLICT once published.
	AddSection(ctx context.Context, reportID string, in *SectionInput) (*ReportSection, error)
	// MoveSection moves a section one place up (delta -1) or down (+1).
	MoveSection(ctx context.Context, reportID, sectionID string, delta int) error
	DeleteSection(ctx context.Context, reportID, sectionID string) error
}
