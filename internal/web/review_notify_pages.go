package web

import (
	"slices"

	"github.com/scrutineer/scrutineer"
)

// notifyPage is one page of the notification journey: a question, or a tight group
// of related ones, each filling one field of the review.
type notifyPage struct {
	Slug   string
	Title  string
	Intro  string
	Fields []string
}

// notifyPages are the pages in the order the journey asks them; the check page
// follows the last.
var notifyPages = []notifyPage{
	{Slug: "about", Title: "About the person", Intro: "The person is described by codes only, never by name.", Fields: []string{"age_band", "sex"}},
	{Slug: "characteristics", Title: "Their circumstances", Intro: "Answer for the time of the incident. Choose not known or none when that is the honest answer.",
		Fields: []string{"disability", "ethnicity", "legal_status", "protection_status"}},
	{Slug: "event", Title: "What happened", Fields: []string{"event_type", "harm_nature"}},
	{Slug: "criteria-set", Title: "The guidance used", Intro: "Criteria for a learning review differ between versions of the national guidance.", Fields: []string{"criteria_set"}},
	{Slug: "criteria", Title: "Criteria met", Fields: []string{"criteria"}},
	{Slug: "dates", Title: "Dates", Fields: []string{"incident_on", "referral_on", "info_requested_on", "info_returned_on"}},
	{Slug: "processes", Title: "Parallel processes", Fields: []string{"parallel_processes"}},
	{Slug: "method", Title: "Planned method", Fields: []string{"planned_method"}},
	{Slug: "links", Title: "Linked reviews", Fields: []string{"linked_review_ids"}},
	{Slug: "decision", Title: "The decision", Fields: []string{"decision", "decided_on", "reasons"}},
}

// findNotifyPage returns the page with the slug and its position, or nil.
func findNotifyPage(slug string) (*notifyPage, int) {
	for i := range notifyPages {
		if notifyPages[i].Slug == slug {
			return &notifyPages[i], i
		}
	}
	return nil, -1
}

// pageOfField returns the slug of the page that asks for field.
func pageOfField(field string) string {
	for _, p := range notifyPages {
		if slices.Contains(p.Fields, field) {
			return p.Slug
		}
	}
	return notifyPages[0].Slug
}

// question is one question as the form components (forms.html, choices.html) take
// it: Kind picks the component.
type question struct {
	Kind                      string // radio, checkbox, date or textarea
	Name, Label, Legend, Hint string
	Value, Error              string
	Options                   []fieldOption
	Type, Width, Autocomplete string
	Rows                      int
	optional                  bool // an answer may be left out (not listed as unanswered)
}

// linkChoice is another review of the committee that the review may be linked to.
type linkChoice struct{ ID, Label string }

// fieldQuestion returns the question that asks for field of rv, showing the answers
// in values (the saved answer, or what was just sent).
func fieldQuestion(field string, rv *scrutineer.LearningReview, values []string, links []linkChoice) question {
	one := ""
	if len(values) > 0 {
		one = values[0]
	}
	radio := func(legend, hint string, codes scrutineer.Codes) question {
		q := question{Kind: "radio", Name: field, Legend: legend, Hint: hint}
		for _, c := range codes {
			q.Options = append(q.Options, fieldOption{Value: c.Value, Label: c.Label, Selected: c.Value == one})
		}
		return q
	}
	boxes := func(legend, hint string, codes scrutineer.Codes) question {
		q := question{Kind: "checkbox", Name: field, Legend: legend, Hint: hint}
		for _, c := range codes {
			q.Options = append(q.Options, fieldOption{Value: c.Value, Label: c.Label, Selected: slices.Contains(values, c.Value)})
		}
		return q
	}
	date := func(label, hint string) question {
		return question{Kind: "date", Name: field, Label: label, Hint: hint + "For example, 27/3/2026.", Value: formDate(one), Width: "fixed-10", Autocomplete: "off"}
	}
	switch field {
	case "age_band":
		var bands scrutineer.Codes
		for _, b := range scrutineer.AgeBandsFor(rv.SubjectType) {
			bands = append(bands, scrutineer.Code{Value: b, Label: scrutineer.AgeBandCodes.Label(b)})
		}
		return radio("What was their age?", "Their age at the time of the incident.", bands)
	case "sex":
		return radio("What is their sex?", "", scrutineer.SexCodes)
	case "disability":
		return radio("Did they have a disability?", "", scrutineer.DisabilityCodes)
	case "ethnicity":
		return radio("What is their ethnic group?", "", scrutineer.EthnicityCodes)
	case "legal_status":
		return radio("What was their legal status?", "For example an order they were subject to.", scrutineer.LegalStatusCodes)
	case "protection_status":
		return radio("What was their protection status?", "", scrutineer.ProtectionStatusesFor(rv.SubjectType))
	case "event_type":
		return radio("What type of event was it?", "", scrutineer.EventTypeCodes)
	case "harm_nature":
		return radio("What was the nature of the harm, or the cause of death?", "For effective practice, choose the harm the practice addressed, or not known.", scrutineer.HarmNatureAnswers)
	case "criteria_set":
		var sets scrutineer.Codes
		for _, cs := range scrutineer.CriteriaSetsFor(rv.SubjectType) {
			sets = append(sets, scrutineer.Code{Value: cs.Code, Label: cs.Label})
		}
		return radio("Which guidance did the committee use to decide?", "", sets)
	case "criteria":
		var codes scrutineer.Codes
		if set := scrutineer.FindCriteriaSet(rv.CriteriaSet); set != nil {
			codes = slices.Clone(set.Criteria)
		}
		return boxes("Which criteria were met?", "Choose all that apply, or none of them.", append(codes, scrutineer.Code{Value: scrutineer.NoneAnswer, Label: "None of these"}))
	case "incident_on":
		return date("When did the incident happen?", "")
	case "referral_on":
		return date("When was the case referred to the committee?", "")
	case "info_requested_on":
		q := date("When did the committee ask agencies for information? (optional)", "Leave blank if it did not ask. ")
		q.optional = true
		return q
	case "info_returned_on":
		q := date("When did the agencies return the information? (optional)", "Leave blank if it has not been returned. ")
		q.optional = true
		return q
	case "parallel_processes":
		return boxes("Are there any parallel processes?", "Choose all that apply, or none.", scrutineer.ParallelProcessAnswers)
	case "planned_method":
		return radio("What method does the committee plan to use?", "If there is to be no review, choose not decided yet.", scrutineer.PlannedMethodAnswers)
	case "linked_review_ids":
		var codes scrutineer.Codes
		for _, l := range links {
			codes = append(codes, scrutineer.Code{Value: l.ID, Label: l.Label})
		}
		q := boxes("Is this review linked to any of your committee's other reviews?", "Choose any that concern the same people or events. Leave them all unticked if none is linked.", codes)
		q.optional = true
		return q
	case "decision":
		return radio("What did the committee decide?", "", scrutineer.DecisionCodes)
	case "decided_on":
		return date("When did the committee decide?", "")
	case "reasons":
		return question{Kind: "textarea", Name: field, Label: "Reasons for the decision", Rows: 6, Value: one,
			Hint: "You must give reasons if there is to be no review. Do not include names or anything else that could identify someone."}
	}
	return question{}
}

// savedValues returns the saved answer to field as a list.
func savedValues(rv *scrutineer.LearningReview, field string) []string {
	switch field {
	case "criteria":
		return rv.Criteria
	case "parallel_processes":
		return rv.ParallelProcesses
	case "linked_review_ids":
		return rv.LinkedReviewIDs
	}
	if v := fieldValue(rv, field); v != "" {
		return []string{v}
	}
	return nil
}

// fieldValue returns the saved single answer to field.
func fieldValue(rv *scrutineer.LearningReview, field string) string {
	return map[string]string{
		"age_band": rv.AgeBand, "sex": rv.Sex, "disability": rv.Disability, "ethnicity": rv.Ethnicity, "legal_status": rv.LegalStatus,
		"protection_status": rv.ProtectionStatus, "event_type": rv.EventType, "harm_nature": rv.HarmNature, "criteria_set": rv.CriteriaSet,
		"incident_on": rv.IncidentOn, "referral_on": rv.ReferralOn, "info_requested_on": rv.InfoRequestedOn, "info_returned_on": rv.InfoReturnedOn,
		"planned_method": rv.PlannedMethod, "decision": rv.Decision, "decided_on": rv.DecidedOn, "reasons": rv.Reasons,
	}[field]
}
