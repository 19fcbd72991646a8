package web

// apiDoc describes one API operation for the OpenAPI document. The operation's method,
// path, path parameters and whether it needs a token come from its route table entry;
// only what the table cannot know is written here. A route under /api/ without an
// entry here fails TestOpenAPIDescribesEveryAPIRoute.
type apiDoc struct {
	// ID is the operationId: lowerCamelCase, unique.
	ID string
	// Tag groups operations in viewers ("Account", "Learning reviews", ...).
	Tag         string
	Summary     string
	Description string
	// Query lists the query parameters, in order.
	Query []apiParam
	// Request names the schema (in apiSchemas) of the JSON request body, if any.
	Request string
	// Status is the success status; 0 means 200.
	Status int
	// Response names the schema (in apiSchemas) of the success answer.
	Response string
	// Errors lists further error statuses the operation answers besides those every
	// operation may (401 and 429 with a token, 404 with a path parameter, 422 with a
	// body), such as 409 or 413.
	Errors []int
}

// apiParam is a query parameter.
type apiParam struct {
	Name, Description string
	Required          bool
}

// apiDocs describes every API operation, by its route table pattern.
var apiDocs = map[string]apiDoc{
	"GET /api/v1/openapi.json": {
		ID: "getOpenAPI", Tag: "Service", Summary: "This description of the API",
		Description: "The OpenAPI 3.1 document describing every operation, generated from the route table. No token needed.",
		Response:    "OpenAPI",
	},
	"GET /api/v1/me": {
		ID: "getMe", Tag: "Account", Summary: "Who the token belongs to",
		Description: "The token owner's email address, roles and organisation. A quick check that a token works.",
		Response:    "Me",
	},
	"GET /api/v1/search": {
		ID: "searchRepository", Tag: "Search", Summary: "Search the repository of learning review reports",
		Description: "Full-text search of the national repository, best matches first. Inspectors and managers only; others get 404. " +
			"Query language: words (all must match, endings ignored), \"exact phrases\", prefix* (two letters at least), OR between alternatives, -word or NOT word to exclude. " +
			"Filters may be repeated (organisation, kind, theme: any of the values); all filters must hold. A query that cannot be understood answers 422 with the problem under fields.q.",
		Query: []apiParam{
			{Name: "q", Description: "What to search for, in the query language above.", Required: true},
			{Name: "organisation", Description: "An organisation's slug, such as glasgow-cpc. Repeat for several."},
			{Name: "kind", Description: "learning_review_report or minutes. Repeat for both."},
			{Name: "year_from", Description: "Documents from this year on, such as 2019."},
			{Name: "year_to", Description: "Documents up to and including this year."},
			{Name: "theme", Description: "A practice theme code, such as neglect or information_sharing. Repeat for several: documents with any of them match."},
			{Name: "limit", Description: "Results per page, 1 to 100; 20 when not given."},
			{Name: "offset", Description: "Results to skip, 0 to 10000."},
		},
		Response: "SearchResults",
		Errors:   []int{404, 422},
	},
}

// apiSchemas are the JSON Schemas (draft 2020-12, as OpenAPI 3.1 uses) of request
// and answer bodies, by name.
var apiSchemas = map[string]any{
	"Error": obj(map[string]any{
		"error": obj(map[string]any{
			"code":    map[string]any{"type": "string", "description": "What went wrong, for programs: invalid, not_found, conflict, unauthorised, forbidden, rate_limited or internal.", "examples": []string{"not_found"}},
			"message": map[string]any{"type": "string", "description": "What went wrong, in plain English, safe to show to a person."},
			"fields": map[string]any{
				"type": "object", "description": "For invalid input: each field's problem.",
				"additionalProperties": map[string]any{"type": "string"},
			},
		}, "code", "message"),
	}, "error"),
	"Me": obj(map[string]any{
		"email":             map[string]any{"type": "string", "format": "email"},
		"role":              map[string]any{"type": "string", "description": "The user's main role: the first of their roles in the order admin, inspector, analyst, manager, committee_officer, area_contact, local_reader.", "enum": roleNames()},
		"roles":             map[string]any{"type": "array", "items": map[string]any{"type": "string", "enum": roleNames()}, "description": "Every role the user holds."},
		"organisation":      map[string]any{"type": "string", "description": "The slug of the user's organisation in the directory.", "examples": []string{"glasgow-cpc"}},
		"organisation_name": map[string]any{"type": "string", "description": "The organisation's name."},
	}, "email", "role", "roles", "organisation", "organisation_name"),
	"OpenAPI": map[string]any{"type": "object", "description": "An OpenAPI 3.1 document."},
	"SearchResults": obj(map[string]any{
		"items": map[string]any{"type": "array", "items": obj(map[string]any{
			"id":           map[string]any{"type": "string", "description": "The document's identifier."},
			"title":        map[string]any{"type": "string", "description": "The document's title, as plain text."},
			"snippet":      map[string]any{"type": "string", "description": "HTML: a passage of the text with every character escaped and the matching words in <mark> elements. Safe to show as HTML as it is."},
			"organisation": map[string]any{"type": "string", "description": "The slug of the organisation the document belongs to.", "examples": []string{"glasgow-cpc"}},
			"kind":         map[string]any{"type": "string", "description": "learning_review_report, minutes or another kind of document."},
			"year":         map[string]any{"type": "integer", "description": "The year of the document; 0 when not known."},
			"rank":         map[string]any{"type": "number", "description": "Higher is a better match. Compares results of one search only."},
		}, "id", "title", "snippet", "organisation", "kind", "year", "rank")},
		"total":  map[string]any{"type": "integer", "description": "How many documents match the query and filters."},
		"limit":  map[string]any{"type": "integer", "description": "The page size used."},
		"offset": map[string]any{"type": "integer", "description": "The results skipped."},
	}, "items", "total"),
}

// obj is the schema of a JSON object with these properties, the named ones required.
func obj(props map[string]any, required ...string) map[string]any {
	o := map[string]any{"type": "object", "properties": props}
	if len(required) > 0 {
		o["required"] = required
	}
	return o
}
