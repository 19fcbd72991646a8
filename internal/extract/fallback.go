package extract

import (
	"context"
	"fmt"
	"io"

	"github.com/ledongthuc/pdf"
)

// fallback reads a PDF with github.com/ledongthuc/pdf, a pure-Go reader, for the
// rare file PDFium cannot open. That reader panics on some malformed input, so it
// runs behind recover, in its own goroutine: when ctx ends, Text returns at once
// and the goroutine stops at its next read of the file, which then fails.
func (e *Extractor) fallback(ctx context.Context, r io.ReaderAt, size int64) (*Result, error) {
	type outcome struct {
		res *Result
		err error
	}
	done := make(chan outcome, 1)
	// A reader of its own: the abandoned goroutine must not share state with
	// the caller's.
	g := newGuardedReader(ctx, r, size)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- outcome{err: fmt.Errorf("extract: fallback PDF reader panicked: %v", p)}
			}
		}()
		res, err := e.fallbackText(ctx, g)
		done <- outcome{res, err}
	}()
	select {
	case o := <-done:
		if o.err == nil {
			// Reported here, not per page: the ProgressFunc must only be called
			// by the goroutine running Text, and never after Text returns.
			progress(ctx, o.res.Pages, o.res.Pages)
		}
		return o.res, o.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (e *Extractor) fallbackText(ctx context.Context, g *guardedReader) (*Result, error) {
	rd, err := pdf.NewReader(g, g.size)
	if err != nil {
		return nil, fmt.Errorf("extract: fallback PDF reader: %w", err)
	}
	pages := rd.NumPage()
	if pages > e.opts.MaxPages {
		return nil, errTooManyPages(pages, e.opts.MaxPages)
	}
	if pages <= 0 {
		return nil, fmt.Errorf("extract: fallback PDF reader: no pages")
	}
	out := &textBuf{max: e.opts.MaxTextBytes}
	for i := 1; i <= pages; i++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if i > 1 {
			out.write("\f")
		}
		p := rd.Page(i)
		if p.V.IsNull() {
			continue
		}
		// Fonts per page: the same resource name can mean another font on
		// another page.
		text, err := p.GetPlainText(nil)
		if err != nil {
			continue // one broken page does not lose the others
		}
		if !out.write(cleanPDFText(text)) {
			return nil, errTextFull
		}
	}
	return &Result{Text: string(out.b), Pages: pages, Method: MethodFallback}, nil
}
