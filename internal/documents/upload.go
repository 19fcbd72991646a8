package documents

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/blob"
	"github.com/scrutineer/scrutineer/internal/extract"
	"github.com/scrutineer/scrutineer/internal/store"
)

// UploadDocument checks in.Body and, if it is a document Scrutineer accepts, stores
// it encrypted and records it as a new document or a new version, queuing its
// extraction. A file identical to a version the document already has is recognised
// (Duplicate) and not stored again. Callers: committee officers and area contacts,
// for their own organisation's documents. EINVALID with a message saying what to do
// for a file that is refused (too large: the error also matches
// *http.MaxBytesError); nothing is stored then. ENOTFOUND, ECONFLICT as
// store.Documents.AddVersion.
func (s *Service) UploadDocument(ctx context.Context, in *scrutineer.DocumentUpload) (*scrutineer.DocumentUploadResult, error) {
	if err := s.mayUpload(ctx, in); err != nil {
		return nil, err
	}
	f, size, sum, err := s.spool(in.Body)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	format, err := s.check(ctx, f, size, in.Filename)
	if err != nil {
		return nil, err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, fmt.Errorf("rewind upload: %w", err)
	}
	// NOTE: a file already stored (the same content in any document) comes back
	// with the same Ref, so a refused or duplicate version leaves no second copy.
	ref, err := s.blobs.Put(ctx, f, blob.MaxSize(s.opts.MaxUpload))
	if err != nil {
		return nil, err
	}
	if ref.SHA256 != sum {
		return nil, fmt.Errorf("documents: the stored file's hash differs from the upload's")
	}
	return s.store.AddVersion(ctx, &store.NewVersion{Upload: in, SHA256: ref.SHA256, Size: ref.Size, Format: string(format)})
}

// mayUpload asks the policy before anything is read, so a caller who may not upload
// stores nothing, not even temporarily.
func (s *Service) mayUpload(ctx context.Context, in *scrutineer.DocumentUpload) error {
	if in.DocumentID == "" {
		return auth.Authorise(ctx, auth.UploadDocuments, auth.Resource{})
	}
	_, err := s.store.Editable(ctx, in.DocumentID)
	return err
}

// tooLarge is the refusal of a file above the limit. It also matches
// *http.MaxBytesError, so the web layer answers 413.
func (s *Service) tooLarge() error {
	e := &scrutineer.Error{Code: scrutineer.EINVALID,
		Message: fmt.Sprintf("The file is larger than %d MB. Make it smaller, for example by saving images at a lower resolution or splitting it into parts, and upload it again.", s.opts.MaxUpload>>20),
		Fields:  map[string]string{"file": fmt.Sprintf("The file must be smaller than %d MB", s.opts.MaxUpload>>20)}}
	return errors.Join(e, &http.MaxBytesError{Limit: s.opts.MaxUpload})
}

// spool copies the upload to a temporary file, hashing it on the way, and returns
// the file (positioned anywhere), its size and SHA-256.
// NOTE: the file is unlinked as soon as it is made, so the plain upload never
// outlives the request, even if the process dies; only its open handle remains.
func (s *Service) spool(body io.Reader) (*os.File, int64, string, error) {
	f, err := os.CreateTemp(s.opts.TempDir, "upload-*")
	if err != nil {
		return nil, 0, "", fmt.Errorf("spool upload: %w", err)
	}
	os.Remove(f.Name())
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(f, h), io.LimitReader(body, s.opts.MaxUpload+1))
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe) || n > s.opts.MaxUpload:
		f.Close()
		return nil, 0, "", s.tooLarge()
	case err != nil:
		f.Close()
		return nil, 0, "", fmt.Errorf("read upload: %w", err)
	case n == 0:
		f.Close()
		return nil, 0, "", fileError("The selected file is empty. Choose the file again, or check it has been saved.")
	}
	return f, n, hex.EncodeToString(h.Sum(nil)), nil
}

// check names the format from the head and the name (extract.Detect) and then
// checks the whole file (extract.Check): both, since only Check reads a ZIP's
// central directory and a PDF's trailer.
func (s *Service) check(ctx context.Context, f *os.File, size int64, name string) (extract.Format, error) {
	head := make([]byte, min(size, extract.HeadSize))
	if _, err := f.ReadAt(head, 0); err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read upload: %w", err)
	}
	format, err := extract.Detect(head, name)
	if err == nil {
		err = extract.Check(ctx, format, f, size)
	}
	if err != nil {
		if scrutineer.ErrorCode(err) == scrutineer.EINVALID {
			return "", fileError(scrutineer.ErrorMessage(err))
		}
		return "", err
	}
	return format, nil
}

// fileError is a refusal of the file, shown against the file field.
func fileError(msg string) error {
	return &scrutineer.Error{Code: scrutineer.EINVALID, Message: msg, Fields: map[string]string{"file": msg}}
}
