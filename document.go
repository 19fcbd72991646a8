package scrutineer

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"
)

// DocumentKind says what a document is. The values are stable enough to store.
type DocumentKind string

// The kinds of document committees and areas send the regulator.
const (
	DocReport            DocumentKind = "report"
	DocMinutes           DocumentKind = "minutes"
	DocLearningSummary   DocumentKind = "learning_summary"
	DocEvidence          DocumentKind = "evidence"
	DocPositionStatement DocumentKind = "position_statement"
	DocSelfEvaluation    DocumentKind = "self_evaluation"
)

// DocumentKinds lists every kind in the order forms offer them.
var DocumentKinds = []DocumentKind{DocReport, DocMinutes, DocLearningSummary, DocEvidence, DocPositionStatement, DocSelfEvaluation}

// Valid reports whether k is a known kind.
func (k DocumentKind) Valid() bool {
	for _, v := range DocumentKinds {
		if k == v {
			return true
		}
	}
	return false
}

// Label is the kind in plain English.
func (k DocumentKind) Label() string {
	switch k {
	case DocReport:
		return "Review report"
	case DocMinutes:
		return "Minutes"
	case DocLearningSummary:
		return "Learning summary"
	case DocEvidence:
		return "Evidence"
	case DocPositionStatement:
		return "Position statement"
	case DocSelfEvaluation:
		return "Self-evaluation"
	}
	return string(k)
}

// AnonymisedExpected reports whether documents of kind k must arrive with no
// personal data: review reports, minutes, learning summaries and evidence.
// NOTE: position statements and self-evaluations describe services, not people, but
// they are checked too; this flag only decides whether findings block sending.
func (k DocumentKind) AnonymisedExpected() bool {
	switch k {
	case DocReport, DocMinutes, DocLearningSummary, DocEvidence:
		return true
	}
	return false
}

// DocumentStatus is where a document is: drafted by its organisation, or sent to the
// regulator (after which it is read-only).
type DocumentStatus string

// The states of a document.
const (
	DocumentDraft DocumentStatus = "draft"
	DocumentSent  DocumentStatus = "sent"
)

// ExtractionStatus is how far reading a version's text has got.
type ExtractionStatus string

// The states of text extraction. NoText means the file holds no text we could read
// (a scan); Failed means the file could not be read at all (damaged, too long).
const (
	ExtractionQueued     ExtractionStatus = "queued"
	ExtractionExtracting ExtractionStatus = "extracting"
	ExtractionDone       ExtractionStatus = "done"
	ExtractionNoText     ExtractionStatus = "no_text"
	ExtractionFailed     ExtractionStatus = "failed"
)

// Finished reports whether extraction has ended, well or not.
func (s ExtractionStatus) Finished() bool {
	return s == ExtractionDone || s == ExtractionNoText || s == ExtractionFailed
}

// CheckStatus is the result of the personal-data check of a version.
type CheckStatus string

// The states of the personal-data check.
const (
	CheckPending  CheckStatus = "pending"
	CheckClear    CheckStatus = "clear"
	CheckFindings CheckStatus = "findings"
)

// Owner types: the record a document belongs to. Issue 5 adds learning reviews.
const (
	OwnerSubmission     = "submission"
	OwnerLearningReview = "learning_review"
)

// Document is a file an organisation sends the regulator, with every version ever
// uploaded. Versions are never overwritten.
type Document struct {
	ID                 string
	OrganisationID     string
	OrganisationName   string // filled by finders for display
	OwnerType          string
	OwnerID            string
	Kind               DocumentKind
	AnonymisedExpected bool
	Title              string
	Status             DocumentStatus
	CreatedBy          string
	CreatedAt          time.Time
	UpdatedAt          time.Time
	SentBy             string
	SentByName         string
	SentAt             time.Time
	// Versions, newest first; finders of one document fill them, lists fill only
	// the latest.
	Versions []*DocumentVersion
}

// Latest returns the newest version, or nil when none is loaded.
func (d *Document) Latest() *DocumentVersion {
	if len(d.Versions) == 0 {
		return nil
	}
	return d.Versions[0]
}

// ReadyToSend returns nil when the document (with its versions and the latest
// version's findings loaded) may be sent, else ECONFLICT saying what
// to do first. The send pages use it to explain before the person presses Send.
func (d *Document) ReadyToSend() error {
	v := d.Latest()
	switch {
	case d.Status == DocumentSent:
		return Errorf(ECONFLICT, "This document has already been sent to the regulator.")
	case v == nil:
		return Errorf(ECONFLICT, "Upload a file before sending the document.")
	case v.Extraction == ExtractionNoText || v.Extraction == ExtractionFailed:
		return Errorf(ECONFLICT, "We could not read the text of this file, so it cannot be checked or sent. Upload a version saved from your word processor, not a scan.")
	case !v.Extraction.Finished() || v.Check == CheckPending:
		return Errorf(ECONFLICT, "The file is still being checked. Wait until the check has finished, then send it.")
	case d.AnonymisedExpected && v.Unresolved() > 0:
		return Errorf(ECONFLICT, "The file may still contain personal data. Replace the file with an anonymised version, or mark each finding as not personal data, before sending it.")
	}
	return nil
}

// maxDocumentTitle bounds a document's title, in characters.
const maxDocumentTitle = 200

// ValidateDetails checks the details of a new document (kind and title), trimming
// the title; EINVALID with field problems. The upload form checks them before the
// file is read.
func (in *DocumentUpload) ValidateDetails() error {
	var p Problems
	in.Title = strings.TrimSpace(in.Title)
	if !in.Kind.Valid() {
		p.Add("kind", "Select what kind of document this is")
	}
	switch {
	case in.Title == "":
		p.Add("title", "Enter a title for the document")
	case !utf8.ValidString(in.Title):
		p.Add("title", "Title must be plain text: type it again")
	case utf8.RuneCountInString(in.Title) > maxDocumentTitle:
		p.Add("title", fmt.Sprintf("Title must be %d characters or fewer", maxDocumentTitle))
	}
	if in.OwnerType == "" {
		in.OwnerType = OwnerSubmission
	}
	return p.Err("Check the document's details.")
}

// DocumentVersion is one uploaded file of a document.
type DocumentVersion struct {
	ID                string
	DocumentID        string
	Number            int
	Filename          string
	SHA256            string
	Size              int64
	Format            string // extract.Format: pdf, docx, odt, txt
	UploadedBy        string
	UploadedByName    string
	UploadedAt        time.Time
	Extraction        ExtractionStatus
	PagesDone         int
	PagesTotal        int
	ExtractionMessage string // for no_text and failed: what the uploader should do
	TextSHA256        string // the extracted text, kept encrypted in the blob store
	Check             CheckStatus
	Findings          []*DocumentFinding
}

// Unresolved counts the findings not dismissed.
func (v *DocumentVersion) Unresolved() int {
	n := 0
	for _, f := range v.Findings {
		if !f.Dismissed() {
			n++
		}
	}
	return n
}

// DocumentFinding is one piece of possible personal data in a version's text, and
// what the uploader decided about it.
type DocumentFinding struct {
	ID        string
	VersionID string
	Kind      string // pii.Kind
	Start     int    // byte offsets into the extracted text
	End       int
	// Before, Match and After are the finding in context, filled from the encrypted
	// text when a document is shown; the database keeps offsets only.
	Before, Match, After string
	DismissedReason      string
	DismissedBy          string
	DismissedByName      string
	DismissedAt          time.Time
}

// Dismissed reports whether someone marked the finding "not personal data".
func (f *DocumentFinding) Dismissed() bool { return !f.DismissedAt.IsZero() }

// DocumentUpload is a new file: a new document (DocumentID empty) or a new version
// of an existing one.
type DocumentUpload struct {
	DocumentID string
	// For a new document: the owner record, kind and title. The organisation is the
	// caller's own.
	OwnerType string
	OwnerID   string
	Kind      DocumentKind
	Title     string
	Filename  string
	Body      io.Reader
}

// DocumentUploadResult is what an upload made. Duplicate is set when the file is
// identical to a version the document already has: nothing new was stored.
type DocumentUploadResult struct {
	Document  *Document
	Version   *DocumentVersion
	Duplicate bool
}

// DocumentFilter selects documents for a list. An empty filter lists what the
// caller may see: their organisation's documents, or for regulator staff every
// sent document.
type DocumentFilter struct {
	OwnerType string
	OwnerID   string
	Limit     int
	Offset    int
}

// DocumentService is the secure document exchange.
type DocumentService interface {
	// UploadDocument checks and stores a file and queues its text extraction.
	UploadDocument(ctx context.Context, in *DocumentUpload) (*DocumentUploadResult, error)
	// FindDocuments lists the documents the caller may see, newest change first.
	FindDocuments(ctx context.Context, f DocumentFilter) ([]*Document, error)
	// FindDocumentByID returns a document with its versions and, for the latest,
	// its findings in context. The view is audited.
	FindDocumentByID(ctx context.Context, id string) (*Document, error)
	// EditableDocument is FindDocumentByID for the forms that change a document:
	// ENOTFOUND unless the caller may edit it, ECONFLICT once sent; not audited.
	EditableDocument(ctx context.Context, id string) (*Document, error)
	// OpenDocumentVersion returns a version and its decrypted content; the caller
	// closes it. The download is audited.
	OpenDocumentVersion(ctx context.Context, id string, number int) (*DocumentVersion, io.ReadCloser, error)
	// DismissFinding marks a finding of the latest version "not personal data".
	DismissFinding(ctx context.Context, id, findingID, reason string) error
	// SendDocument sends a checked document to the regulator.
	SendDocument(ctx context.Context, id string) error
}

// JobExtractDocument reads a version's text, checks it for personal data and
// records the findings; its payload is DocumentJobPayload.
const JobExtractDocument = "document.extract"

// DocumentJobPayload names the version a document job works on.
type DocumentJobPayload struct {
	VersionID string `json:"version_id"`
}
