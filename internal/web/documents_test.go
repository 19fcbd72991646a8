package web

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer/internal/blob"
	"github.com/scrutineer/scrutineer/internal/documents"
	"github.com/scrutineer/scrutineer/internal/keys"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// TestDocumentUploadAnswers sends multipart uploads through the whole stack as a
// committee officer: a good file redirects to its page, a file of a type not
// accepted shows the form again (422) with the reason, and one over the limit 413.
func TestDocumentUploadAnswers(t *testing.T) {
	db := testutil.NewSQLite(t)
	w := newIsolationWorld(t, db)
	fs, err := blob.NewFS(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	w.srv.Documents = documents.New(store.NewDocuments(db, store.NewJobs(db)), blob.New(fs, keys.Generate()), nil, nil, documents.Options{MaxUpload: 1 << 20})
	w.srv.MaxUpload = 1 << 20
	token, err := w.srv.Sessions.CreateSession(context.Background(), w.users["committee_officer"].ID)
	if err != nil {
		t.Fatal(err)
	}
	post := func(name, content string) *httptest.ResponseRecorder {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		mw.WriteField("kind", "report")
		mw.WriteField("title", "Learning review report")
		fw, _ := mw.CreateFormFile("file", name)
		fw.Write([]byte(content))
		mw.Close()
		r := httptest.NewRequest(http.MethodPost, "/documents/new", &body)
		r.Header.Set("Content-Type", mw.FormDataContentType())
		r.AddCookie(&http.Cookie{Name: "scrutineer_session", Value: token})
		rec := httptest.NewRecorder()
		w.srv.ServeHTTP(rec, r)
		return rec
	}
	if rec := post("report.txt", "Child A was known to services.\n"); rec.Code != http.StatusSeeOther || !strings.Contains(rec.Header().Get("Location"), "done=uploaded") {
		t.Fatalf("good file: %d %q", rec.Code, rec.Header().Get("Location"))
	}
	if rec := post("report.html", "<!DOCTYPE html><html><body>Hello</body></html>"); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "ds_error-summary") {
		t.Fatalf("web page: %d", rec.Code)
	}
	rec := post("big.txt", strings.Repeat("Child A was seen. ", 70000))
	if rec.Code != http.StatusRequestEntityTooLarge || !strings.Contains(rec.Body.String(), "smaller than 1 MB") {
		t.Fatalf("too large: %d", rec.Code)
	}
}
