package backup_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/backup"
	"github.com/scrutineer/scrutineer/internal/blob"
	"github.com/scrutineer/scrutineer/internal/directory"
	"github.com/scrutineer/scrutineer/internal/documents"
	"github.com/scrutineer/scrutineer/internal/keys"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// TestBackupUnderWritesAndRestore takes a backup while a goroutine keeps saving
// drafts, restores it into an empty database of the same engine, and checks that
// every draft acknowledged before the backup began is there, that the audit chain
// verifies, that documents open with their content, and that nothing restores over
// records.
func TestBackupUnderWritesAndRestore(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		k := keys.Generate()
		officer, docs, content := seed(t, db, k)
		reviews := store.NewLearningReviews(db)
		octx := scrutineer.NewContextWithUser(ctx, officer)

		var mu sync.Mutex
		var acked []string
		stop := make(chan struct{})
		done := make(chan int)
		go func() {
			n := 0
			for {
				select {
				case <-stop:
					done <- n
					return
				default:
				}
				r := &scrutineer.LearningReview{SubjectType: "child"}
				if err := reviews.CreateDraft(octx, r); err != nil {
					t.Error(err)
					done <- n
					return
				}
				mu.Lock()
				acked = append(acked, r.ID)
				mu.Unlock()
				n++
			}
		}()
		time.Sleep(300 * time.Millisecond)
		mu.Lock()
		before := append([]string(nil), acked...)
		mu.Unlock()
		var archive bytes.Buffer
		sum, err := backup.Write(ctx, db, docs, k, &archive)
		close(stop)
		writes := <-done
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("backup of %d rows and %d files (%d bytes) in %s, %d drafts acknowledged before it, %d written in all",
			sum.Rows, sum.Files, archive.Len(), sum.Took.Round(time.Millisecond), len(before), writes)
		if len(before) == 0 || sum.Files == 0 {
			t.Fatal("nothing to check: no writes or no files before the backup")
		}

		restored, restoredDocs := emptyLike(t, db)
		restoreStart := time.Now()
		h, got, err := backup.Restore(ctx, restored, restoredDocs, k, bytes.NewReader(archive.Bytes()))
		restoreTook := time.Since(restoreStart)
		if err != nil {
			t.Fatal(err)
		}
		if h.Engine != db.Engine() || got.Rows != sum.Rows || got.Files != sum.Files {
			t.Fatalf("restored %d rows and %d files of %d and %d", got.Rows, got.Files, sum.Rows, sum.Files)
		}
		have := map[string]bool{}
		rows, err := restored.Reader().Query(`SELECT id FROM learning_reviews`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id string
			rows.Scan(&id)
			have[id] = true
		}
		rows.Close()
		for _, id := range before {
			if !have[id] {
				t.Fatalf("draft %s, acknowledged before the backup began, is not in the restored copy", id)
			}
		}
		sys := auth.SystemContext(ctx)
		broken, checked, err := store.NewAudit(restored).VerifyAudit(sys)
		if err != nil || broken != 0 {
			t.Fatalf("audit chain of the restored copy: broken at %d, %v", broken, err)
		}
		if err := store.NewLogin(restored, k).CheckServiceKey(ctx); err != nil {
			t.Fatal(err)
		}
		rc, err := blob.New(restoredDocs, k).Open(ctx, content.sha)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		if string(b) != content.text {
			t.Fatal("the restored document's content differs")
		}
		t.Logf("restored in %s: %d drafts acknowledged before the backup checked, %d audit entries verified",
			restoreTook.Round(time.Millisecond), len(before), checked)

		if _, _, err := backup.Restore(ctx, restored, restoredDocs, k, bytes.NewReader(archive.Bytes())); !errors.Is(err, backup.ErrNotEmpty) {
			t.Fatalf("restoring over records: %v, want ErrNotEmpty", err)
		}
		other, otherDocs := emptyLike(t, db)
		if _, _, err := backup.Restore(ctx, other, otherDocs, keys.Generate(), bytes.NewReader(archive.Bytes())); err == nil || !strings.Contains(err.Error(), "service key") {
			t.Fatalf("restoring with another key: %v", err)
		}
		damaged := append([]byte(nil), archive.Bytes()...)
		damaged[len(damaged)/2] ^= 0xff
		if _, _, err := backup.Restore(ctx, other, otherDocs, k, bytes.NewReader(damaged)); err == nil {
			t.Fatal("a damaged archive restored")
		}
	})
}

type stored struct{ sha, text string }

// seed makes the directory, a committee officer and a document of theirs with its
// text extracted (two files in the blob store).
func seed(t *testing.T, db *store.DB, k *keys.Keys) (*scrutineer.User, blob.Backend, stored) {
	t.Helper()
	ctx := auth.SystemContext(context.Background())
	orgs := store.NewOrganisations(db)
	if _, err := directory.Sync(ctx, orgs); err != nil {
		t.Fatal(err)
	}
	org, err := orgs.FindOrganisationBySlug(ctx, "glasgow-cpc")
	if err != nil {
		t.Fatal(err)
	}
	officer := testutil.MustCreateUser(t, db, "officer@example.org", org, scrutineer.RoleCommitteeOfficer)
	fs, err := blob.NewFS(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	jobs := store.NewJobs(db)
	svc := documents.New(store.NewDocuments(db, jobs), blob.New(fs, k), nil, nil, documents.Options{})
	text := "The review panel met in March.\n"
	res, err := svc.UploadDocument(scrutineer.NewContextWithUser(context.Background(), officer), &scrutineer.DocumentUpload{
		Kind: scrutineer.DocReport, Title: "Report", Filename: "report.txt", Body: strings.NewReader(text)})
	if err != nil {
		t.Fatal(err)
	}
	return officer, fs, stored{sha: res.Version.SHA256, text: text}
}

// emptyLike returns an empty, migrated database of db's engine and an empty folder
// for documents.
func emptyLike(t *testing.T, db *store.DB) (*store.DB, blob.Backend) {
	t.Helper()
	var other *store.DB
	if db.Engine() == store.Postgres {
		other = testutil.NewPostgres(t)
	} else {
		other = testutil.NewSQLite(t)
	}
	dir := filepath.Join(t.TempDir(), "documents")
	fs, err := blob.NewFS(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); err != nil {
		t.Fatal(err)
	}
	return other, fs
}
