package web

// The OpenAPI description of the statistics API, added to apiDocs and apiSchemas
// (api_docs.go) next to its handler.
func init() {
	apiDocs["GET /api/v1/statistics/learning-reviews"] = apiDoc{
		ID: "getLearningReviewStatistics", Tag: "Statistics", Summary: "National statistics of learning reviews",
		Description: "Counts of the learning reviews whose decision was made from `from` to `to` (both included; the last five financial years when neither is given): " +
			"by year of decision, committee type, decision and theme; timeliness of each step as medians and quartiles; the share of outcomes notified within the service level; " +
			"and every table of the national overview. Small counts are suppressed for every caller, as published: a hidden figure is {\"suppressed\": true} and no other figure " +
			"lets it be worked out. Callers who may view statistics (analysts, inspectors, managers) may ask for exact=true; others asking for it get 404. " +
			"A date that is not a real YYYY-MM-DD date, or to before from, answers 422 with the problem under error.fields.",
		Query: []apiParam{
			{Name: "from", Description: "First decision date included, YYYY-MM-DD."},
			{Name: "to", Description: "Last decision date included, YYYY-MM-DD; not before from."},
			{Name: "exact", Description: "true for exact figures (regulator staff who may view statistics only)."},
		},
		Response: "LearningReviewStatistics",
		Errors:   []int{404, 422},
	}
	cell := map[string]any{"type": "object", "description": "A figure: {\"value\": n}, or {\"suppressed\": true} when hidden by disclosure control, or {\"missing\": true} when there are no cases.",
		"properties": map[string]any{"value": map[string]any{"type": "number"}, "suppressed": map[string]any{"type": "boolean"}, "missing": map[string]any{"type": "boolean"}}}
	str := map[string]any{"type": "string"}
	list := func(item map[string]any) map[string]any { return map[string]any{"type": "array", "items": item} }
	count := obj(map[string]any{"code": str, "label": str, "count": cell}, "code", "label", "count")
	breakdown := obj(map[string]any{"code": str, "label": str, "total": cell,
		"by_decision": map[string]any{"type": "object", "additionalProperties": cell, "description": "By decision code: full_review, alternative_approach, no_review."}},
		"code", "label", "total", "by_decision")
	heading := obj(map[string]any{"code": str, "label": str}, "code", "label")
	row := obj(map[string]any{"code": str, "label": str, "cells": list(cell), "total": cell}, "code", "label", "cells")
	apiSchemas["LearningReviewStatistics"] = obj(map[string]any{
		"period": obj(map[string]any{"kind": str, "from": map[string]any{"type": "string", "format": "date"}, "to": map[string]any{"type": "string", "format": "date"}, "label": str},
			"from", "to", "label"),
		"produced":           map[string]any{"type": "string", "format": "date-time"},
		"suppressed":         map[string]any{"type": "boolean", "description": "Whether disclosure control was applied."},
		"disclosure_control": map[string]any{"type": "string", "description": "The disclosure control applied, in words."},
		"reviews":            cell,
		"by_year":            list(breakdown),
		"by_committee_type":  list(breakdown),
		"by_decision":        list(count),
		"themes":             list(count),
		"timeliness": list(obj(map[string]any{"step": str, "label": str, "reviews": cell, "median_days": cell,
			"lower_quartile_days": cell, "upper_quartile_days": cell}, "step", "label", "reviews", "median_days")),
		"outcomes_within_service_level": obj(map[string]any{"days": map[string]any{"type": "integer"}, "within": cell, "total": cell,
			"share_percent": map[string]any{"type": []string{"number", "null"}}}, "days", "within", "total"),
		"tables": list(obj(map[string]any{"id": str, "title": str, "description": str, "kind": map[string]any{"type": "string", "enum": []string{"counts", "measures"}},
			"unit": str, "row_heading": str, "columns": list(heading), "rows": list(row), "row_totals": map[string]any{"type": "boolean"}, "totals": row,
			"notes": list(str)}, "id", "title", "kind", "columns", "rows")),
	}, "period", "suppressed", "reviews", "by_year", "by_committee_type", "by_decision", "themes", "timeliness", "outcomes_within_service_level", "tables")
}
