package extract

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/klippa-app/go-pdfium"
	pdfiumerrors "github.com/klippa-app/go-pdfium/errors"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
)

// errClosed is returned by Text for a PDF after Close.
var errClosed = errors.New("extract: the extractor is closed")

// pdfiumPool returns the pool, creating it on first use.
func (e *Extractor) pdfiumPool() (pdfium.Pool, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return nil, errClosed
	}
	if e.pool != nil {
		return e.pool, nil
	}
	rc := wazero.NewRuntimeConfig().
		// PDFium's module uses exception handling for setjmp/longjmp; go-pdfium
		// sets this itself only when it makes the runtime config.
		WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesExceptionHandling).
		// Lets Kill stop a call in flight when a document's context ends.
		WithCloseOnContextDone(true).
		WithMemoryLimitPages(uint32((e.opts.MemoryLimit + 65535) / 65536))
	if e.opts.CacheDir != "" {
		if err := os.MkdirAll(e.opts.CacheDir, 0o700); err != nil {
			return nil, fmt.Errorf("extract: PDFium cache folder: %w", err)
		}
		cache, err := wazero.NewCompilationCacheWithDir(e.opts.CacheDir)
		if err != nil {
			return nil, fmt.Errorf("extract: PDFium cache folder: %w", err)
		}
		e.cache = cache
		rc = rc.WithCompilationCache(cache)
	}
	pool, err := webassembly.Init(webassembly.Config{
		MinIdle:       1,
		MaxIdle:       1,
		MaxTotal:      e.opts.Workers,
		RuntimeConfig: rc,
		// NOTE: go-pdfium mounts the whole disk into the module unless given a
		// file system config; an empty one leaves PDFium with no files at all.
		// Documents reach it through a reader callback instead.
		FSConfig: wazero.NewFSConfig(),
		Stdout:   io.Discard,
		Stderr:   io.Discard,
		// Each document gets a fresh instance (milliseconds), so no memory or
		// state of one document outlives it.
		ReuseWorkers: false,
	})
	if err != nil {
		return nil, fmt.Errorf("extract: starting PDFium: %w", err)
	}
	e.pool = pool
	return pool, nil
}

// pdf reads a PDF with PDFium and, when PDFium cannot open or read it, with the
// fallback reader. The document's timeout starts once it has a PDFium worker:
// waiting for one while others work is not the document's fault.
func (e *Extractor) pdf(ctx context.Context, r io.ReaderAt, size int64) (*Result, error) {
	check := newGuardedReader(ctx, r, size)
	if err := checkPDF(check); err != nil {
		return nil, check.fail(PDF, err)
	}
	var inst pdfium.Pdfium
	if !e.noPDFium {
		pool, err := e.pdfiumPool()
		if err != nil {
			return nil, err
		}
		if inst, err = pool.GetInstanceWithContext(ctx); err != nil {
			if ctx.Err() != nil {
				return nil, fmt.Errorf("extract: stopped: %w", ctx.Err())
			}
			return nil, fmt.Errorf("extract: waiting for PDFium: %w", err)
		}
	}
	dctx, cancel := context.WithTimeout(ctx, e.opts.Timeout)
	defer cancel()
	res, err := e.pdfText(dctx, newGuardedReader(dctx, r, size), inst)
	return res, e.classify(ctx, dctx, err)
}

// pdfText reads with PDFium in inst, when there is one, then with the fallback.
func (e *Extractor) pdfText(ctx context.Context, g *guardedReader, inst pdfium.Pdfium) (*Result, error) {
	if inst != nil {
		res, err := e.pdfium(ctx, g, inst)
		if err == nil || isUserError(err) || ctx.Err() != nil || !errors.Is(err, errPDFiumFile) {
			return res, err
		}
		e.log.Warn("extract: PDFium could not read a PDF; trying the fallback reader", "error", err)
	}
	res, err := e.fallback(ctx, g.r, g.size)
	if err != nil {
		if isUserError(err) || ctx.Err() != nil {
			return nil, err
		}
		e.log.Warn("extract: the fallback reader could not read a PDF", "error", err)
		return nil, errDamaged(PDF)
	}
	return res, nil
}

// errPDFiumFile marks PDFium failures caused by the file (which the fallback
// reader may still read), as opposed to resource limits and PDFium's own faults.
var errPDFiumFile = errors.New("PDFium could not read the file")

// pdfium extracts text page by page in inst, an instance from the pool, and then
// releases it. The instance is killed when ctx ends, which interrupts PDFium
// wherever it is.
func (e *Extractor) pdfium(ctx context.Context, g *guardedReader, inst pdfium.Pdfium) (res *Result, err error) {
	stop := context.AfterFunc(ctx, func() { inst.Kill() })
	defer func() {
		if stop() { // not killed: close normally, which discards the instance
			if cerr := inst.Close(); cerr != nil && err == nil {
				err = fmt.Errorf("extract: closing PDFium instance: %w", cerr)
			}
		}
	}()
	defer func() {
		// go-pdfium is Go code over the module's memory; a fault there must
		// fail this document, not the process.
		if p := recover(); p != nil {
			res, err = nil, fmt.Errorf("extract: PDFium panicked: %v", p)
		}
	}()
	return e.pdfiumText(ctx, inst, g)
}

func (e *Extractor) pdfiumText(ctx context.Context, inst pdfium.Pdfium, g *guardedReader) (*Result, error) {
	doc, err := inst.OpenDocument(&requests.OpenDocument{
		FileReader:     io.NewSectionReader(g, 0, g.size),
		FileReaderSize: g.size,
	})
	if err != nil {
		switch {
		case isTrap(err):
			return nil, errTooComplex()
		case errors.Is(err, pdfiumerrors.ErrPassword), errors.Is(err, pdfiumerrors.ErrSecurity):
			return nil, errEncryptedPDF()
		case errors.Is(err, pdfiumerrors.ErrFormat), errors.Is(err, pdfiumerrors.ErrFile), errors.Is(err, pdfiumerrors.ErrUnknown):
			return nil, fmt.Errorf("%w: %w", errPDFiumFile, err)
		}
		return nil, fmt.Errorf("extract: PDFium: opening: %w", err)
	}
	defer inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: doc.Document})

	sec, err := inst.FPDF_GetSecurityHandlerRevision(&requests.FPDF_GetSecurityHandlerRevision{Document: doc.Document})
	if err != nil {
		return nil, fmt.Errorf("extract: PDFium: security handler: %w", err)
	}
	if sec.SecurityHandlerRevision != -1 {
		return nil, errEncryptedPDF()
	}
	count, err := inst.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: doc.Document})
	if err != nil {
		return nil, fmt.Errorf("extract: PDFium: page count: %w", err)
	}
	pages := count.PageCount
	if pages > e.opts.MaxPages {
		return nil, errTooManyPages(pages, e.opts.MaxPages)
	}
	out := &textBuf{max: e.opts.MaxTextBytes}
	failed := 0
	var firstErr error
	for i := 0; i < pages; i++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		text, err := pageText(inst, doc.Document, i)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			if isTrap(err) {
				return nil, errTooComplex()
			}
			failed++ // one broken page does not lose the others
			if firstErr == nil {
				firstErr = err
			}
		}
		if i > 0 {
			out.write("\f")
		}
		if !out.write(cleanPDFText(text)) {
			return nil, errTextFull
		}
		progress(ctx, i+1, pages)
	}
	if pages > 0 && failed == pages {
		return nil, fmt.Errorf("%w: no page could be read: %v", errPDFiumFile, firstErr)
	}
	return &Result{Text: string(out.b), Pages: pages, Method: MethodPDFium}, nil
}

// isTrap reports whether err is a WebAssembly trap: PDFium aborted, almost always
// because it reached the instance's memory limit. The instance is then in an
// undefined state and is not used again; the document is refused rather than given
// to the fallback reader, which has no memory bound of its own.
func isTrap(err error) bool {
	return strings.Contains(err.Error(), "wasm error:")
}

// pageText returns the text of page i in PDFium's order, which follows the
// content stream and so, for what word processors write, the reading order.
func pageText(inst pdfium.Pdfium, doc references.FPDF_DOCUMENT, i int) (string, error) {
	page, err := inst.FPDF_LoadPage(&requests.FPDF_LoadPage{Document: doc, Index: i})
	if err != nil {
		return "", err
	}
	defer inst.FPDF_ClosePage(&requests.FPDF_ClosePage{Page: page.Page})
	tp, err := inst.FPDFText_LoadPage(&requests.FPDFText_LoadPage{Page: requests.Page{ByReference: &page.Page}})
	if err != nil {
		return "", err
	}
	defer inst.FPDFText_ClosePage(&requests.FPDFText_ClosePage{TextPage: tp.TextPage})
	n, err := inst.FPDFText_CountChars(&requests.FPDFText_CountChars{TextPage: tp.TextPage})
	if err != nil || n.Count <= 0 {
		return "", err
	}
	text, err := inst.FPDFText_GetText(&requests.FPDFText_GetText{TextPage: tp.TextPage, StartIndex: 0, Count: n.Count})
	if err != nil {
		return "", err
	}
	return text.Text, nil
}

// cleanPDFText normalises line ends to "\n", drops spaces before them, and drops
// control characters (other than tab and newline), byte order marks, non-characters
// and private-use code points (glyphs such as bullets that a font gives no Unicode
// meaning) that PDF text layers carry, so that "\f" stays the page separator.
func cleanPDFText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n':
			return r
		case r == '\r':
			return '\n'
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			return -1
		case r == 0xfeff || r == 0xfffe || r == 0xffff || (r >= 0xe000 && r <= 0xf8ff):
			return -1
		}
		return r
	}, s)
	if strings.Contains(s, " \n") || strings.Contains(s, "\n ") {
		lines := strings.Split(s, "\n")
		for i, l := range lines {
			lines[i] = strings.Trim(l, " ")
		}
		s = strings.Join(lines, "\n")
	}
	return strings.Trim(s, " \n")
}
