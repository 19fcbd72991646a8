package web

import (
	"slices"

	"github.com/scrutineer/scrutineer"
)

// notificationFields are the rest of a notification that a create or PATCH body may
// give (docs/decisions/0102-learning-review-notification.md): absent or null leaves a
// field as it is, "" clears it, and a list (criteria, parallel_processes,
// linked_review_ids) replaces the whole list ([] clears it). None of them is needed
// for the contract's decision.
type notificationFields struct {
	Disability        *string   `json:"disability"`
	Ethnicity         *string   `json:"ethnicity"`
	LegalStatus       *string   `json:"legal_status"`
	ProtectionStatus  *string   `json:"protection_status"`
	HarmNature        *string   `json:"harm_nature"`
	CriteriaSet       *string   `json:"criteria_set"`
	Criteria          *[]string `json:"criteria"`
	InfoRequestedOn   *string   `json:"info_requested_on"`
	InfoReturnedOn    *string   `json:"info_returned_on"`
	ParallelProcesses *[]string `json:"parallel_processes"`
	PlannedMethod     *string   `json:"planned_method"`
	LinkedReviewIDs   *[]string `json:"linked_review_ids"`
}

func (f *notificationFields) addTo(c *scrutineer.LearningReviewChanges) {
	c.Disability, c.Ethnicity, c.LegalStatus, c.ProtectionStatus = f.Disability, f.Ethnicity, f.LegalStatus, f.ProtectionStatus
	c.HarmNature, c.CriteriaSet, c.Criteria = f.HarmNature, f.CriteriaSet, f.Criteria
	c.InfoRequestedOn, c.InfoReturnedOn = f.InfoRequestedOn, f.InfoReturnedOn
	c.ParallelProcesses, c.PlannedMethod, c.LinkedReviewIDs = f.ParallelProcesses, f.PlannedMethod, f.LinkedReviewIDs
}

// notificationJSON is the rest of a notification as the API answers it: null when
// not given, lists always as arrays.
type notificationJSON struct {
	Disability        *string  `json:"disability"`
	Ethnicity         *string  `json:"ethnicity"`
	LegalStatus       *string  `json:"legal_status"`
	ProtectionStatus  *string  `json:"protection_status"`
	HarmNature        *string  `json:"harm_nature"`
	CriteriaSet       *string  `json:"criteria_set"`
	Criteria          []string `json:"criteria"`
	InfoRequestedOn   *string  `json:"info_requested_on"`
	InfoReturnedOn    *string  `json:"info_returned_on"`
	ParallelProcesses []string `json:"parallel_processes"`
	PlannedMethod     *string  `json:"planned_method"`
	LinkedReviewIDs   []string `json:"linked_review_ids"`
}

func notificationJSONOf(r *scrutineer.LearningReview) notificationJSON {
	list := func(l []string) []string {
		if l == nil {
			return []string{}
		}
		return l
	}
	return notificationJSON{
		Disability: orNull(r.Disability), Ethnicity: orNull(r.Ethnicity), LegalStatus: orNull(r.LegalStatus),
		ProtectionStatus: orNull(r.ProtectionStatus), HarmNature: orNull(r.HarmNature), CriteriaSet: orNull(r.CriteriaSet),
		Criteria: list(r.Criteria), InfoRequestedOn: orNull(r.InfoRequestedOn), InfoReturnedOn: orNull(r.InfoReturnedOn),
		ParallelProcesses: list(r.ParallelProcesses), PlannedMethod: orNull(r.PlannedMethod), LinkedReviewIDs: list(r.LinkedReviewIDs),
	}
}

// addNotificationSchemas adds the notification fields to the OpenAPI schemas of a
// request body (fields) and of a review (review).
func addNotificationSchemas(fields, review map[string]any) {
	var sets, criteria []string
	for _, cs := range scrutineer.CriteriaSets {
		sets = append(sets, cs.Code)
		for _, c := range cs.Criteria.Values() {
			if !slices.Contains(criteria, c) {
				criteria = append(criteria, c)
			}
		}
	}
	criteria = append(criteria, scrutineer.NoneAnswer)
	array := func(desc string, enum []string) map[string]any {
		items := map[string]any{"type": "string"}
		if enum != nil {
			items["enum"] = enum
		}
		return map[string]any{"type": "array", "items": items, "description": desc}
	}
	strs := map[string]struct {
		desc string
		enum []string
	}{
		"disability":        {"Whether the subject has a disability.", scrutineer.DisabilityCodes.Values()},
		"ethnicity":         {"The subject's ethnic group.", scrutineer.EthnicityCodes.Values()},
		"legal_status":      {"The subject's legal status.", scrutineer.LegalStatusCodes.Values()},
		"protection_status": {"Child protection register, looked after or adult support and protection status; it must suit the subject type.", scrutineer.ProtectionStatusCodes.Values()},
		"harm_nature":       {"The nature of the harm or the cause of death.", scrutineer.HarmNatureAnswers.Values()},
		"criteria_set":      {"The versioned criteria set the decision was made under; it must suit the subject type.", sets},
		"planned_method":    {"The planned review method.", scrutineer.PlannedMethodAnswers.Values()},
	}
	for name, s := range strs {
		fields[name] = lrString(s.desc+" An empty string clears it.", s.enum...)
		review[name] = lrNullable(s.desc+" null until given.", s.enum...)
	}
	for name, desc := range map[string]string{
		"info_requested_on": "The date information was requested from agencies; not in the future.",
		"info_returned_on":  "The date the information was returned; not before it was requested, not in the future.",
	} {
		fields[name] = lrString(desc + " YYYY-MM-DD; an empty string clears it.")
		review[name] = lrDate(desc + " null until given.")
	}
	lists := map[string]struct {
		desc string
		enum []string
	}{
		"criteria":           {"The criteria met, each of the criteria set's (none alone: none met). Replaces the list.", criteria},
		"parallel_processes": {"Parallel processes (none alone: there are none). Replaces the list.", scrutineer.ParallelProcessAnswers.Values()},
		"linked_review_ids":  {"Ids of other reviews of the same committee that this review is linked to; 404 for any other. Replaces the list.", nil},
	}
	for name, l := range lists {
		fields[name] = array(l.desc, l.enum)
		review[name] = array(l.desc+" [] when none.", l.enum)
	}
	// The web journey saves the decision page's answers on the draft before they
	// are sent (docs/decisions/0102-learning-review-notification.md).
	review["decision"] = lrNullable("The decision: null until given. While the status is draft it is an answer saved but not yet sent.", scrutineer.ReviewDecisions...)
	review["decided_on"] = lrDate("The date of the decision: null until given; not yet sent while the status is draft.")
	review["reasons"] = lrNullable("The reasons for the decision; always given for no_review once sent.")
}
