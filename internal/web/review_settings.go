package web

import (
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// levelsTTL is how long a server uses the service levels it read before reading
// them again: they change a few times a year, and another server's change shows
// here within this time (this server's own change at once).
const levelsTTL = 30 * time.Second

// levelsCache holds one server's service levels.
type levelsCache struct {
	mu   sync.Mutex
	days map[string]int
	at   time.Time
}

var levelsCaches sync.Map // *Server -> *levelsCache

func (s *Server) levels() *levelsCache {
	c, _ := levelsCaches.LoadOrStore(s, &levelsCache{})
	return c.(*levelsCache)
}

// serviceLevelDays returns the service levels in force: the regulator's settings
// over the defaults, read through a short cache; the defaults when the deadlines
// service is not wired in or cannot answer.
func (s *Server) serviceLevelDays(r *http.Request) map[string]int {
	c := s.levels()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.days != nil && s.Now().Sub(c.at) < levelsTTL {
		return c.days
	}
	if s.Deadlines == nil {
		return scrutineer.ServiceLevelDays(nil)
	}
	days, err := s.Deadlines.ServiceLevels(r.Context())
	if err != nil {
		return scrutineer.ServiceLevelDays(nil)
	}
	c.days, c.at = days, s.Now()
	return days
}

// levelRow is one service level on the settings form.
type levelRow struct {
	Code, Label, Hint string
}

// serviceLevelsForm shows GET /reviews/settings/deadlines.
func (s *Server) serviceLevelsForm(w http.ResponseWriter, r *http.Request) error {
	if s.Deadlines == nil {
		return scrutineer.Errorf(scrutineer.ENOTFOUND, "Page not found.")
	}
	if err := auth.Authorise(r.Context(), auth.ManageReviewSettings, auth.Resource{}); err != nil {
		return err // NOTE: reading the levels is open to anyone signed in; the form is not
	}
	days, err := s.Deadlines.ServiceLevels(r.Context())
	if err != nil {
		return err
	}
	form := map[string]string{}
	for code, d := range days {
		form[code] = strconv.Itoa(d)
	}
	return s.showLevels(w, r, http.StatusOK, form, nil)
}

func (s *Server) showLevels(w http.ResponseWriter, r *http.Request, status int, form map[string]string, err error) error {
	d := s.page(r, "Service levels and reminders")
	d.Form = form
	d.Flash = settingsFlashes[r.URL.Query().Get("done")]
	var rows []levelRow
	var order []string
	for _, l := range scrutineer.DefaultServiceLevels {
		lo, hi := scrutineer.ServiceLevelLimits(l.Code)
		rows = append(rows, levelRow{Code: l.Code, Label: l.Label + " (days)", Hint: "From " + strconv.Itoa(lo) + " to " + strconv.Itoa(hi) + " days. The default is " + strconv.Itoa(l.Days) + "."})
		order = append(order, l.Code)
	}
	d.Data = rows
	if err != nil {
		d.withErrors(err, order...)
	}
	s.render(w, r, status, "review-service-levels", d)
	return nil
}

// serviceLevelsSave takes POST /reviews/settings/deadlines.
func (s *Server) serviceLevelsSave(w http.ResponseWriter, r *http.Request) error {
	if s.Deadlines == nil {
		return scrutineer.Errorf(scrutineer.ENOTFOUND, "Page not found.")
	}
	if err := auth.Authorise(r.Context(), auth.ManageReviewSettings, auth.Resource{}); err != nil {
		return err // NOTE: before the form is checked, so a refused caller learns nothing
	}
	if err := r.ParseForm(); err != nil {
		return scrutineer.Errorf(scrutineer.EINVALID, "The form could not be read.")
	}
	form := map[string]string{}
	days := map[string]int{}
	var p scrutineer.Problems
	for _, l := range scrutineer.DefaultServiceLevels {
		v := strings.TrimSpace(r.PostFormValue(l.Code))
		form[l.Code] = v
		n, err := strconv.Atoi(v)
		switch {
		case v == "":
			p.Add(l.Code, "Enter the number of days for "+strings.ToLower(l.Label[:1])+l.Label[1:]+".")
		case err != nil:
			p.Add(l.Code, l.Label+" must be a whole number of days, like 28.")
		default:
			days[l.Code] = n
		}
	}
	err := p.Err("Check the service levels: some answers are missing or not valid.")
	if err == nil {
		err = s.Deadlines.SetServiceLevels(r.Context(), days)
	}
	if scrutineer.ErrorCode(err) == scrutineer.EINVALID {
		return s.showLevels(w, r, http.StatusUnprocessableEntity, form, err)
	}
	if err != nil {
		return err
	}
	c := s.levels()
	c.mu.Lock()
	c.days = nil
	c.mu.Unlock()
	http.Redirect(w, r, "/reviews/settings/deadlines?done=levels", http.StatusSeeOther)
	return nil
}
