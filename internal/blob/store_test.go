package blob

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/keys"
)

// newStore returns a store in a fresh folder, with the folder's path.
func newStore(t testing.TB, k *keys.Keys) (*Store, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "documents")
	fsb, err := NewFS(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fsb.Close() })
	return New(fsb, k), dir
}

func mustPut(t *testing.T, s *Store, b []byte) Ref {
	t.Helper()
	ref, err := s.Put(context.Background(), bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return ref
}

func readAll(t *testing.T, s *Store, sum string) ([]byte, error) {
	t.Helper()
	rc, err := s.Open(context.Background(), sum)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

// files lists every file under dir, temporary ones included.
func files(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			out = append(out, strings.TrimPrefix(p, dir+"/"))
		}
		return nil
	})
	return out
}

func TestRoundTripAndDedupe(t *testing.T) {
	s, dir := newStore(t, keys.Generate())
	plain := []byte("Child A was seen by the health visitor on 3 March.")
	ref := mustPut(t, s, plain)
	sum := sha256.Sum256(plain)
	if ref.SHA256 != hex.EncodeToString(sum[:]) || ref.Size != int64(len(plain)) {
		t.Fatalf("ref %+v", ref)
	}
	got, err := readAll(t, s, ref.SHA256)
	if err != nil || !bytes.Equal(got, plain) {
		t.Fatalf("read %q, %v", got, err)
	}
	if again := mustPut(t, s, plain); again != ref {
		t.Errorf("second put %+v, want %+v", again, ref)
	}
	fl := files(t, dir)
	if len(fl) != 1 || fl[0] != ref.SHA256[:2]+"/"+ref.SHA256[2:] {
		t.Errorf("files %v, want the one object", fl)
	}
	raw, _ := os.ReadFile(filepath.Join(dir, fl[0]))
	if bytes.Contains(raw, []byte("health visitor")) || !bytes.HasPrefix(raw, []byte("age-encryption.org/v1")) {
		t.Error("the stored object is not age ciphertext")
	}
	empty := mustPut(t, s, nil)
	if got, err := readAll(t, s, empty.SHA256); err != nil || len(got) != 0 {
		t.Errorf("empty file: %q, %v", got, err)
	}
	if err := s.Delete(context.Background(), ref.SHA256); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Open(context.Background(), ref.SHA256); scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND {
		t.Errorf("open after delete: %v", err)
	}
	if err := s.Delete(context.Background(), ref.SHA256); err != nil {
		t.Errorf("deleting twice: %v", err)
	}
}

func TestOpenRefusals(t *testing.T) {
	s, dir := newStore(t, keys.Generate())
	plain := bytes.Repeat([]byte("minutes of the review panel. "), 10000)
	ref := mustPut(t, s, plain)
	obj := filepath.Join(dir, ref.SHA256[:2], ref.SHA256[2:])
	orig, _ := os.ReadFile(obj)

	t.Run("tampered body", func(t *testing.T) {
		b := bytes.Clone(orig)
		b[len(b)-100] ^= 1
		os.WriteFile(obj, b, 0o600)
		defer os.WriteFile(obj, orig, 0o600)
		if _, err := readAll(t, s, ref.SHA256); !errors.Is(err, ErrCorrupt) {
			t.Errorf("got %v, want ErrCorrupt", err)
		}
	})
	t.Run("tampered header", func(t *testing.T) {
		b := bytes.Clone(orig)
		b[40] ^= 1
		os.WriteFile(obj, b, 0o600)
		defer os.WriteFile(obj, orig, 0o600)
		if _, err := readAll(t, s, ref.SHA256); err == nil {
			t.Error("a damaged header opened")
		}
	})
	t.Run("another object under this name", func(t *testing.T) {
		other := mustPut(t, s, []byte("something else"))
		b, _ := os.ReadFile(filepath.Join(dir, other.SHA256[:2], other.SHA256[2:]))
		os.WriteFile(obj, b, 0o600)
		defer os.WriteFile(obj, orig, 0o600)
		if _, err := readAll(t, s, ref.SHA256); !errors.Is(err, ErrCorrupt) {
			t.Errorf("got %v, want ErrCorrupt", err)
		}
	})
	t.Run("wrong key", func(t *testing.T) {
		other := New(s.backend, keys.Generate())
		if _, err := other.Open(context.Background(), ref.SHA256); !errors.Is(err, ErrWrongKey) {
			t.Errorf("got %v, want ErrWrongKey", err)
		}
	})
	t.Run("not a hash", func(t *testing.T) {
		for _, sum := range []string{"", "../../etc/passwd", strings.Repeat("A", 64), ref.SHA256[:63]} {
			if _, err := s.Open(context.Background(), sum); scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND {
				t.Errorf("%q: %v", sum, err)
			}
		}
	})
	if got, err := readAll(t, s, ref.SHA256); err != nil || !bytes.Equal(got, plain) {
		t.Fatalf("restored object: %v", err)
	}
}

func TestBackendRefusesEscapingKeys(t *testing.T) {
	parent := t.TempDir()
	b, err := NewFS(filepath.Join(parent, "documents"))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	os.WriteFile(filepath.Join(parent, "secret"), []byte("outside"), 0o600)
	ctx := context.Background()
	for _, key := range []string{"../secret", "..", "/etc/passwd", "a/../../secret", "a/b/c", ".hidden", "A/b", "a//b", "a\\b", "", strings.Repeat("a", 129)} {
		if err := b.Put(ctx, key, strings.NewReader("x")); err == nil {
			t.Errorf("Put %q accepted", key)
		}
		if _, err := b.Open(ctx, key); err == nil {
			t.Errorf("Open %q accepted", key)
		}
		if err := b.Delete(ctx, key); err == nil {
			t.Errorf("Delete %q accepted", key)
		}
	}
	// A symbolic link planted inside the folder still cannot lead out of it.
	os.Symlink(filepath.Join(parent, "secret"), filepath.Join(parent, "documents", "link"))
	if _, err := b.Open(ctx, "link"); err == nil {
		t.Error("followed a link out of the folder")
	}
	os.Symlink(parent, filepath.Join(parent, "documents", "ab"))
	if err := b.Put(ctx, "ab/secret", strings.NewReader("x")); err == nil {
		t.Error("wrote through a linked folder")
	}
	if got, _ := os.ReadFile(filepath.Join(parent, "secret")); string(got) != "outside" {
		t.Error("the file outside was changed")
	}
}

func TestConcurrentPutsOfSameContent(t *testing.T) {
	s, dir := newStore(t, keys.Generate())
	plain := bytes.Repeat([]byte("self-evaluation "), 50000)
	var wg sync.WaitGroup
	refs := make([]Ref, 16)
	errs := make([]error, 16)
	for i := range refs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			refs[i], errs[i] = s.Put(context.Background(), bytes.NewReader(plain))
		}()
	}
	wg.Wait()
	for i := range refs {
		if errs[i] != nil || refs[i] != refs[0] {
			t.Fatalf("put %d: %+v, %v", i, refs[i], errs[i])
		}
	}
	if fl := files(t, dir); len(fl) != 1 {
		t.Errorf("files %v, want one", fl)
	}
	if got, err := readAll(t, s, refs[0].SHA256); err != nil || !bytes.Equal(got, plain) {
		t.Fatalf("read back: %v", err)
	}
}

// failingReader yields n bytes and then fails.
type failingReader struct{ n int }

func (f *failingReader) Read(p []byte) (int, error) {
	if f.n <= 0 {
		return 0, errors.New("connection reset")
	}
	m := min(len(p), f.n)
	f.n -= m
	return m, nil
}

func TestNothingLeftBehind(t *testing.T) {
	s, dir := newStore(t, keys.Generate())
	if _, err := s.Put(context.Background(), &failingReader{n: 1 << 20}); err == nil || !strings.Contains(err.Error(), "connection reset") {
		t.Errorf("failing reader: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.Put(ctx, bytes.NewReader(make([]byte, 1<<20))); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
	_, err := s.Put(context.Background(), bytes.NewReader(make([]byte, 3<<20)), MaxSize(2<<20))
	if scrutineer.ErrorCode(err) != scrutineer.EINVALID || !strings.Contains(err.Error(), "larger than the limit of 2 MB") {
		t.Errorf("too large: %v", err)
	}
	if _, err := s.Put(context.Background(), bytes.NewReader(make([]byte, 2<<20)), MaxSize(2<<20)); err != nil {
		t.Errorf("exactly the limit: %v", err)
	}
	if fl := files(t, dir); len(fl) != 1 {
		t.Errorf("files %v, want only the one that fitted", fl)
	}
}
