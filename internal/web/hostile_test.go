package web

import (
	"bytes"
	"io/fs"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer/internal/blob"
	"github.com/scrutineer/scrutineer/internal/documents"
	"github.com/scrutineer/scrutineer/internal/hostile"
	"github.com/scrutineer/scrutineer/internal/keys"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// hostileUploads is an isolation world whose document service writes to a blob
// folder the test can count.
type hostileUploads struct {
	*isolationWorld
	blobDir string
}

func newHostileUploads(t *testing.T, maxUpload int64) *hostileUploads {
	t.Helper()
	db := testutil.NewSQLite(t)
	w := newIsolationWorld(t, db)
	dir := t.TempDir()
	fsys, err := blob.NewFS(dir)
	if err != nil {
		t.Fatal(err)
	}
	w.srv.Documents = documents.New(store.NewDocuments(db, store.NewJobs(db)), blob.New(fsys, keys.Generate()), nil, nil, documents.Options{MaxUpload: maxUpload})
	w.srv.MaxUpload = maxUpload
	return &hostileUploads{isolationWorld: w, blobDir: dir}
}

// upload posts a multipart upload form to /documents/new as the committee officer.
func (h *hostileUploads) upload(t *testing.T, fields map[string]string, filename string, content []byte) *httptest.ResponseRecorder {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	fw, _ := mw.CreateFormFile("file", filename)
	fw.Write(content)
	mw.Close()
	r := httptest.NewRequest(http.MethodPost, "/documents/new", &body)
	r.Header.Set("Content-Type", mw.FormDataContentType())
	h.signIn(t, r, h.users["committee_officer"])
	rec := httptest.NewRecorder()
	h.srv.ServeHTTP(rec, r)
	return rec
}

// stored is the database's fingerprint and the number of blob files.
func (h *hostileUploads) stored(t *testing.T) (string, int) {
	t.Helper()
	n := 0
	filepath.WalkDir(h.blobDir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
		}
		return err
	})
	return testutil.Fingerprint(t, h.db, "sessions"), n
}

// TestHostileUploadsOverHTTP sends the hostile corpus through the upload form: a
// file that must be refused answers 422 (or 413) with the form and its reason, and
// leaves no row and no blob; a file that may be kept redirects to its page.
func TestHostileUploadsOverHTTP(t *testing.T) {
	h := newHostileUploads(t, 50<<20)
	fields := map[string]string{"kind": "report", "title": "Hostile file"}
	for _, f := range hostile.Files() {
		t.Run(f.Name, func(t *testing.T) {
			dbBefore, blobsBefore := h.stored(t)
			rec := h.upload(t, fields, f.Filename, f.Data())
			switch {
			case rec.Code == http.StatusSeeOther && f.Want != hostile.Refuse:
			case rec.Code == http.StatusUnprocessableEntity || rec.Code == http.StatusRequestEntityTooLarge:
				if !strings.Contains(rec.Body.String(), "ds_error-summary") {
					t.Fatalf("%d without an error summary", rec.Code)
				}
				if dbAfter, blobsAfter := h.stored(t); dbAfter != dbBefore || blobsAfter != blobsBefore {
					t.Fatalf("a refused upload stored something (blobs %d -> %d)", blobsBefore, blobsAfter)
				}
			default:
				t.Fatalf("answered %d (want %s)", rec.Code, f.Want)
			}
		})
	}
}

// TestBadUploadRequests: oversized, traversing, script-bearing and malformed upload
// requests answer a clear 4xx and store nothing, or store the file under a safe name.
func TestBadUploadRequests(t *testing.T) {
	h := newHostileUploads(t, 1<<20)
	good := []byte("The review panel met in March.\n")
	ok := map[string]string{"kind": "report", "title": "Report"}
	refuse := func(t *testing.T, rec *httptest.ResponseRecorder, db string, blobs int, statuses ...int) {
		t.Helper()
		for _, s := range statuses {
			if rec.Code == s {
				if d, b := h.stored(t); d != db || b != blobs {
					t.Fatalf("refused (%d) but stored something", rec.Code)
				}
				return
			}
		}
		t.Fatalf("answered %d, want one of %v", rec.Code, statuses)
	}
	t.Run("oversized file", func(t *testing.T) {
		db, blobs := h.stored(t)
		refuse(t, h.upload(t, ok, "big.txt", bytes.Repeat(good, (2<<20)/len(good))), db, blobs, 413)
	})
	t.Run("oversized body beyond the limit", func(t *testing.T) {
		db, blobs := h.stored(t)
		refuse(t, h.upload(t, ok, "big.txt", bytes.Repeat(good, (8<<20)/len(good))), db, blobs, 413)
	})
	t.Run("unknown kind", func(t *testing.T) {
		db, blobs := h.stored(t)
		refuse(t, h.upload(t, map[string]string{"kind": "'; DROP TABLE documents; --", "title": "Report"}, "r.txt", good), db, blobs, 422)
	})
	t.Run("title not UTF-8", func(t *testing.T) {
		db, blobs := h.stored(t)
		refuse(t, h.upload(t, map[string]string{"kind": "report", "title": "Caf\xe9 report"}, "r.txt", good), db, blobs, 422)
	})
	t.Run("title too long", func(t *testing.T) {
		db, blobs := h.stored(t)
		refuse(t, h.upload(t, map[string]string{"kind": "report", "title": strings.Repeat("Report ", 20000)}, "r.txt", good), db, blobs, 422)
	})
	t.Run("no file", func(t *testing.T) {
		db, blobs := h.stored(t)
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		mw.WriteField("kind", "report")
		mw.WriteField("title", "Report")
		mw.Close()
		r := httptest.NewRequest(http.MethodPost, "/documents/new", &body)
		r.Header.Set("Content-Type", mw.FormDataContentType())
		h.signIn(t, r, h.users["committee_officer"])
		rec := httptest.NewRecorder()
		h.srv.ServeHTTP(rec, r)
		refuse(t, rec, db, blobs, 422)
	})
	t.Run("not multipart", func(t *testing.T) {
		db, blobs := h.stored(t)
		r := httptest.NewRequest(http.MethodPost, "/documents/new", strings.NewReader("kind=report&title=x"))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		h.signIn(t, r, h.users["committee_officer"])
		rec := httptest.NewRecorder()
		h.srv.ServeHTTP(rec, r)
		refuse(t, rec, db, blobs, 422, 400)
	})
	for _, name := range []string{"../../../etc/passwd.txt", `..\..\windows\report.txt`, "/etc/report.txt", "report\x00.txt", "<script>alert(1)</script>.txt"} {
		t.Run("filename "+name, func(t *testing.T) {
			rec := h.upload(t, ok, name, good)
			if rec.Code != http.StatusSeeOther && rec.Code != http.StatusUnprocessableEntity {
				t.Fatalf("answered %d", rec.Code)
			}
			var bad int
			h.db.Reader().QueryRow(`SELECT COUNT(*) FROM document_versions WHERE filename LIKE '%/%' OR filename LIKE '%\%' OR filename LIKE '%..%' OR filename LIKE '%<%'`).Scan(&bad)
			if bad != 0 {
				t.Fatalf("a filename with a path or markup was stored as given")
			}
		})
	}
}
