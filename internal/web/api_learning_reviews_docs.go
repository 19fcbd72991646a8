package web

import "github.com/scrutineer/scrutineer"

// The OpenAPI descriptions of the learning reviews API, added to apiDocs and
// apiSchemas (api_docs.go) so that they stay next to their handlers.
func init() {
	for pattern, doc := range learningReviewDocs {
		apiDocs[pattern] = doc
	}
	for name, schema := range learningReviewSchemas() {
		apiSchemas[name] = schema
	}
}

var learningReviewDocs = map[string]apiDoc{
	"POST /api/v1/learning-reviews": {
		ID: "createLearningReview", Tag: "Learning reviews", Summary: "Start a draft learning review notification",
		Description: "Committee officers only; the review always belongs to the caller's own committee (a committee field is ignored). " +
			"Only subject_type is needed; any other field given must be valid. Answers 201 with the review, status draft.",
		Request: "LearningReviewFields", Status: 201, Response: "LearningReview",
		Errors: []int{404},
	},
	"GET /api/v1/learning-reviews": {
		ID: "listLearningReviews", Tag: "Learning reviews", Summary: "The learning reviews you may see",
		Description: "A committee officer sees their committee's reviews, drafts included; inspectors and managers see every review whose decision has been notified. Newest first. " +
			"Others get 404. A filter that is not valid answers 422.",
		Query: []apiParam{
			{Name: "status", Description: "Only reviews in this status: draft, decision_notified, in_progress, completed, outcome_notified or closed."},
			{Name: "subject_type", Description: "child or adult."},
			{Name: "year", Description: "Only reviews referred in this year, such as 2025."},
		},
		Response: "LearningReviewList",
		Errors:   []int{404, 422},
	},
	"GET /api/v1/learning-reviews/{id}": {
		ID: "getLearningReview", Tag: "Learning reviews", Summary: "One learning review with its history",
		Description: "The review, its documents, its history of status changes and its deadlines. Another committee's review, or a draft for the regulator, answers 404.",
		Response:    "LearningReview",
	},
	"PATCH /api/v1/learning-reviews/{id}": {
		ID: "updateLearningReview", Tag: "Learning reviews", Summary: "Change fields of a draft",
		Description: "Changes only the fields given (an empty string clears one) while the review is a draft; 409 once the decision has been notified, " +
			"or when version is given and someone has changed the review since. Committee officers of the review's committee only.",
		Request: "LearningReviewFields", Response: "LearningReview",
		Errors: []int{409},
	},
	"POST /api/v1/learning-reviews/{id}/decision": {
		ID: "notifyLearningReviewDecision", Tag: "Learning reviews", Summary: "Notify the decision on a draft",
		Description: "Needs on the review subject_type, age_band (for the subject type), sex, event_type, incident_on and referral_on (not in the future, referral not before incident), " +
			"and in the body decision, decided_on (not in the future) and, for no_review, reasons. Answers 200 with status decision_notified, " +
			"422 with every missing or invalid field under error.fields, 409 when the review is no longer a draft.",
		Request: "LearningReviewDecision", Response: "LearningReview",
		Errors: []int{409},
	},
}

func lrString(desc string, enum ...string) map[string]any {
	s := map[string]any{"type": "string", "description": desc}
	if len(enum) > 0 {
		s["enum"] = enum
	}
	return s
}

func lrNullable(desc string, enum ...string) map[string]any {
	s := map[string]any{"type": []string{"string", "null"}, "description": desc}
	if len(enum) > 0 {
		values := make([]any, 0, len(enum)+1)
		for _, e := range enum {
			values = append(values, e)
		}
		s["enum"] = append(values, nil)
	}
	return s
}

func lrDate(desc string) map[string]any {
	return map[string]any{"type": []string{"string", "null"}, "format": "date", "description": desc + " YYYY-MM-DD."}
}

func learningReviewSchemas() map[string]any {
	statuses := make([]string, 0, len(scrutineer.LearningReviewStatuses))
	for _, st := range scrutineer.LearningReviewStatuses {
		statuses = append(statuses, string(st))
	}
	bands := append(append([]string{}, scrutineer.ChildAgeBands...), scrutineer.AdultAgeBands...)
	fields := map[string]any{
		"subject_type": lrString("child or adult.", scrutineer.SubjectTypes...),
		"age_band":     lrString("Child: under_1, 1_4, 5_11, 12_15, 16_17. Adult: 18_25, 26_64, 65_plus."),
		"sex":          lrString("female, male or not_known."),
		"event_type":   lrString("death, significant_harm, risk_of_significant_harm or effective_practice."),
		"incident_on":  lrString("The date of the incident, YYYY-MM-DD; not in the future."),
		"referral_on":  lrString("The date of the referral, YYYY-MM-DD; not before the incident, not in the future."),
		"version":      map[string]any{"type": "integer", "description": "PATCH only, optional: the version you last saw; 409 if the review has changed since."},
	}
	event := obj(map[string]any{
		"from": lrNullable("The status before; null for the start of the draft."),
		"to":   lrString("The status after.", statuses...),
		"at":   map[string]any{"type": "string", "format": "date-time"},
	}, "from", "to", "at")
	review := obj(map[string]any{
		"id":             lrString("The review's identifier."),
		"committee":      lrString("The slug of the committee the review belongs to, such as glasgow-cpc."),
		"committee_name": lrString("The committee's name."),
		"status":         lrString("Where the review is in its lifecycle.", statuses...),
		"subject_type":   lrNullable("child or adult.", scrutineer.SubjectTypes...),
		"age_band":       lrNullable("The subject's age band; null until given.", bands...),
		"sex":            lrNullable("null until given.", scrutineer.Sexes...),
		"event_type":     lrNullable("null until given.", scrutineer.EventTypes...),
		"incident_on":    lrDate("The date of the incident; null until given."),
		"referral_on":    lrDate("The date of the referral; null until given."),
		"decision":       lrNullable("null until the decision is notified.", scrutineer.ReviewDecisions...),
		"decided_on":     lrDate("The date of the decision; null until notified."),
		"reasons":        lrNullable("The reasons for the decision; always given for no_review."),
		"created_at":     map[string]any{"type": "string", "format": "date-time"},
		"updated_at":     map[string]any{"type": "string", "format": "date-time"},
		"version":        map[string]any{"type": "integer", "description": "Goes up by one with every change."},
		"history":        map[string]any{"type": "array", "items": event, "description": "Status changes, oldest first. Answers about one review only."},
		"documents":      map[string]any{"type": "array", "items": map[string]any{"type": "object"}, "description": "The review's documents. Answers about one review only."},
		"deadlines":      map[string]any{"type": "array", "items": map[string]any{"type": "object"}, "description": "The review's deadlines. Answers about one review only."},
	}, "id", "committee", "status", "subject_type", "created_at", "updated_at", "version")
	addNotificationSchemas(fields, review["properties"].(map[string]any))
	return map[string]any{
		"LearningReviewFields": obj(fields),
		"LearningReviewDecision": obj(map[string]any{
			"decision":   lrString("The committee's decision.", scrutineer.ReviewDecisions...),
			"decided_on": lrString("The date of the decision, YYYY-MM-DD; not in the future."),
			"reasons":    lrString("Why; required for no_review."),
		}, "decision", "decided_on"),
		"LearningReview":     review,
		"LearningReviewList": obj(map[string]any{"items": map[string]any{"type": "array", "items": review}}, "items"),
	}
}
