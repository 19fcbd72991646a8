package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/store"
)

var system = auth.SystemContext(context.Background())

// newJobsServer is a test server with a signed-in administrator and its job store.
func newJobsServer(t *testing.T) (*testServer, *store.Jobs, *http.Cookie) {
	t.Helper()
	ts := newTestServer(t)
	return ts, store.NewJobs(ts.db), ts.signIn(t, "admin@example.org", scrutineer.RoleAdmin)
}

// mustJob queues a job of kind and, for a failed or done one, runs it to that end.
func mustJob(t *testing.T, q *store.Jobs, kind string, status scrutineer.JobStatus, problem string) *scrutineer.Job {
	t.Helper()
	j := &scrutineer.Job{Kind: kind}
	if err := q.EnqueueJob(system, j); err != nil {
		t.Fatal(err)
	}
	if status == scrutineer.JobQueued {
		return j
	}
	// NOTE: Claim takes the oldest due job, so jobs that must finish are made first.
	if c, err := q.Claim(system, "w", time.Minute); err != nil || c.ID != j.ID {
		t.Fatalf("claim: %v (another job was due first)", err)
	}
	switch status {
	case scrutineer.JobDone:
		if err := q.Complete(system, j.ID, "w"); err != nil {
			t.Fatal(err)
		}
	case scrutineer.JobFailed:
		if _, err := q.Fail(system, j.ID, "w", problem, true); err != nil {
			t.Fatal(err)
		}
	}
	return j
}

func TestJobPagesRefuseOthers(t *testing.T) {
	ts, q, _ := newJobsServer(t)
	failed := mustJob(t, q, "index_document", scrutineer.JobFailed, "the index was unavailable")
	id, err := q.EnqueueEmail(system, &scrutineer.Email{To: "officer@example.org", Subject: "S", Text: "T"})
	if err != nil {
		t.Fatal(err)
	}
	inspector := ts.signIn(t, "inspector@example.org", scrutineer.RoleInspector)
	officer := ts.signIn(t, "officer@example.org", scrutineer.RoleCommitteeOfficer)
	for _, c := range []*http.Cookie{inspector, officer} {
		for _, path := range []string{"/admin/jobs", "/admin/jobs?status=failed", "/admin/outbox", "/admin/outbox/" + id} {
			if w := ts.do(t, "GET", path, nil, c); w.Code != http.StatusNotFound {
				t.Errorf("GET %s as a non-admin: %d, want 404", path, w.Code)
			}
		}
		if w := ts.do(t, "POST", "/admin/jobs/"+failed.ID+"/retry", url.Values{}, c); w.Code != http.StatusNotFound {
			t.Errorf("POST retry as a non-admin: %d, want 404", w.Code)
		}
	}
	for _, path := range []string{"/admin/jobs", "/admin/outbox"} {
		if w := ts.do(t, "GET", path, nil); w.Code != http.StatusSeeOther || !strings.HasPrefix(w.Header().Get("Location"), "/login") {
			t.Errorf("GET %s signed out: %d %s", path, w.Code, w.Header().Get("Location"))
		}
	}
	if w := ts.do(t, "POST", "/admin/jobs/"+failed.ID+"/retry", url.Values{}); w.Code != http.StatusSeeOther {
		t.Errorf("POST retry signed out: %d", w.Code)
	}
	if got, _ := q.FindJobByID(system, failed.ID); got.Status != scrutineer.JobFailed {
		t.Fatalf("a refused retry changed the job to %s", got.Status)
	}
}

func TestJobListShowsFailuresAndRetriesThem(t *testing.T) {
	ts, q, admin := newJobsServer(t)
	failed := mustJob(t, q, "index_document", scrutineer.JobFailed, "the search index did not answer")
	mustJob(t, q, "rebuild_statistics", scrutineer.JobDone, "")
	mustJob(t, q, scrutineer.JobSendEmail, scrutineer.JobQueued, "")

	body := ts.page(t, "/admin/jobs", http.StatusOK, admin)
	wantIn(t, body,
		"<h1 class=\"ds_page-header__title\">Background jobs</h1>",
		"<caption>Jobs by status</caption>", `<th scope="col">Status</th>`, `<th scope="row"><a href="/admin/jobs?status=failed">Failed</a></th>`,
		"<caption>All jobs, newest first</caption>",
		"Index document", "Send an email", "Rebuild statistics",
		"the search index did not answer", "1 of 8",
		`<strong class="ds_tag ds_tag--red">Failed</strong>`,
		`action="/admin/jobs/`+failed.ID+`/retry"`, "Retry<span class=\"visually-hidden\"> the index document job queued ",
		`<form method="get" action="/admin/jobs"`, `<option value="failed">Failed</option>`)
	if n := strings.Count(body, "/retry\""); n != 1 {
		t.Errorf("%d retry buttons, want 1 (failed jobs only)", n)
	}
	if inlineCode.MatchString(body) {
		t.Error("the page has inline script or style")
	}

	body = ts.page(t, "/admin/jobs?status=failed", http.StatusOK, admin)
	wantIn(t, body, "<caption>Failed jobs, newest first</caption>", "Index document", `<option value="failed" selected>Failed</option>`, "Show all jobs")
	wantNotIn(t, body, "Rebuild statistics", "Next try")
	wantIn(t, ts.page(t, "/admin/jobs?status=nonsense", http.StatusOK, admin), "All jobs, newest first")

	w := ts.do(t, "POST", "/admin/jobs/"+failed.ID+"/retry", url.Values{"status": {"failed"}}, admin)
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/admin/jobs?done=retried&status=failed" {
		t.Fatalf("retry: %d %s", w.Code, w.Header().Get("Location"))
	}
	body = ts.page(t, w.Header().Get("Location"), http.StatusOK, admin)
	wantIn(t, body, "The job will be tried again in a moment.", "No jobs have this status.")
	if got, _ := q.FindJobByID(system, failed.ID); got.Status != scrutineer.JobQueued || got.Attempts != 0 {
		t.Fatalf("after retry: %s, %d attempts", got.Status, got.Attempts)
	}

	if w := ts.do(t, "POST", "/admin/jobs/"+failed.ID+"/retry", url.Values{}, admin); w.Code != http.StatusConflict || !strings.Contains(w.Body.String(), "Only a failed job can be tried again") {
		t.Errorf("retrying a queued job: %d", w.Code)
	}
	if w := ts.do(t, "POST", "/admin/jobs/no-such-job/retry", url.Values{}, admin); w.Code != http.StatusNotFound {
		t.Errorf("retrying an unknown job: %d", w.Code)
	}
}

func TestJobListPages(t *testing.T) {
	ts, q, admin := newJobsServer(t)
	for i := 0; i < jobPageSize+3; i++ {
		mustJob(t, q, "k", scrutineer.JobQueued, "")
	}
	body := ts.page(t, "/admin/jobs", http.StatusOK, admin)
	wantIn(t, body, `aria-label="Pages of jobs"`, `href="/admin/jobs?page=2">Older jobs</a>`)
	wantNotIn(t, body, "Newer jobs")
	body = ts.page(t, "/admin/jobs?page=2", http.StatusOK, admin)
	wantIn(t, body, "(page 2)", `href="/admin/jobs">Newer jobs</a>`)
	wantNotIn(t, body, "Older jobs")
	if n := strings.Count(body, `<th scope="row">K</th>`); n != 3 {
		t.Errorf("page 2 lists %d jobs, want 3", n)
	}
}

func TestOutboxPages(t *testing.T) {
	ts, q, admin := newJobsServer(t)
	body := ts.page(t, "/admin/outbox", http.StatusOK, admin)
	wantIn(t, body, "The service has not sent any emails yet.")

	id, err := q.EnqueueEmail(system, &scrutineer.Email{
		To:      "officer@example.org",
		Subject: "Learning review decision received",
		Text:    "Dear colleague,\n\nWe have received your decision.\nThank you.\n\nThe Scrutineer team <script>alert(1)</script>",
		HTML:    "<p>We have received your decision.</p>",
	})
	if err != nil {
		t.Fatal(err)
	}
	waiting, err := q.EnqueueEmail(system, &scrutineer.Email{To: "area@example.org", Subject: "Still waiting", Text: "T"})
	if err != nil {
		t.Fatal(err)
	}
	if err := q.MarkEmail(system, id, scrutineer.EmailKept); err != nil {
		t.Fatal(err)
	}

	body = ts.page(t, "/admin/outbox", http.StatusOK, admin)
	wantIn(t, body, "<caption>Emails, newest first</caption>", `<th scope="col">Subject</th>`,
		`<a href="/admin/outbox/`+id+`">Learning review decision received</a>`, "officer@example.org",
		`<strong class="ds_tag ds_tag--blue">Kept, not sent</strong>`,
		`<a href="/admin/outbox/`+waiting+`">Still waiting</a>`, "Waiting to send")
	if inlineCode.MatchString(body) {
		t.Error("the outbox has inline script or style")
	}
	body = ts.page(t, "/admin/outbox?status=kept", http.StatusOK, admin)
	wantIn(t, body, "Learning review decision received", `<option value="kept" selected>Kept, not sent</option>`)
	wantNotIn(t, body, "Still waiting")
	wantIn(t, ts.page(t, "/admin/outbox?status=sent", http.StatusOK, admin), "No emails match the filter.")

	body = ts.page(t, "/admin/outbox/"+id, http.StatusOK, admin)
	wantIn(t, body, "<h1 class=\"ds_page-header__title\">Learning review decision received</h1>",
		"<title>Email: Learning review decision received - Scrutineer</title>",
		"officer@example.org", "Kept, not sent", "no mail server is set up",
		"<p>Dear colleague,</p>", "<p>We have received your decision.<br>Thank you.</p>",
		"&lt;script&gt;alert(1)&lt;/script&gt;", "also has a formatted version")
	if inlineCode.MatchString(body) {
		t.Error("the email page has inline script or style")
	}
	ts.page(t, "/admin/outbox/no-such-email", http.StatusNotFound, admin)
}
