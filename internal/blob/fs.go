package blob

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"strings"
)

// FS is a Backend on a folder of the local filesystem. Every path goes through an
// os.Root, so no key, symbolic link or ".." can reach outside the folder.
type FS struct {
	root *os.Root
	// fault, when set, wraps every file Put writes (InjectWriteFault).
	fault func(io.Writer) io.Writer
}

var _ Backend = (*FS)(nil)

// tmpPrefix starts the names of files being written; Walk skips them.
const tmpPrefix = ".tmp-"

// NewFS opens (creating it, mode 0700, when missing) the folder dir as a backend.
// Its parent must exist.
func NewFS(dir string) (*FS, error) {
	if err := os.Mkdir(dir, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
		return nil, fmt.Errorf("cannot create the document folder %s: %w", dir, err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("cannot open the document folder %s: %w", dir, err)
	}
	return &FS{root: root}, nil
}

// Close releases the folder.
func (f *FS) Close() error { return f.root.Close() }

// Put writes r to a temporary file beside the object, syncs it, renames it into
// place and syncs the folder, so a crash leaves the old object or the new one.
func (f *FS) Put(ctx context.Context, key string, r io.Reader) (err error) {
	if err := ValidKey(key); err != nil {
		return err
	}
	dir := path.Dir(key)
	if dir != "." {
		if err := f.root.MkdirAll(dir, 0o700); err != nil {
			return err
		}
	}
	tmp := path.Join(dir, tmpPrefix+randomName())
	file, err := f.root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			file.Close()
			f.root.Remove(tmp)
		}
	}()
	var w io.Writer = file
	if f.fault != nil {
		w = f.fault(file)
	}
	if _, err = io.Copy(w, ctxReader{ctx, r}); err != nil {
		return err
	}
	if err = ctx.Err(); err != nil {
		return err
	}
	if err = file.Sync(); err != nil {
		return err
	}
	if err = file.Close(); err != nil {
		return err
	}
	if err = f.root.Rename(tmp, key); err != nil {
		return err
	}
	return f.syncDir(dir)
}

// syncDir makes a rename in dir durable.
func (f *FS) syncDir(dir string) error {
	d, err := f.root.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// Open opens the object for reading.
func (f *FS) Open(_ context.Context, key string) (io.ReadCloser, error) {
	if err := ValidKey(key); err != nil {
		return nil, err
	}
	return f.root.Open(key)
}

// Stat returns the object's size.
func (f *FS) Stat(_ context.Context, key string) (int64, error) {
	if err := ValidKey(key); err != nil {
		return 0, err
	}
	fi, err := f.root.Stat(key)
	if err != nil {
		return 0, err
	}
	if !fi.Mode().IsRegular() {
		return 0, fmt.Errorf("blob: %s is not a file: %w", key, fs.ErrNotExist)
	}
	return fi.Size(), nil
}

// Delete removes the object and syncs its folder.
func (f *FS) Delete(_ context.Context, key string) error {
	if err := ValidKey(key); err != nil {
		return err
	}
	if err := f.root.Remove(key); err != nil {
		if isNotExist(err) {
			return nil
		}
		return err
	}
	return f.syncDir(path.Dir(key))
}

// Rename moves an object, replacing the destination, and syncs both folders.
func (f *FS) Rename(_ context.Context, from, to string) error {
	if err := ValidKey(from); err != nil {
		return err
	}
	if err := ValidKey(to); err != nil {
		return err
	}
	if dir := path.Dir(to); dir != "." {
		if err := f.root.MkdirAll(dir, 0o700); err != nil {
			return err
		}
	}
	if err := f.root.Rename(from, to); err != nil {
		return err
	}
	if err := f.syncDir(path.Dir(to)); err != nil {
		return err
	}
	if path.Dir(from) != path.Dir(to) {
		return f.syncDir(path.Dir(from))
	}
	return nil
}

// Walk lists the objects under prefix (two levels deep at most, as keys are).
// Temporary files of writes in progress, or left by a crash, are not objects.
func (f *FS) Walk(ctx context.Context, prefix string, fn func(key string) error) error {
	return fs.WalkDir(f.root.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if p == "." {
			return nil
		}
		if d.IsDir() {
			if strings.Count(p, "/") > 0 {
				return fs.SkipDir
			}
			return nil
		}
		if strings.HasPrefix(path.Base(p), tmpPrefix) || !d.Type().IsRegular() || !strings.HasPrefix(p, prefix) {
			return nil
		}
		if ValidKey(p) != nil {
			return nil
		}
		return fn(p)
	})
}

// CleanTemp removes temporary files left by writes a crash interrupted. Call it when
// no other process writes to the folder, such as before a key rotation.
func (f *FS) CleanTemp(ctx context.Context) error {
	return fs.WalkDir(f.root.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || ctx.Err() != nil {
			return errors.Join(err, ctx.Err())
		}
		if !d.IsDir() && strings.HasPrefix(path.Base(p), tmpPrefix) {
			return f.root.Remove(p)
		}
		return nil
	})
}

func randomName() string {
	b := make([]byte, 12)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// InjectWriteFault makes every later Put fail with err once it has written after
// bytes of its file, as a full disk (syscall.ENOSPC) or a failing one (EIO) would:
// for the fault tests. The failure happens at the os.Root file itself, so everything
// above it (the temporary file's removal, the encryption pipe, the upload's
// refusal) runs its real error path. A negative after turns the fault off.
func (f *FS) InjectWriteFault(after int64, err error) {
	if after < 0 {
		f.fault = nil
		return
	}
	f.fault = func(w io.Writer) io.Writer { return &faultyWriter{w: w, left: after, err: err} }
}

type faultyWriter struct {
	w    io.Writer
	left int64
	err  error
}

func (fw *faultyWriter) Write(p []byte) (int, error) {
	if int64(len(p)) <= fw.left {
		fw.left -= int64(len(p))
		return fw.w.Write(p)
	}
	n, _ := fw.w.Write(p[:fw.left])
	fw.left = 0
	return n, &os.PathError{Op: "write", Path: "document", Err: fw.err}
}
