package extract

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer"
)

func text(t *testing.T, e *Extractor, ctx context.Context, f Format, data []byte) (*Result, error) {
	t.Helper()
	return e.Text(ctx, f, bytes.NewReader(data), int64(len(data)))
}

// A document that keeps PDFium busy past the timeout is stopped, its instance is
// killed, and the extractor goes on serving other documents.
func TestTextTimeout(t *testing.T) {
	e := NewTestExtractor(t, Options{Timeout: 300 * time.Millisecond, Workers: 1})
	start := time.Now()
	_, err := text(t, e, context.Background(), PDF, readTestdata(t, "bomb-content.pdf"))
	wantInvalid(t, err, "took too long")
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("stopping took %v", d)
	}
	if _, err := text(t, e, context.Background(), PDF, readTestdata(t, "text.pdf")); err != nil {
		t.Fatalf("after a timeout: %v", err)
	}
}

// Waiting for a busy worker does not count against a document's timeout.
func TestTextWaitIsNotTimeout(t *testing.T) {
	e := NewTestExtractor(t, Options{Timeout: time.Second, Workers: 1})
	slow := make(chan error, 1)
	go func() {
		_, err := text(t, e, context.Background(), PDF, readTestdata(t, "bomb-content.pdf"))
		slow <- err
	}()
	time.Sleep(100 * time.Millisecond) // let the bomb take the only worker
	if _, err := text(t, e, context.Background(), PDF, readTestdata(t, "text.pdf")); err != nil {
		t.Errorf("a document that waited for the worker: %v", err)
	}
	wantInvalid(t, <-slow, "took too long")

	// A caller that gives up while waiting gets its own context's error.
	go func() {
		_, err := text(t, e, context.Background(), PDF, readTestdata(t, "bomb-content.pdf"))
		slow <- err
	}()
	defer func() { <-slow }()
	time.Sleep(100 * time.Millisecond)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := text(t, e, ctx, PDF, readTestdata(t, "text.pdf"))
	if !errors.Is(err, context.DeadlineExceeded) || scrutineer.ErrorCode(err) != scrutineer.EINTERNAL {
		t.Errorf("caller gave up while waiting: got %v", err)
	}
}

// A document that needs more memory than the instance may have fails alone.
func TestTextMemoryLimit(t *testing.T) {
	e := NewTestExtractor(t, Options{MemoryLimit: 32 << 20, Workers: 1})
	_, err := text(t, e, context.Background(), PDF, readTestdata(t, "bomb-content.pdf"))
	wantInvalid(t, err, "more memory")
	res, err := text(t, e, context.Background(), PDF, readTestdata(t, "report-40p.pdf"))
	if err != nil || res.Pages != 40 {
		t.Fatalf("after running out of memory: %v", err)
	}
}

func TestTextCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, f := range []Format{PDF, DOCX} {
		file := map[Format]string{PDF: "report-40p.pdf", DOCX: "sample.docx"}[f]
		_, err := text(t, MustExtractor(t), ctx, f, readTestdata(t, file))
		if !errors.Is(err, context.Canceled) || scrutineer.ErrorCode(err) != scrutineer.EINTERNAL {
			t.Errorf("%s: got %v, want a wrapped context.Canceled", f, err)
		}
	}
}

func TestTextMaxPages(t *testing.T) {
	e := NewTestExtractor(t, Options{MaxPages: 10})
	_, err := text(t, e, context.Background(), PDF, readTestdata(t, "report-40p.pdf"))
	wantInvalid(t, err, "40 pages", "at most 10")
	e.noPDFium = true
	_, err = text(t, e, context.Background(), PDF, readTestdata(t, "report-40p.pdf"))
	wantInvalid(t, err, "40 pages", "at most 10")
}

func TestTextFallback(t *testing.T) {
	e := NewTestExtractor(t, Options{Lazy: true})
	e.noPDFium = true
	res, err := text(t, e, context.Background(), PDF, readTestdata(t, "text.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	if res.Method != MethodFallback || res.Pages != 2 {
		t.Errorf("Method, Pages = %q, %d", res.Method, res.Pages)
	}
	for _, want := range []string{"Learning review: Example Partnership", "Zürich", "\fPage two of the report."} {
		if !strings.Contains(res.Text, want) {
			t.Errorf("fallback text lacks %q:\n%q", want, res.Text)
		}
	}
	if _, err := text(t, e, context.Background(), PDF, readTestdata(t, "scanned.pdf")); !errors.Is(err, ErrNoText) {
		t.Errorf("scanned PDF: got %v, want ErrNoText", err)
	}
	// Garbage between a valid header and end marker: neither reader can use it.
	junk := []byte("%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\nxref\nzzz\ntrailer << /Root 1 0 R >>\nstartxref\n9999\n%%EOF\n")
	_, err = text(t, e, context.Background(), PDF, junk)
	wantInvalid(t, err, "damaged")
	if e.pool != nil {
		t.Error("a lazy extractor that never read with PDFium created the pool")
	}
}

// When PDFium cannot open a file, the fallback reader gets it; when neither can,
// the uploader is told the PDF is damaged.
func TestTextPDFiumCannotOpen(t *testing.T) {
	junk := []byte("%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\nxref\nzzz\ntrailer << /Root 1 0 R >>\nstartxref\n9999\n%%EOF\n")
	_, err := textOf(t, PDF, junk)
	wantInvalid(t, err, "damaged")
}

func TestTextConcurrent(t *testing.T) {
	e := MustExtractor(t)
	pdf := readTestdata(t, "report-40p.pdf")
	docx := readTestdata(t, "sample.docx")
	want, err := text(t, e, context.Background(), PDF, pdf)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			if i%2 == 1 {
				_, err := text(t, e, context.Background(), DOCX, docx)
				errs <- err
				return
			}
			res, err := text(t, e, context.Background(), PDF, pdf)
			if err == nil && res.Text != want.Text {
				err = errors.New("different text from the same PDF")
			}
			errs <- err
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
}

func TestExtractorClose(t *testing.T) {
	e := NewTestExtractor(t, Options{})
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	if err := e.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	_, err := text(t, e, context.Background(), PDF, readTestdata(t, "text.pdf"))
	if !errors.Is(err, errClosed) {
		t.Fatalf("Text after Close: %v", err)
	}
	// Formats that do not need PDFium still work.
	if _, err := text(t, e, context.Background(), TXT, readTestdata(t, "utf8.txt")); err != nil {
		t.Fatalf("TXT after Close: %v", err)
	}
}

func TestNewOptions(t *testing.T) {
	if _, err := New(Options{MemoryLimit: 5 << 30, Lazy: true}); err == nil {
		t.Error("New accepted a memory limit above 4 GiB")
	}
	e, err := New(Options{Lazy: true})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	if e.opts.Workers != DefaultWorkers || e.opts.Timeout != DefaultTimeout || e.opts.MemoryLimit != DefaultMemoryLimit ||
		e.opts.MaxPages != DefaultMaxPages || e.opts.MaxTextBytes != DefaultMaxTextBytes {
		t.Errorf("defaults not applied: %+v", e.opts)
	}
}
