package documents_test

import (
	"errors"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/documents"
	"github.com/scrutineer/scrutineer/internal/search"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// planted is anonymised prose with one valid CHI number in it.
const planted = "The review panel met in March. Child A was known to services.\nHealth records list CHI 0101011237 against the referral.\nLearning points follow.\n"

const clean = "The review panel met in March. Child A was known to services.\nHealth records were shared late.\nLearning points follow.\n"

func testdata(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile("../extract/testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestUploadRefusals(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db, documents.Options{MaxUpload: 300 << 10})
		cases := []struct{ name, file, content string }{
			{"encrypted PDF", "report.pdf", testdata(t, "encrypted.pdf")},
			{"macro DOCM", "report.docm", testdata(t, "macro.docm")},
			{"zip bomb", "report.docx", testdata(t, "bomb.docx")},
			{"wrong extension", "report.pdf", testdata(t, "sample.docx")},
			{"archive", "report.zip", testdata(t, "archive.zip")},
			{"script", "report.sh", testdata(t, "script.sh")},
			{"web page", "report.html", testdata(t, "page.html")},
			{"not UTF-8", "report.txt", testdata(t, "latin1.txt")},
			{"empty", "report.txt", ""},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				before := testutil.Fingerprint(t, db, "sessions")
				_, err := w.upload(t, w.officer, "", c.file, c.content)
				if scrutineer.ErrorCode(err) != scrutineer.EINVALID || scrutineer.ErrorFields(err)["file"] == "" {
					t.Fatalf("got %v, want EINVALID on the file", err)
				}
				if before != testutil.Fingerprint(t, db, "sessions") {
					t.Fatal("a refused upload changed the database")
				}
			})
		}
		t.Run("too large", func(t *testing.T) {
			_, err := w.upload(t, w.officer, "", "big.txt", strings.Repeat("Child A was seen. ", 20000))
			var mbe *http.MaxBytesError
			if !errors.As(err, &mbe) || scrutineer.ErrorCode(err) != scrutineer.EINVALID {
				t.Fatalf("got %v, want a MaxBytesError", err)
			}
		})
		t.Run("inspector may not upload", func(t *testing.T) {
			if _, err := w.upload(t, w.inspector, "", "report.txt", clean); scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND {
				t.Fatalf("got %v, want ENOTFOUND", err)
			}
		})
	})
}

func TestFindingsDismissAndSend(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db, documents.Options{})
		ctx := as(w.officer)
		res, err := w.upload(t, w.officer, "", "report.txt", planted)
		if err != nil {
			t.Fatal(err)
		}
		id := res.Document.ID
		if res.Version.Number != 1 || res.Version.Extraction != scrutineer.ExtractionQueued {
			t.Fatalf("version %+v", res.Version)
		}
		if err := w.svc.SendDocument(ctx, id); scrutineer.ErrorCode(err) != scrutineer.ECONFLICT {
			t.Fatalf("send before the check: %v, want ECONFLICT", err)
		}
		w.runJobs(t)
		d, err := w.svc.FindDocumentByID(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		v := d.Latest()
		if v.Check != scrutineer.CheckFindings || len(v.Findings) != 1 || v.Findings[0].Kind != "chi_number" {
			t.Fatalf("check %s, findings %+v", v.Check, v.Findings)
		}
		if f := v.Findings[0]; f.Match != "0101011237" || !strings.Contains(f.Before, "CHI") || !strings.Contains(f.After, "referral") {
			t.Fatalf("context %q [%q] %q", f.Before, f.Match, f.After)
		}
		if err := w.svc.SendDocument(ctx, id); scrutineer.ErrorCode(err) != scrutineer.ECONFLICT {
			t.Fatalf("send with an unresolved finding: %v, want ECONFLICT", err)
		}
		if err := w.svc.DismissFinding(as(w.fife), id, v.Findings[0].ID, "A reference number"); scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND {
			t.Fatalf("another committee dismissing: %v, want ENOTFOUND", err)
		}
		if err := w.svc.DismissFinding(ctx, id, v.Findings[0].ID, " "); scrutineer.ErrorCode(err) != scrutineer.EINVALID {
			t.Fatalf("dismiss without a reason: %v", err)
		}
		if err := w.svc.DismissFinding(ctx, id, v.Findings[0].ID, "It is the example number from the guidance"); err != nil {
			t.Fatal(err)
		}
		if err := w.svc.SendDocument(ctx, id); err != nil {
			t.Fatal(err)
		}
		// The regulator sees the sent document, its finding and who dismissed it.
		d, err = w.svc.FindDocumentByID(as(w.inspector), id)
		if err != nil {
			t.Fatal(err)
		}
		if f := d.Latest().Findings[0]; !f.Dismissed() || f.DismissedBy != w.officer.ID || f.DismissedReason == "" {
			t.Fatalf("finding %+v", f)
		}
		if _, err := w.svc.FindDocumentByID(as(w.fife), id); scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND {
			t.Fatalf("another committee viewing: %v, want ENOTFOUND", err)
		}
		if _, err := w.upload(t, w.officer, id, "report.txt", clean); scrutineer.ErrorCode(err) != scrutineer.ECONFLICT {
			t.Fatalf("new version after sending: %v, want ECONFLICT", err)
		}
		hits, err := search.New(db).Search(as(w.inspector), search.Query{Text: "referral"})
		if err != nil || hits.Total != 1 {
			t.Fatalf("search after sending: %+v %v", hits, err)
		}
		want := []string{"document.upload", "document.check", "document.view", "finding.dismiss", "document.submit", "document.view"}
		if got := auditActions(t, db, id); !slices.Equal(got, want) {
			t.Fatalf("audit %v, want %v", got, want)
		}
	})
}

func TestVersionsAndDuplicates(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db, documents.Options{})
		ctx := as(w.officer)
		res, err := w.upload(t, w.officer, "", "report.txt", planted)
		if err != nil {
			t.Fatal(err)
		}
		id := res.Document.ID
		w.runJobs(t)
		dup, err := w.upload(t, w.officer, id, "copy.txt", planted)
		if err != nil || !dup.Duplicate || dup.Version.Number != 1 {
			t.Fatalf("same file again: %+v %v", dup, err)
		}
		res2, err := w.upload(t, w.officer, id, "report-clean.txt", clean)
		if err != nil || res2.Duplicate || res2.Version.Number != 2 {
			t.Fatalf("new version: %+v %v", res2, err)
		}
		w.runJobs(t)
		d, err := w.svc.FindDocumentByID(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Versions) != 2 || d.Latest().Check != scrutineer.CheckClear || d.Versions[1].Check != scrutineer.CheckFindings {
			t.Fatalf("versions %+v %+v", d.Versions[0], d.Versions[1])
		}
		// The first version is kept, byte for byte.
		_, rc, err := w.svc.OpenDocumentVersion(ctx, id, 1)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		if string(b) != planted {
			t.Fatal("version 1 changed")
		}
		if _, _, err := w.svc.OpenDocumentVersion(as(w.fife), id, 1); scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND {
			t.Fatalf("another committee downloading: %v", err)
		}
		if err := w.svc.SendDocument(ctx, id); err != nil {
			t.Fatal(err)
		}
		list, err := w.svc.FindDocuments(as(w.inspector), scrutineer.DocumentFilter{})
		if err != nil || len(list) != 1 {
			t.Fatalf("inspector's list: %d %v", len(list), err)
		}
		list, err = w.svc.FindDocuments(as(w.fife), scrutineer.DocumentFilter{})
		if err != nil || len(list) != 0 {
			t.Fatalf("Fife's list: %d %v", len(list), err)
		}
	})
}

func TestExtractionOfRealFiles(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db, documents.Options{ProgressEvery: time.Millisecond})
		for _, c := range []struct {
			file  string
			want  scrutineer.ExtractionStatus
			pages int
		}{
			{"report-40p.pdf", scrutineer.ExtractionDone, 40},
			{"sample.docx", scrutineer.ExtractionDone, 1},
			{"sample.odt", scrutineer.ExtractionDone, 1},
			{"scanned.pdf", scrutineer.ExtractionNoText, 0},
		} {
			t.Run(c.file, func(t *testing.T) {
				start := time.Now()
				res, err := w.upload(t, w.officer, "", c.file, testdata(t, c.file))
				if err != nil {
					t.Fatal(err)
				}
				w.runJobs(t)
				d, err := w.svc.FindDocumentByID(as(w.officer), res.Document.ID)
				if err != nil {
					t.Fatal(err)
				}
				v := d.Latest()
				t.Logf("%s: upload to checked in %s, %d findings", c.file, time.Since(start).Round(time.Millisecond), len(v.Findings))
				if v.Extraction != c.want || (c.pages > 0 && v.PagesTotal != c.pages) {
					t.Fatalf("extraction %s, pages %d/%d", v.Extraction, v.PagesDone, v.PagesTotal)
				}
				if c.want == scrutineer.ExtractionNoText {
					if !strings.Contains(v.ExtractionMessage, "could not read the text") || v.Check != scrutineer.CheckPending {
						t.Fatalf("unreadable file: %q %s", v.ExtractionMessage, v.Check)
					}
					if err := w.svc.SendDocument(as(w.officer), d.ID); scrutineer.ErrorCode(err) != scrutineer.ECONFLICT {
						t.Fatalf("sending an unreadable file: %v", err)
					}
				}
			})
		}
	})
}

// TestProgressIsSaved checks a long PDF's progress reaches the version row while it
// is read, not only at the end.
func TestProgressIsSaved(t *testing.T) {
	db := testutil.NewSQLite(t)
	w := newWorld(t, db, documents.Options{ProgressEvery: time.Nanosecond})
	res, err := w.upload(t, w.officer, "", "report.pdf", testdata(t, "report-40p.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	seen := make(chan int, 1)
	stop := make(chan struct{})
	go func() {
		most := 0
		for {
			select {
			case <-stop:
				seen <- most
				return
			default:
			}
			var done int
			var status string
			db.Reader().QueryRow(`SELECT pages_done, extraction FROM document_versions WHERE id = $1`, res.Version.ID).Scan(&done, &status)
			if status == string(scrutineer.ExtractionExtracting) && done > most {
				most = done
			}
			time.Sleep(time.Millisecond)
		}
	}()
	w.runJobs(t)
	close(stop)
	if most := <-seen; most == 0 {
		t.Fatal("no progress was seen while the PDF was read")
	}
}
