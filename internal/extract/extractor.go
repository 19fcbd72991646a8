package extract

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/klippa-app/go-pdfium"
	"github.com/tetratelabs/wazero"
)

// Options configures an Extractor. Zero values take the defaults.
type Options struct {
	// Workers is how many PDFs are read at once, each in its own PDFium
	// WebAssembly instance; further calls wait their turn. Default 2.
	Workers int
	// Timeout bounds the work on one document. Default 2 minutes.
	Timeout time.Duration
	// MemoryLimit bounds the memory of one PDFium instance, in bytes (rounded up
	// to 64 KiB WebAssembly pages). A PDF that needs more fails alone. Default
	// 512 MiB; at most 4 GiB, the most a 32-bit WebAssembly module can address.
	MemoryLimit int64
	// MaxPages is the most pages of a PDF that are read; a longer PDF is refused
	// with a message. Default 2000.
	MaxPages int
	// MaxTextBytes bounds the text taken from one document. Default 64 MiB.
	MaxTextBytes int
	// CacheDir, when set, keeps PDFium's compiled machine code between runs
	// (wazero's compilation cache), which turns a start-up of seconds into tens
	// of milliseconds. The folder is created if needed.
	CacheDir string
	// Lazy defers creating the PDFium pool to the first PDF. By default New
	// creates it, so that a broken set-up fails at start and the first upload
	// does not wait for it.
	Lazy bool
	// Logger receives a line when PDFium fails on a file and the fallback reader
	// is tried; never any text of the document. Default: discard.
	Logger *slog.Logger
}

// Defaults for Options.
const (
	DefaultWorkers      = 2
	DefaultTimeout      = 2 * time.Minute
	DefaultMemoryLimit  = 512 << 20
	DefaultMaxPages     = 2000
	DefaultMaxTextBytes = 64 << 20
	maxMemoryLimit      = 4 << 30
)

// Methods, as reported in Result.Method.
const (
	MethodPDFium   = "pdfium"
	MethodFallback = "fallback"
	MethodDOCX     = "docx"
	MethodODT      = "odt"
	MethodTXT      = "txt"
)

// Result is the text of a document.
type Result struct {
	// Text is the document's text in UTF-8. PDF pages are separated by a form
	// feed ("\f"), paragraphs are lines, table cells are separated by tabs.
	Text string
	// Pages is the number of pages of a PDF, or the page count a word processor
	// recorded in a DOCX or ODT (0 when it recorded none, and for TXT).
	Pages int
	// Method names the reader that produced the text: MethodPDFium,
	// MethodFallback, MethodDOCX, MethodODT or MethodTXT.
	Method string
}

// Extractor reads the text of documents. It owns the process's one PDFium
// WebAssembly pool; create one with New at start, share it, and Close it at
// shutdown. Its methods are safe for concurrent use.
type Extractor struct {
	opts  Options
	log   *slog.Logger
	mu    sync.Mutex // guards pool, cache, closed and the creation of the pool
	pool  pdfium.Pool
	cache wazero.CompilationCache

	closed bool
	// noPDFium makes every PDF go to the fallback reader; set only by tests.
	noPDFium bool
}

// New returns an Extractor with opts. Unless opts.Lazy is set it creates the
// PDFium pool, which compiles PDFium's WebAssembly (seconds, once per process,
// unless opts.CacheDir holds the compiled code from an earlier run).
func New(opts Options) (*Extractor, error) {
	if opts.Workers <= 0 {
		opts.Workers = DefaultWorkers
	}
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.MemoryLimit <= 0 {
		opts.MemoryLimit = DefaultMemoryLimit
	}
	if opts.MemoryLimit > maxMemoryLimit {
		return nil, fmt.Errorf("extract: memory limit %d is above the 4 GiB a WebAssembly instance can use", opts.MemoryLimit)
	}
	if opts.MaxPages <= 0 {
		opts.MaxPages = DefaultMaxPages
	}
	if opts.MaxTextBytes <= 0 {
		opts.MaxTextBytes = DefaultMaxTextBytes
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	e := &Extractor{opts: opts, log: log}
	if !opts.Lazy {
		if _, err := e.pdfiumPool(); err != nil {
			return nil, err
		}
	}
	return e, nil
}

// Close releases the PDFium pool. Calls in progress fail; later calls to Text
// return an error.
func (e *Extractor) Close() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return nil
	}
	e.closed = true
	var err error
	if e.pool != nil {
		err = e.pool.Close()
		e.pool = nil
	}
	if e.cache != nil {
		err = errors.Join(err, e.cache.Close(context.Background()))
		e.cache = nil
	}
	if err != nil {
		return fmt.Errorf("extract: closing: %w", err)
	}
	return nil
}

// Text returns the text of a document of format f (as returned by Detect), read
// from r, which holds size bytes. It is meant for a background job: a PDF may take
// seconds. It applies the same checks as Check where it relies on them, so it is
// safe on any input, and it stops at Options.Timeout.
//
// Errors: a *scrutineer.Error with code EINVALID when the document is at fault
// (damaged, encrypted, too long, too slow to read), whose message tells the
// uploader what to do; one that also matches ErrNoText when the document holds no
// text; the context's error, wrapped, when ctx ends; other errors (a read error
// from r, a PDFium start-up failure) wrapped, for the caller to retry or log.
func (e *Extractor) Text(ctx context.Context, f Format, r io.ReaderAt, size int64) (*Result, error) {
	if size <= 0 {
		return nil, errEmpty()
	}
	var res *Result
	var err error
	switch f {
	case PDF:
		res, err = e.pdf(ctx, r, size)
	case DOCX, ODT, TXT:
		dctx, cancel := context.WithTimeout(ctx, e.opts.Timeout)
		defer cancel()
		g := newGuardedReader(dctx, r, size)
		if f == TXT {
			res, err = e.txt(g)
		} else {
			res, err = e.pkg(dctx, f, g)
		}
		err = e.classify(ctx, dctx, err)
	default:
		return nil, fmt.Errorf("extract: Text: %q is not a format Detect returns", f)
	}
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(strings.ReplaceAll(res.Text, "\f", "")) == "" {
		return nil, errNoText(f)
	}
	return res, nil
}

// classify turns an error from reading one document into the one Text returns:
// the caller's context ending is the caller's (wrapped, to retry later), the
// document's own timeout is the document's (EINVALID), and so is too much text.
func (e *Extractor) classify(ctx, doc context.Context, err error) error {
	switch {
	case err == nil:
		return nil
	case ctx.Err() != nil:
		return fmt.Errorf("extract: stopped: %w", ctx.Err())
	case doc.Err() != nil:
		return errTooSlow()
	case errors.Is(err, errTextFull):
		return errTooMuchText(e.opts.MaxTextBytes)
	}
	return err
}

// pkg reads a DOCX or ODT.
func (e *Extractor) pkg(ctx context.Context, f Format, g *guardedReader) (*Result, error) {
	zr, err := openZip(f, g, g.size)
	if err != nil {
		return nil, g.fail(f, err)
	}
	out := &textBuf{max: e.opts.MaxTextBytes}
	res := &Result{}
	if f == DOCX {
		err = docxText(ctx, zr, out)
		res.Method, res.Pages = MethodDOCX, docxPages(zr)
	} else {
		err = odtText(ctx, zr, out)
		res.Method, res.Pages = MethodODT, odtPages(zr)
	}
	if errors.Is(err, errTextFull) || out.full {
		return nil, errTextFull
	}
	if err != nil {
		return nil, g.fail(f, err)
	}
	res.Text = out.String()
	progress(ctx, 1, 1)
	return res, nil
}

// txt reads a UTF-8 text file, which must fit within MaxTextBytes. The text is
// returned exactly as stored, byte order mark included, so that positions found in
// it are positions in the file.
func (e *Extractor) txt(g *guardedReader) (*Result, error) {
	if g.size > int64(e.opts.MaxTextBytes) {
		return nil, errTextFull
	}
	b := make([]byte, g.size)
	if _, err := g.ReadAt(b, 0); err != nil && err != io.EOF {
		return nil, g.fail(TXT, err)
	}
	if err := checkUTF8(b, false); err != nil {
		return nil, err
	}
	progress(g.ctx, 1, 1)
	return &Result{Text: string(b), Method: MethodTXT}, nil
}
