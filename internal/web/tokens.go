package web

import (
	"net/http"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// tokenRoutes registers the page where every signed-in user makes, lists and revokes
// their own API tokens. The revoke routes name one token, so they carry the policy
// action: another user's token answers not found.
func (s *Server) tokenRoutes() []route {
	own := Requires(auth.ManageAPITokens)
	return []route{
		{"GET /account/tokens", s.tokenList, SignedIn},
		{"POST /account/tokens", s.tokenCreate, SignedIn},
		{"GET /account/tokens/{id}/revoke", s.tokenRevokeForm, own},
		{"POST /account/tokens/{id}/revoke", s.tokenRevoke, own},
	}
}

const tokensPath = "/account/tokens"

// tokenFields are the form's fields in the order they appear, for the error summary.
var tokenFields = []string{"label", "expires"}

// tokenExpiries are the choices of how long a new token lasts. 90 days is the
// default: long enough for a quarterly job, short enough that a forgotten token dies.
var tokenExpiries = []struct{ Value, Label string }{
	{"30", "30 days"},
	{"90", "90 days"},
	{"365", "1 year"},
	{"never", "Does not expire"},
}

var tokenFlashes = map[string]string{
	"revoked": "Token revoked. Anything using it can no longer reach the API.",
}

// tokenRow is one token as the list shows it.
type tokenRow struct {
	*scrutineer.APIToken
	State     string
	StateText string
	TagColour string
}

type tokensData struct {
	Rows     []tokenRow
	Expiries []fieldOption
}

func (s *Server) tokenList(w http.ResponseWriter, r *http.Request) error {
	return s.renderTokens(w, r, http.StatusOK, map[string]string{"expires": "90"}, nil)
}

// renderTokens shows the list and the form to make a token, with err's problems.
func (s *Server) renderTokens(w http.ResponseWriter, r *http.Request, status int, form map[string]string, err error) error {
	u := scrutineer.UserFromContext(r.Context())
	list, ferr := s.Tokens.FindAPITokens(r.Context(), u.ID)
	if ferr != nil {
		return ferr
	}
	now := s.Now()
	data := tokensData{}
	for _, t := range list {
		row := tokenRow{APIToken: t, State: t.State(now)}
		switch row.State {
		case scrutineer.TokenActive:
			row.StateText, row.TagColour = "Active", "green"
		case scrutineer.TokenExpired:
			row.StateText, row.TagColour = "Expired", "grey"
		default:
			row.StateText, row.TagColour = "Revoked", "red"
		}
		data.Rows = append(data.Rows, row)
	}
	for _, e := range tokenExpiries {
		data.Expiries = append(data.Expiries, fieldOption{Value: e.Value, Label: e.Label, Selected: e.Value == form["expires"]})
	}
	d := s.page(r, "API tokens")
	if err != nil {
		d.withErrors(err, tokenFields...)
		d.Title = "Error: " + d.Title
	}
	d.Flash = tokenFlashes[r.URL.Query().Get("done")]
	d.Form, d.Data = form, data
	s.render(w, r, status, "tokens", d)
	return nil
}

// tokenCreate makes a token and shows its secret once. NOTE: this is the one form
// that answers with a page instead of redirecting (POST-redirect-GET): the secret may
// not go into an address or be kept anywhere to show after a redirect.
func (s *Server) tokenCreate(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return scrutineer.Errorf(scrutineer.EINVALID, "The form could not be read. Try again.")
	}
	u := scrutineer.UserFromContext(r.Context())
	form := map[string]string{"label": r.PostForm.Get("label"), "expires": r.PostForm.Get("expires")}
	t := &scrutineer.APIToken{UserID: u.ID, Label: form["label"]}
	var err error
	switch form["expires"] {
	case "30", "90", "365":
		days := map[string]int{"30": 30, "90": 90, "365": 365}[form["expires"]]
		t.ExpiresAt = s.Now().UTC().Add(time.Duration(days) * 24 * time.Hour)
	case "never":
	default:
		err = &scrutineer.Error{Code: scrutineer.EINVALID, Message: "Check the token details.", Fields: map[string]string{"expires": "Choose when the token expires"}}
	}
	var secret string
	if err == nil {
		secret, err = s.Tokens.CreateAPIToken(r.Context(), t)
	}
	if scrutineer.ErrorCode(err) == scrutineer.EINVALID {
		return s.renderTokens(w, r, http.StatusUnprocessableEntity, form, err)
	}
	if err != nil {
		return err
	}
	d := s.page(r, "Your new API token")
	d.Data = struct {
		Token           *scrutineer.APIToken
		Secret, BaseURL string
	}{t, secret, baseURL(r, s.SecureCookies)}
	s.render(w, r, http.StatusCreated, "token-created", d)
	return nil
}

func (s *Server) tokenRevokeForm(w http.ResponseWriter, r *http.Request) error {
	t, err := s.Tokens.FindAPIToken(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if t.State(s.Now()) == scrutineer.TokenRevoked {
		http.Redirect(w, r, tokensPath, http.StatusSeeOther)
		return nil
	}
	d := s.page(r, "Revoke the token "+t.Label)
	d.Data = t
	s.render(w, r, http.StatusOK, "token-revoke", d)
	return nil
}

func (s *Server) tokenRevoke(w http.ResponseWriter, r *http.Request) error {
	if err := s.Tokens.RevokeAPIToken(r.Context(), r.PathValue("id")); err != nil {
		return err
	}
	http.Redirect(w, r, tokensPath+"?done=revoked", http.StatusSeeOther)
	return nil
}

// baseURL is the address the caller reached the service at, for examples on pages.
// NOTE: it comes from the Host header, so it is shown only to the caller themselves.
func baseURL(r *http.Request, secure bool) string {
	scheme := "http"
	if r.TLS != nil || secure {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}
