package web

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/extract"
)

// A learning review's documents are uploaded through the document exchange with the
// review as their owner, and checked at once so that the answer (the API's 201, the
// journey's report page) can say what the check found
// (docs/decisions/0103-learning-review-outcome.md).

// reviewCheckTimeout bounds the check made during an upload request. A file that
// takes longer is still stored; its queued job finishes the check and the answer
// says "pending".
const reviewCheckTimeout = 20 * time.Second

// checker is the part of the document exchange that checks a document at once
// (documents.Service.CheckNow).
type checker interface {
	CheckNow(ctx context.Context, docID string) (*scrutineer.Document, error)
}

// errUnsupportedType marks a refusal of the file's type, which the API answers 415.
var errUnsupportedType = errors.New("web: file type not accepted")

// isReviewUpload reports whether r is one of the review upload routes, whose body
// may be as large as a document (bodyLimit).
func isReviewUpload(r *http.Request) bool {
	if r.Method != http.MethodPost {
		return false
	}
	p := r.URL.Path
	return (strings.HasPrefix(p, "/api/v1/learning-reviews/") && strings.HasSuffix(p, "/documents")) ||
		(strings.HasPrefix(p, "/learning-reviews/") && strings.HasSuffix(p, "/outcome/report"))
}

// uploadReviewFile stores the multipart field "file" of r as a new document of the
// review rv (its report, or for an alternative approach its learning summary) and
// checks it within reviewCheckTimeout. The file's type is named from its head
// before anything is stored: a type not accepted is errUnsupportedType joined with
// the reason (EINVALID on "file"); over the limit the error matches
// *http.MaxBytesError.
func (s *Server) uploadReviewFile(r *http.Request, rv *scrutineer.LearningReview, kind scrutineer.DocumentKind) (*scrutineer.Document, error) {
	docs, err := s.documents()
	if err != nil {
		return nil, err
	}
	part, name, err := filePart(r, nil)
	if err != nil {
		return nil, err
	}
	if name == "" {
		return nil, fileProblem("Select a file to upload")
	}
	body := bufio.NewReaderSize(part, extract.HeadSize)
	head, err := body.Peek(extract.HeadSize)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, err
	}
	if len(head) > 0 {
		if _, err := extract.Detect(head, name); err != nil {
			return nil, errors.Join(fileProblem(scrutineer.ErrorMessage(err)), errUnsupportedType)
		}
	}
	in := &scrutineer.DocumentUpload{OwnerType: scrutineer.OwnerLearningReview, OwnerID: rv.ID, Kind: kind,
		Title: kind.Label() + ", learning review " + shortID(rv.ID), Filename: name, Body: body}
	res, err := docs.UploadDocument(r.Context(), in)
	if err != nil {
		return nil, err
	}
	return s.checkReviewDocument(r.Context(), res.Document)
}

// checkReviewDocument checks d at once when the exchange can, within
// reviewCheckTimeout, and returns it as it then is.
func (s *Server) checkReviewDocument(ctx context.Context, d *scrutineer.Document) (*scrutineer.Document, error) {
	c, ok := s.Documents.(checker)
	if !ok {
		return d, nil
	}
	ctx, cancel := context.WithTimeout(ctx, reviewCheckTimeout)
	defer cancel()
	return c.CheckNow(ctx, d.ID)
}

// checkState is a document's check in the API's words: clear, findings, pending
// (still being read) or unreadable (no text could be read, so it cannot be sent).
func checkState(d *scrutineer.Document) string {
	v := d.Latest()
	switch {
	case v == nil || !v.Extraction.Finished():
		return "pending"
	case v.Extraction != scrutineer.ExtractionDone:
		return "unreadable"
	case v.Check == scrutineer.CheckClear || v.Check == scrutineer.CheckFindings:
		return string(v.Check)
	}
	return "pending"
}

// reviewDocuments lists the documents of a review the caller may see: its
// committee sees all, regulator staff those sent.
func (s *Server) reviewDocuments(ctx context.Context, id string) ([]*scrutineer.Document, error) {
	if s.Documents == nil {
		return nil, nil
	}
	ds, err := s.Documents.FindDocuments(ctx, scrutineer.DocumentFilter{OwnerType: scrutineer.OwnerLearningReview, OwnerID: id, Limit: 100})
	if scrutineer.ErrorCode(err) == scrutineer.ENOTFOUND {
		// NOTE: analysts may read the review but not the exchange's documents.
		return nil, nil
	}
	return ds, err
}
