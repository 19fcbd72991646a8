package web

import "context"

func withRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, id)
}

// requestID returns the request's ID, which error pages show so users can quote it.
func requestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

type requestInfoKey struct{}

// requestInfo is filled in by inner handlers for the outer middleware to log.
type requestInfo struct {
	pattern string
	// bodyTooLarge is set when a read of the body ran past its limit, so that fail
	// answers 413 even where a handler turned the read error into "invalid".
	bodyTooLarge bool
}

// bodyTooLarge reports whether the request's body ran past its size limit.
func bodyTooLarge(ctx context.Context) bool {
	info, ok := ctx.Value(requestInfoKey{}).(*requestInfo)
	return ok && info.bodyTooLarge
}
