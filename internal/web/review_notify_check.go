package web

import (
	"net/http"
	"slices"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/pii"
)

// notifyCheckData is the data of check-your-answers (templates/pages/review-notify-check.html).
type notifyCheckData struct {
	Review   *scrutineer.LearningReview
	Ref      string
	Rows     []summaryRow
	Findings []reasonFinding
	Action   string
	Reasons  string // the page that changes the reasons
	Ready    bool   // every question answered
}

// reasonFinding is one finding of the personal-data check in the reasons.
type reasonFinding struct {
	Key, Kind, Text string
	Confirmed       bool
}

// reasonsCheck runs the personal-data check on the reasons (docs/decisions/0016-pii-detection.md)
// with the confirmations given.
func reasonsCheck(reasons string, confirmed []string) *scrutineer.ReasonsCheck {
	c := &scrutineer.ReasonsCheck{Confirmed: confirmed}
	for _, f := range pii.Scan(reasons) {
		c.Findings = append(c.Findings, scrutineer.TextFinding{Kind: string(f.Kind), Start: f.Start, End: f.End,
			Key: scrutineer.FindingKey(string(f.Kind), f.Start, f.End, f.Text)})
	}
	return c
}

// notifyCheck shows every answer with a Change link, the questions not yet
// answered and what the personal-data check found in the reasons.
func (s *Server) notifyCheck(w http.ResponseWriter, r *http.Request) error {
	rv, err := s.draftFor(r.Context(), r.PathValue("id"))
	if scrutineer.ErrorCode(err) == scrutineer.ECONFLICT {
		http.Redirect(w, r, reviewPath(rv.ID), http.StatusSeeOther)
		return nil
	}
	if err != nil {
		return err
	}
	return s.renderNotifyCheck(w, r, http.StatusOK, rv, nil, nil)
}

// notifySubmit sends the decision: every question answered, each finding in the
// reasons removed or confirmed not personal data, then NotifyDecision.
func (s *Server) notifySubmit(w http.ResponseWriter, r *http.Request) error {
	rv, err := s.draftFor(r.Context(), r.PathValue("id"))
	if scrutineer.ErrorCode(err) == scrutineer.ECONFLICT {
		http.Redirect(w, r, reviewPath(rv.ID), http.StatusSeeOther)
		return nil
	}
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return scrutineer.Errorf(scrutineer.EINVALID, "The form could not be read. Try again.")
	}
	confirmed := r.PostForm["confirm"]
	if len(rv.Unanswered()) > 0 {
		var p scrutineer.Problems
		p.Add("unanswered", "Answer every question before you send the decision.")
		return s.renderNotifyCheck(w, r, http.StatusUnprocessableEntity, rv, confirmed, p.Err("Answer every question."))
	}
	check := reasonsCheck(rv.Reasons, confirmed)
	in := scrutineer.ReviewDecisionInput{Decision: rv.Decision, DecidedOn: rv.DecidedOn, Reasons: rv.Reasons, Check: check}
	_, err = s.LearningReviews.NotifyDecision(r.Context(), rv.ID, in)
	if scrutineer.ErrorCode(err) == scrutineer.EINVALID {
		return s.renderNotifyCheck(w, r, http.StatusUnprocessableEntity, rv, confirmed, err)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, reviewPath(rv.ID)+"?done=decision", http.StatusSeeOther)
	return nil
}

// renderNotifyCheck shows check-your-answers. Unanswered questions are always
// listed as problems, each linked to its row; err adds the problems of a refused
// submission.
func (s *Server) renderNotifyCheck(w http.ResponseWriter, r *http.Request, status int, rv *scrutineer.LearningReview, confirmed []string, err error) error {
	data := notifyCheckData{Review: rv, Ref: shortID(rv.ID), Rows: notificationRows(rv, true), Action: notifyPath(rv.ID, "check"),
		Reasons: notifyPath(rv.ID, "decision") + "?return=check"}
	for _, f := range reasonsCheck(rv.Reasons, nil).Findings {
		data.Findings = append(data.Findings, reasonFinding{Key: f.Key, Kind: findingLabel(f.Kind), Text: rv.Reasons[f.Start:f.End],
			Confirmed: slices.Contains(confirmed, f.Key)})
	}
	unanswered := rv.Unanswered()
	data.Ready = len(unanswered) == 0
	d := s.page(r, "Check your answers")
	for _, q := range unanswered {
		d.ErrorOrder = append(d.ErrorOrder, fieldError{"answer-" + q.Field, "Not answered: " + q.Text})
	}
	if err != nil {
		d.Title = "Error: " + d.Title
		d.Message = scrutineer.ErrorMessage(err)
		for f, p := range scrutineer.ErrorFields(err) {
			switch {
			case f == "unanswered":
			case f == "reasons" && len(data.Findings) > 0:
				d.ErrorOrder = append(d.ErrorOrder, fieldError{"confirm", p})
			default:
				d.ErrorOrder = append(d.ErrorOrder, fieldError{"answer-" + f, p})
			}
		}
		slices.SortStableFunc(d.ErrorOrder, func(a, b fieldError) int { return rowIndex(data.Rows, a.Field) - rowIndex(data.Rows, b.Field) })
	}
	d.Data = data
	s.render(w, r, status, "review-notify-check", d)
	return nil
}

// rowIndex orders problems as the rows they point to; the findings come last.
func rowIndex(rows []summaryRow, anchor string) int {
	for i, row := range rows {
		if "answer-"+row.Field == anchor {
			return i
		}
	}
	return len(rows)
}
