package web

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/scrutineer/scrutineer"
)

// apiOpenAPI answers the OpenAPI document of the API.
func (s *Server) apiOpenAPI(w http.ResponseWriter, r *http.Request) error {
	writeJSON(w, http.StatusOK, s.openAPI())
	return nil
}

// pathParam finds {name} and {name...} segments of a ServeMux pattern.
var pathParam = regexp.MustCompile(`\{([A-Za-z_][A-Za-z0-9_]*)(\.\.\.)?\}`)

// openAPI builds the OpenAPI 3.1 document from the route table: every route under
// /api/ becomes an operation, with its description from apiDocs. Because the list of
// operations comes from the table that also serves them, the document cannot leave
// an operation out.
func (s *Server) openAPI() map[string]any {
	paths := map[string]map[string]any{}
	for _, rt := range s.routeTable() {
		if !isAPIPattern(rt.pattern) {
			continue
		}
		method, path, _ := strings.Cut(rt.pattern, " ")
		path = strings.TrimSuffix(path, "{$}")
		oaPath := pathParam.ReplaceAllString(path, "{$1}")
		if paths[oaPath] == nil {
			paths[oaPath] = map[string]any{}
		}
		paths[oaPath][strings.ToLower(method)] = operation(rt, path)
	}
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{
			"title":       "Scrutineer API",
			"version":     s.Version,
			"description": "The JSON API of Scrutineer. Send an API token (make one on /account/tokens, or with scrutineer token create) as Authorization: Bearer TOKEN. The API applies the same access rules as the web pages: a record you may not see answers 404. Errors are {\"error\": {\"code\", \"message\", \"fields\"}}.",
		},
		"security": []any{map[string]any{"bearerAuth": []any{}}},
		"paths":    paths,
		"components": map[string]any{
			"securitySchemes": map[string]any{
				"bearerAuth": map[string]any{"type": "http", "scheme": "bearer", "description": "An API token, which begins scr_."},
			},
			"schemas":   apiSchemas,
			"responses": apiErrorResponses,
		},
	}
}

// operation describes one route.
func operation(rt route, path string) map[string]any {
	doc, ok := apiDocs[rt.pattern]
	if !ok {
		doc = apiDoc{Summary: "Not yet described"}
	}
	op := map[string]any{"summary": doc.Summary}
	if doc.ID != "" {
		op["operationId"] = doc.ID
	}
	if doc.Description != "" {
		op["description"] = doc.Description
	}
	if doc.Tag != "" {
		op["tags"] = []string{doc.Tag}
	}
	var params []any
	for _, m := range pathParam.FindAllStringSubmatch(path, -1) {
		params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": map[string]any{"type": "string"}})
	}
	for _, q := range doc.Query {
		params = append(params, map[string]any{"name": q.Name, "in": "query", "required": q.Required, "description": q.Description, "schema": map[string]any{"type": "string"}})
	}
	if len(params) > 0 {
		op["parameters"] = params
	}
	if doc.Request != "" {
		op["requestBody"] = map[string]any{"required": true, "content": jsonContent(doc.Request)}
	}
	status := doc.Status
	if status == 0 {
		status = http.StatusOK
	}
	success := map[string]any{"description": http.StatusText(status)}
	if doc.Response != "" {
		success["content"] = jsonContent(doc.Response)
	}
	responses := map[string]any{strconv.Itoa(status): success}
	errs := doc.Errors
	if rt.access.public {
		op["security"] = []any{}
	} else {
		errs = append(errs, http.StatusUnauthorized, http.StatusTooManyRequests)
	}
	if strings.Contains(path, "{") {
		errs = append(errs, http.StatusNotFound)
	}
	if doc.Request != "" {
		errs = append(errs, http.StatusUnprocessableEntity)
	}
	for _, e := range errs {
		responses[strconv.Itoa(e)] = map[string]any{"$ref": "#/components/responses/" + errorResponseName(e)}
	}
	op["responses"] = responses
	return op
}

func jsonContent(schema string) map[string]any {
	return map[string]any{"application/json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/" + schema}}}
}

// apiErrorResponses are the error answers shared by operations, by status.
var apiErrorResponses = func() map[string]any {
	out := map[string]any{}
	for status, desc := range map[int]string{
		http.StatusUnauthorized:          "No token, or a token that is not recognised, expired or revoked. The answer carries WWW-Authenticate: Bearer.",
		http.StatusForbidden:             "You may see this record but not do this to it.",
		http.StatusNotFound:              "No such record, or one you may not see.",
		http.StatusConflict:              "The record's state does not allow this now.",
		http.StatusRequestEntityTooLarge: "What you sent is too large.",
		http.StatusUnsupportedMediaType:  "The file is not of a type accepted here.",
		http.StatusUnprocessableEntity:   "Some fields are missing or wrong; fields says which.",
		http.StatusTooManyRequests:       "Too many requests with this token; Retry-After says how many seconds to wait.",
	} {
		out[errorResponseName(status)] = map[string]any{"description": desc, "content": jsonContent("Error")}
	}
	return out
}()

// errorResponseName names a shared error answer: "NotFound", "TooManyRequests".
func errorResponseName(status int) string {
	return strings.NewReplacer(" ", "", "-", "").Replace(http.StatusText(status))
}

// roleNames lists every role's code, for schemas.
func roleNames() []string {
	out := make([]string, len(scrutineer.Roles))
	for i, r := range scrutineer.Roles {
		out[i] = string(r)
	}
	return out
}
