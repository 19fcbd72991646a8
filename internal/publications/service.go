// Package publications is the publications site's service: it checks files staff
// upload for publication, stores them encrypted in the blob store (the same store and
// key as every other file) and serves them decrypted once published; and it builds
// national overview reports from commentary and statistics tables, renders them as
// HTML and as an accessible PDF and publishes them. The records and the access
// checks are in store.Publications and store.Reports.
// See docs/decisions/0121-publications-and-report-builder.md.
package publications

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/blob"
	"github.com/scrutineer/scrutineer/internal/store"
)

// DefaultMaxUpload is the largest publication file accepted when none is configured.
const DefaultMaxUpload = 50 << 20

// Blobs is the encrypted, content-addressed file store; *blob.Store implements it.
type Blobs interface {
	Put(ctx context.Context, r io.Reader, opts ...blob.Option) (blob.Ref, error)
	Open(ctx context.Context, sha256 string) (io.ReadCloser, error)
}

// Service implements scrutineer.PublicationService and scrutineer.ReportService.
type Service struct {
	pubs      *store.Publications
	reports   *store.Reports
	blobs     Blobs
	stats     Statistics
	maxUpload int64
	now       func() time.Time
}

var (
	_ scrutineer.PublicationService = (*Service)(nil)
	_ scrutineer.ReportService      = (*Service)(nil)
)

// New returns the service on db's stores. stats may be nil: reports then offer no
// statistics sections. maxUpload <= 0 means DefaultMaxUpload.
func New(db *store.DB, blobs Blobs, stats Statistics, maxUpload int64) *Service {
	if maxUpload <= 0 {
		maxUpload = DefaultMaxUpload
	}
	return &Service{pubs: store.NewPublications(db), reports: store.NewReports(db), blobs: blobs, stats: stats, maxUpload: maxUpload, now: db.Now}
}

// MaxUpload is the largest file accepted, for forms to state.
func (s *Service) MaxUpload() int64 { return s.maxUpload }

// FindPublished lists published publications (store.Publications.FindPublished).
func (s *Service) FindPublished(ctx context.Context, f scrutineer.PublicationFilter) (*scrutineer.PublicationList, error) {
	return s.pubs.FindPublished(ctx, f)
}

// PublishedFacets returns the areas and years with publications.
func (s *Service) PublishedFacets(ctx context.Context) ([]scrutineer.PublicationArea, []int, error) {
	return s.pubs.PublishedFacets(ctx)
}

// FindPublishedBySlug returns a published or withdrawn publication.
func (s *Service) FindPublishedBySlug(ctx context.Context, slug string) (*scrutineer.Publication, error) {
	return s.pubs.FindPublishedBySlug(ctx, slug)
}

// OpenPublishedFile returns a published file and its decrypted content.
func (s *Service) OpenPublishedFile(ctx context.Context, slug, fileID string) (*scrutineer.PublicationFile, io.ReadCloser, error) {
	f, err := s.pubs.PublishedFile(ctx, slug, fileID)
	return s.open(ctx, f, err)
}

// OpenPublicationFile returns any publication's file for staff to preview.
func (s *Service) OpenPublicationFile(ctx context.Context, id, fileID string) (*scrutineer.PublicationFile, io.ReadCloser, error) {
	f, err := s.pubs.File(ctx, id, fileID)
	return s.open(ctx, f, err)
}

func (s *Service) open(ctx context.Context, f *scrutineer.PublicationFile, err error) (*scrutineer.PublicationFile, io.ReadCloser, error) {
	if err != nil {
		return nil, nil, err
	}
	rc, err := s.blobs.Open(ctx, f.SHA256)
	if err != nil {
		return nil, nil, err
	}
	return f, rc, nil
}

// FindPublications lists publications for staff.
func (s *Service) FindPublications(ctx context.Context, f scrutineer.PublicationFilter) (*scrutineer.PublicationList, error) {
	return s.pubs.FindPublications(ctx, f)
}

// FindPublicationByID returns any publication for staff.
func (s *Service) FindPublicationByID(ctx context.Context, id string) (*scrutineer.Publication, error) {
	return s.pubs.FindPublicationByID(ctx, id)
}

// CreatePublication starts a draft.
func (s *Service) CreatePublication(ctx context.Context, in *scrutineer.PublicationInput) (*scrutineer.Publication, error) {
	return s.pubs.CreatePublication(ctx, in)
}

// PublishPublication makes a draft public.
func (s *Service) PublishPublication(ctx context.Context, id string) error {
	return s.pubs.Publish(ctx, id)
}

// WithdrawPublication takes a publication down with a reason.
func (s *Service) WithdrawPublication(ctx context.Context, id, reason string) error {
	return s.pubs.Withdraw(ctx, id, reason)
}

// UploadPublicationFile checks body as one of the publication formats, stores it
// encrypted and adds it to draft publication id. Callers: auth.ManagePublications
// (asked before anything is read). EINVALID against the field "file" for a refused
// file; ECONFLICT once published.
func (s *Service) UploadPublicationFile(ctx context.Context, id, filename string, body io.Reader) (*scrutineer.PublicationFile, error) {
	if err := auth.Authorise(ctx, auth.ManagePublications, auth.Resource{}); err != nil {
		return nil, err
	}
	if _, err := s.pubs.FindPublicationByID(ctx, id); err != nil {
		return nil, err
	}
	tmp, size, err := spool(body, s.maxUpload)
	if err != nil {
		return nil, err
	}
	defer tmp.Close()
	format, err := detect(tmp, size, filename)
	if err != nil {
		return nil, err
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		return nil, fmt.Errorf("rewind upload: %w", err)
	}
	ref, err := s.blobs.Put(ctx, tmp, blob.MaxSize(s.maxUpload))
	if err != nil {
		return nil, err
	}
	f := &scrutineer.PublicationFile{Filename: filename, Format: format, Size: ref.Size, SHA256: ref.SHA256}
	if err := s.pubs.AddFile(ctx, id, f); err != nil {
		return nil, err
	}
	return f, nil
}
