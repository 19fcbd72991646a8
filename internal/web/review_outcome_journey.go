package web

import (
	"errors"
	"net/http"
	"slices"

	"github.com/scrutineer/scrutineer"
)

// The outcome journey: one question page per step, each saved as the review's
// outcome draft (store: review_outcome_drafts) before the next is shown, then
// check-your-answers and the notification. Steps, in order; the lists
// (learning points, recommendations, actions) add, change and remove one item a
// page (review_outcome_items.go).
var outcomeSteps = []string{"dates", "method", "report", "learning-points", "recommendations", "actions", "publication", "check"}

// stepFields are the answers each question step asks, in form order.
var stepFields = map[string][]string{
	"dates":       {"completed_on", "ratified_on", "delay_reasons"},
	"method":      {"methodology", "family_involvement", "staff_involvement"},
	"publication": {"publication"},
}

// outcomePage is the data of every page of the journey.
type outcomePage struct {
	Review      *scrutineer.LearningReview
	Draft       *scrutineer.ReviewOutcomeInput
	Step        string
	Alternative bool // an alternative approach: minutes or a learning summary, not a report
	Change      bool // came from check-your-answers: return there
	Confirm     bool // offer to confirm that flagged text is not personal data
	Options     map[string][]fieldOption
	Documents   []outcomeDoc
	N           string // the item's number, or "new"
	Item        outcomeItem
	MaxMB       int64
	Problems    []answerProblem // check-your-answers: what is missing, with where to change it
}

// answerProblem is one problem on check-your-answers and the page that fixes it.
type answerProblem struct{ Href, Problem string }

// outcomeDoc is one document of the outcome with its check.
type outcomeDoc struct {
	ID, Filename, Check string
	Unresolved          int
	Sent                bool
}

func outcomePath(id, step string) string { return reviewPath(id) + "/outcome/" + step }

// nextStep is where a step leads: check-your-answers when changing an answer.
func nextStep(step string, change bool) string {
	i := slices.Index(outcomeSteps, step)
	if change || i < 0 || i+1 >= len(outcomeSteps) {
		return "check"
	}
	return outcomeSteps[i+1]
}

// outcomeContext loads the review of the path for the journey and its draft.
// ECONFLICT when the review cannot notify an outcome now.
func (s *Server) outcomeContext(r *http.Request) (*outcomePage, scrutineer.ReviewOutcomeService, error) {
	rv, svc, err := s.editableReviewPage(r)
	if err != nil {
		return nil, nil, err
	}
	if err := mayAddOutcomeDocument(rv); err != nil {
		return nil, nil, err
	}
	draft, err := svc.OutcomeDraft(r.Context(), rv.ID)
	if err != nil {
		return nil, nil, err
	}
	p := &outcomePage{Review: rv, Draft: draft, Step: r.PathValue("step"), Alternative: rv.Decision == "alternative_approach",
		Change: r.URL.Query().Get("change") == "1", MaxMB: s.maxUpload() >> 20}
	p.Options = map[string][]fieldOption{
		"methodology":        codeOptions(scrutineer.MethodCodes, draft.Methodology),
		"family_involvement": codeOptions(scrutineer.InvolvementCodes, draft.FamilyInvolvement),
		"staff_involvement":  codeOptions(scrutineer.InvolvementCodes, draft.StaffInvolvement),
		"publication":        codeOptions(scrutineer.PublicationCodes, draft.Publication),
	}
	return p, svc, nil
}

func codeOptions(cs scrutineer.Codes, v string) []fieldOption {
	out := make([]fieldOption, 0, len(cs))
	for _, c := range cs {
		out = append(out, fieldOption{Value: c.Value, Label: c.Label, Selected: c.Value == v})
	}
	return out
}

// outcomeStart begins (or resumes) the journey at its first step.
func (s *Server) outcomeStart(w http.ResponseWriter, r *http.Request) error {
	p, _, err := s.outcomeContext(r)
	if err != nil {
		return err
	}
	http.Redirect(w, r, outcomePath(p.Review.ID, outcomeSteps[0]), http.StatusSeeOther)
	return nil
}

// stepTitles are the pages' headings.
var stepTitles = map[string]string{
	"dates": "Dates of the review", "method": "How the review was carried out", "report": "The report",
	"learning-points": "Learning points", "recommendations": "Recommendations", "actions": "Action plan",
	"publication": "Publication", "check": "Check your answers before notifying the outcome",
}

func (s *Server) renderOutcome(w http.ResponseWriter, r *http.Request, status int, p *outcomePage, d *pageData) error {
	if d == nil {
		d = s.page(r, stepTitles[p.Step])
	}
	if p.Step == "report" && p.Alternative {
		d.Title = "Minutes or learning summary"
	}
	page := "review-outcome-step"
	switch p.Step {
	case "report":
		docs, err := s.outcomeDocs(r, p.Draft)
		if err != nil {
			return err
		}
		p.Documents, page = docs, "review-outcome-report"
	case "learning-points", "recommendations", "actions":
		page = "review-outcome-list"
	case "check":
		docs, err := s.outcomeDocs(r, p.Draft)
		if err != nil {
			return err
		}
		p.Documents, page = docs, "review-outcome-check"
	}
	d.Data = p
	s.render(w, r, status, page, d)
	return nil
}

// outcomeDocs loads the outcome's documents with their checks.
func (s *Server) outcomeDocs(r *http.Request, draft *scrutineer.ReviewOutcomeInput) ([]outcomeDoc, error) {
	docs, err := s.documents()
	if err != nil {
		return nil, err
	}
	var out []outcomeDoc
	for _, id := range draft.DocumentIDs {
		d, err := docs.EditableDocument(r.Context(), id)
		if err != nil {
			if c := scrutineer.ErrorCode(err); c == scrutineer.ENOTFOUND || c == scrutineer.ECONFLICT {
				out = append(out, outcomeDoc{ID: id, Filename: "Document " + shortID(id), Check: "unavailable"})
				continue
			}
			return nil, err
		}
		od := outcomeDoc{ID: d.ID, Check: checkState(d)}
		if v := d.Latest(); v != nil {
			od.Filename, od.Unresolved = v.Filename, v.Unresolved()
		}
		out = append(out, od)
	}
	return out, nil
}

func (s *Server) outcomeStepForm(w http.ResponseWriter, r *http.Request) error {
	p, _, err := s.outcomeContext(r)
	if err != nil {
		return err
	}
	if _, ok := stepTitles[p.Step]; !ok {
		return scrutineer.Errorf(scrutineer.ENOTFOUND, "Page not found.")
	}
	d := s.page(r, stepTitles[p.Step])
	d.Form = map[string]string{"completed_on": p.Draft.CompletedOn, "ratified_on": p.Draft.RatifiedOn, "delay_reasons": p.Draft.DelayReasons}
	if p.Step == "report" {
		d.Flash = map[string]string{"uploaded": "Your file has been uploaded and checked."}[r.URL.Query().Get("done")]
	}
	return s.renderOutcome(w, r, http.StatusOK, p, d)
}

// outcomeStepSave saves a question step, takes a file on the report step, and
// notifies the outcome from check-your-answers.
func (s *Server) outcomeStepSave(w http.ResponseWriter, r *http.Request) error {
	switch r.PathValue("step") {
	case "report":
		return s.outcomeReportSave(w, r)
	case "check":
		return s.outcomeSubmit(w, r)
	}
	p, svc, err := s.outcomeContext(r)
	if err != nil {
		return err
	}
	fields, ok := stepFields[p.Step]
	if !ok {
		return scrutineer.Errorf(scrutineer.ENOTFOUND, "Page not found.")
	}
	in := p.Draft
	for _, f := range fields {
		v := r.PostFormValue(f)
		switch f {
		case "completed_on":
			in.CompletedOn = v
		case "ratified_on":
			in.RatifiedOn = v
		case "delay_reasons":
			in.DelayReasons = v
		case "methodology":
			in.Methodology = v
		case "family_involvement":
			in.FamilyInvolvement = v
		case "staff_involvement":
			in.StaffInvolvement = v
		case "publication":
			in.Publication = v
		}
	}
	err = stepProblems(p.Review.ValidateOutcome(in, scrutineer.Today(s.Now()), true), fields)
	if err == nil && p.Step == "dates" {
		p.Confirm, err = confirmedText(r, textField{"delay_reasons", in.DelayReasons})
	}
	if err == nil {
		err = svc.SaveOutcomeDraft(r.Context(), p.Review.ID, in)
	}
	if scrutineer.ErrorCode(err) == scrutineer.EINVALID {
		d := s.page(r, stepTitles[p.Step])
		d.Form = map[string]string{"completed_on": in.CompletedOn, "ratified_on": in.RatifiedOn, "delay_reasons": in.DelayReasons}
		d.withErrors(err, fields...)
		p.Options = map[string][]fieldOption{
			"methodology":        codeOptions(scrutineer.MethodCodes, in.Methodology),
			"family_involvement": codeOptions(scrutineer.InvolvementCodes, in.FamilyInvolvement),
			"staff_involvement":  codeOptions(scrutineer.InvolvementCodes, in.StaffInvolvement),
			"publication":        codeOptions(scrutineer.PublicationCodes, in.Publication),
		}
		return s.renderOutcome(w, r, http.StatusUnprocessableEntity, p, d)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, outcomePath(p.Review.ID, nextStep(p.Step, p.Change)), http.StatusSeeOther)
	return nil
}

// stepProblems keeps the problems of err with fields (the step's own), as
// EINVALID; nil when the step has none. Other errors pass through.
func stepProblems(err error, fields []string) error {
	if scrutineer.ErrorCode(err) != scrutineer.EINVALID {
		return err
	}
	var p scrutineer.Problems
	all := scrutineer.ErrorFields(err)
	for _, f := range fields {
		if msg, ok := all[f]; ok {
			p.Add(f, msg)
		}
	}
	return p.Err("Check your answers on this page.")
}

// outcomeReportSave takes a file for the outcome through the document exchange,
// checks it, adds it to the draft and shows the result on the report page.
func (s *Server) outcomeReportSave(w http.ResponseWriter, r *http.Request) error {
	p, svc, err := s.outcomeContext(r)
	if err != nil {
		return err
	}
	doc, err := s.uploadReviewFile(r, p.Review, scrutineer.OutcomeDocumentKind(p.Review.Decision))
	if err == nil {
		p.Draft.DocumentIDs = append(p.Draft.DocumentIDs, doc.ID)
		err = svc.SaveOutcomeDraft(r.Context(), p.Review.ID, p.Draft)
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) && scrutineer.ErrorCode(err) != scrutineer.EINVALID {
		err = s.tooLargeProblem()
	}
	if scrutineer.ErrorCode(err) == scrutineer.EINVALID {
		status := http.StatusUnprocessableEntity
		if errors.As(err, &mbe) {
			status = http.StatusRequestEntityTooLarge
		}
		d := s.page(r, stepTitles["report"])
		d.withErrors(err, "file")
		return s.renderOutcome(w, r, status, p, d)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, outcomePath(p.Review.ID, "report")+"?done=uploaded", http.StatusSeeOther)
	return nil
}
