package web

import (
	"context"
	"net/http"
	"slices"
	"strings"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// The theme vocabulary settings: GET /reviews/settings/themes lists every version;
// /reviews/settings/themes/new makes the next version from the current one.

// currentVocabulary is the vocabulary in force, or the defaults when the themes
// service is not wired in or cannot answer (the search filter still works).
func (s *Server) currentVocabulary(ctx context.Context) *scrutineer.ThemeVersion {
	if s.Themes != nil {
		if v, err := s.Themes.CurrentThemes(ctx); err == nil {
			return v
		}
	}
	return &scrutineer.ThemeVersion{Version: 1, Themes: slices.Clone(scrutineer.DefaultThemes)}
}

// themeOptions are the current vocabulary's themes as choices (the search filter).
func (s *Server) themeOptions(ctx context.Context) []fieldOption {
	var out []fieldOption
	for _, t := range s.currentVocabulary(ctx).Themes {
		out = append(out, fieldOption{Value: t.Code, Label: t.Label})
	}
	return out
}

func init() {
	settingsFlashes["version"] = "The new version of the themes is now in force."
	settingsFlashes["levels"] = "The service levels have been saved. Deadlines and reminders use them from now on."
}

// settingsFlashes are the notifications of the settings pages after a change.
var settingsFlashes = map[string]string{}

func (s *Server) themeVersions(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.themes()
	if err != nil {
		return err
	}
	versions, err := svc.ThemeVersions(r.Context())
	if err != nil {
		return err
	}
	d := s.page(r, "Theme vocabulary")
	d.Flash = settingsFlashes[r.URL.Query().Get("done")]
	d.Data = versions
	s.render(w, r, http.StatusOK, "theme-versions", d)
	return nil
}

// themeFormData is what the new-version form shows: the current version's themes.
type themeFormData struct {
	Current *scrutineer.ThemeVersion
	Next    int
	Retired map[string]bool
}

func (s *Server) themeVersionForm(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.themes()
	if err != nil {
		return err
	}
	if err := auth.Authorise(r.Context(), auth.ManageReviewSettings, auth.Resource{}); err != nil {
		return err
	}
	cur, err := svc.CurrentThemes(r.Context())
	if err != nil {
		return err
	}
	form := map[string]string{}
	for _, t := range cur.Themes {
		form["label_"+t.Code], form["description_"+t.Code], form["keywords_"+t.Code] = t.Label, t.Description, strings.Join(t.Keywords, "\n")
	}
	return s.showThemeForm(w, r, http.StatusOK, cur, form, nil, nil)
}

func (s *Server) showThemeForm(w http.ResponseWriter, r *http.Request, status int, cur *scrutineer.ThemeVersion, form map[string]string, retired []string, err error) error {
	d := s.page(r, "Make a new version of the themes")
	d.Form = form
	data := themeFormData{Current: cur, Next: cur.Version + 1, Retired: map[string]bool{}}
	for _, c := range retired {
		data.Retired[c] = true
	}
	d.Data = data
	if err != nil {
		order := []string{"themes"}
		for _, t := range cur.Themes {
			order = append(order, "label_"+t.Code, "description_"+t.Code, "keywords_"+t.Code)
		}
		d.withErrors(err, append(order, "new_code", "new_label", "new_description", "new_keywords")...)
	}
	s.render(w, r, status, "theme-version-new", d)
	return nil
}

func (s *Server) themeVersionCreate(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.themes()
	if err != nil {
		return err
	}
	if err := auth.Authorise(r.Context(), auth.ManageReviewSettings, auth.Resource{}); err != nil {
		return err // NOTE: before the form is read, so a refused caller learns nothing
	}
	cur, err := svc.CurrentThemes(r.Context())
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return scrutineer.Errorf(scrutineer.EINVALID, "The form could not be read.")
	}
	form := map[string]string{}
	retired := nonEmpty(r.PostForm["retire"])
	var next []scrutineer.Theme
	for _, t := range cur.Themes {
		for _, f := range []string{"label_", "description_", "keywords_"} {
			form[f+t.Code] = strings.TrimSpace(r.PostFormValue(f + t.Code))
		}
		if slices.Contains(retired, t.Code) {
			continue
		}
		next = append(next, scrutineer.Theme{Code: t.Code, Label: form["label_"+t.Code], Description: form["description_"+t.Code],
			Keywords: scrutineer.ParseKeywords(form["keywords_"+t.Code])})
	}
	for _, f := range []string{"new_code", "new_label", "new_description", "new_keywords"} {
		form[f] = strings.TrimSpace(r.PostFormValue(f))
	}
	if form["new_code"] != "" || form["new_label"] != "" {
		next = append(next, scrutineer.Theme{Code: strings.ToLower(form["new_code"]), Label: form["new_label"], Description: form["new_description"],
			Keywords: scrutineer.ParseKeywords(form["new_keywords"])})
	}
	if _, err := svc.NewThemeVersion(r.Context(), next); err != nil {
		if scrutineer.ErrorCode(err) != scrutineer.EINVALID {
			return err
		}
		return s.showThemeForm(w, r, http.StatusUnprocessableEntity, cur, form, retired, err)
	}
	http.Redirect(w, r, "/reviews/settings/themes?done=version", http.StatusSeeOther)
	return nil
}
