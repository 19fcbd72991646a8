// Package documents is the pipeline of the secure document exchange: it checks an
// upload (size, type by content, then the whole file), stores it encrypted in the
// blob store, records the version with its extraction job (one transaction), and in
// that job reads the text, keeps it encrypted, runs the personal-data check and
// saves the findings. Sending a document indexes it for the regulator's search.
//
// It implements scrutineer.DocumentService on top of store.Documents, which asks the
// access policy. Wiring: cmd/scrutineer makes one Service with New and registers
// Handlers with the worker pool. See docs/decisions/0090-documents-exchange.md.
package documents

import (
	"context"
	"database/sql"
	"io"
	"log/slog"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/blob"
	"github.com/scrutineer/scrutineer/internal/extract"
	"github.com/scrutineer/scrutineer/internal/jobs"
	"github.com/scrutineer/scrutineer/internal/search"
	"github.com/scrutineer/scrutineer/internal/store"
)

// DefaultMaxUpload is the largest file accepted when no limit is configured.
const DefaultMaxUpload = 50 << 20

// Blobs is the encrypted, content-addressed file store; *blob.Store implements it.
type Blobs interface {
	Put(ctx context.Context, r io.Reader, opts ...blob.Option) (blob.Ref, error)
	Open(ctx context.Context, sha256 string) (io.ReadCloser, error)
}

// Options configures a Service.
type Options struct {
	// MaxUpload is the largest file accepted, in bytes. Default DefaultMaxUpload.
	MaxUpload int64
	// TempDir holds uploads while they are checked (removed at once; see spool).
	// Default: the system's temporary folder.
	TempDir string
	// ProgressEvery is how often the extraction job saves its progress. Default 1s.
	ProgressEvery time.Duration
	// Logger receives job failures by version ID, never text. Default: discard.
	Logger *slog.Logger
}

// Service is the document exchange.
type Service struct {
	store     *store.Documents
	blobs     Blobs
	index     search.Index
	extractor *extract.Extractor
	opts      Options
	log       *slog.Logger
}

var _ scrutineer.DocumentService = (*Service)(nil)

// New returns the service. index may be nil (nothing is indexed); extractor is the
// process's one Extractor.
func New(st *store.Documents, blobs Blobs, index search.Index, x *extract.Extractor, opts Options) *Service {
	if opts.MaxUpload <= 0 {
		opts.MaxUpload = DefaultMaxUpload
	}
	if opts.ProgressEvery <= 0 {
		opts.ProgressEvery = time.Second
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Service{store: st, blobs: blobs, index: index, extractor: x, opts: opts, log: log}
}

// MaxUpload is the largest file the service accepts, for forms to state and for the
// upload route's body limit.
func (s *Service) MaxUpload() int64 { return s.opts.MaxUpload }

// Handlers are the job handlers to register with the worker pool.
func (s *Service) Handlers() jobs.Handlers {
	return jobs.Handlers{scrutineer.JobExtractDocument: s.extractJob}
}

// FindDocuments lists what the caller may see (store.Documents.FindDocuments).
func (s *Service) FindDocuments(ctx context.Context, f scrutineer.DocumentFilter) ([]*scrutineer.Document, error) {
	return s.store.FindDocuments(ctx, f)
}

// FindDocumentByID returns the document, audited as viewed, with each finding of
// its latest version in context, read from the encrypted text.
func (s *Service) FindDocumentByID(ctx context.Context, id string) (*scrutineer.Document, error) {
	d, err := s.store.FindDocumentByID(ctx, id)
	return s.withContext(ctx, d, err)
}

// EditableDocument returns the document for a form that changes it, unaudited
// (store.Documents.Editable), with its findings in context.
func (s *Service) EditableDocument(ctx context.Context, id string) (*scrutineer.Document, error) {
	d, err := s.store.Editable(ctx, id)
	return s.withContext(ctx, d, err)
}

// withContext fills the findings of d's latest version with their context.
func (s *Service) withContext(ctx context.Context, d *scrutineer.Document, err error) (*scrutineer.Document, error) {
	if err != nil {
		return nil, err
	}
	if v := d.Latest(); v != nil && len(v.Findings) > 0 && v.TextSHA256 != "" {
		text, err := s.readText(ctx, v.TextSHA256)
		if err != nil {
			return nil, err
		}
		fillContext(text, v.Findings)
	}
	return d, nil
}

// OpenDocumentVersion records the download and returns the decrypted file.
func (s *Service) OpenDocumentVersion(ctx context.Context, id string, number int) (*scrutineer.DocumentVersion, io.ReadCloser, error) {
	_, v, err := s.store.RecordDownload(ctx, id, number)
	if err != nil {
		return nil, nil, err
	}
	rc, err := s.blobs.Open(ctx, v.SHA256)
	if err != nil {
		return nil, nil, err
	}
	return v, rc, nil
}

// DismissFinding marks a finding "not personal data" (store.Documents.DismissFinding).
func (s *Service) DismissFinding(ctx context.Context, id, findingID, reason string) error {
	return s.store.DismissFinding(ctx, id, findingID, reason)
}

// SendDocument sends the document and, in the same transaction, puts its text in
// the search index. NOTE: documents are indexed when sent, not when read: the index
// serves regulator staff, and a draft is its organisation's until it is sent.
func (s *Service) SendDocument(ctx context.Context, id string) error {
	return s.store.SendDocument(ctx, id, func(tx *sql.Tx, d *scrutineer.Document, v *scrutineer.DocumentVersion) error {
		return s.IndexSent(ctx, tx, d, v)
	})
}

// readText returns the extracted text kept in the blob store.
func (s *Service) readText(ctx context.Context, sha string) (string, error) {
	rc, err := s.blobs.Open(ctx, sha)
	if err != nil {
		return "", err
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	return string(b), err
}
