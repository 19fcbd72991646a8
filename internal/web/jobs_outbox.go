package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/scrutineer/scrutineer"
)

// The outbox pages: every email the service sends, and, when no SMTP server is set,
// the emails it keeps instead so that the demo works without a mail server.

// emailStatusOptions are the outbox filter's choices.
var emailStatusOptions = []fieldOption{
	{Value: scrutineer.EmailQueued, Label: "Waiting to send"},
	{Value: scrutineer.EmailSent, Label: "Sent"},
	{Value: scrutineer.EmailKept, Label: "Kept, not sent"},
}

// emailRow is an outbox email with its state in words.
type emailRow struct {
	*scrutineer.OutboxEmail
	StatusLabel string
	TagColour   string
}

func newEmailRow(e *scrutineer.OutboxEmail) emailRow {
	row := emailRow{OutboxEmail: e}
	switch {
	case e.Status == scrutineer.EmailSent:
		row.StatusLabel, row.TagColour = "Sent", "green"
	case e.Status == scrutineer.EmailKept:
		row.StatusLabel, row.TagColour = "Kept, not sent", "blue"
	case e.JobStatus == scrutineer.JobFailed:
		row.StatusLabel, row.TagColour = "Not sent: sending failed", "red"
	default:
		row.StatusLabel, row.TagColour = "Waiting to send", "grey"
	}
	return row
}

type outboxListData struct {
	Statuses []fieldOption
	Status   string
	Rows     []emailRow
	Pager    pager
}

func (s *Server) outboxList(w http.ResponseWriter, r *http.Request) error {
	if s.Jobs == nil {
		return scrutineer.Errorf(scrutineer.ENOTFOUND, "Page not found.")
	}
	q := r.URL.Query()
	data := outboxListData{Statuses: []fieldOption{{Value: "", Label: "All emails"}}}
	for _, o := range emailStatusOptions {
		if o.Value == q.Get("status") {
			data.Status, o.Selected = o.Value, true
		}
		data.Statuses = append(data.Statuses, o)
	}
	data.Statuses[0].Selected = data.Status == ""
	page := pageNumber(r)
	list, err := s.Jobs.FindEmails(r.Context(), scrutineer.EmailFilter{Status: data.Status, Limit: jobPageSize + 1, Offset: (page - 1) * jobPageSize})
	if err != nil {
		return err
	}
	more := len(list) > jobPageSize
	if more {
		list = list[:jobPageSize]
	}
	data.Pager = newPager("/admin/outbox", q, page, more).named("Pages of emails", "Newer emails", "Older emails")
	for _, e := range list {
		data.Rows = append(data.Rows, newEmailRow(e))
	}
	d := s.page(r, "Outbox")
	d.Data = data
	s.render(w, r, http.StatusOK, "outbox", d)
	return nil
}

type outboxMessageData struct {
	emailRow
	// Paragraphs hold the plain-text body split at blank lines, each as its lines.
	Paragraphs [][]string
}

func (s *Server) outboxShow(w http.ResponseWriter, r *http.Request) error {
	if s.Jobs == nil {
		return scrutineer.Errorf(scrutineer.ENOTFOUND, "Page not found.")
	}
	e, err := s.Jobs.FindEmailByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	data := outboxMessageData{emailRow: newEmailRow(e)}
	text := strings.ReplaceAll(e.Text, "\r\n", "\n")
	for _, p := range strings.Split(text, "\n\n") {
		if p = strings.Trim(p, "\n"); p != "" {
			data.Paragraphs = append(data.Paragraphs, strings.Split(p, "\n"))
		}
	}
	d := s.page(r, fmt.Sprintf("Email: %s", e.Subject))
	d.Data = data
	s.render(w, r, http.StatusOK, "outbox-message", d)
	return nil
}
