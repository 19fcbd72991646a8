package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// jobRoutes registers the background jobs and outbox pages, for administrators. The
// job service asks the access policy; others get not found.
func (s *Server) jobRoutes() []route {
	manage := Requires(auth.ManageJobs)
	return []route{
		{"GET /admin/jobs", s.jobList, manage},
		{"POST /admin/jobs/{id}/retry", s.jobRetry, manage},
		{"GET /admin/outbox", s.outboxList, manage},
		{"GET /admin/outbox/{id}", s.outboxShow, manage},
	}
}

// jobPageSize is how many jobs or emails one page lists.
const jobPageSize = 50

// jobKindLabels names job kinds in plain English.
var jobKindLabels = map[string]string{
	scrutineer.JobSendEmail: "Send an email",
}

func jobKindLabel(kind string) string {
	if l, ok := jobKindLabels[kind]; ok {
		return l
	}
	l := strings.ReplaceAll(kind, "_", " ")
	if l == "" {
		return l
	}
	return strings.ToUpper(l[:1]) + l[1:]
}

// shortTime is a date and time short enough for a table cell.
func shortTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(london).Format("2 Jan 2006, 15:04")
}

// jobTagColours gives each status a design system tag colour.
var jobTagColours = map[scrutineer.JobStatus]string{
	scrutineer.JobQueued:  "grey",
	scrutineer.JobRunning: "blue",
	scrutineer.JobDone:    "green",
	scrutineer.JobFailed:  "red",
}

type jobRow struct {
	*scrutineer.Job
	KindLabel string
	TagColour string
	When      string // the time that matters for the job's status, in words
	RetryHint string // the retry button's name for screen readers
}

func newJobRow(j *scrutineer.Job) jobRow {
	row := jobRow{Job: j, KindLabel: jobKindLabel(j.Kind), TagColour: jobTagColours[j.Status]}
	switch j.Status {
	case scrutineer.JobQueued:
		row.When = "Next try " + shortTime(j.RunAfter)
	case scrutineer.JobRunning:
		row.When = "Started " + shortTime(j.UpdatedAt)
	case scrutineer.JobDone:
		row.When = "Finished " + shortTime(j.FinishedAt)
	case scrutineer.JobFailed:
		row.When = "Failed " + shortTime(j.FinishedAt)
	}
	row.RetryHint = fmt.Sprintf("the %s job queued %s", strings.ToLower(row.KindLabel), shortTime(j.CreatedAt))
	return row
}

type statusCount struct {
	Status scrutineer.JobStatus
	Count  int
	Href   string
}

type jobListData struct {
	Statuses []fieldOption
	Status   scrutineer.JobStatus
	Counts   []statusCount
	Rows     []jobRow
	Pager    pager
}

// pager links to the pages before and after this one; the "list-pages" component
// shows it. Label names its navigation ("Pages of jobs"), Prev and Next its links.
type pager struct {
	Page               int
	PrevHref, NextHref string
	Label, Prev, Next  string
}

// named returns p with the words its list shows.
func (p pager) named(label, prev, next string) pager {
	p.Label, p.Prev, p.Next = label, prev, next
	return p
}

// pageNumber reads ?page=, starting at 1.
func pageNumber(r *http.Request) int {
	n, err := strconv.Atoi(r.URL.Query().Get("page"))
	if err != nil || n < 1 || n > 10000 {
		return 1
	}
	return n
}

// newPager builds the links for page of a list at base with query q; more says
// whether a further page exists.
func newPager(base string, q url.Values, page int, more bool) pager {
	link := func(p int) string {
		v := url.Values{}
		for k, vs := range q {
			if k != "page" && k != "done" && len(vs) > 0 && vs[0] != "" {
				v.Set(k, vs[0])
			}
		}
		if p > 1 {
			v.Set("page", strconv.Itoa(p))
		}
		if len(v) == 0 {
			return base
		}
		return base + "?" + v.Encode()
	}
	pg := pager{Page: page}
	if page > 1 {
		pg.PrevHref = link(page - 1)
	}
	if more {
		pg.NextHref = link(page + 1)
	}
	return pg
}

// jobFlashes are the notifications shown after a POST-redirect-GET.
var jobFlashes = map[string]string{
	"retried": "The job will be tried again in a moment.",
}

func (s *Server) jobList(w http.ResponseWriter, r *http.Request) error {
	if s.Jobs == nil {
		return scrutineer.Errorf(scrutineer.ENOTFOUND, "Page not found.")
	}
	counts, err := s.Jobs.CountJobs(r.Context())
	if err != nil {
		return err
	}
	q := r.URL.Query()
	status := scrutineer.JobStatus(q.Get("status"))
	if !status.Valid() {
		status = "" // an edited address shows everything rather than an error
	}
	page := pageNumber(r)
	list, err := s.Jobs.FindJobs(r.Context(), scrutineer.JobFilter{Status: status, Limit: jobPageSize + 1, Offset: (page - 1) * jobPageSize})
	if err != nil {
		return err
	}
	more := len(list) > jobPageSize
	if more {
		list = list[:jobPageSize]
	}
	data := jobListData{
		Status:   status,
		Statuses: []fieldOption{{Value: "", Label: "All statuses", Selected: status == ""}},
		Pager:    newPager("/admin/jobs", q, page, more).named("Pages of jobs", "Newer jobs", "Older jobs"),
	}
	for _, st := range scrutineer.JobStatuses {
		data.Statuses = append(data.Statuses, fieldOption{Value: string(st), Label: st.Label(), Selected: st == status})
		data.Counts = append(data.Counts, statusCount{Status: st, Count: counts[st], Href: "/admin/jobs?status=" + string(st)})
	}
	for _, j := range list {
		data.Rows = append(data.Rows, newJobRow(j))
	}
	d := s.page(r, "Background jobs")
	d.Flash = jobFlashes[q.Get("done")]
	d.Data = data
	s.render(w, r, http.StatusOK, "jobs", d)
	return nil
}

// jobRetry queues a failed job again and goes back to the list the button was on.
func (s *Server) jobRetry(w http.ResponseWriter, r *http.Request) error {
	if s.Jobs == nil {
		return scrutineer.Errorf(scrutineer.ENOTFOUND, "Page not found.")
	}
	if err := r.ParseForm(); err != nil {
		return scrutineer.Errorf(scrutineer.EINVALID, "The form could not be read. Try again.")
	}
	if err := s.Jobs.RetryJob(r.Context(), r.PathValue("id")); err != nil {
		return err
	}
	v := url.Values{"done": {"retried"}}
	if st := scrutineer.JobStatus(r.PostForm.Get("status")); st.Valid() {
		v.Set("status", string(st))
	}
	http.Redirect(w, r, "/admin/jobs?"+v.Encode(), http.StatusSeeOther)
	return nil
}
