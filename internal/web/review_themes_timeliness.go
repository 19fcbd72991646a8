package web

import (
	"fmt"
	"net/http"

	"github.com/scrutineer/scrutineer"
)

// timeliness shows GET /reviews/timeliness: how each deadline was kept, and the
// reviews overdue now. The service asks the policy (auth.ViewStatistics).
func (s *Server) timeliness(w http.ResponseWriter, r *http.Request) error {
	if s.Deadlines == nil {
		return scrutineer.Errorf(scrutineer.ENOTFOUND, "Page not found.")
	}
	t, err := s.Deadlines.Timeliness(r.Context())
	if err != nil {
		return err
	}
	d := s.page(r, "Timeliness of learning reviews")
	d.Data = t
	s.render(w, r, http.StatusOK, "review-timeliness", d)
	return nil
}

func init() {
	funcs["shortRef"] = shortID
	funcs["medianDays"] = func(v float64) string {
		switch {
		case v < 0:
			return "None met yet"
		case v == float64(int(v)):
			return fmt.Sprintf("%d", int(v))
		}
		return fmt.Sprintf("%.1f", v)
	}
}
