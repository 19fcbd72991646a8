package documents_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/documents"
	"github.com/scrutineer/scrutineer/internal/extract"
	"github.com/scrutineer/scrutineer/internal/jobs"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// TestCrashingExtractionIsRetriedThenMarked runs the extraction job of a file
// whose extraction crashes every time (a panic inside the extractor), as the pool
// would: it is tried the job's limited number of times, then the version is marked
// unreadable with a message, the job fails for good, and the rest goes on.
func TestCrashingExtractionIsRetriedThenMarked(t *testing.T) {
	db := testutil.NewSQLite(t)
	w := newWorld(t, db, documents.Options{})
	// NOTE: a service whose extractor is nil panics on every file: a stand-in for
	// a reader that crashes, through the real job, store and recovery.
	st := store.NewDocuments(db, w.jobs)
	crashing := documents.New(st, w.blobs, nil, nil, documents.Options{})
	res, err := w.upload(t, w.officer, "", "report.txt", clean)
	if err != nil {
		t.Fatal(err)
	}
	ctx := auth.SystemContext(context.Background())
	handler := crashing.Handlers()[scrutineer.JobExtractDocument]
	tries := 0
	for ; tries < 20; tries++ {
		job, err := w.jobs.Claim(ctx, "test", time.Minute)
		if scrutineer.ErrorCode(err) == scrutineer.ENOTFOUND {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		herr := handler(ctx, job)
		if herr == nil {
			t.Fatal("a crashing extraction succeeded")
		}
		if _, err := w.jobs.Fail(ctx, job.ID, "test", "extraction failed", jobs.IsPermanent(herr)); err != nil {
			t.Fatal(err)
		}
		// The backoff is tested in internal/jobs; here the retry is due at once.
		db.WriteTx(ctx, func(tx *sql.Tx) error {
			_, err := tx.Exec(`UPDATE jobs SET run_after = '2000-01-01T00:00:00.000000000Z'`)
			return err
		})
	}
	if tries != scrutineer.DefaultJobMaxAttempts {
		t.Fatalf("tried %d times, want %d", tries, scrutineer.DefaultJobMaxAttempts)
	}
	d, err := w.svc.FindDocumentByID(as(w.officer), res.Document.ID)
	if err != nil {
		t.Fatal(err)
	}
	if v := d.Latest(); v.Extraction != scrutineer.ExtractionFailed || !strings.Contains(v.ExtractionMessage, "failed every time") {
		t.Fatalf("after %d crashes the version is %s: %q", tries, v.Extraction, v.ExtractionMessage)
	}
	if _, err := w.upload(t, w.officer, "", "other.txt", planted); err != nil {
		t.Fatalf("the rest of the system after the crashes: %v", err)
	}
}

// TestStalledExtractionIsBounded reads a 40-page PDF with an extractor allowed a
// millisecond: the job ends at once, the version marked unreadable with a message,
// without waiting for the file.
func TestStalledExtractionIsBounded(t *testing.T) {
	db := testutil.NewSQLite(t)
	w := newWorld(t, db, documents.Options{})
	cache, _ := os.UserCacheDir()
	x, err := extract.New(extract.Options{Lazy: true, Timeout: time.Millisecond, CacheDir: filepath.Join(cache, "scrutineer", "extract-test-pdfium")})
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	slow := documents.New(store.NewDocuments(db, w.jobs), w.blobs, nil, x, documents.Options{})
	res, err := w.upload(t, w.officer, "", "report.pdf", testdata(t, "report-40p.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := auth.SystemContext(context.Background())
	job, err := w.jobs.Claim(ctx, "test", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := slow.Handlers()[scrutineer.JobExtractDocument](ctx, job); err != nil {
		t.Fatalf("the job failed instead of marking the document: %v", err)
	}
	took := time.Since(start)
	d, _ := w.svc.FindDocumentByID(as(w.officer), res.Document.ID)
	if v := d.Latest(); v.Extraction != scrutineer.ExtractionFailed || v.ExtractionMessage == "" || took > 30*time.Second {
		t.Fatalf("stalled extraction: %s %q after %s", v.Extraction, v.ExtractionMessage, took)
	}
	t.Logf("bounded: marked %q after %s", d.Latest().ExtractionMessage, took.Round(time.Millisecond))
}
