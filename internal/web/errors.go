package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/scrutineer/scrutineer"
)

// statusOf is the one mapping from domain error codes to HTTP statuses.
func statusOf(code string) int {
	switch code {
	case scrutineer.EINVALID:
		return http.StatusUnprocessableEntity
	case scrutineer.ENOTFOUND:
		return http.StatusNotFound
	case scrutineer.ECONFLICT:
		return http.StatusConflict
	case scrutineer.EUNAUTHORISED:
		return http.StatusUnauthorized
	case scrutineer.EFORBIDDEN:
		return http.StatusForbidden
	case scrutineer.EUNAVAILABLE:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// fail answers a request whose handler returned err: JSON for the API, a page
// otherwise. Only internal errors are logged, with the request ID the page shows.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	cause := err
	err = unavailable(err)
	code := scrutineer.ErrorCode(err)
	status := statusOf(code)
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) || bodyTooLarge(r.Context()) {
		code, status = scrutineer.EINVALID, http.StatusRequestEntityTooLarge
		err = scrutineer.Errorf(scrutineer.EINVALID, "What you sent is too large.")
	}
	id := requestID(r.Context())
	if status == http.StatusInternalServerError {
		s.Logger.Error("internal error", "request_id", id, "path", r.URL.Path, "error", err.Error())
	}
	if status == http.StatusServiceUnavailable {
		// NOTE: logged so operators see the outage; the cause is a driver or file
		// system error, which carries no record content.
		s.Logger.Error("unavailable", "request_id", id, "route", r.Pattern, "error", cause.Error())
		w.Header().Set("Retry-After", "30")
	}
	if strings.HasPrefix(r.URL.Path, "/api/") {
		if status == http.StatusUnauthorized {
			w.Header().Set("WWW-Authenticate", `Bearer realm="scrutineer"`)
			err = scrutineer.Errorf(scrutineer.EUNAUTHORISED, apiUnauthorised)
		}
		writeJSONError(w, status, code, scrutineer.ErrorMessage(err), scrutineer.ErrorFields(err))
		return
	}
	if status == http.StatusUnauthorized {
		http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	data := s.page(r, titleFor(status))
	data.Status = status
	data.Message = scrutineer.ErrorMessage(err)
	s.render(w, r, status, "error", data)
}

func titleFor(status int) string {
	switch status {
	case http.StatusNotFound:
		return "Page not found"
	case http.StatusForbidden:
		return "You cannot do this"
	case http.StatusConflict:
		return "This has changed"
	case http.StatusUnprocessableEntity, http.StatusRequestEntityTooLarge:
		return "There is a problem"
	case http.StatusTooManyRequests:
		return "Too many attempts"
	case http.StatusServiceUnavailable:
		return "Sorry, the service is unavailable"
	}
	return "Sorry, there is a problem with the service"
}

func writeJSONError(w http.ResponseWriter, status int, code, message string, fields map[string]string) {
	body := map[string]any{"code": code, "message": message}
	if len(fields) > 0 {
		body["fields"] = fields
	}
	writeJSON(w, status, map[string]any{"error": body})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	enc.Encode(v)
}

// notFound answers every path no route matches.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) error {
	return scrutineer.Errorf(scrutineer.ENOTFOUND, "If you typed the web address, check it is correct. If you pasted it, check you copied the whole address.")
}
