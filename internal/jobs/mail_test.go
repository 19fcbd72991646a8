package jobs_test

import (
	"context"
	"crypto/tls"
	"net/url"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/jobs"
)

func TestNewMailerReadsTheURL(t *testing.T) {
	for _, tc := range []struct {
		url, want, problem string
	}{
		{url: "", want: "kept on the outbox page (no SMTP server is set)"},
		{url: "smtp://mailer%40example.org:secret@mail.example.org", want: "SMTP via mail.example.org:587 (STARTTLS)"},
		{url: "smtp://mail.example.org:2525?from=noreply@example.org&starttls=optional", want: "SMTP via mail.example.org:2525 (STARTTLS when offered)"},
		{url: "smtps://u:secret@mail.example.org?from=noreply@example.org", want: "SMTP via mail.example.org:465 (TLS)"},
		{url: "http://mail.example.org?from=a@example.org", problem: "must start smtp:// or smtps://"},
		{url: "smtp://?from=a@example.org", problem: "has no host"},
		{url: "smtp://u:secret@mail.example.org:99999?from=a@example.org", problem: "invalid port"},
		{url: "smtp://u:secret@mail.example.org", problem: "needs ?from=ADDRESS"},
		{url: "smtp://mail.example.org?from=a@example.org&starttls=never", problem: "starttls must be"},
	} {
		t.Run(tc.url, func(t *testing.T) {
			m, err := jobs.NewMailer(tc.url)
			if tc.problem != "" {
				if err == nil || !strings.Contains(err.Error(), tc.problem) {
					t.Fatalf("got %v, want an error saying %q", err, tc.problem)
				}
				if strings.Contains(err.Error(), "secret") {
					t.Fatalf("the error shows the password: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if m.String() != tc.want || m.Keeps() != (tc.url == "") {
				t.Fatalf("got %q (keeps %v), want %q", m.String(), m.Keeps(), tc.want)
			}
		})
	}
}

// smtpURL is the URL of a test server with its credentials.
func smtpURL(scheme string, s *smtpd) string {
	u := url.URL{Scheme: scheme, User: url.UserPassword(s.User, s.Password), Host: s.Addr, RawQuery: "from=noreply@scrutineer.test"}
	return u.String()
}

var testEmail = scrutineer.Email{
	To:      "officer@example.org",
	Subject: "Your learning review notification was received",
	Text:    "Thank you for your notification.\nThe Scrutineer team",
	HTML:    "<p>Thank you for your notification.</p>",
}

func TestMailerSendsOverSMTP(t *testing.T) {
	for _, scheme := range []string{"smtp", "smtps"} {
		t.Run(scheme, func(t *testing.T) {
			s := startSMTPD(t, scheme == "smtps")
			m, err := jobs.NewMailer(smtpURL(scheme, s), jobs.WithTLSConfig(&tls.Config{RootCAs: s.RootCAs}))
			if err != nil {
				t.Fatal(err)
			}
			e := testEmail
			status, err := m.Deliver(context.Background(), &e)
			if err != nil || status != scrutineer.EmailSent {
				t.Fatalf("deliver: %q, %v", status, err)
			}
			got := s.messages()
			if len(got) != 1 {
				t.Fatalf("the server received %d messages", len(got))
			}
			r := got[0]
			if r.From != "noreply@scrutineer.test" || r.To != "officer@example.org" || !r.TLS || r.AuthUser != "scrutineer" {
				t.Fatalf("received %+v", r)
			}
			for _, want := range []string{"Subject: Your learning review notification was received", "Thank you for your notification.", "text/plain", "text/html", "<p>Thank you"} {
				if !strings.Contains(r.Data, want) {
					t.Errorf("the message has no %q:\n%s", want, r.Data)
				}
			}
		})
	}
}

func TestMailerNeedsATrustedCertificate(t *testing.T) {
	s := startSMTPD(t, false)
	m, err := jobs.NewMailer(smtpURL("smtp", s))
	if err != nil {
		t.Fatal(err)
	}
	e := testEmail
	if _, err := m.Deliver(context.Background(), &e); err == nil || jobs.IsPermanent(err) {
		t.Fatalf("an untrusted certificate gave %v; want an error worth retrying", err)
	}
	if n := len(s.messages()); n != 0 {
		t.Fatalf("%d messages went over an untrusted connection", n)
	}
}

func TestMailerWrongPasswordIsRetried(t *testing.T) {
	s := startSMTPD(t, false)
	u := url.URL{Scheme: "smtp", User: url.UserPassword(s.User, "another"), Host: s.Addr, RawQuery: "from=noreply@scrutineer.test"}
	m, _ := jobs.NewMailer(u.String(), jobs.WithTLSConfig(&tls.Config{RootCAs: s.RootCAs}))
	e := testEmail
	if _, err := m.Deliver(context.Background(), &e); err == nil {
		t.Fatal("a wrong password was accepted")
	}
	if len(s.messages()) != 0 {
		t.Fatal("a message went without authentication")
	}
}

func TestMailerRejectedRecipientIsPermanent(t *testing.T) {
	s := startSMTPD(t, false)
	s.RejectRcpt = "550 5.1.1 <officer@example.org> no such user"
	m, _ := jobs.NewMailer(smtpURL("smtp", s), jobs.WithTLSConfig(&tls.Config{RootCAs: s.RootCAs}))
	e := testEmail
	_, err := m.Deliver(context.Background(), &e)
	if err == nil || !jobs.IsPermanent(err) {
		t.Fatalf("a 550 rejection gave %v; want a permanent error", err)
	}
}

func TestMailerKeepsWithoutSMTP(t *testing.T) {
	m, _ := jobs.NewMailer("")
	e := testEmail
	if status, err := m.Deliver(context.Background(), &e); err != nil || status != scrutineer.EmailKept {
		t.Fatalf("got %q, %v", status, err)
	}
	e.To = "not an address"
	if _, err := m.Deliver(context.Background(), &e); !jobs.IsPermanent(err) {
		t.Fatalf("a bad address gave %v; want a permanent error", err)
	}
}
