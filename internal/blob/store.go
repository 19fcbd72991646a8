package blob

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"

	"filippo.io/age"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/keys"
)

// Store keeps files encrypted with age to the service key, each named by the SHA-256
// of its plaintext: one copy of each distinct content, whoever uploads it.
type Store struct {
	backend Backend
	keys    *keys.Keys
}

// Ref identifies stored content: the hex SHA-256 of the plaintext and its size.
type Ref struct {
	SHA256 string
	Size   int64
}

// incoming is where Put writes an object before its hash, and so its name, is known.
const incoming = "incoming/"

// Errors a caller may test for with errors.Is.
var (
	// ErrCorrupt: the object was altered, or is not the content its name says.
	ErrCorrupt = errors.New("blob: the stored file is damaged: its content does not match its hash")
	// ErrWrongKey: the object was encrypted to another key than the service key.
	ErrWrongKey = errors.New("blob: the stored file does not open with the service key")
)

// New returns a store on backend that encrypts to, and decrypts with, k.
func New(backend Backend, k *keys.Keys) *Store { return &Store{backend: backend, keys: k} }

// Option adjusts one Put.
type Option func(*putOptions)

type putOptions struct{ max int64 }

// MaxSize refuses content longer than n bytes: Put returns an EINVALID
// *scrutineer.Error saying so, and stores nothing.
func MaxSize(n int64) Option { return func(o *putOptions) { o.max = n } }

// objectKey is where content with hex hash sum is kept: "ab/cdef...".
func objectKey(sum string) (string, error) {
	if len(sum) != sha256.Size*2 {
		return "", scrutineer.Errorf(scrutineer.ENOTFOUND, "The file is not in the document store.")
	}
	for _, c := range sum {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return "", scrutineer.Errorf(scrutineer.ENOTFOUND, "The file is not in the document store.")
		}
	}
	return sum[:2] + "/" + sum[2:], nil
}

// Put streams r through SHA-256 and age into a temporary object and then files it
// under its hash. Content already stored is recognised: the same Ref comes back and
// no second copy is kept. On any error, including the end of ctx, nothing is left.
func (s *Store) Put(ctx context.Context, r io.Reader, opts ...Option) (Ref, error) {
	var o putOptions
	for _, opt := range opts {
		opt(&o)
	}
	h := sha256.New()
	src := &countingReader{r: ctxReader{ctx, r}, h: h, max: o.max}
	tmp := incoming + randomName()
	if err := s.encryptTo(ctx, tmp, src, s.keys); err != nil {
		return Ref{}, err
	}
	ref := Ref{SHA256: hex.EncodeToString(h.Sum(nil)), Size: src.n}
	key, _ := objectKey(ref.SHA256)
	if _, err := s.backend.Stat(ctx, key); err == nil {
		// NOTE: identical content is already filed; keeping the existing object
		// (rather than renaming over it) leaves readers of it undisturbed.
		return ref, s.backend.Delete(context.WithoutCancel(ctx), tmp)
	} else if !isNotExist(err) {
		s.backend.Delete(context.WithoutCancel(ctx), tmp)
		return Ref{}, err
	}
	if err := s.backend.Rename(ctx, tmp, key); err != nil {
		s.backend.Delete(context.WithoutCancel(ctx), tmp)
		return Ref{}, err
	}
	return ref, nil
}

// encryptTo writes src, encrypted to k, as the object key. The encryption runs in a
// goroutine feeding a pipe, so the backend reads ciphertext as it is made and memory
// stays bounded whatever the size.
func (s *Store) encryptTo(ctx context.Context, key string, src io.Reader, k *keys.Keys) error {
	pr, pw := io.Pipe()
	werr := make(chan error, 1)
	go func() {
		err := func() error {
			w, err := age.Encrypt(pw, k.Recipient())
			if err != nil {
				return err
			}
			if _, err := io.Copy(w, src); err != nil {
				return err
			}
			return w.Close()
		}()
		pw.CloseWithError(err)
		werr <- err
	}()
	err := s.backend.Put(ctx, key, pr)
	pr.CloseWithError(errStopped)
	// The writer's own error (too large, damaged source) says more than the pipe's.
	if e := <-werr; e != nil && !errors.Is(e, errStopped) {
		return e
	}
	return err
}

// errStopped tells the encrypting goroutine that the backend stopped reading.
var errStopped = errors.New("blob: the backend stopped reading")

// Open returns the plaintext of the content with hex hash sum, decrypted as it is
// read. At the end of the stream the hash is checked: a Read returns ErrCorrupt
// instead of io.EOF when it differs. A missing file is an ENOTFOUND *scrutineer.Error;
// one encrypted to another key is ErrWrongKey.
func (s *Store) Open(ctx context.Context, sum string) (io.ReadCloser, error) {
	return s.open(ctx, sum, s.keys)
}

func (s *Store) open(ctx context.Context, sum string, k *keys.Keys) (io.ReadCloser, error) {
	key, err := objectKey(sum)
	if err != nil {
		return nil, err
	}
	f, err := s.backend.Open(ctx, key)
	if isNotExist(err) {
		return nil, scrutineer.Errorf(scrutineer.ENOTFOUND, "The file is not in the document store.")
	}
	if err != nil {
		return nil, err
	}
	plain, err := age.Decrypt(f, k.Identity())
	if err != nil {
		f.Close()
		var nomatch *age.NoIdentityMatchError
		if errors.As(err, &nomatch) {
			return nil, fmt.Errorf("%w (%s)", ErrWrongKey, sum)
		}
		return nil, fmt.Errorf("%w (%s: %v)", ErrCorrupt, sum, err)
	}
	return &verifier{r: plain, c: f, h: sha256.New(), want: sum}, nil
}

// Delete removes the content with hex hash sum; a missing file is not an error.
// NOTE: content is shared by every upload of it: the caller deletes only when no
// document version refers to the hash any longer.
func (s *Store) Delete(ctx context.Context, sum string) error {
	key, err := objectKey(sum)
	if err != nil {
		return nil
	}
	return s.backend.Delete(ctx, key)
}

// Exists reports whether content with hex hash sum is stored.
func (s *Store) Exists(ctx context.Context, sum string) (bool, error) {
	key, err := objectKey(sum)
	if err != nil {
		return false, nil
	}
	_, err = s.backend.Stat(ctx, key)
	if isNotExist(err) {
		return false, nil
	}
	return err == nil, err
}

// countingReader hashes and counts what passes and enforces the size limit.
type countingReader struct {
	r   io.Reader
	h   hash.Hash
	n   int64
	max int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.h.Write(p[:n])
	c.n += int64(n)
	if c.max > 0 && c.n > c.max {
		return 0, &scrutineer.Error{Code: scrutineer.EINVALID,
			Message: fmt.Sprintf("The file is larger than the limit of %s.", humanSize(c.max)),
			Fields:  map[string]string{"file": fmt.Sprintf("Choose a file smaller than %s", humanSize(c.max))}}
	}
	return n, err
}

// verifier hashes the plaintext as it is read and checks it at the end.
type verifier struct {
	r    io.Reader
	c    io.Closer
	h    hash.Hash
	want string
}

func (v *verifier) Read(p []byte) (int, error) {
	n, err := v.r.Read(p)
	v.h.Write(p[:n])
	if errors.Is(err, io.EOF) {
		if hex.EncodeToString(v.h.Sum(nil)) != v.want {
			return n, fmt.Errorf("%w (%s)", ErrCorrupt, v.want)
		}
	} else if err != nil {
		return n, fmt.Errorf("%w (%s: %v)", ErrCorrupt, v.want, err)
	}
	return n, err
}

func (v *verifier) Close() error { return v.c.Close() }

func humanSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
