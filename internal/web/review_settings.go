package web

import (
	"net/http"

	"github.com/scrutineer/scrutineer"
)

// serviceLevelDays returns the service levels in force: the regulator's settings
// over the defaults.
func (s *Server) serviceLevelDays(r *http.Request) map[string]int {
	return scrutineer.ServiceLevelDays(nil)
}
