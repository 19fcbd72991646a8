package web

import (
	"net/http"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// Theme coding on the review page, the repository view, the theme vocabulary and
// service level settings and the timeliness view
// (docs/decisions/0105-themes-repository-deadlines.md). Every handler goes through
// a service method that asks the policy for the record itself.

// reviewThemeRoutes: see the route table (routes.go).
func (s *Server) reviewThemeRoutes() []route {
	return []route{
		{"POST /learning-reviews/{id}/themes/suggest", s.reviewThemesSuggest, Requires(auth.CodeThemes)},
		{"POST /learning-reviews/{id}/themes/decide", s.reviewThemesDecide, Requires(auth.CodeThemes)},
		{"POST /learning-reviews/{id}/themes/add", s.reviewThemesAdd, Requires(auth.CodeThemes)},
		{"POST /learning-reviews/{id}/recommendations/{rec}/themes", s.recommendationThemes, Requires(auth.CodeThemes)},
		{"GET /repository", s.repository, Requires(auth.ViewCommitteeRecord)},
		{"GET /reviews/settings/themes", s.themeVersions, Requires(auth.ManageReviewSettings)},
		{"GET /reviews/settings/themes/new", s.themeVersionForm, Requires(auth.ManageReviewSettings)},
		{"POST /reviews/settings/themes/new", s.themeVersionCreate, Requires(auth.ManageReviewSettings)},
		{"GET /reviews/settings/deadlines", s.serviceLevelsForm, Requires(auth.ManageReviewSettings)},
		{"POST /reviews/settings/deadlines", s.serviceLevelsSave, Requires(auth.ManageReviewSettings)},
		{"GET /reviews/timeliness", s.timeliness, Requires(auth.ViewStatistics)},
	}
}

func init() {
	reviewFlashes["themes-suggested"] = "Themes have been suggested from the review's text. Accept or reject each one."
	reviewFlashes["themes-decided"] = "Your decision on the theme has been saved."
	reviewFlashes["theme-added"] = "The theme has been added to this review."
	reviewFlashes["recommendation-themes"] = "The recommendation's themes have been saved."
}

// themes returns the themes service, or ENOTFOUND when it is not wired in.
func (s *Server) themes() (scrutineer.ThemeService, error) {
	if s.Themes == nil {
		return nil, scrutineer.Errorf(scrutineer.ENOTFOUND, "Page not found.")
	}
	return s.Themes, nil
}

// themesDone redirects to the review's themes section after an action.
func themesDone(w http.ResponseWriter, r *http.Request, done string) error {
	http.Redirect(w, r, reviewPath(r.PathValue("id"))+"?done="+done+"#themes", http.StatusSeeOther)
	return nil
}

// themesProblem shows what was wrong with a theme action, with a way back. The
// forms offer only valid choices, so this is reached by an edited request or a
// review changed meanwhile.
func (s *Server) themesProblem(w http.ResponseWriter, r *http.Request, err error) error {
	if scrutineer.ErrorCode(err) != scrutineer.EINVALID {
		return err
	}
	d := s.page(r, "There is a problem with the themes")
	d.withErrors(err, "theme")
	d.Data = reviewPath(r.PathValue("id")) + "#themes"
	s.render(w, r, http.StatusUnprocessableEntity, "review-themes-problem", d)
	return nil
}

func (s *Server) reviewThemesSuggest(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.themes()
	if err != nil {
		return err
	}
	if _, err := svc.SuggestThemes(r.Context(), r.PathValue("id")); err != nil {
		return s.themesProblem(w, r, err)
	}
	return themesDone(w, r, "themes-suggested")
}

// reviewThemesDecide takes one press of an Accept or Reject button (accept=CODE or
// reject=CODE), or several ticked at once.
func (s *Server) reviewThemesDecide(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.themes()
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return scrutineer.Errorf(scrutineer.EINVALID, "The form could not be read.")
	}
	if err := svc.DecideThemes(r.Context(), r.PathValue("id"), nonEmpty(r.PostForm["accept"]), nonEmpty(r.PostForm["reject"])); err != nil {
		return s.themesProblem(w, r, err)
	}
	return themesDone(w, r, "themes-decided")
}

func (s *Server) reviewThemesAdd(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.themes()
	if err != nil {
		return err
	}
	if err := svc.AddReviewTheme(r.Context(), r.PathValue("id"), r.PostFormValue("theme")); err != nil {
		return s.themesProblem(w, r, err)
	}
	return themesDone(w, r, "theme-added")
}

func (s *Server) recommendationThemes(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.themes()
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return scrutineer.Errorf(scrutineer.EINVALID, "The form could not be read.")
	}
	rec := r.PathValue("rec")
	if err := svc.SetRecommendationThemes(r.Context(), r.PathValue("id"), rec, nonEmpty(r.PostForm["themes_"+rec])); err != nil {
		return s.themesProblem(w, r, err)
	}
	return themesDone(w, r, "recommendation-themes")
}
