package jobs_test

import (
	"crypto/tls"
	"fmt"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/jobs"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

// TestOutboxSurvivesSMTPOutage queues emails while the relay refuses every
// connection (421): the pool retries them with growing waits and keeps them queued,
// none lost; once the relay is back every email is delivered exactly once.
func TestOutboxSurvivesSMTPOutage(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		s := startSMTPD(t, false)
		s.Down.Store(true)
		q := store.NewJobs(db)
		q.RetryBase, q.RetryCap = 100*time.Millisecond, 400*time.Millisecond
		m, err := jobs.NewMailer(smtpURL("smtp", s), jobs.WithTLSConfig(&tls.Config{RootCAs: s.RootCAs}))
		if err != nil {
			t.Fatal(err)
		}
		const n = 12
		ids := make([]string, n)
		for i := range ids {
			e := testEmail
			e.To = fmt.Sprintf("officer%02d@example.org", i)
			if ids[i], err = q.EnqueueEmail(sys, &e); err != nil {
				t.Fatal(err)
			}
		}
		startPool(t, q, 3, jobs.Handlers{scrutineer.JobSendEmail: jobs.EmailHandler(q, m)}, nil)
		time.Sleep(700 * time.Millisecond)
		all, err := q.FindJobs(sys, scrutineer.JobFilter{})
		if err != nil {
			t.Fatal(err)
		}
		retried := 0
		for _, j := range all {
			if j.Status == scrutineer.JobFailed || j.Status == scrutineer.JobDone {
				t.Fatalf("job %s is %s while the relay is down", j.ID, j.Status)
			}
			if j.Attempts >= 2 {
				retried++
			}
			if j.Attempts > 5 { // waits of at least 50, 100, 200, 200 ms: five tries at most
				t.Fatalf("job tried %d times in 700 ms: no backoff", j.Attempts)
			}
		}
		if retried == 0 || len(s.messages()) != 0 {
			t.Fatalf("%d jobs retried, %d messages delivered while down", retried, len(s.messages()))
		}
		s.Down.Store(false)
		for _, id := range ids {
			if e := waitForEmail(t, q, id); e.Status != scrutineer.EmailSent {
				t.Fatalf("email %s is %s after the relay came back", id, e.Status)
			}
		}
		time.Sleep(300 * time.Millisecond)
		seen := map[string]int{}
		for _, msg := range s.messages() {
			seen[msg.To]++
		}
		for i := range ids {
			if to := fmt.Sprintf("<officer%02d@example.org>", i); seen[to] != 1 && seen[to[1:len(to)-1]] != 1 {
				t.Fatalf("%s delivered %v times: %v", to, seen[to], seen)
			}
		}
		t.Logf("%d emails: %d retried while the relay was down, each delivered once after", n, retried)
	})
}
