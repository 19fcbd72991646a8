package jobs

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	netmail "net/mail"
	"net/url"
	"strconv"
	"time"

	"github.com/wneessen/go-mail"

	"github.com/scrutineer/scrutineer"
)

// Mailer delivers email: through an SMTP server when one is configured, otherwise by
// keeping each message for the admin outbox page, so that the demo works without a
// mail server.
type Mailer struct {
	smtp *smtpSettings // nil: keep messages
}

type smtpSettings struct {
	host     string
	port     int
	implicit bool // smtps://: TLS from the first byte
	starttls mail.TLSPolicy
	user     string
	password string
	from     string
	tls      *tls.Config
}

// MailerOption changes how a Mailer connects.
type MailerOption func(*smtpSettings)

// WithTLSConfig sets the TLS configuration (for example a private certificate
// authority) used for STARTTLS and smtps://.
func WithTLSConfig(c *tls.Config) MailerOption {
	return func(s *smtpSettings) { s.tls = c.Clone() }
}

// NewMailer returns the Mailer for SCRUTINEER_SMTP_URL. An empty URL gives a Mailer
// that keeps messages for the outbox page. Otherwise the URL is
//
//	smtp://USER:PASSWORD@HOST:PORT?from=ADDRESS   STARTTLS required (port 587 by default)
//	smtps://USER:PASSWORD@HOST:PORT?from=ADDRESS  TLS from the start (port 465 by default)
//
// USER:PASSWORD is optional; from defaults to USER when that is an email address.
// starttls=optional lets smtp:// go on in clear text when the server offers no
// STARTTLS (for a relay on the same machine). Errors never include the password.
func NewMailer(smtpURL string, opts ...MailerOption) (*Mailer, error) {
	if smtpURL == "" {
		return &Mailer{}, nil
	}
	bad := func(why string) error { return fmt.Errorf("SCRUTINEER_SMTP_URL: %s", why) }
	u, err := url.Parse(smtpURL)
	if err != nil {
		return nil, bad("not a valid URL")
	}
	s := &smtpSettings{host: u.Hostname(), starttls: mail.TLSMandatory}
	switch u.Scheme {
	case "smtp":
		s.port = 587
	case "smtps":
		s.port, s.implicit = 465, true
	default:
		return nil, bad("must start smtp:// or smtps://")
	}
	if s.host == "" {
		return nil, bad("has no host")
	}
	if p := u.Port(); p != "" {
		if s.port, err = strconv.Atoi(p); err != nil || s.port < 1 || s.port > 65535 {
			return nil, bad("has an invalid port")
		}
	}
	if u.User != nil {
		s.user = u.User.Username()
		s.password, _ = u.User.Password()
	}
	q := u.Query()
	switch q.Get("starttls") {
	case "", "required":
	case "optional":
		s.starttls = mail.TLSOpportunistic
	default:
		return nil, bad("starttls must be required or optional")
	}
	s.from = q.Get("from")
	if s.from == "" {
		s.from = s.user
	}
	if a, err := netmail.ParseAddress(s.from); err != nil || a.Address == "" {
		return nil, bad("needs ?from=ADDRESS, the address messages are sent from")
	}
	for _, o := range opts {
		o(s)
	}
	if s.tls == nil {
		s.tls = &tls.Config{}
	}
	if s.tls.ServerName == "" {
		s.tls.ServerName = s.host
	}
	s.tls.MinVersion = tls.VersionTLS12
	return &Mailer{smtp: s}, nil
}

// Keeps reports whether the Mailer keeps messages instead of sending them.
func (m *Mailer) Keeps() bool { return m == nil || m.smtp == nil }

// String says where messages go, without credentials, for the start-up log.
func (m *Mailer) String() string {
	if m.Keeps() {
		return "kept on the outbox page (no SMTP server is set)"
	}
	mode := "STARTTLS"
	if m.smtp.implicit {
		mode = "TLS"
	} else if m.smtp.starttls == mail.TLSOpportunistic {
		mode = "STARTTLS when offered"
	}
	return fmt.Sprintf("SMTP via %s:%d (%s)", m.smtp.host, m.smtp.port, mode)
}

// Deliver sends e through SMTP and answers scrutineer.EmailSent, or, without an SMTP
// server, does nothing and answers scrutineer.EmailKept. A rejection that retrying
// cannot fix (an SMTP 5xx answer) is Permanent.
func (m *Mailer) Deliver(ctx context.Context, e *scrutineer.Email) (string, error) {
	if err := e.Validate(); err != nil {
		return "", Permanent(err)
	}
	if m.Keeps() {
		return scrutineer.EmailKept, nil
	}
	msg := mail.NewMsg()
	if err := msg.From(m.smtp.from); err != nil {
		return "", Permanent(fmt.Errorf("the sender address is not valid"))
	}
	if err := msg.To(e.To); err != nil {
		return "", Permanent(fmt.Errorf("the recipient address is not valid"))
	}
	msg.Subject(e.Subject)
	msg.SetDate()
	msg.SetMessageID()
	msg.SetBodyString(mail.TypeTextPlain, e.Text)
	if e.HTML != "" {
		msg.AddAlternativeString(mail.TypeTextHTML, e.HTML)
	}
	c, err := mail.NewClient(m.smtp.host, m.clientOptions()...)
	if err != nil {
		return "", fmt.Errorf("smtp client: %w", err)
	}
	if err := c.DialAndSendWithContext(ctx, msg); err != nil {
		var se *mail.SendError
		if errors.As(err, &se) && !se.IsTemp() && se.ErrorCode() >= 500 {
			return "", Permanent(fmt.Errorf("the mail server refused the message: %w", err))
		}
		return "", fmt.Errorf("smtp: %w", err)
	}
	return scrutineer.EmailSent, nil
}

func (m *Mailer) clientOptions() []mail.Option {
	s := m.smtp
	opts := []mail.Option{
		mail.WithPort(s.port),
		mail.WithTimeout(30 * time.Second),
		mail.WithTLSConfig(s.tls),
	}
	if s.implicit {
		opts = append(opts, mail.WithSSL())
	} else {
		opts = append(opts, mail.WithTLSPolicy(s.starttls))
	}
	if s.user != "" {
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthAutoDiscover), mail.WithUsername(s.user), mail.WithPassword(s.password))
	}
	return opts
}

// EmailStore is what the send_email handler needs from the outbox; *store.Jobs
// implements it.
type EmailStore interface {
	FindEmailByID(ctx context.Context, id string) (*scrutineer.OutboxEmail, error)
	MarkEmail(ctx context.Context, id, status string) error
}

// EmailHandler returns the handler for scrutineer.JobSendEmail jobs: it reads the
// email the job points at, delivers it through m (or keeps it) and records which. An
// email already sent or kept is not sent again.
func EmailHandler(emails EmailStore, m *Mailer) Handler {
	return func(ctx context.Context, job *scrutineer.Job) error {
		var p scrutineer.EmailJobPayload
		if err := json.Unmarshal(job.Payload, &p); err != nil || p.EmailID == "" {
			return Permanent(errors.New("the job does not say which email to send"))
		}
		e, err := emails.FindEmailByID(ctx, p.EmailID)
		if err != nil {
			return err
		}
		if e.Status != scrutineer.EmailQueued {
			return nil
		}
		status, err := m.Deliver(ctx, &e.Email)
		if err != nil {
			return err
		}
		return emails.MarkEmail(ctx, e.ID, status)
	}
}
