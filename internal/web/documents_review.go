package web

import (
	"net/http"

	"github.com/scrutineer/scrutineer"
)

// The pages that settle findings and send a document: each asks through the
// service, which asks the policy (the document's organisation only, and only
// while it is a draft).

// findingOf returns the finding of the document's latest version named in the path.
func findingOf(r *http.Request, doc *scrutineer.Document) (*scrutineer.DocumentFinding, error) {
	if v := doc.Latest(); v != nil {
		for _, f := range v.Findings {
			if f.ID == r.PathValue("finding") {
				return f, nil
			}
		}
	}
	return nil, scrutineer.Errorf(scrutineer.ENOTFOUND, "Page not found.")
}

// dismissData is what the dismiss form shows.
type dismissData struct {
	Document *scrutineer.Document
	Finding  findingView
}

func (s *Server) findingDismissForm(w http.ResponseWriter, r *http.Request) error {
	return s.showDismiss(w, r, http.StatusOK, nil)
}

// showDismiss renders the dismiss form, with err's problems when set.
func (s *Server) showDismiss(w http.ResponseWriter, r *http.Request, status int, err error) error {
	svc, e := s.documents()
	if e != nil {
		return e
	}
	doc, e := s.editableDocument(r, svc)
	if e != nil {
		return e
	}
	f, e := findingOf(r, doc)
	if e != nil {
		return e
	}
	d := s.page(r, "Is this personal data?")
	d.Data = dismissData{Document: doc, Finding: findingView{f, findingLabel(f.Kind)}}
	if err != nil {
		d.withErrors(err, "reason")
		d.Form = map[string]string{"reason": r.PostFormValue("reason")}
	}
	s.render(w, r, status, "document-dismiss", d)
	return nil
}

func (s *Server) findingDismiss(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.documents()
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	err = svc.DismissFinding(r.Context(), id, r.PathValue("finding"), r.PostFormValue("reason"))
	if scrutineer.ErrorCode(err) == scrutineer.EINVALID {
		return s.showDismiss(w, r, http.StatusUnprocessableEntity, err)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, documentPath(id)+"?done=dismissed", http.StatusSeeOther)
	return nil
}

func (s *Server) documentSendForm(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.documents()
	if err != nil {
		return err
	}
	doc, err := s.editableDocument(r, svc)
	if err != nil {
		return err
	}
	s.renderSend(w, r, http.StatusOK, doc, doc.ReadyToSend())
	return nil
}

// renderSend shows the check-your-answers page; problem, when set, says why the
// document cannot be sent yet.
func (s *Server) renderSend(w http.ResponseWriter, r *http.Request, status int, doc *scrutineer.Document, problem error) {
	d := s.page(r, "Check before sending")
	view := s.documentView(d.User, doc)
	dismissed := 0
	for _, f := range view.Findings {
		if f.Dismissed() {
			dismissed++
		}
	}
	d.Data = struct {
		*documentView
		Problem   string
		Dismissed int
	}{view, scrutineer.ErrorMessage(problem), dismissed}
	s.render(w, r, status, "document-send", d)
}

func (s *Server) documentSend(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.documents()
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	err = svc.SendDocument(r.Context(), id)
	if scrutineer.ErrorCode(err) == scrutineer.ECONFLICT {
		doc, ferr := s.editableDocument(r, svc)
		if ferr != nil {
			return ferr
		}
		s.renderSend(w, r, http.StatusConflict, doc, err)
		return nil
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, documentPath(id)+"?done=sent", http.StatusSeeOther)
	return nil
}
