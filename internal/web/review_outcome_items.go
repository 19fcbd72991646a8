package web

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/scrutineer/scrutineer"
)

// The journey's lists: learning points, recommendations and the action plan, one
// item a page (add, change, remove), each change saved to the draft at once. The
// report step's remove button uses the same route to take a document off the
// outcome (the document itself stays a draft of the committee's).

// outcomeItem is one item of a list as its form shows it.
type outcomeItem struct {
	Body, Agency, Action, Owner, DueOn, Status string
	Themes                                     []string
}

// itemFields are the fields of each list's item, in form order.
var itemFields = map[string][]string{
	"learning-points": {"body", "themes"},
	"recommendations": {"body", "agency", "themes"},
	"actions":         {"action", "owner", "due_on", "status"},
}

// itemCount is how many items the draft's list for step holds.
func itemCount(step string, in *scrutineer.ReviewOutcomeInput) int {
	switch step {
	case "learning-points":
		return len(in.LearningPoints)
	case "recommendations":
		return len(in.Recommendations)
	case "actions":
		return len(in.Actions)
	case "report":
		return len(in.DocumentIDs)
	}
	return 0
}

// itemIndex reads the item number of the path: -1 for "new"; ENOTFOUND for a list
// or number that does not exist.
func itemIndex(r *http.Request, in *scrutineer.ReviewOutcomeInput, allowNew bool) (int, error) {
	step, n := r.PathValue("step"), r.PathValue("n")
	if _, ok := itemFields[step]; !ok && step != "report" {
		return 0, scrutineer.Errorf(scrutineer.ENOTFOUND, "Page not found.")
	}
	if n == "new" && allowNew && step != "report" {
		return -1, nil
	}
	i, err := strconv.Atoi(n)
	if err != nil || i < 1 || i > itemCount(step, in) {
		return 0, scrutineer.Errorf(scrutineer.ENOTFOUND, "Page not found.")
	}
	return i - 1, nil
}

func (p *outcomePage) itemOptions() {
	p.Options["agency"] = append([]fieldOption{{Value: "", Label: "Choose an agency", Selected: p.Item.Agency == ""}}, codeOptions(scrutineer.AgencyCodes, p.Item.Agency)...)
	p.Options["status"] = codeOptions(scrutineer.ActionStatusCodes, p.Item.Status)
	var themes []fieldOption
	for _, th := range scrutineer.DefaultThemes {
		themes = append(themes, fieldOption{Value: th.Code, Label: th.Label, Selected: slices.Contains(p.Item.Themes, th.Code)})
	}
	p.Options["themes"] = themes
}

func (s *Server) outcomeItemForm(w http.ResponseWriter, r *http.Request) error {
	p, _, err := s.outcomeContext(r)
	if err != nil {
		return err
	}
	i, err := itemIndex(r, p.Draft, true)
	if err != nil || p.Step == "report" {
		return scrutineer.Errorf(scrutineer.ENOTFOUND, "Page not found.")
	}
	p.N, p.Item = r.PathValue("n"), outcomeItem{Status: "not_started"}
	if i >= 0 {
		p.Item = draftItem(p.Step, p.Draft, i)
	}
	p.itemOptions()
	d := s.page(r, itemTitle(p.Step, i))
	d.Data = p
	s.render(w, r, http.StatusOK, "review-outcome-item", d)
	return nil
}

func itemTitle(step string, i int) string {
	what := map[string]string{"learning-points": "learning point", "recommendations": "recommendation", "actions": "action"}[step]
	if i < 0 {
		return "Add a " + what
	}
	return "Change " + what + " " + strconv.Itoa(i+1)
}

// draftItem is the draft's item i of the list for step.
func draftItem(step string, in *scrutineer.ReviewOutcomeInput, i int) outcomeItem {
	switch step {
	case "learning-points":
		return outcomeItem{Body: in.LearningPoints[i].Body, Themes: in.LearningPoints[i].Themes}
	case "recommendations":
		rc := in.Recommendations[i]
		return outcomeItem{Body: rc.Body, Agency: rc.Agency, Themes: rc.Themes}
	}
	a := in.Actions[i]
	return outcomeItem{Action: a.Action, Owner: a.Owner, DueOn: a.DueOn, Status: a.Status}
}

// putItem validates it as an item of the list for step and puts it at i (-1:
// appended); EINVALID with the item's field problems.
func putItem(step string, in *scrutineer.ReviewOutcomeInput, i int, it outcomeItem) error {
	switch step {
	case "learning-points":
		lp := scrutineer.LearningPoint{Body: it.Body, Themes: it.Themes}
		if err := lp.Validate(); err != nil {
			return err
		}
		in.LearningPoints = put(in.LearningPoints, i, lp)
	case "recommendations":
		rc := scrutineer.Recommendation{Body: it.Body, Agency: it.Agency, Themes: it.Themes}
		if err := rc.Validate(); err != nil {
			return err
		}
		in.Recommendations = put(in.Recommendations, i, rc)
	case "actions":
		a := scrutineer.ReviewAction{Action: it.Action, Owner: it.Owner, DueOn: it.DueOn, Status: it.Status}
		if err := a.Validate(); err != nil {
			return err
		}
		in.Actions = put(in.Actions, i, a)
	}
	return nil
}

func put[T any](list []T, i int, v T) []T {
	if i < 0 {
		return append(list, v)
	}
	list[i] = v
	return list
}

func (s *Server) outcomeItemSave(w http.ResponseWriter, r *http.Request) error {
	p, svc, err := s.outcomeContext(r)
	if err != nil {
		return err
	}
	i, err := itemIndex(r, p.Draft, true)
	if err != nil || p.Step == "report" {
		return scrutineer.Errorf(scrutineer.ENOTFOUND, "Page not found.")
	}
	if err := r.ParseForm(); err != nil {
		return scrutineer.Errorf(scrutineer.EINVALID, "The form could not be read. Try again.")
	}
	it := outcomeItem{Body: r.PostFormValue("body"), Agency: r.PostFormValue("agency"), Action: r.PostFormValue("action"),
		Owner: r.PostFormValue("owner"), DueOn: r.PostFormValue("due_on"), Status: r.PostFormValue("status"), Themes: r.PostForm["themes"]}
	err = putItem(p.Step, p.Draft, i, it)
	if err == nil {
		p.Confirm, err = confirmedText(r, textField{"body", it.Body}, textField{"action", it.Action}, textField{"owner", it.Owner})
	}
	if err == nil {
		err = svc.SaveOutcomeDraft(r.Context(), p.Review.ID, p.Draft)
	}
	if scrutineer.ErrorCode(err) == scrutineer.EINVALID {
		p.N, p.Item = r.PathValue("n"), it
		p.itemOptions()
		d := s.page(r, itemTitle(p.Step, i))
		d.withErrors(err, itemFields[p.Step]...)
		d.Data = p
		s.render(w, r, http.StatusUnprocessableEntity, "review-outcome-item", d)
		return nil
	}
	if err != nil {
		return err
	}
	next := outcomePath(p.Review.ID, p.Step)
	if p.Change {
		next = outcomePath(p.Review.ID, "check")
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// outcomeItemRemove takes item n off the list of the path (or a document off the
// report step) and saves the draft.
func (s *Server) outcomeItemRemove(w http.ResponseWriter, r *http.Request) error {
	p, svc, err := s.outcomeContext(r)
	if err != nil {
		return err
	}
	i, err := itemIndex(r, p.Draft, false)
	if err != nil {
		return err
	}
	in := p.Draft
	switch p.Step {
	case "learning-points":
		in.LearningPoints = slices.Delete(in.LearningPoints, i, i+1)
	case "recommendations":
		in.Recommendations = slices.Delete(in.Recommendations, i, i+1)
	case "actions":
		in.Actions = slices.Delete(in.Actions, i, i+1)
	case "report":
		in.DocumentIDs = slices.Delete(in.DocumentIDs, i, i+1)
	}
	if err := svc.SaveOutcomeDraft(r.Context(), p.Review.ID, in); err != nil {
		return err
	}
	http.Redirect(w, r, outcomePath(p.Review.ID, p.Step), http.StatusSeeOther)
	return nil
}
