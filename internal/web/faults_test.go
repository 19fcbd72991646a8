package web

import (
	"net/http"
	"strings"
	"syscall"
	"testing"

	"github.com/scrutineer/scrutineer/internal/blob"
	"github.com/scrutineer/scrutineer/internal/documents"
	"github.com/scrutineer/scrutineer/internal/keys"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// TestDiskFullRefusesUploadsCleanly fills the "disk" under the document store (the
// os.Root file of blob.FS fails with ENOSPC part-way through): the upload answers
// 503 with a page saying nothing was saved, and leaves no row and no file, not even
// a temporary one. When space returns, the same upload works.
func TestDiskFullRefusesUploadsCleanly(t *testing.T) {
	db := testutil.NewSQLite(t)
	w := newIsolationWorld(t, db)
	dir := t.TempDir()
	fsys, err := blob.NewFS(dir)
	if err != nil {
		t.Fatal(err)
	}
	w.srv.Documents = documents.New(store.NewDocuments(db, store.NewJobs(db)), blob.New(fsys, keys.Generate()), nil, nil, documents.Options{MaxUpload: 1 << 20})
	w.srv.MaxUpload = 1 << 20
	h := &hostileUploads{isolationWorld: w, blobDir: dir}
	content := []byte(strings.Repeat("The review panel met in March and agreed its findings.\n", 200))
	fields := map[string]string{"kind": "report", "title": "Report"}
	for _, after := range []int64{0, 100, 4096} {
		fsys.InjectWriteFault(after, syscall.ENOSPC)
		dbBefore, blobsBefore := h.stored(t)
		rec := h.upload(t, fields, "report.txt", content)
		if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "no room left to store files") {
			t.Fatalf("disk full after %d bytes: %d", after, rec.Code)
		}
		if rec.Header().Get("Retry-After") == "" {
			t.Error("503 without Retry-After")
		}
		if dbAfter, blobsAfter := h.stored(t); dbAfter != dbBefore || blobsAfter != blobsBefore {
			t.Fatalf("disk full after %d bytes: stored something (files %d -> %d)", after, blobsBefore, blobsAfter)
		}
	}
	fsys.InjectWriteFault(-1, nil)
	if rec := h.upload(t, fields, "report.txt", content); rec.Code != http.StatusSeeOther {
		t.Fatalf("with space again: %d", rec.Code)
	}
}
