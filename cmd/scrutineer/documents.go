package main

import (
	"context"
	"errors"
	"log/slog"
	"path/filepath"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/config"
	"github.com/scrutineer/scrutineer/internal/documents"
	"github.com/scrutineer/scrutineer/internal/extract"
	"github.com/scrutineer/scrutineer/internal/keys"
	"github.com/scrutineer/scrutineer/internal/search"
	"github.com/scrutineer/scrutineer/internal/store"
)

// openDocuments builds the document exchange: the encrypted blob store with the
// service key, the process's one text extractor and the pipeline on them. It
// returns a function that closes the extractor at shutdown.
// NOTE: the extractor is lazy, so start-up (and every test that starts the program)
// does not wait seconds for PDFium; its compiled code is kept in the data folder, so
// only the first PDF after installation pays for compiling it.
func (s *services) openDocuments(cfg *config.Config, key *keys.Keys, log *slog.Logger) (func(), error) {
	blobs, err := newBlobStore(cfg, key)
	if err != nil {
		return nil, err
	}
	x, err := extract.New(extract.Options{Lazy: true, CacheDir: filepath.Join(cfg.DataDir, "cache", "pdfium"), Logger: log})
	if err != nil {
		return nil, err
	}
	s.documents = documents.New(store.NewDocuments(s.db, s.jobs), blobs, search.New(s.db), x, documents.Options{MaxUpload: cfg.MaxUpload, Logger: log})
	s.openThemes(cfg, blobs, log) // themes.go: suggestions read the reports' text
	// A review's outcome sends its documents in its own transaction; they are
	// indexed there as SendDocument indexes them.
	s.learningReviews.OnDocumentSent = s.documents.IndexSent
	return func() { x.Close() }, nil
}

// extractDocument is the pool's handler for document jobs; it waits for the
// exchange to be opened (it is, before the pool starts).
func (s *services) extractDocument(ctx context.Context, job *scrutineer.Job) error {
	if s.documents == nil {
		return errors.New("the document exchange is not open")
	}
	return s.documents.Handlers()[scrutineer.JobExtractDocument](ctx, job)
}
