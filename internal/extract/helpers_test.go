package extract

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer"
)

// sharedExtractor is created once per test binary: creating the PDFium pool
// compiles its WebAssembly, which takes seconds.
var (
	sharedOnce sync.Once
	shared     *Extractor
	sharedErr  error
)

// MustExtractor returns the test binary's shared Extractor with default options.
func MustExtractor(t testing.TB) *Extractor {
	t.Helper()
	sharedOnce.Do(func() {
		start := time.Now()
		shared, sharedErr = New(Options{Workers: 2, CacheDir: testCacheDir})
		if sharedErr == nil {
			coldStart = time.Since(start)
		}
	})
	if sharedErr != nil {
		t.Fatalf("New: %v", sharedErr)
	}
	return shared
}

// coldStart is how long creating the shared pool took, for the log.
var coldStart time.Duration

// testCacheDir keeps PDFium's compiled code between Extractors and between runs,
// like the Go build cache: tests creating an Extractor with other options, the fuzz
// targets and their worker processes, and later runs do not compile it again. The
// cache is keyed by wazero's version and the module, so it never goes stale.
var testCacheDir string

// cacheDir returns the folder for testCacheDir.
func cacheDir() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		dir = os.TempDir()
	}
	return filepath.Join(dir, "scrutineer", "extract-test-pdfium")
}

// NewTestExtractor returns an Extractor with opts that shares the test binary's
// compiled PDFium, closed when the test ends.
func NewTestExtractor(t testing.TB, opts Options) *Extractor {
	t.Helper()
	MustExtractor(t) // compile once, into the cache
	opts.CacheDir = testCacheDir
	e, err := New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(func() { e.Close() })
	return e
}

func TestMain(m *testing.M) {
	flag.Parse()
	testCacheDir = cacheDir()
	code := m.Run()
	if shared != nil {
		if err := shared.Close(); err != nil {
			code = 1
		}
		if testing.Verbose() {
			println("extract: PDFium start", coldStart.String())
		}
	}
	os.Exit(code)
}

// readTestdata returns a file from testdata.
func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// wantInvalid fails unless err is an EINVALID *scrutineer.Error whose message
// contains every fragment.
func wantInvalid(t testing.TB, err error, fragments ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want EINVALID containing %q", fragments)
	}
	if code := scrutineer.ErrorCode(err); code != scrutineer.EINVALID {
		t.Fatalf("got code %q (%v), want %q", code, err, scrutineer.EINVALID)
	}
	msg := scrutineer.ErrorMessage(err)
	for _, f := range fragments {
		if !strings.Contains(msg, f) {
			t.Fatalf("message %q does not contain %q", msg, f)
		}
	}
}

// textOf extracts a document with the shared extractor.
func textOf(t testing.TB, f Format, data []byte) (*Result, error) {
	t.Helper()
	return MustExtractor(t).Text(context.Background(), f, bytes.NewReader(data), int64(len(data)))
}

// failingReader fails every read, like a store that has gone away.
type failingReader struct{}

func (failingReader) ReadAt([]byte, int64) (int, error) { return 0, errors.New("disk on fire") }
