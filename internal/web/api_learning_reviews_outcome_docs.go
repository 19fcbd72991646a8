package web

import "github.com/scrutineer/scrutineer"

// The OpenAPI descriptions of the outcome part of the learning reviews API
// (api_learning_reviews_outcome.go).
func init() {
	for pattern, doc := range reviewOutcomeDocs {
		apiDocs[pattern] = doc
	}
	for name, schema := range reviewOutcomeSchemas() {
		apiSchemas[name] = schema
	}
	// NOTE: this file's init runs after api_learning_reviews_docs.go's (files are
	// initialised in name order), so the review's schema is there to extend.
	if review, ok := apiSchemas["LearningReview"].(map[string]any); ok {
		if props, ok := review["properties"].(map[string]any); ok {
			for name, schema := range reviewOutcomeProperties() {
				props[name] = schema
			}
		}
	}
}

// reviewOutcomeProperties describe the fields of a review that follow its decision.
func reviewOutcomeProperties() map[string]any {
	deadline := obj(map[string]any{
		"code": lrString("The service level.", "decision", "completion", "outcome"), "label": lrString("The deadline in words."),
		"due_on": lrString("YYYY-MM-DD."), "met_on": lrDate("When it was met; null while it has not been."),
		"overdue": map[string]any{"type": "boolean"}, "late": map[string]any{"type": "boolean"},
	}, "code", "due_on", "overdue")
	return map[string]any{
		"expected_completion_on": lrDate("When the committee now expects the review to be completed."),
		"paused_for":             lrNullable("Set while the review is paused.", codeValues(scrutineer.PausedForCodes)...),
		"completed_on":           lrDate("When the review was completed."),
		"ratified_on":            lrDate("When the chief officers group ratified the outcome."),
		"outcome_on":             lrDate("When the outcome was notified."),
		"methodology":            lrNullable("The method used.", codeValues(scrutineer.MethodCodes)...),
		"family_involvement":     lrNullable("Whether the family was involved.", codeValues(scrutineer.InvolvementCodes)...),
		"staff_involvement":      lrNullable("Whether staff were involved.", codeValues(scrutineer.InvolvementCodes)...),
		"publication":            lrNullable("The publication intention.", codeValues(scrutineer.PublicationCodes)...),
		"documents":              map[string]any{"type": "array", "items": map[string]any{"$ref": "#/components/schemas/LearningReviewDocument"}, "description": "The review's documents you may see (the regulator: those sent). Answers about one review only."},
		"deadlines":              map[string]any{"type": "array", "items": deadline, "description": "The review's deadlines under the default service levels. Answers about one review only."},
	}
}

var reviewOutcomeDocs = map[string]apiDoc{
	"POST /api/v1/learning-reviews/{id}/documents": {
		ID: "uploadLearningReviewDocument", Tag: "Learning reviews", Summary: "Upload a report for the review's outcome",
		Description: "A multipart/form-data body with the file in the field file: PDF, DOCX, ODT or TXT. The file becomes a document of the review " +
			"(a full review's report; an alternative approach's learning summary) and is checked for personal data during the request. " +
			"Answers 201 with check.status clear or findings, and the findings with their byte offsets into the extracted text. " +
			"A file whose check takes longer than 20 seconds is kept and answers check.status pending; the check finishes in the background " +
			"(GET the review to see it). A file with no readable text answers unreadable. 415 for a type not accepted, 413 over the upload limit, " +
			"422 for another refusal of the file (empty, damaged, encrypted, with macros), 409 once the outcome has been notified. " +
			"Committee officers of the review's committee only.",
		Status: 201, Response: "LearningReviewDocument",
		Errors: []int{409, 413, 415, 422},
	},
	"POST /api/v1/learning-reviews/{id}/start": {
		ID: "startLearningReview", Tag: "Learning reviews", Summary: "Start a full review",
		Description: "Moves a full review from decision_notified to in_progress. 409 for an alternative approach, a decision not to review, or a review already started.",
		Response:    "LearningReview", Errors: []int{409},
	},
	"POST /api/v1/learning-reviews/{id}/updates": {
		ID: "updateLearningReviewProgress", Tag: "Learning reviews", Summary: "Give an interim update of a review in progress",
		Description: "Records the update and sets the review's expected_completion_on and paused_for (criminal_proceedings, fatal_accident_inquiry, or empty: not paused; a flag, not a status). " +
			"Free text that may contain personal data answers 422 naming what was found, unless confirm_no_personal_data is true. 409 unless the review is in progress.",
		Request: "LearningReviewUpdate", Response: "LearningReview", Errors: []int{409},
	},
	"POST /api/v1/learning-reviews/{id}/outcome": {
		ID: "notifyLearningReviewOutcome", Tag: "Learning reviews", Summary: "Notify the outcome of a review",
		Description: "Accepted from decision_notified or in_progress (completing the review in the same step) or completed. Needs completed_on and ratified_on " +
			"(not in the future, ratification not before completion, completion not before the decision) and document_ids (at least one document of this review). " +
			"An alternative approach needs at least one learning point. Each recommendation needs an agency; each action an owner, due_on and status. " +
			"The documents are sent to the regulator in the same step. Answers 200 with status outcome_notified; 422 with field problems (list items as recommendations.0.agency); " +
			"409 while a named document is not this review's, is still being checked, or has personal-data findings not resolved.",
		Request: "LearningReviewOutcome", Response: "LearningReview", Errors: []int{409},
	},
}

func codeValues(cs scrutineer.Codes) []string { return cs.Values() }

func reviewOutcomeSchemas() map[string]any {
	themes := map[string]any{"type": "array", "items": lrString("A theme code.", scrutineer.ThemeCodes()...)}
	finding := obj(map[string]any{
		"id": lrString("The finding's identifier."), "kind": lrString("The kind of personal data, such as chi_number or person_name."),
		"start": map[string]any{"type": "integer"}, "end": map[string]any{"type": "integer"},
		"text": lrString("What was found."),
	}, "kind", "start", "end")
	return map[string]any{
		"LearningReviewDocument": obj(map[string]any{
			"id": lrString("The document's identifier, for document_ids."), "filename": lrString("The file's name."),
			"kind": lrString("report or learning_summary."), "status": lrString("draft until sent with the outcome.", "draft", "sent"),
			"check": obj(map[string]any{
				"status":     lrString("The personal-data check.", "clear", "findings", "pending", "unreadable"),
				"unresolved": map[string]any{"type": "integer", "description": "Findings not yet marked as not personal data."},
				"findings":   map[string]any{"type": "array", "items": finding},
			}, "status"),
		}, "id", "filename", "check"),
		"LearningReviewUpdate": obj(map[string]any{
			"review_team":              lrString("Who is doing the review, by role; no names."),
			"expected_completion_on":   lrString("The date the review is now expected to be completed, YYYY-MM-DD; today or later."),
			"paused_for":               lrString("Why the review is paused; empty when it is not.", append(codeValues(scrutineer.PausedForCodes), "")...),
			"delay_reasons":            lrString("Reasons for any delay."),
			"confirm_no_personal_data": map[string]any{"type": "boolean", "description": "true to keep free text the personal-data check flagged."},
		}, "expected_completion_on"),
		"LearningReviewOutcome": obj(map[string]any{
			"completed_on":       lrString("The date the review was completed, YYYY-MM-DD."),
			"ratified_on":        lrString("The date the chief officers group ratified the outcome, YYYY-MM-DD."),
			"methodology":        lrString("The method used.", codeValues(scrutineer.MethodCodes)...),
			"family_involvement": lrString("Whether the family was involved.", codeValues(scrutineer.InvolvementCodes)...),
			"staff_involvement":  lrString("Whether staff were involved.", codeValues(scrutineer.InvolvementCodes)...),
			"delay_reasons":      lrString("Reasons for any delay."),
			"publication":        lrString("The publication intention.", codeValues(scrutineer.PublicationCodes)...),
			"document_ids":       map[string]any{"type": "array", "items": lrString("A document of this review."), "minItems": 1},
			"learning_points": map[string]any{"type": "array", "items": obj(map[string]any{
				"body": lrString("The learning point."), "themes": themes}, "body")},
			"recommendations": map[string]any{"type": "array", "items": obj(map[string]any{
				"body": lrString("The recommendation."), "agency": lrString("The agency responsible.", codeValues(scrutineer.AgencyCodes)...), "themes": themes}, "body", "agency")},
			"actions": map[string]any{"type": "array", "items": obj(map[string]any{
				"action": lrString("The action."), "owner": lrString("The agency or role that owns it; no names."),
				"due_on": lrString("YYYY-MM-DD."), "status": lrString("Its status.", codeValues(scrutineer.ActionStatusCodes)...)}, "action", "owner", "due_on", "status")},
			"confirm_no_personal_data": map[string]any{"type": "boolean", "description": "true to keep free text the personal-data check flagged."},
		}, "completed_on", "ratified_on", "document_ids"),
	}
}
