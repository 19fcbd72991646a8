package web

import (
	"net/http"

	"github.com/scrutineer/scrutineer"
)

// sectionForm is the add-a-section page: commentary, or a table of the catalogue.
type sectionForm struct {
	*scrutineer.Report
	Kind   scrutineer.SectionKind
	Tables []fieldOption
}

func (s *Server) sectionFormData(r *http.Request, svc scrutineer.ReportService, kind scrutineer.SectionKind, table string) (*sectionForm, error) {
	rep, err := svc.FindReport(r.Context(), r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	if kind != scrutineer.SectionStatistics {
		kind = scrutineer.SectionCommentary
	}
	f := &sectionForm{Report: rep, Kind: kind}
	if kind == scrutineer.SectionStatistics {
		choices, err := svc.TableChoices(r.Context(), rep.ID)
		if err != nil {
			return nil, err
		}
		f.Tables = append(f.Tables, fieldOption{Value: "", Label: "Select a table", Selected: table == ""})
		for _, c := range choices {
			f.Tables = append(f.Tables, fieldOption{Value: c.ID, Label: c.Title, Selected: c.ID == table})
		}
	}
	return f, nil
}

func sectionTitle(kind scrutineer.SectionKind) string {
	if kind == scrutineer.SectionStatistics {
		return "Add a statistics table"
	}
	return "Add commentary"
}

func (s *Server) sectionNewForm(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.reports()
	if err != nil {
		return err
	}
	f, err := s.sectionFormData(r, svc, scrutineer.SectionKind(r.URL.Query().Get("kind")), "")
	if err != nil {
		return err
	}
	d := s.page(r, sectionTitle(f.Kind))
	d.Data = f
	s.render(w, r, http.StatusOK, "report-section-new", d)
	return nil
}

func (s *Server) sectionCreate(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.reports()
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	in := &scrutineer.SectionInput{Kind: scrutineer.SectionKind(r.PostFormValue("kind")), Heading: r.PostFormValue("heading"),
		Body: r.PostFormValue("body"), Table: r.PostFormValue("table")}
	_, err = svc.AddSection(r.Context(), id, in)
	if scrutineer.ErrorCode(err) == scrutineer.EINVALID {
		f, ferr := s.sectionFormData(r, svc, in.Kind, in.Table)
		if ferr != nil {
			return ferr
		}
		d := s.page(r, sectionTitle(f.Kind)).withErrors(err, "heading", "body", "table", "kind")
		d.Form = map[string]string{"heading": r.PostFormValue("heading"), "body": r.PostFormValue("body")}
		d.Data = f
		s.render(w, r, http.StatusUnprocessableEntity, "report-section-new", d)
		return nil
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, reportPath(id)+"?done=added#sections", http.StatusSeeOther)
	return nil
}

func (s *Server) sectionMove(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.reports()
	if err != nil {
		return err
	}
	delta := 1
	if r.PostFormValue("direction") == "up" {
		delta = -1
	}
	id := r.PathValue("id")
	if err := svc.MoveSection(r.Context(), id, r.PathValue("section"), delta); err != nil {
		return err
	}
	http.Redirect(w, r, reportPath(id)+"?done=moved#sections", http.StatusSeeOther)
	return nil
}

func (s *Server) sectionDelete(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.reports()
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	if err := svc.DeleteSection(r.Context(), id, r.PathValue("section")); err != nil {
		return err
	}
	http.Redirect(w, r, reportPath(id)+"?done=deleted#sections", http.StatusSeeOther)
	return nil
}
