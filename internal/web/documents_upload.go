package web

import (
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"path"
	"strconv"
	"strings"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// defaultMaxUpload is the upload limit when Deps.MaxUpload is not set.
const defaultMaxUpload = 50 << 20

// maxUpload is the largest file accepted.
func (s *Server) maxUpload() int64 {
	if s.MaxUpload > 0 {
		return s.MaxUpload
	}
	return defaultMaxUpload
}

// bodyLimit is the most a request body may hold: the upload limit (plus room for
// the form around the file) on the upload forms, maxBodyBytes elsewhere.
// NOTE: the middleware wraps the body before routing, so the upload routes are
// recognised here by method and path.
func (s *Server) bodyLimit(r *http.Request) int64 {
	if r.Method == http.MethodPost && strings.HasPrefix(r.URL.Path, "/documents/") &&
		(r.URL.Path == "/documents/new" || strings.HasSuffix(r.URL.Path, "/versions/new")) || isReviewUpload(r) {
		return s.maxUpload() + maxBodyBytes
	}
	if r.Method == http.MethodPost && strings.HasPrefix(r.URL.Path, "/admin/publications/") && strings.HasSuffix(r.URL.Path, "/files") {
		return s.maxUpload() + maxBodyBytes // publications_staff.go's upload
	}
	return maxBodyBytes
}

// uploadFormData is what the upload forms show.
type uploadFormData struct {
	Kinds    []fieldOption
	MaxMB    int64
	Document *scrutineer.Document // for a new version
}

func (s *Server) uploadForm(r *http.Request, title string, doc *scrutineer.Document, kind string) *pageData {
	d := s.page(r, title)
	data := uploadFormData{MaxMB: s.maxUpload() >> 20, Document: doc}
	data.Kinds = append(data.Kinds, fieldOption{Value: "", Label: "Select a kind of document", Selected: kind == ""})
	for _, k := range scrutineer.DocumentKinds {
		data.Kinds = append(data.Kinds, fieldOption{Value: string(k), Label: k.Label(), Selected: string(k) == kind})
	}
	d.Data = data
	return d
}

func (s *Server) documentNewForm(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.documents(); err != nil {
		return err
	}
	if err := auth.Authorise(r.Context(), auth.UploadDocuments, auth.Resource{}); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "document-new", s.uploadForm(r, "Upload a document", nil, ""))
	return nil
}

// documentCreate takes a new document: kind and title, then the file, streamed
// from the multipart body into the service (never held whole in memory).
func (s *Server) documentCreate(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.documents()
	if err != nil {
		return err
	}
	// NOTE: asked before the body is read, so a caller who may not upload sends
	// nothing anywhere.
	if err := auth.Authorise(r.Context(), auth.UploadDocuments, auth.Resource{}); err != nil {
		return err
	}
	in := &scrutineer.DocumentUpload{}
	res, err := s.receive(r, svc, in, true)
	if err != nil {
		d := s.uploadForm(r, "Upload a document", nil, string(in.Kind))
		d.Form = map[string]string{"title": in.Title}
		return s.uploadRefused(w, r, "document-new", d, err)
	}
	return s.afterUpload(w, r, res)
}

func (s *Server) documentVersionForm(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.documents()
	if err != nil {
		return err
	}
	doc, err := s.editableDocument(r, svc)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "document-version-new", s.uploadForm(r, "Replace the file", doc, ""))
	return nil
}

func (s *Server) documentVersionCreate(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.documents()
	if err != nil {
		return err
	}
	doc, err := s.editableDocument(r, svc)
	if err != nil {
		return err
	}
	in := &scrutineer.DocumentUpload{DocumentID: doc.ID}
	res, err := s.receive(r, svc, in, false)
	if err != nil {
		return s.uploadRefused(w, r, "document-version-new", s.uploadForm(r, "Replace the file", doc, ""), err)
	}
	return s.afterUpload(w, r, res)
}

// editableDocument loads the document of the path for a form that changes it; the
// service asks the policy (not found for others, a conflict once sent).
func (s *Server) editableDocument(r *http.Request, svc scrutineer.DocumentService) (*scrutineer.Document, error) {
	return svc.EditableDocument(r.Context(), r.PathValue("id"))
}

// receive reads the multipart form: the small fields first (the forms put the file
// last), then streams the file part to the service.
func (s *Server) receive(r *http.Request, svc scrutineer.DocumentService, in *scrutineer.DocumentUpload, details bool) (*scrutineer.DocumentUploadResult, error) {
	part, name, err := filePart(r, func(field, value string) {
		switch field {
		case "kind":
			in.Kind = scrutineer.DocumentKind(value)
		case "title":
			in.Title = value
		}
	})
	if err != nil {
		return nil, err
	}
	if details {
		if err := in.ValidateDetails(); err != nil {
			return nil, err
		}
	}
	if name == "" {
		return nil, fileProblem("Select a file to upload")
	}
	in.Filename, in.Body = name, part
	return svc.UploadDocument(r.Context(), in)
}

// filePart reads a multipart upload form up to its "file" part and returns the part
// with the file's base name ("" when no file was chosen). Every other part goes to
// field (when not nil) as its first kilobyte. Each upload form (documents, review
// reports, publications) reads its form through here, so all answer the same way:
// a problem on "file" when the form is not multipart, has no file part or cannot be
// read; an error matching *http.MaxBytesError over the size limit.
func filePart(r *http.Request, field func(name, value string)) (*multipart.Part, string, error) {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		return nil, "", fileProblem("Select a file to upload")
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, "", fileProblem("Select a file to upload")
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return nil, "", fileProblem("Select a file to upload")
		}
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return nil, "", err
			}
			// A malformed form (bad part headers, a broken boundary) is the
			// sender's mistake, not ours.
			return nil, "", fileProblem("The form could not be read. Choose the file again and send the form again.")
		}
		if part.FormName() != "file" {
			if field != nil {
				field(part.FormName(), smallField(part))
			}
			continue
		}
		if part.FileName() == "" {
			return part, "", nil
		}
		return part, path.Base(strings.ReplaceAll(part.FileName(), `\`, "/")), nil
	}
}

// smallField reads a form field of at most 1 KB.
func smallField(p *multipart.Part) string {
	b, _ := io.ReadAll(io.LimitReader(p, 1<<10))
	return strings.TrimSpace(string(b))
}

func fileProblem(msg string) error {
	return &scrutineer.Error{Code: scrutineer.EINVALID, Message: msg, Fields: map[string]string{"file": msg}}
}

// uploadRefused shows the form again with what is wrong: 413 for a file over the
// limit, 422 for other refusals; other errors go to the error page.
func (s *Server) uploadRefused(w http.ResponseWriter, r *http.Request, page string, d *pageData, err error) error {
	if scrutineer.ErrorCode(err) != scrutineer.EINVALID {
		var mbe *http.MaxBytesError
		if !errors.As(err, &mbe) {
			return err
		}
		err = s.tooLargeProblem()
	}
	status := http.StatusUnprocessableEntity
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		status = http.StatusRequestEntityTooLarge
	}
	d.withErrors(err, "kind", "title", "file")
	s.render(w, r, status, page, d)
	return nil
}

// tooLargeProblem is the refusal of a body over the route's limit.
func (s *Server) tooLargeProblem() error {
	msg := "The file must be smaller than " + strconv.FormatInt(s.maxUpload()>>20, 10) + " MB"
	return errors.Join(fileProblem(msg), &http.MaxBytesError{Limit: s.maxUpload()})
}

// afterUpload redirects to the document page with what happened.
func (s *Server) afterUpload(w http.ResponseWriter, r *http.Request, res *scrutineer.DocumentUploadResult) error {
	done := "uploaded"
	if res.Duplicate {
		done = "duplicate"
	}
	http.Redirect(w, r, documentPath(res.Document.ID)+"?done="+done, http.StatusSeeOther)
	return nil
}

// documentDownload streams a version's decrypted file as an attachment.
func (s *Server) documentDownload(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.documents()
	if err != nil {
		return err
	}
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil {
		return scrutineer.Errorf(scrutineer.ENOTFOUND, "Page not found.")
	}
	v, rc, err := svc.OpenDocumentVersion(r.Context(), r.PathValue("id"), n)
	if err != nil {
		return err
	}
	defer rc.Close()
	h := w.Header()
	h.Set("Content-Type", contentTypes[v.Format])
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": v.Filename}))
	h.Set("Content-Length", strconv.FormatInt(v.Size, 10))
	h.Set("Cache-Control", "no-store")
	_, err = io.Copy(w, rc)
	return err
}

// contentTypes are the media types of the accepted formats.
var contentTypes = map[string]string{
	"pdf":  "application/pdf",
	"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	"odt":  "application/vnd.oasis.opendocument.text",
	"txt":  "text/plain; charset=utf-8",
}
