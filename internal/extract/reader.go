package extract

import (
	"context"
	"errors"
	"fmt"
	"io"
)

// guardedReader wraps the caller's file. It stops every read once the context is
// done, which bounds the time spent in decompression and parsing loops that read as
// they go, and it remembers read failures so that a failing store is reported as
// our error rather than as a damaged upload.
type guardedReader struct {
	ctx   context.Context
	r     io.ReaderAt
	size  int64
	ioErr error
}

func newGuardedReader(ctx context.Context, r io.ReaderAt, size int64) *guardedReader {
	return &guardedReader{ctx: ctx, r: r, size: size}
}

// ReadAt implements io.ReaderAt, reading only within size.
func (g *guardedReader) ReadAt(p []byte, off int64) (int, error) {
	if err := g.ctx.Err(); err != nil {
		return 0, err
	}
	if off < 0 {
		return 0, errors.New("extract: negative offset")
	}
	if off >= g.size {
		return 0, io.EOF
	}
	short := false
	if rest := g.size - off; int64(len(p)) > rest {
		p, short = p[:rest], true
	}
	n, err := g.r.ReadAt(p, off)
	if err == io.EOF && n == len(p) {
		err = nil
	}
	if err != nil && err != io.EOF && g.ioErr == nil {
		g.ioErr = err
	}
	if err == nil && short {
		err = io.EOF
	}
	return n, err
}

// fail turns an error met while reading a file of format f into the one to return:
// the context's error when it is done, a message for the uploader when the file is
// at fault, and the store's read error when there was one.
func (g *guardedReader) fail(f Format, err error) error {
	if cerr := g.ctx.Err(); cerr != nil {
		return fmt.Errorf("extract: stopped: %w", cerr)
	}
	if isUserError(err) {
		return err
	}
	if g.ioErr != nil {
		return fmt.Errorf("extract: reading file: %w", g.ioErr)
	}
	var big partTooLarge
	if errors.As(err, &big) {
		return errExpands(f, MaxXMLPart)
	}
	return errDamaged(f)
}
