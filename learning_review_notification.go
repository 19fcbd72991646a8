package scrutineer

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// The answers a notification form offers beyond the shared vocabularies
// (learning_review_codes.go): "not known", "none" and "not decided" are answers a
// committee can give honestly, and they are stored as codes like any other, so a
// question answered "not known" is told apart from one not yet answered
// (docs/decisions/0102-learning-review-notification.md).
var (
	HarmNatureAnswers      = append(slices.Clip(HarmNatureCodes), Code{"not_known", "Not known"})
	ParallelProcessAnswers = append(slices.Clip(ParallelProcessCodes), Code{NoneAnswer, "None"})
	PlannedMethodAnswers   = append(slices.Clip(MethodCodes), Code{"not_decided", "Not decided yet"})
)

// NoneAnswer is the code of "none" in a list of codes (criteria met, parallel
// processes): it stands alone.
const NoneAnswer = "none"

// maxLinkedReviews bounds the links of one review.
const maxLinkedReviews = 20

// childProtectionStatuses and adultProtectionStatuses are the protection statuses
// that can apply to each subject type: the child protection register and being
// looked after concern children, adult support and protection concerns adults.
var (
	childProtectionStatuses = []string{"child_protection_register", "previously_registered", "looked_after", "looked_after_and_registered", "none", "not_known"}
	adultProtectionStatuses = []string{"asp_protection_plan", "asp_inquiry", "none", "not_known"}
)

// ProtectionStatusesFor returns the protection statuses that suit a subject type,
// as codes with their labels, in the vocabulary's order.
func ProtectionStatusesFor(subjectType string) Codes {
	allowed := childProtectionStatuses
	if subjectType == "adult" {
		allowed = adultProtectionStatuses
	}
	var out Codes
	for _, c := range ProtectionStatusCodes {
		if slices.Contains(allowed, c.Value) {
			out = append(out, c)
		}
	}
	return out
}

// CriteriaSetsFor returns the criteria sets that suit a subject type.
func CriteriaSetsFor(subjectType string) []CriteriaSet {
	var out []CriteriaSet
	for _, cs := range CriteriaSets {
		if cs.SubjectType == subjectType {
			out = append(out, cs)
		}
	}
	return out
}

// applyNotification copies the notification fields of c onto r. Lists are cleaned:
// blanks dropped, duplicates removed, order kept.
func (c *LearningReviewChanges) applyNotification(r *LearningReview) {
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = strings.TrimSpace(*src)
		}
	}
	list := func(dst *[]string, src *[]string) {
		if src != nil {
			*dst = cleanList(*src)
		}
	}
	set(&r.Disability, c.Disability)
	set(&r.Ethnicity, c.Ethnicity)
	set(&r.LegalStatus, c.LegalStatus)
	set(&r.ProtectionStatus, c.ProtectionStatus)
	set(&r.HarmNature, c.HarmNature)
	set(&r.CriteriaSet, c.CriteriaSet)
	list(&r.Criteria, c.Criteria)
	set(&r.InfoRequestedOn, c.InfoRequestedOn)
	set(&r.InfoReturnedOn, c.InfoReturnedOn)
	list(&r.ParallelProcesses, c.ParallelProcesses)
	set(&r.PlannedMethod, c.PlannedMethod)
	list(&r.LinkedReviewIDs, c.LinkedReviewIDs)
	set(&r.Decision, c.Decision)
	set(&r.DecidedOn, c.DecidedOn)
	set(&r.Reasons, c.Reasons)
}

func cleanList(in []string) []string {
	out := []string{}
	for _, v := range in {
		v = strings.TrimSpace(v)
		if v != "" && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// checkNotification adds a problem for each notification field of r that is given
// but not valid. It never asks for a missing one: the contract's decision needs
// only the fields checkFields requires (the web journey asks for the rest, see
// Unanswered).
func (r *LearningReview) checkNotification(p *Problems, today time.Time) {
	code := func(field, value, wrong string, allowed Codes) {
		if value != "" && !allowed.Has(value) {
			p.Add(field, wrong)
		}
	}
	code("disability", r.Disability, "Choose yes, no or not known for disability.", DisabilityCodes)
	code("ethnicity", r.Ethnicity, "Choose an ethnic group from the list, or not known.", EthnicityCodes)
	code("legal_status", r.LegalStatus, "Choose a legal status from the list, or none or not known.", LegalStatusCodes)
	if r.ProtectionStatus != "" {
		if ok := ProtectionStatusesFor(r.SubjectType).Has(r.ProtectionStatus); !ok || r.SubjectType == "" {
			p.Add("protection_status", "Choose a protection status that applies to a "+orDefault(r.SubjectType, "subject")+", or none or not known.")
		}
	}
	code("harm_nature", r.HarmNature, "Choose the nature of the harm or cause of death from the list, or not known.", HarmNatureAnswers)
	code("planned_method", r.PlannedMethod, "Choose a planned method from the list, or not decided yet.", PlannedMethodAnswers)
	r.checkCriteria(p)
	req, reqOK := checkDate(p, "info_requested_on", "the date information was requested", r.InfoRequestedOn, today, false)
	ret, retOK := checkDate(p, "info_returned_on", "the date information was returned", r.InfoReturnedOn, today, false)
	switch {
	case r.InfoReturnedOn != "" && r.InfoRequestedOn == "":
		p.Add("info_requested_on", "Enter the date information was requested, as well as the date it was returned.")
	case reqOK && retOK && ret.Before(req):
		p.Add("info_returned_on", "The date information was returned must be the same as or after the date it was requested.")
	}
	checkCodeSet(p, "parallel_processes", r.ParallelProcesses, ParallelProcessAnswers, "Choose parallel processes from the list, or none.")
	if len(r.LinkedReviewIDs) > maxLinkedReviews {
		p.Add("linked_review_ids", "Link to "+strconv.Itoa(maxLinkedReviews)+" other reviews or fewer.")
	}
	if slices.Contains(r.LinkedReviewIDs, r.ID) && r.ID != "" {
		p.Add("linked_review_ids", "A review cannot be linked to itself.")
	}
	// A draft may hold the answers of the decision page before it is sent.
	code("decision", r.Decision, "Choose full review, alternative approach or no review.", DecisionCodes)
	checkDate(p, "decided_on", "the date of the decision", r.DecidedOn, today, false)
	if utf8.RuneCountInString(r.Reasons) > maxReasonsRunes {
		p.Add("reasons", "Reasons must be 5,000 characters or fewer.")
	}
}

// checkCriteria checks the criteria set suits the subject type and each criterion
// met is one of the set's.
func (r *LearningReview) checkCriteria(p *Problems) {
	var set *CriteriaSet
	if r.CriteriaSet != "" {
		set = FindCriteriaSet(r.CriteriaSet)
		switch {
		case set == nil:
			p.Add("criteria_set", "Choose a criteria set from the list.")
		case set.SubjectType != r.SubjectType:
			p.Add("criteria_set", "Choose a criteria set for a "+orDefault(r.SubjectType, "subject")+": "+set.Label+" is for a "+set.SubjectType+".")
			set = nil
		}
	}
	if len(r.Criteria) == 0 {
		return
	}
	if r.CriteriaSet == "" {
		p.Add("criteria", "Choose the criteria set before the criteria met.")
		return
	}
	if set != nil {
		checkCodeSet(p, "criteria", r.Criteria, append(slices.Clip(set.Criteria), Code{NoneAnswer, "None"}), "Choose criteria of the set "+set.Label+", or none.")
	}
}

// checkCodeSet checks a list of codes: each in allowed, and "none" alone.
func checkCodeSet(p *Problems, field string, values []string, allowed Codes, wrong string) {
	for _, v := range values {
		if !allowed.Has(v) {
			p.Add(field, wrong)
			return
		}
	}
	if len(values) > 1 && slices.Contains(values, NoneAnswer) {
		p.Add(field, "Choose none on its own, or choose only the ones that apply.")
	}
}

// Question is one question of the notification that the web journey asks, with the
// field it fills.
type Question struct {
	Field string
	Text  string
}

// Unanswered returns the notification's questions that have no answer yet, in the
// order the journey asks them. The contract's decision needs only some of them;
// the web journey asks every question and lists these before the decision is sent.
// Questions that do not apply (the nature of harm for effective practice, the
// planned method when there is to be no review, reasons unless not proceeding)
// are not listed.
func (r *LearningReview) Unanswered() []Question {
	var out []Question
	ask := func(missing bool, field, text string) {
		if missing {
			out = append(out, Question{field, text})
		}
	}
	ask(r.AgeBand == "", "age_band", "What is their age band?")
	ask(r.Sex == "", "sex", "What is their sex?")
	ask(r.Disability == "", "disability", "Do they have a disability?")
	ask(r.Ethnicity == "", "ethnicity", "What is their ethnic group?")
	ask(r.LegalStatus == "", "legal_status", "What is their legal status?")
	ask(r.ProtectionStatus == "", "protection_status", "What is their protection status?")
	ask(r.EventType == "", "event_type", "What type of event was it?")
	ask(r.HarmNature == "" && r.EventType != "effective_practice", "harm_nature", "What was the nature of the harm or the cause of death?")
	ask(r.CriteriaSet == "", "criteria_set", "Which guidance did the committee use?")
	ask(len(r.Criteria) == 0, "criteria", "Which criteria were met?")
	ask(r.IncidentOn == "", "incident_on", "When did the incident happen?")
	ask(r.ReferralOn == "", "referral_on", "When was the case referred?")
	ask(len(r.ParallelProcesses) == 0, "parallel_processes", "Are there parallel processes?")
	ask(r.PlannedMethod == "" && r.Decision != "no_review", "planned_method", "What method is planned?")
	ask(r.Decision == "", "decision", "What did the committee decide?")
	ask(r.DecidedOn == "", "decided_on", "When did the committee decide?")
	ask(r.Decision == "no_review" && strings.TrimSpace(r.Reasons) == "", "reasons", "Why is there to be no review?")
	return out
}

// TextFinding is one piece of personal data the personal-data check found in free
// text: its kind and byte offsets, and a Key that names it without its text.
type TextFinding struct {
	Kind       string
	Start, End int
	Key        string
}

// FindingKey names a finding by its kind, place and a digest of its text, so a
// confirmation given for one text does not carry over to a changed one, and the
// form that confirms it never holds the text itself.
func FindingKey(kind string, start, end int, text string) string {
	sum := sha256.Sum256([]byte(text))
	return kind + "-" + strconv.Itoa(start) + "-" + strconv.Itoa(end) + "-" + hex.EncodeToString(sum[:6])
}

// ReasonsCheck is the personal-data check of the reasons, run by the caller (the web
// journey) on exactly the reasons it sends: what was found and which findings the
// officer confirmed are not personal data.
type ReasonsCheck struct {
	Findings  []TextFinding
	Confirmed []string // keys of findings confirmed not personal data
}

// Unconfirmed returns the findings the officer has not confirmed.
func (c *ReasonsCheck) Unconfirmed() []TextFinding {
	var out []TextFinding
	for _, f := range c.Findings {
		if !slices.Contains(c.Confirmed, f.Key) {
			out = append(out, f)
		}
	}
	return out
}

// checkReasons refuses reasons with a finding the officer has neither removed nor
// confirmed. Without a check (the API's decision) it asks nothing.
func (in ReviewDecisionInput) checkReasons(p *Problems) {
	if in.Check == nil {
		return
	}
	if len(in.Check.Unconfirmed()) > 0 {
		p.Add("reasons", "The reasons may contain personal data. Remove it, or confirm that each item found is not personal data.")
	}
}
