package scrutineer

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// PublicationType says what a publication is. The values are stable enough to store
// and to appear in public URLs (?type=inspection_report).
type PublicationType string

// The kinds of publication the regulator publishes.
const (
	PubNationalReport   PublicationType = "national_report"
	PubInspectionReport PublicationType = "inspection_report"
	PubValidationLetter PublicationType = "validation_letter"
	PubStatistics       PublicationType = "statistics"
)

// PublicationTypes lists every type in the order filters and forms offer them.
var PublicationTypes = []PublicationType{PubNationalReport, PubInspectionReport, PubValidationLetter, PubStatistics}

// Valid reports whether t is a known type.
func (t PublicationType) Valid() bool { return slices.Contains(PublicationTypes, t) }

// Label is the type in plain English, in the singular.
func (t PublicationType) Label() string {
	switch t {
	case PubNationalReport:
		return "National overview report"
	case PubInspectionReport:
		return "Inspection report"
	case PubValidationLetter:
		return "Validation letter"
	case PubStatistics:
		return "Statistics"
	}
	return string(t)
}

// PublicationStatus is where a publication is. Only published ones are public.
type PublicationStatus string

// The states of a publication: draft → published → withdrawn (with a reason).
const (
	PublicationDraft     PublicationStatus = "draft"
	PublicationPublished PublicationStatus = "published"
	PublicationWithdrawn PublicationStatus = "withdrawn"
)

// Label is the status in plain English.
func (s PublicationStatus) Label() string {
	switch s {
	case PublicationDraft:
		return "Draft"
	case PublicationPublished:
		return "Published"
	case PublicationWithdrawn:
		return "Withdrawn"
	}
	return string(s)
}

// Publication is a document the regulator publishes: its description, its state and
// its files. The files themselves are in the blob store.
type Publication struct {
	ID      string
	Slug    string
	Type    PublicationType
	Title   string
	Summary string
	// AreaID is the local authority or partnership it is about; empty for national ones.
	AreaID, AreaSlug, AreaName string
	Year                       int
	Status                     PublicationStatus
	// PublishedOn and WithdrawnOn are YYYY-MM-DD dates; empty until they happen.
	PublishedOn     string
	WithdrawnOn     string
	WithdrawnReason string
	// ReportID names the national overview report it was published from, if any.
	ReportID  string
	CreatedBy string
	CreatedAt time.Time
	UpdatedAt time.Time
	Files     []*PublicationFile
}

// Public reports whether anyone may see the publication: it is published.
func (p *Publication) Public() bool { return p.Status == PublicationPublished }

// PublicationFile is one file of a publication.
type PublicationFile struct {
	ID            string
	PublicationID string
	Filename      string
	Format        string // a key of PublicationFormats
	Size          int64
	SHA256        string
	UploadedAt    time.Time
}

// URLName is the last segment of the file's download address: its ID and the
// format's extension, so that browsers and crawlers see a download.
func (f *PublicationFile) URLName() string {
	return f.ID + PublicationFormats[f.Format].Extension
}

// FileFormat describes a format publications may be in.
type FileFormat struct {
	Label     string // "PDF"
	MediaType string
	Extension string // ".pdf"
}

// PublicationFormats are the formats a publication's files may have, by key.
var PublicationFormats = map[string]FileFormat{
	"pdf":  {"PDF", "application/pdf", ".pdf"},
	"ods":  {"ODS", "application/vnd.oasis.opendocument.spreadsheet", ".ods"},
	"xlsx": {"XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"},
	"csv":  {"CSV", "text/csv; charset=utf-8", ".csv"},
	"docx": {"DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"},
	"html": {"HTML", "text/html; charset=utf-8", ".html"},
}

// Describe is the file's format and size as a reader sees it: "PDF, 1.2 MB".
func (f *PublicationFile) Describe() string {
	label := strings.ToUpper(f.Format)
	if ff, ok := PublicationFormats[f.Format]; ok {
		label = ff.Label
	}
	return label + ", " + SizeText(f.Size)
}

// SizeText is a file size in words: "820 bytes", "14 KB", "1.2 MB".
func SizeText(n int64) string {
	switch {
	case n < 1000:
		return fmt.Sprintf("%d bytes", n)
	case n < 1000*1000:
		return fmt.Sprintf("%d KB", (n+500)/1000)
	}
	s := fmt.Sprintf("%.1f MB", float64(n)/1e6)
	return strings.Replace(s, ".0 MB", " MB", 1)
}

// PublicationInput is what staff give to start a publication.
type PublicationInput struct {
	Type    PublicationType
	Title   string
	Summary string
	AreaID  string
	Year    int
}

// Limits of a publication's text.
const (
	maxPublicationTitle   = 200
	maxPublicationSummary = 2000
	// FirstPublicationYear is the earliest year a publication may be about.
	FirstPublicationYear = 2000
)

// Validate checks in for a publication made in thisYear, with a problem per field.
func (in *PublicationInput) Validate(thisYear int) error {
	in.Title, in.Summary = strings.TrimSpace(in.Title), strings.TrimSpace(in.Summary)
	var p Problems
	if !in.Type.Valid() {
		p.Add("type", "Choose the type of publication.")
	}
	switch n := utf8.RuneCountInString(in.Title); {
	case n == 0:
		p.Add("title", "Enter a title.")
	case n > maxPublicationTitle:
		p.Add("title", fmt.Sprintf("The title must be %d characters or fewer.", maxPublicationTitle))
	}
	switch n := utf8.RuneCountInString(in.Summary); {
	case n == 0:
		p.Add("summary", "Enter a summary: one or two sentences saying what the publication is about.")
	case n > maxPublicationSummary:
		p.Add("summary", fmt.Sprintf("The summary must be %d characters or fewer.", maxPublicationSummary))
	}
	if in.Year < FirstPublicationYear || in.Year > thisYear+1 {
		p.Add("year", fmt.Sprintf("Enter the year the publication is about, between %d and %d.", FirstPublicationYear, thisYear+1))
	}
	return p.Err("Check the details of the publication.")
}

// Slugify makes the URL name of a title: lower-case letters, digits and hyphens, at
// most 80 characters. It never returns an empty string.
func Slugify(title string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range strings.ToLower(title) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(r)
		default:
			hyphen = true
		}
		if b.Len() >= 80 {
			break
		}
	}
	s := strings.TrimRight(b.String(), "-")
	if s == "" {
		return "publication"
	}
	return s
}

// PublicationFilter narrows a list of publications. Query matches words of the title
// and summary.
type PublicationFilter struct {
	Query    string
	Type     PublicationType
	AreaSlug string
	Year     int
	// Status is for staff lists; public lists are always published only.
	Status PublicationStatus
	Offset int
	Limit  int
}

// PublicationList is one page of a list and the total matching.
type PublicationList struct {
	Items []*Publication
	Total int
}

// PublicationArea is an area that has publications, for the public filter.
type PublicationArea struct{ Slug, Name string }

// PublicationService is the publications site: public reading and staff management.
type PublicationService interface {
	// FindPublished lists published publications, newest first. Anyone.
	FindPublished(ctx context.Context, f PublicationFilter) (*PublicationList, error)
	// PublishedFacets are the areas and years that have published publications.
	PublishedFacets(ctx context.Context) ([]PublicationArea, []int, error)
	// FindPublishedBySlug returns a published or withdrawn publication; ENOTFOUND
	// for a draft or an unknown slug. Anyone.
	FindPublishedBySlug(ctx context.Context, slug string) (*Publication, error)
	// OpenPublishedFile returns a file of a published publication, decrypted.
	OpenPublishedFile(ctx context.Context, slug, fileID string) (*PublicationFile, io.ReadCloser, error)

	// FindPublications lists every publication for staff (auth ManagePublications).
	FindPublications(ctx context.Context, f PublicationFilter) (*PublicationList, error)
	// FindPublicationByID returns any publication for staff.
	FindPublicationByID(ctx context.Context, id string) (*Publication, error)
	// CreatePublication starts a draft. EINVALID with field problems.
	CreatePublication(ctx context.Context, in *PublicationInput) (*Publication, error)
	// UploadPublicationFile adds a file to a draft. EINVALID for a refused file,
	// ECONFLICT once published.
	UploadPublicationFile(ctx context.Context, id, filename string, body io.Reader) (*PublicationFile, error)
	// OpenPublicationFile returns any publication's file for staff preview.
	OpenPublicationFile(ctx context.Context, id, fileID string) (*PublicationFile, io.ReadCloser, error)
	// PublishPublication makes a draft with at least one file public.
	PublishPublication(ctx context.Context, id string) error
	// WithdrawPublication takes a published publication down, with a reason.
	WithdrawPublication(ctx context.Context, id, reason string) error
}
