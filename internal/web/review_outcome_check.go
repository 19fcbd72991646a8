package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/scrutineer/scrutineer"
)

// Check-your-answers of the outcome journey: sending the outcome, and placing each
// problem on the page that fixes it.

// outcomeSubmit checks every answer and notifies the outcome; what is missing, or
// a document not ready, is shown on check-your-answers.
func (s *Server) outcomeSubmit(w http.ResponseWriter, r *http.Request) error {
	p, svc, err := s.outcomeContext(r)
	if err != nil {
		return err
	}
	err = p.Review.ValidateOutcome(p.Draft, scrutineer.Today(s.Now()), true)
	if err == nil {
		_, err = svc.NotifyOutcome(r.Context(), p.Review.ID, p.Draft)
	}
	switch scrutineer.ErrorCode(err) {
	case "":
		http.Redirect(w, r, reviewPath(p.Review.ID)+"?done=outcome", http.StatusSeeOther)
		return nil
	case scrutineer.EINVALID, scrutineer.ECONFLICT:
		d := s.page(r, stepTitles["check"])
		d.Message, p.Problems = scrutineer.ErrorMessage(err), answerProblems(p.Review.ID, scrutineer.ErrorFields(err))
		return s.renderOutcome(w, r, statusOf(scrutineer.ErrorCode(err)), p, d)
	}
	return err
}

// answerProblems places each field problem of the outcome on the page that fixes
// it, in the journey's order.
func answerProblems(id string, fields map[string]string) []answerProblem {
	var out []answerProblem
	for _, step := range outcomeSteps {
		var keys []string
		for f := range fields {
			if fieldStep(f) == step {
				keys = append(keys, f)
			}
		}
		slices.Sort(keys)
		for _, f := range keys {
			href := outcomePath(id, step) + "?change=1"
			if n, ok := itemNumber(f); ok {
				href = outcomePath(id, step) + "/" + n + "?change=1"
			}
			out = append(out, answerProblem{Href: href, Problem: fields[f]})
		}
	}
	return out
}

// fieldStep names the step that asks a field of the outcome.
func fieldStep(f string) string {
	for step, fs := range stepFields {
		if slices.Contains(fs, f) {
			return step
		}
	}
	switch list, _, _ := strings.Cut(f, "."); list {
	case "document_ids":
		return "report"
	case "learning_points":
		return "learning-points"
	case "recommendations", "actions":
		return list
	}
	return "check"
}

// itemNumber is the 1-based number of the item a field such as
// "recommendations.0.agency" belongs to.
func itemNumber(f string) (string, bool) {
	parts := strings.Split(f, ".")
	if len(parts) != 3 {
		return "", false
	}
	i, err := strconv.Atoi(parts[1])
	if err != nil {
		return "", false
	}
	return strconv.Itoa(i + 1), true
}
