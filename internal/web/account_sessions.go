package web

import (
	"fmt"
	"net/http"

	"github.com/scrutineer/scrutineer"
)

// sessionRow is one session as the lists show it.
type sessionRow struct {
	*scrutineer.SessionInfo
	// Name says which session a button ends, for screen readers.
	Name string
}

func sessionRows(list []*scrutineer.SessionInfo) []sessionRow {
	rows := make([]sessionRow, len(list))
	for i, si := range list {
		name := "the session started " + shortTime(si.CreatedAt)
		if si.Current {
			name = "this session"
		}
		rows[i] = sessionRow{SessionInfo: si, Name: name}
	}
	return rows
}

type sessionListData struct {
	Rows   []sessionRow
	Others int
}

// sessionFlashes are the notices of the sessions page, by the done parameter.
var sessionFlashes = map[string]string{
	"ended":  "That session has been signed out.",
	"others": "You have been signed out everywhere else.",
	"none":   "There were no other sessions to sign out.",
}

func (s *Server) sessionList(w http.ResponseWriter, r *http.Request) error {
	if err := s.accountsReady(); err != nil {
		return err
	}
	me := scrutineer.UserFromContext(r.Context())
	list, err := s.SessionLists.ListSessions(r.Context(), me.ID, s.sessionToken(r))
	if err != nil {
		return err
	}
	data := sessionListData{Rows: sessionRows(list)}
	for _, si := range list {
		if !si.Current {
			data.Others++
		}
	}
	d := s.page(r, "Where you are signed in")
	d.Flash = sessionFlashes[r.URL.Query().Get("done")]
	d.Data = data
	s.render(w, r, http.StatusOK, "account-sessions", d)
	return nil
}

// sessionEnd signs one of the caller's own sessions out. Ending the current one is
// signing out, so it clears the cookie too.
func (s *Server) sessionEnd(w http.ResponseWriter, r *http.Request) error {
	if err := s.accountsReady(); err != nil {
		return err
	}
	me := scrutineer.UserFromContext(r.Context())
	id := r.PathValue("id")
	current := false
	if list, err := s.SessionLists.ListSessions(r.Context(), me.ID, s.sessionToken(r)); err == nil {
		for _, si := range list {
			current = current || (si.ID == id && si.Current)
		}
	}
	if err := s.SessionLists.EndSession(r.Context(), me.ID, id); err != nil {
		return err
	}
	if current {
		s.clearSessionCookie(w)
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return nil
	}
	http.Redirect(w, r, "/account/sessions?done=ended", http.StatusSeeOther)
	return nil
}

func (s *Server) sessionEndOthers(w http.ResponseWriter, r *http.Request) error {
	if err := s.accountsReady(); err != nil {
		return err
	}
	n, err := s.SessionLists.EndOtherSessions(r.Context(), s.sessionToken(r))
	if err != nil {
		return err
	}
	done := "others"
	if n == 0 {
		done = "none"
	}
	http.Redirect(w, r, fmt.Sprintf("/account/sessions?done=%s", done), http.StatusSeeOther)
	return nil
}
