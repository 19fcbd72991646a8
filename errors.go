// Package scrutineer holds the domain of the Scrutineer service: the types, their
// validation, the error codes and the service interfaces that the adapters under
// internal/ implement. It imports only the standard library.
package scrutineer

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Error codes. Exactly one place (internal/web) maps them to HTTP statuses.
const (
	EINVALID      = "invalid"      // the input is wrong; Fields says where
	ENOTFOUND     = "not_found"    // the record does not exist or the caller may not see it
	ECONFLICT     = "conflict"     // the record changed or the state does not allow this
	EUNAUTHORISED = "unauthorised" // the caller is not signed in
	EFORBIDDEN    = "forbidden"    // the caller may see the record but not do this to it
	EINTERNAL     = "internal"     // anything else: logged with a request ID, never shown
	EUNAVAILABLE  = "unavailable"  // the database or the disk cannot serve now; try again later
)

// Error is the one domain error. Code is one of the E* constants; Message is plain
// English safe to show to the user; Fields maps form field names to their problem.
type Error struct {
	Code    string
	Message string
	Fields  map[string]string
}

// Error returns the message with its code.
func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return fmt.Sprintf("scrutineer: %s: %s", e.Code, e.Message)
	}
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, k+": "+e.Fields[k])
	}
	return fmt.Sprintf("scrutineer: %s: %s (%s)", e.Code, e.Message, strings.Join(parts, "; "))
}

// Errorf returns an *Error with the code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL for any
// other non-nil error, and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of err. Internal errors get a generic
// message so that no detail of the system leaks to the user.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Code != EINTERNAL {
		return e.Message
	}
	return "Something went wrong on our side. Try again later."
}

// ErrorFields returns the field problems of err, or nil.
func ErrorFields(err error) map[string]string {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// Problems collects field problems during validation, in the order they were found.
type Problems struct {
	fields map[string]string
}

// Add records a problem with a field; the first problem for a field wins.
func (p *Problems) Add(field, problem string) {
	if p.fields == nil {
		p.fields = map[string]string{}
	}
	if _, ok := p.fields[field]; ok {
		return
	}
	p.fields[field] = problem
}

// Err returns nil when there are no problems, or an EINVALID *Error listing them.
func (p *Problems) Err(message string) error {
	if len(p.fields) == 0 {
		return nil
	}
	return &Error{Code: EINVALID, Message: message, Fields: p.fields}
}
