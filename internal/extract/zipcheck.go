package extract

import (
	"archive/zip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// Bounds on ZIP packages (DOCX and ODT), applied by Check and again by Text. A real
// report of a few hundred pages with photographs stays far inside them; a ZIP bomb
// does not.
const (
	// MaxZipEntries is the most entries a package may have.
	MaxZipEntries = 5000
	// MaxUnzippedSize is the most the entries of a package may add up to once
	// decompressed, as declared in the central directory. archive/zip refuses to
	// read more than the declared size of an entry, so declared sizes bind.
	MaxUnzippedSize = 512 << 20
	// MaxZipRatio is the most an entry larger than zipRatioFloor may expand,
	// decompressed size over compressed size. XML compresses about tenfold;
	// ZIP bombs expand a thousandfold.
	MaxZipRatio = 100
	// MaxXMLPart is the largest single XML part that is parsed.
	MaxXMLPart = 128 << 20

	zipRatioFloor = 1 << 20
)

// openZip opens a package of format f for reading after checking its bounds. It
// reads the end of the central directory itself first, so a file that claims
// millions of entries is refused before archive/zip allocates for them.
func openZip(f Format, r io.ReaderAt, size int64) (*zip.Reader, error) {
	n, err := zipEntryCount(f, r, size)
	if err != nil {
		return nil, err
	}
	if n > MaxZipEntries {
		return nil, errTooManyParts(f, MaxZipEntries)
	}
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, zipError(f, err)
	}
	if len(zr.File) > MaxZipEntries {
		return nil, errTooManyParts(f, MaxZipEntries)
	}
	seen := make(map[string]bool, len(zr.File))
	var total uint64
	for _, e := range zr.File {
		if seen[e.Name] {
			// Two entries with one name: readers disagree on which is the real
			// one, which could hide text from the personal-data check.
			return nil, errDamaged(f)
		}
		seen[e.Name] = true
		if family, macro := macroEntry(e.Name); macro {
			return nil, errMacros(family)
		}
		if e.Flags&0x1 != 0 || (e.Method != zip.Store && e.Method != zip.Deflate) {
			return nil, errDamaged(f) // encrypted entries or methods Office never writes
		}
		total += e.UncompressedSize64
		if total > MaxUnzippedSize {
			return nil, errExpands(f, MaxUnzippedSize)
		}
		if e.UncompressedSize64 > zipRatioFloor && e.UncompressedSize64 > MaxZipRatio*e.CompressedSize64 {
			return nil, errExpands(f, MaxUnzippedSize)
		}
	}
	return zr, nil
}

// zipEntryCount reads the entry count from the end of central directory record,
// and from the ZIP64 record when the short count is saturated.
func zipEntryCount(f Format, r io.ReaderAt, size int64) (uint64, error) {
	const eocdLen, maxComment = 22, 65535
	if size < eocdLen {
		return 0, errDamaged(f)
	}
	tailLen := min(size, eocdLen+maxComment+20)
	tail := make([]byte, tailLen)
	if _, err := r.ReadAt(tail, size-tailLen); err != nil && err != io.EOF {
		return 0, fmt.Errorf("extract: reading package: %w", err)
	}
	at := -1
	for i := len(tail) - eocdLen; i >= 0; i-- {
		if binary.LittleEndian.Uint32(tail[i:]) == 0x06054b50 {
			at = i
			break
		}
	}
	if at < 0 {
		return 0, errDamaged(f)
	}
	n := uint64(binary.LittleEndian.Uint16(tail[at+10:]))
	if n != 0xffff || at < 20 {
		return n, nil
	}
	// ZIP64: the locator sits just before the record and points at the ZIP64 end
	// of central directory, whose entry count is 8 bytes at offset 32.
	loc := tail[at-20:]
	if binary.LittleEndian.Uint32(loc) != 0x07064b50 {
		return n, nil
	}
	off := int64(binary.LittleEndian.Uint64(loc[8:]))
	if off < 0 || off > size-56 {
		return 0, errDamaged(f)
	}
	rec := make([]byte, 56)
	if _, err := r.ReadAt(rec, off); err != nil && err != io.EOF {
		return 0, fmt.Errorf("extract: reading package: %w", err)
	}
	if binary.LittleEndian.Uint32(rec) != 0x06064b50 {
		return 0, errDamaged(f)
	}
	return binary.LittleEndian.Uint64(rec[32:]), nil
}

// zipError tells a damaged package, which the uploader must fix, from a failure to
// read the stored file, which is ours.
func zipError(f Format, err error) error {
	for _, bad := range []error{zip.ErrFormat, zip.ErrAlgorithm, zip.ErrChecksum, zip.ErrInsecurePath, io.ErrUnexpectedEOF, io.EOF} {
		if errors.Is(err, bad) {
			return errDamaged(f)
		}
	}
	return fmt.Errorf("extract: reading package: %w", err)
}

// zipFiles indexes a package's entries by name.
func zipFiles(zr *zip.Reader) map[string]*zip.File {
	m := make(map[string]*zip.File, len(zr.File))
	for _, e := range zr.File {
		m[e.Name] = e
	}
	return m
}

// readSmall reads a small control part (relationships, content types, metadata),
// at most max bytes of it.
func readSmall(e *zip.File, max int64) ([]byte, error) {
	rc, err := e.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(io.LimitReader(rc, max))
}
