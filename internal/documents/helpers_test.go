package documents_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/blob"
	"github.com/scrutineer/scrutineer/internal/directory"
	"github.com/scrutineer/scrutineer/internal/documents"
	"github.com/scrutineer/scrutineer/internal/extract"
	"github.com/scrutineer/scrutineer/internal/keys"
	"github.com/scrutineer/scrutineer/internal/search"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// world is a database with a Glasgow committee officer, a Fife one and an
// inspector, and the document service on a real blob store and extractor.
type world struct {
	db        *store.DB
	svc       *documents.Service
	st        *store.Documents
	jobs      *store.Jobs
	officer   *scrutineer.User
	fife      *scrutineer.User
	inspector *scrutineer.User
	blobDir   string // the blob store's folder
	blobs     documents.Blobs
}

var (
	extractorOnce sync.Once
	extractor     *extract.Extractor
	extractorErr  error
)

// sharedExtractor is one Extractor for the test binary: PDFium compiles once.
func sharedExtractor(t *testing.T) *extract.Extractor {
	t.Helper()
	extractorOnce.Do(func() {
		dir, err := os.UserCacheDir()
		if err != nil {
			dir = os.TempDir()
		}
		extractor, extractorErr = extract.New(extract.Options{Lazy: true, CacheDir: filepath.Join(dir, "scrutineer", "extract-test-pdfium")})
	})
	if extractorErr != nil {
		t.Fatal(extractorErr)
	}
	return extractor
}

func newWorld(t *testing.T, db *store.DB, opts documents.Options) *world {
	t.Helper()
	ctx := auth.SystemContext(context.Background())
	orgs := store.NewOrganisations(db)
	if _, err := directory.Sync(ctx, orgs); err != nil {
		t.Fatal(err)
	}
	org := func(slug string) *scrutineer.Organisation {
		o, err := orgs.FindOrganisationBySlug(ctx, slug)
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	blobDir := t.TempDir()
	fs, err := blob.NewFS(blobDir)
	if err != nil {
		t.Fatal(err)
	}
	w := &world{db: db, jobs: store.NewJobs(db), blobDir: blobDir}
	w.st = store.NewDocuments(db, w.jobs)
	w.blobs = blob.New(fs, keys.Generate())
	w.svc = documents.New(w.st, w.blobs, search.New(db), sharedExtractor(t), opts)
	w.officer = testutil.MustCreateUser(t, db, "cpc@example.org", org("glasgow-cpc"), scrutineer.RoleCommitteeOfficer)
	w.fife = testutil.MustCreateUser(t, db, "apc@example.org", org("fife-apc"), scrutineer.RoleCommitteeOfficer)
	w.inspector = testutil.MustCreateUser(t, db, "inspector@example.org", org("regulator"), scrutineer.RoleInspector)
	return w
}

// as returns a context signed in as u.
func as(u *scrutineer.User) context.Context {
	return scrutineer.NewContextWithUser(context.Background(), u)
}

// upload sends a new document or version with the given content.
func (w *world) upload(t *testing.T, u *scrutineer.User, docID, name, content string) (*scrutineer.DocumentUploadResult, error) {
	t.Helper()
	return w.svc.UploadDocument(as(u), &scrutineer.DocumentUpload{
		DocumentID: docID, Kind: scrutineer.DocReport, Title: "Learning review report", Filename: name, Body: strings.NewReader(content),
	})
}

// runJobs runs every queued job with the service's handlers until none is left.
func (w *world) runJobs(t *testing.T) {
	t.Helper()
	ctx := auth.SystemContext(context.Background())
	handlers := w.svc.Handlers()
	for {
		job, err := w.jobs.Claim(ctx, "test", time.Minute)
		if scrutineer.ErrorCode(err) == scrutineer.ENOTFOUND {
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := handlers[job.Kind](ctx, job); err != nil {
			t.Fatalf("job %s: %v", job.Kind, err)
		}
		if err := w.jobs.Complete(ctx, job.ID, "test"); err != nil {
			t.Fatal(err)
		}
	}
}

// auditActions lists the actions recorded against a document, oldest first.
func auditActions(t *testing.T, db *store.DB, docID string) []string {
	t.Helper()
	rows, err := db.Reader().Query(`SELECT action FROM audit_log WHERE target_id = $1 ORDER BY seq`, docID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var a string
		rows.Scan(&a)
		out = append(out, a)
	}
	return out
}
