package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/scrutineer/scrutineer"
)

// The JSON API lives under /api/. Its routes are entries of the one route table like
// every page (routeTable in routes.go), with the same access decisions and the same
// policy; what differs is who the caller is: the owner of the bearer token in the
// Authorization header, never the session cookie. So a browser signed in to the web
// UI cannot be made to call the API from another site (no CSRF exposure), and the
// API answers JSON, never a page or the sign-in redirect.

// apiRoutes registers the API operations. Each has its description in apiDocs
// (api_docs.go), from which /api/v1/openapi.json is generated.
func (s *Server) apiRoutes() []route {
	return []route{
		{"GET /api/v1/openapi.json", s.apiOpenAPI, Public},
		{"GET /api/v1/me", s.apiMe, SignedIn},
	}
}

// isAPIPath reports whether a request path belongs to the JSON API.
func isAPIPath(path string) bool { return path == "/api" || strings.HasPrefix(path, "/api/") }

// isAPIPattern reports whether a route table pattern ("GET /api/v1/me") is an API
// operation.
func isAPIPattern(pattern string) bool {
	_, path, _ := strings.Cut(pattern, " ")
	return isAPIPath(path)
}

// withCaller puts the caller into the request context: the bearer token's owner for
// the API, the session's user for everything else.
func (s *Server) withCaller(next http.Handler) http.Handler {
	if s.apiLimit == nil {
		s.apiLimit = newAPILimiter(apiRate, apiBurst)
	}
	session, bearer := s.withUser(next), s.withBearer(next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if isAPIPath(r.URL.Path) {
			bearer.ServeHTTP(w, r)
			return
		}
		session.ServeHTTP(w, r)
	})
}

// withBearer authenticates an API request by its bearer token. A request without an
// Authorization header goes on anonymous (public operations answer it; the others
// answer 401). A header that is malformed, or names a token that is unknown,
// expired or revoked or whose owner is deactivated, answers 401 at once, even for a
// public operation, so a client learns that its token is dead.
func (s *Server) withBearer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// NOTE: a session cookie sent with an API request is ignored: the context
		// user is reset here, whatever an outer layer may have put in it.
		ctx := scrutineer.NewContextWithUser(r.Context(), nil)
		header := r.Header.Get("Authorization")
		if header == "" {
			next.ServeHTTP(w, r.WithContext(ctx))
			return
		}
		scheme, secret, ok := strings.Cut(header, " ")
		secret = strings.TrimSpace(secret)
		if !ok || !strings.EqualFold(scheme, "Bearer") || secret == "" || s.Tokens == nil {
			s.fail(w, r, scrutineer.Errorf(scrutineer.EUNAUTHORISED, apiUnauthorised))
			return
		}
		u, tok, err := s.Tokens.AuthenticateAPIToken(ctx, secret)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if ok, wait := s.apiLimit.allow(tok.ID, s.Now()); !ok {
			w.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
			writeJSONError(w, http.StatusTooManyRequests, codeRateLimited, "Too many requests with this token. Wait a moment, then try again.", nil)
			return
		}
		ctx = scrutineer.NewContextWithUser(ctx, u)
		ctx = scrutineer.NewContextWithActorLabel(ctx, scrutineer.ActorLabelAPIToken)
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// apiUnauthorised is the message of every 401 answer of the API, whatever the reason
// (no token, a malformed, unknown, expired or revoked one, a deactivated owner): the
// answer does not help someone probing for live tokens.
const apiUnauthorised = "Send a valid API token in the header Authorization: Bearer TOKEN. Make one on /account/tokens."

// codeRateLimited is the error code of a 429 answer. It is not a domain error code:
// throttling is the web layer's business, not a property of the record asked for.
const codeRateLimited = "rate_limited"

// meResponse is the answer of GET /api/v1/me. email, role and organisation are the
// contract (docs/contract.md); roles and organisation_name are extensions.
type meResponse struct {
	Email            string   `json:"email"`
	Role             string   `json:"role"`
	Roles            []string `json:"roles"`
	Organisation     string   `json:"organisation"`
	OrganisationName string   `json:"organisation_name"`
}

// apiMe answers who the token belongs to.
func (s *Server) apiMe(w http.ResponseWriter, r *http.Request) error {
	u := scrutineer.UserFromContext(r.Context())
	if u == nil {
		return scrutineer.Errorf(scrutineer.EUNAUTHORISED, apiUnauthorised)
	}
	me := meResponse{Email: u.Email, Role: string(primaryRole(u)), Roles: []string{}}
	for _, role := range scrutineer.Roles {
		if u.Has(role) {
			me.Roles = append(me.Roles, string(role))
		}
	}
	if u.Organisation != nil {
		me.Organisation, me.OrganisationName = u.Organisation.Slug, u.Organisation.Name
	}
	writeJSON(w, http.StatusOK, me)
	return nil
}

// primaryRole is the first of the user's roles in the order of scrutineer.Roles
// (admin, inspector, analyst, manager, committee officer, area contact, local
// reader), so a user with several roles always answers the same one.
func primaryRole(u *scrutineer.User) scrutineer.Role {
	for _, role := range scrutineer.Roles {
		if slices.Contains(u.Roles, role) {
			return role
		}
	}
	return ""
}
