package main

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/scrutineer/scrutineer/internal/testutil"
)

// TestBrowserDocumentJourney follows a committee officer sending a report in
// Chromium: the upload form refuses a missing file, a report with a planted CHI
// number is uploaded and flagged with the number highlighted, sending is refused,
// the file is replaced with a clean version, which passes, and the document is
// sent after the check-before-sending page. An inspector then finds it. Every page
// is checked with axe.
func TestBrowserDocumentJourney(t *testing.T) {
	if testing.Short() {
		t.Skip("browser journey skipped in -short mode")
	}
	dir := t.TempDir()
	write := func(name, text string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	flagged := write("review-report.txt", "Learning review report\n\nChild E was known to services. Health records list CHI 0101011237 against the referral.\n")
	clean := write("review-report-anonymised.txt", "Learning review report\n\nChild E was known to services. Health records were shared late.\n")

	b := testutil.NewBrowser(t)
	base := startDemo(t)
	submit := func(p *testutil.Page, action string) int {
		return p.Follow(chromedp.Click(chromedp.CSS(`main form[action="` + action + `"] button[type="submit"]`)))
	}
	text := func(p *testutil.Page) string {
		return testutil.Eval[string](p, `document.querySelector('main').innerText`)
	}
	// waitChecked refreshes the document page, as its link invites, until the check
	// has finished.
	waitChecked := func(p *testutil.Page) {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for strings.Contains(text(p), "We are checking your file") {
			if time.Now().After(deadline) {
				t.Fatal("the check did not finish within 30 seconds")
			}
			time.Sleep(200 * time.Millisecond)
			p.Visit(p.URL())
		}
	}

	p := b.NewPage(t)
	signIn(t, p, base, "cpc.glasgow@demo.scrutineer.test")
	if got := p.Visit(base + "/documents"); got != http.StatusOK {
		t.Fatalf("documents: status %d", got)
	}
	checkPage(p, "documents")
	p.Visit(base + "/documents/new")
	checkPage(p, "document-new")
	if got := submit(p, "/documents/new"); got != http.StatusUnprocessableEntity {
		t.Fatalf("empty upload: status %d", got)
	}
	checkPage(p, "document-new-errors")

	p.Do(
		chromedp.SetValue(chromedp.CSS(`#kind`), "report"),
		chromedp.SendKeys(chromedp.CSS(`#title`), "Learning review report, review 2025/07"),
		chromedp.SetUploadFiles(chromedp.CSS(`#file`), []string{flagged}),
	)
	if got := submit(p, "/documents/new"); got != http.StatusOK || !strings.Contains(p.URL(), "done=uploaded") {
		t.Fatalf("upload: status %d at %s", got, p.URL())
	}
	checkPage(p, "document-checking")
	waitChecked(p)
	if got := testutil.Eval[string](p, `(document.querySelector('main mark') || {}).textContent || ''`); got != "0101011237" {
		t.Fatalf("highlighted %q, want the CHI number", got)
	}
	if !strings.Contains(text(p), "A CHI number") {
		t.Fatal("the finding's kind is not named in words")
	}
	checkPage(p, "document-findings")
	docPath := strings.SplitN(strings.TrimPrefix(p.URL(), base), "?", 2)[0]
	if got := p.Visit(base + docPath + "/send"); got != http.StatusOK || !strings.Contains(text(p), "You cannot send this document yet") {
		t.Fatalf("send with a finding: status %d", got)
	}
	checkPage(p, "document-send-refused")

	p.Visit(base + docPath + "/versions/new")
	checkPage(p, "document-replace")
	p.Do(chromedp.SetUploadFiles(chromedp.CSS(`#file`), []string{clean}))
	if got := submit(p, docPath+"/versions/new"); got != http.StatusOK {
		t.Fatalf("replace: status %d", got)
	}
	waitChecked(p)
	if !strings.Contains(text(p), "We found no personal data") {
		t.Fatalf("the clean version was not cleared: %s", text(p))
	}
	checkPage(p, "document-clear")
	p.Follow(chromedp.Click(chromedp.CSS(`main a[href$="/send"]`)))
	checkPage(p, "document-send")
	if got := submit(p, docPath+"/send"); got != http.StatusOK || !strings.Contains(p.URL(), "done=sent") {
		t.Fatalf("send: status %d at %s", got, p.URL())
	}
	checkPage(p, "document-sent")

	// The regulator sees it among the sent documents.
	insp := b.NewPage(t)
	signIn(t, insp, base, "inspector@demo.scrutineer.test")
	insp.Visit(base + "/documents")
	if !strings.Contains(text(insp), "review 2025/07") {
		t.Fatal("the inspector does not see the sent document")
	}
	checkPage(insp, "documents-regulator")
	if got := insp.Visit(base + docPath); got != http.StatusOK {
		t.Fatalf("inspector opening the document: status %d", got)
	}
	checkPage(insp, "document-regulator")
}
