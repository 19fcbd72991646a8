package store_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/store"
	"github.com/scrutineer/scrutineer/internal/testutil"
)

func TestEmailOutbox(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		c := withClock(db)
		jobs := store.NewJobs(db)
		e := &scrutineer.Email{To: " officer@example.org ", Subject: "Your notification was received", Text: "Thank you.\nThe Scrutineer team", HTML: "<p>Thank you.</p>"}
		id, err := jobs.EnqueueEmail(sys, e)
		if err != nil {
			t.Fatal(err)
		}

		// The job holds only a pointer to the email, never the address or the body.
		list, _ := jobs.FindJobs(sys, scrutineer.JobFilter{})
		if len(list) != 1 || list[0].Kind != scrutineer.JobSendEmail {
			t.Fatalf("want one send_email job, got %d", len(list))
		}
		var p scrutineer.EmailJobPayload
		if err := json.Unmarshal(list[0].Payload, &p); err != nil || p.EmailID != id {
			t.Fatalf("payload %s: %v", list[0].Payload, err)
		}
		if strings.Contains(string(list[0].Payload), "officer") {
			t.Fatalf("the job payload holds the recipient: %s", list[0].Payload)
		}

		got, err := jobs.FindEmailByID(sys, id)
		if err != nil {
			t.Fatal(err)
		}
		want := scrutineer.Email{To: "officer@example.org", Subject: e.Subject, Text: e.Text, HTML: e.HTML}
		if got.Email != want || got.Status != scrutineer.EmailQueued || got.JobID != list[0].ID || got.JobStatus != scrutineer.JobQueued || !got.CreatedAt.Equal(c.t) || !got.SentAt.IsZero() {
			t.Fatalf("outbox email: %+v", got)
		}

		mustClaim(t, jobs, "w1")
		if err := jobs.MarkEmail(sys, id, scrutineer.EmailKept); err != nil {
			t.Fatal(err)
		}
		wantCode(t, jobs.MarkEmail(sys, id, "lost"), scrutineer.EINVALID)
		wantCode(t, jobs.MarkEmail(sys, "missing", scrutineer.EmailSent), scrutineer.ENOTFOUND)
		kept, err := jobs.FindEmails(sys, scrutineer.EmailFilter{Status: scrutineer.EmailKept})
		if err != nil || len(kept) != 1 || kept[0].ID != id || kept[0].JobStatus != scrutineer.JobRunning || !kept[0].SentAt.Equal(c.t) {
			t.Fatalf("kept emails: %v %+v", err, kept)
		}
		if sent, _ := jobs.FindEmails(sys, scrutineer.EmailFilter{Status: scrutineer.EmailSent}); len(sent) != 0 {
			t.Fatalf("%d sent emails, want none", len(sent))
		}
		_, err = jobs.FindEmailByID(sys, "missing")
		wantCode(t, err, scrutineer.ENOTFOUND)
	})
}

func TestEmailValidation(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		jobs := store.NewJobs(db)
		for name, tc := range map[string]struct {
			email scrutineer.Email
			field string
		}{
			"no recipient":       {scrutineer.Email{Subject: "S", Text: "T"}, "to"},
			"two recipients":     {scrutineer.Email{To: "a@example.org, b@example.org", Subject: "S", Text: "T"}, "to"},
			"display name":       {scrutineer.Email{To: "A <a@example.org>", Subject: "S", Text: "T"}, "to"},
			"no subject":         {scrutineer.Email{To: "a@example.org", Text: "T"}, "subject"},
			"header in subject":  {scrutineer.Email{To: "a@example.org", Subject: "S\r\nBcc: x@example.org", Text: "T"}, "subject"},
			"no plain-text body": {scrutineer.Email{To: "a@example.org", Subject: "S", HTML: "<p>T</p>"}, "text"},
		} {
			t.Run(name, func(t *testing.T) {
				_, err := jobs.EnqueueEmail(sys, &tc.email)
				wantCode(t, err, scrutineer.EINVALID)
				if _, ok := scrutineer.ErrorFields(err)[tc.field]; !ok {
					t.Fatalf("no problem with %s in %v", tc.field, err)
				}
			})
		}
		if counts, _ := jobs.CountJobs(sys); counts[scrutineer.JobQueued] != 0 {
			t.Fatalf("invalid emails queued %d jobs", counts[scrutineer.JobQueued])
		}
	})
}
