package web

import (
	"net/url"
	"strings"

	"github.com/scrutineer/scrutineer"
)

// pageChanges reads the answers of page p from form into changes. Dates are read as
// people write them; one that cannot be read is a problem here, before the domain
// sees it.
func pageChanges(p *notifyPage, rv *scrutineer.LearningReview, form url.Values) (*scrutineer.LearningReviewChanges, scrutineer.Problems) {
	c := &scrutineer.LearningReviewChanges{}
	var probs scrutineer.Problems
	str := func(field string) *string {
		v := strings.TrimSpace(form.Get(field))
		return &v
	}
	list := func(field string) *[]string {
		v := append([]string{}, form[field]...)
		return &v
	}
	date := func(field, what string) *string {
		raw := strings.TrimSpace(form.Get(field))
		iso, ok := parseFormDate(raw)
		if !ok {
			probs.Add(field, "Enter "+what+" as a real date, for example 27/3/2026.")
		}
		return &iso
	}
	for _, f := range p.Fields {
		switch f {
		case "age_band":
			c.AgeBand = str(f)
		case "sex":
			c.Sex = str(f)
		case "disability":
			c.Disability = str(f)
		case "ethnicity":
			c.Ethnicity = str(f)
		case "legal_status":
			c.LegalStatus = str(f)
		case "protection_status":
			c.ProtectionStatus = str(f)
		case "event_type":
			c.EventType = str(f)
		case "harm_nature":
			c.HarmNature = str(f)
		case "criteria_set":
			c.CriteriaSet = str(f)
			// Criteria of another set no longer apply when the set changes.
			if set := scrutineer.FindCriteriaSet(*c.CriteriaSet); *c.CriteriaSet != rv.CriteriaSet {
				kept := []string{}
				for _, cr := range rv.Criteria {
					if set != nil && (set.Criteria.Has(cr) || cr == scrutineer.NoneAnswer) {
						kept = append(kept, cr)
					}
				}
				c.Criteria = &kept
			}
		case "criteria":
			c.Criteria = list(f)
		case "incident_on":
			c.IncidentOn = date(f, "the date of the incident")
		case "referral_on":
			c.ReferralOn = date(f, "the date of the referral")
		case "info_requested_on":
			c.InfoRequestedOn = date(f, "the date information was requested")
		case "info_returned_on":
			c.InfoReturnedOn = date(f, "the date information was returned")
		case "parallel_processes":
			c.ParallelProcesses = list(f)
		case "planned_method":
			c.PlannedMethod = str(f)
		case "linked_review_ids":
			c.LinkedReviewIDs = list(f)
		case "decision":
			c.Decision = str(f)
		case "decided_on":
			c.DecidedOn = date(f, "the date of the decision")
		case "reasons":
			c.Reasons = str(f)
		}
	}
	return c, probs
}

// requiredProblems are the problems of a question left without an answer when the
// officer continues; "Save and come back later" leaves questions unanswered freely.
var requiredProblems = map[string]string{
	"age_band": "Choose their age.", "sex": "Choose their sex, or not known.", "disability": "Choose yes, no or not known.",
	"ethnicity": "Choose their ethnic group, or not known.", "legal_status": "Choose their legal status, or none or not known.",
	"protection_status": "Choose their protection status, or none or not known.", "event_type": "Choose the type of event.",
	"harm_nature":  "Choose the nature of the harm or the cause of death, or not known.",
	"criteria_set": "Choose the guidance the committee used.", "criteria": "Choose the criteria met, or none of these.",
	"incident_on": "Enter the date of the incident.", "referral_on": "Enter the date of the referral.",
	"parallel_processes": "Choose the parallel processes, or none.", "planned_method": "Choose the planned method, or not decided yet.",
	"decision": "Choose the committee's decision.", "decided_on": "Enter the date of the decision.",
	"reasons": "Give the reasons for not proceeding with a review.",
}

// requireAnswers adds a problem for each question of page p that form leaves
// unanswered and that applies (as scrutineer.LearningReview.Unanswered decides).
func requireAnswers(p *notifyPage, rv *scrutineer.LearningReview, form url.Values, probs *scrutineer.Problems) {
	applies := func(f string) bool {
		switch f {
		case "harm_nature":
			return form.Get("event_type") != "effective_practice"
		case "planned_method":
			return rv.Decision != "no_review"
		case "reasons":
			return form.Get("decision") == "no_review"
		}
		_, ok := requiredProblems[f]
		return ok
	}
	for _, f := range p.Fields {
		if applies(f) && strings.TrimSpace(strings.Join(form[f], "")) == "" {
			probs.Add(f, requiredProblems[f])
		}
	}
}
