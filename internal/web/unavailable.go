package web

import (
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strings"
	"syscall"

	"github.com/scrutineer/scrutineer"
)

// Messages of the 503 answer: the person's work was not saved, and it will work
// again without anyone doing anything but wait.
const (
	unavailableMessage = "The service cannot reach its database just now, so nothing you sent was saved. Wait a minute and try again."
	diskFullMessage    = "The service has no room left to store files, so nothing you sent was saved. Try again later; the administrators have been told."
)

// unavailable turns an internal error caused by the database being out of reach,
// or the disk being full, into an EUNAVAILABLE error (503) with a message saying so;
// any other error comes back as it was.
// NOTE: recognised by the standard library's error types and by SQLSTATE classes
// 08 (connection exception) and 57P (operator intervention: the server is shutting
// down or starting), read through the SQLState method PostgreSQL's driver errors
// have, so the web layer depends on no driver.
func unavailable(err error) error {
	if err == nil || scrutineer.ErrorCode(err) != scrutineer.EINTERNAL {
		return err
	}
	if errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT) {
		return &scrutineer.Error{Code: scrutineer.EUNAVAILABLE, Message: diskFullMessage}
	}
	var op *net.OpError
	var state interface{ SQLState() string }
	switch {
	case errors.As(err, &op), errors.Is(err, driver.ErrBadConn), errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
	case errors.As(err, &state) && (strings.HasPrefix(state.SQLState(), "08") || strings.HasPrefix(state.SQLState(), "57P")):
	case strings.Contains(err.Error(), "failed to connect to"), strings.Contains(err.Error(), "conn closed"):
		// pgx's own messages when a pooled connection died with the server.
	default:
		return err
	}
	return &scrutineer.Error{Code: scrutineer.EUNAVAILABLE, Message: unavailableMessage}
}
