package jobs_test

import (
	"context"
	"crypto/tls"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/jobs"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

func TestSendEmailJob(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		t.Run("kept without SMTP", func(t *testing.T) {
			q := newQueue(db)
			m, _ := jobs.NewMailer("")
			var logs logBuffer
			startPool(t, q, 2, jobs.Handlers{scrutineer.JobSendEmail: jobs.EmailHandler(q, m)}, &logs)
			e := testEmail
			id, err := q.EnqueueEmail(sys, &e)
			if err != nil {
				t.Fatal(err)
			}
			got := waitForEmail(t, q, id)
			if got.Status != scrutineer.EmailKept || got.SentAt.IsZero() {
				t.Fatalf("email: %+v", got)
			}
			waitForJob(t, q, got.JobID, scrutineer.JobDone)
			if out := logs.String(); strings.Contains(out, "officer") || strings.Contains(out, "Thank you") {
				t.Fatalf("the logs hold the message:\n%s", out)
			}
		})
		t.Run("sent over SMTP", func(t *testing.T) {
			s := startSMTPD(t, false)
			q := newQueue(db)
			m, err := jobs.NewMailer(smtpURL("smtp", s), jobs.WithTLSConfig(&tls.Config{RootCAs: s.RootCAs}))
			if err != nil {
				t.Fatal(err)
			}
			startPool(t, q, 2, jobs.Handlers{scrutineer.JobSendEmail: jobs.EmailHandler(q, m)}, nil)
			e := testEmail
			id, err := q.EnqueueEmail(sys, &e)
			if err != nil {
				t.Fatal(err)
			}
			if got := waitForEmail(t, q, id); got.Status != scrutineer.EmailSent {
				t.Fatalf("email: %+v", got)
			}
			if msgs := s.messages(); len(msgs) != 1 || msgs[0].To != "officer@example.org" {
				t.Fatalf("the server received %+v", msgs)
			}
		})
	})
}

func TestEmailHandlerDoesNotSendTwice(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		s := startSMTPD(t, false)
		q := newQueue(db)
		m, _ := jobs.NewMailer(smtpURL("smtp", s), jobs.WithTLSConfig(&tls.Config{RootCAs: s.RootCAs}))
		e := testEmail
		id, err := q.EnqueueEmail(sys, &e)
		if err != nil {
			t.Fatal(err)
		}
		job, err := q.Claim(sys, "w", time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		h := jobs.EmailHandler(q, m)
		for i := 0; i < 2; i++ {
			if err := h(sys, job); err != nil {
				t.Fatal(err)
			}
		}
		if n := len(s.messages()); n != 1 {
			t.Fatalf("the email was sent %d times", n)
		}
		if got, _ := q.FindEmailByID(sys, id); got.Status != scrutineer.EmailSent {
			t.Fatalf("status %s", got.Status)
		}
		bad := &scrutineer.Job{ID: "x", Kind: scrutineer.JobSendEmail, Payload: []byte(`{}`)}
		if err := h(sys, bad); !jobs.IsPermanent(err) {
			t.Fatalf("a job naming no email gave %v", err)
		}
	})
}

func waitForEmail(t *testing.T, q *store.Jobs, id string) *scrutineer.OutboxEmail {
	t.Helper()
	for i := 0; i < 2000; i++ {
		e, err := q.FindEmailByID(sys, id)
		if err != nil {
			t.Fatal(err)
		}
		if e.Status != scrutineer.EmailQueued {
			return e
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatal("the email is still queued")
	return nil
}

func TestMetrics(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		q := newQueue(db)
		reg := prometheus.NewRegistry()
		m, err := jobs.NewMetrics(reg, q)
		if err != nil {
			t.Fatal(err)
		}
		p := jobs.NewPool(q, nil, 1, jobs.Handlers{"k": func(ctx context.Context, j *scrutineer.Job) error { return nil }})
		p.PollInterval, p.Metrics = 10*time.Millisecond, m
		p.Start(context.Background())
		defer p.Stop(context.Background())
		j := enqueue(t, q, &scrutineer.Job{Kind: "k"})
		waitForJob(t, q, j.ID, scrutineer.JobDone)
		enqueue(t, q, &scrutineer.Job{Kind: "other", RunAfter: time.Now().Add(24 * time.Hour)})
		families, err := reg.Gather()
		if err != nil {
			t.Fatal(err)
		}
		counts := map[string]float64{}
		var runs uint64
		for _, f := range families {
			for _, metric := range f.GetMetric() {
				labels := map[string]string{}
				for _, l := range metric.GetLabel() {
					labels[l.GetName()] = l.GetValue()
				}
				switch f.GetName() {
				case "scrutineer_jobs":
					counts[labels["status"]] = metric.GetGauge().GetValue()
				case "scrutineer_job_duration_seconds":
					if labels["kind"] == "k" && labels["outcome"] == "done" {
						runs += metric.GetHistogram().GetSampleCount()
					}
				}
			}
		}
		if counts["done"] != 1 || counts["queued"] != 1 || counts["failed"] != 0 || len(counts) != 4 {
			t.Fatalf("job counts %v", counts)
		}
		if runs != 1 {
			t.Fatalf("%d runs observed, want 1", runs)
		}
		if _, err := jobs.NewMetrics(reg, q); err == nil {
			t.Fatal("registering the collectors twice was not an error")
		}
	})
}
