// Package blob keeps documents at rest: a Backend stores opaque objects by key (the
// filesystem through os.Root by default; object storage may follow), and a Store on
// top encrypts every object with age to the service key, names it by the SHA-256 of
// its plaintext, and checks that hash again when it is read. Plaintext never reaches
// the backend.
package blob

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
)

// Backend stores opaque objects by key. Keys are slash-separated paths of one or two
// segments made of lower-case letters, digits, '.', '-' and '_' (see ValidKey);
// anything else is refused before the backend is touched.
type Backend interface {
	// Put stores what r yields under key, atomically: readers see the whole object
	// or none. When r fails, or ctx ends, nothing is left behind and any object
	// already under key is unchanged.
	Put(ctx context.Context, key string, r io.Reader) error
	// Open reads the object under key; ErrNotExist when there is none.
	Open(ctx context.Context, key string) (io.ReadCloser, error)
	// Stat returns the object's stored size; ErrNotExist when there is none.
	Stat(ctx context.Context, key string) (int64, error)
	// Delete removes the object; a missing object is not an error.
	Delete(ctx context.Context, key string) error
	// Rename moves the object from one key to another atomically, replacing any
	// object already at the destination.
	Rename(ctx context.Context, from, to string) error
	// Walk calls fn with the key of every object whose key starts with prefix, in
	// no particular order. An error from fn stops the walk and is returned.
	Walk(ctx context.Context, prefix string, fn func(key string) error) error
}

// ErrNotExist is returned (wrapped) by a Backend for a missing object. It is
// fs.ErrNotExist, so errors.Is works with either.
var ErrNotExist = fs.ErrNotExist

// ValidKey reports whether key is an acceptable object key: one or two segments of
// [a-z0-9._-], none empty, none starting with '.', at most 128 characters in all.
// NOTE: the filesystem backend also confines every path with os.Root; this check is
// the first fence and keeps keys portable to object storage.
func ValidKey(key string) error {
	if key == "" || len(key) > 128 {
		return fmt.Errorf("blob: invalid key %q", key)
	}
	parts := strings.Split(key, "/")
	if len(parts) > 2 {
		return fmt.Errorf("blob: invalid key %q", key)
	}
	for _, p := range parts {
		if p == "" || p[0] == '.' {
			return fmt.Errorf("blob: invalid key %q", key)
		}
		for _, c := range p {
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_') {
				return fmt.Errorf("blob: invalid key %q", key)
			}
		}
	}
	return nil
}

// ctxReader stops a copy when its context ends.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// isNotExist reports whether err means a missing object.
func isNotExist(err error) bool { return errors.Is(err, fs.ErrNotExist) }
