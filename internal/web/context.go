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
type requestInfo struct{ pattern string }
