package extract

import "context"

// ProgressFunc receives the progress of one call to Text: done of total steps
// (pages for a PDF; a single step for other formats). It is called from the
// goroutine running Text and must return quickly.
type ProgressFunc func(done, total int)

type progressKey struct{}

// WithProgress returns a context that makes Text report its progress to fn, so that
// a background job can show how far the extraction of its document has got.
func WithProgress(ctx context.Context, fn ProgressFunc) context.Context {
	return context.WithValue(ctx, progressKey{}, fn)
}

// progress reports to the ProgressFunc in ctx, if there is one.
func progress(ctx context.Context, done, total int) {
	if fn, ok := ctx.Value(progressKey{}).(ProgressFunc); ok && fn != nil {
		fn(done, total)
	}
}
