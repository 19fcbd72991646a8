package documents_test

import (
	"bytes"
	"context"
	"io/fs"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/documents"
	"github.com/scrutineer/scrutineer/internal/hostile"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// Bounds on one hostile file's upload and extraction. The extractor's own timeout
// is 2 minutes; a hostile file must end far sooner than that here.
const (
	hostileTime = 60 * time.Second
	hostileHeap = 1 << 30
)

// TestHostileDocuments feeds every file of the hostile corpus through the upload
// and the extraction job, and checks each ends cleanly and within bounds: refused
// with a message on the file field and nothing stored (no row, no blob), or stored
// and then marked as read or unreadable, never left half done.
func TestHostileDocuments(t *testing.T) {
	db := testutil.NewSQLite(t)
	w := newWorld(t, db, documents.Options{MaxUpload: 50 << 20})
	counts := map[string]int{}
	for _, f := range hostile.Files() {
		t.Run(f.Name, func(t *testing.T) {
			data := f.Data()
			before := testutil.Fingerprint(t, db, "sessions")
			blobsBefore := countFiles(t, w.blobDir)
			peak := watchHeap()
			start := time.Now()
			res, err := w.svc.UploadDocument(as(w.officer), &scrutineer.DocumentUpload{
				Kind: scrutineer.DocReport, Title: "Hostile file", Filename: f.Filename, Body: bytes.NewReader(data)})
			outcome := "refused"
			if err != nil {
				if scrutineer.ErrorCode(err) != scrutineer.EINVALID || scrutineer.ErrorFields(err)["file"] == "" {
					t.Fatalf("refusal is not a clear message on the file: %v", err)
				}
				if before != testutil.Fingerprint(t, db, "sessions") {
					t.Fatal("a refused upload changed the database")
				}
				if n := countFiles(t, w.blobDir); n != blobsBefore {
					t.Fatalf("a refused upload left %d files in the blob store", n-blobsBefore)
				}
			} else {
				if f.Want == hostile.Refuse {
					t.Fatalf("accepted a file that must be refused")
				}
				runJobsTolerant(t, w)
				d, err := w.svc.FindDocumentByID(as(w.officer), res.Document.ID)
				if err != nil {
					t.Fatal(err)
				}
				v := d.Latest()
				if !v.Extraction.Finished() {
					t.Fatalf("extraction left %s", v.Extraction)
				}
				outcome = string(v.Extraction)
				if f.Want == hostile.NotRead && v.Extraction == scrutineer.ExtractionDone {
					t.Fatalf("text read from a file that must not be read")
				}
				if v.Extraction != scrutineer.ExtractionDone && v.ExtractionMessage == "" {
					t.Fatalf("unreadable without a message to the uploader")
				}
			}
			elapsed, heap := time.Since(start), peak()
			t.Logf("%s: %s in %s, heap peak %d MB", f.Filename, outcome, elapsed.Round(time.Millisecond), heap>>20)
			if elapsed > hostileTime {
				t.Errorf("took %s, more than %s", elapsed, hostileTime)
			}
			if heap > hostileHeap {
				t.Errorf("heap reached %d MB", heap>>20)
			}
			counts[outcome]++
		})
	}
	t.Logf("hostile files: %d; outcomes %v", len(hostile.Files()), counts)
}

// runJobsTolerant runs queued jobs until none is due; a failing job is reported
// through the store as the pool would (retried later), never a test failure itself,
// but a job left running is.
func runJobsTolerant(t *testing.T, w *world) {
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
			t.Fatalf("job %s failed instead of marking the document: %v", job.Kind, err)
		}
		if err := w.jobs.Complete(ctx, job.ID, "test"); err != nil {
			t.Fatal(err)
		}
	}
}

// watchHeap samples the heap every 10 ms until the returned function is called,
// which returns the peak seen.
func watchHeap() func() uint64 {
	var mu sync.Mutex
	var peak uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			mu.Lock()
			peak = max(peak, ms.HeapInuse)
			mu.Unlock()
			select {
			case <-stop:
				return
			case <-time.After(10 * time.Millisecond):
			}
		}
	}()
	return func() uint64 {
		close(stop)
		<-done
		return peak
	}
}

// countFiles counts the files under dir, temporary ones included.
func countFiles(t *testing.T, dir string) int {
	t.Helper()
	n := 0
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}
