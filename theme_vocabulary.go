package scrutineer

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// ThemeVersion is one version of the theme vocabulary: the whole list in force from
// that version on. Codes keep their meaning across versions; a retired code is
// absent from later versions (docs/decisions/0105-themes-repository-deadlines.md).
type ThemeVersion struct {
	Version int
	Themes  []Theme
}

// Find returns the theme of the version with code, or nil.
func (v *ThemeVersion) Find(code string) *Theme {
	for i := range v.Themes {
		if v.Themes[i].Code == code {
			return &v.Themes[i]
		}
	}
	return nil
}

// Label is the label of code in the version, or the code itself when retired.
func (v *ThemeVersion) Label(code string) string {
	if t := v.Find(code); t != nil {
		return t.Label
	}
	return code
}

// Limits on a theme's fields.
const (
	maxThemeLabel       = 100
	maxThemeDescription = 500
	maxThemeKeyword     = 60
	maxThemeKeywords    = 20
)

var themeCode = regexp.MustCompile(`^[a-z][a-z0-9_]{1,39}$`)

// ValidateThemeVersion checks a new version of the vocabulary: at least one theme,
// each with a well-formed unique code, a label, and bounded description and
// keywords. Problems are keyed by the form's field names: label_CODE,
// description_CODE, keywords_CODE, or new_code and new_label for a code not in
// current (the version it is made from).
func ValidateThemeVersion(current, next []Theme) error {
	var p Problems
	if len(next) == 0 {
		p.Add("themes", "Keep at least one theme.")
	}
	seen := map[string]bool{}
	for _, t := range next {
		isNew := !slices.ContainsFunc(current, func(c Theme) bool { return c.Code == t.Code })
		field := func(name string) string {
			if isNew {
				return "new_" + name
			}
			return name + "_" + t.Code
		}
		switch {
		case !themeCode.MatchString(t.Code):
			p.Add("new_code", "Enter a code of 2 to 40 lower-case letters, digits or underscores, starting with a letter, like peer_support.")
		case seen[t.Code]:
			p.Add(field("code"), "The code "+t.Code+" is already in the vocabulary: choose another.")
		}
		seen[t.Code] = true
		switch {
		case strings.TrimSpace(t.Label) == "":
			p.Add(field("label"), "Enter a label for "+t.Code+".")
		case utf8.RuneCountInString(t.Label) > maxThemeLabel:
			p.Add(field("label"), fmt.Sprintf("The label of %s must be %d characters or fewer.", t.Code, maxThemeLabel))
		}
		if utf8.RuneCountInString(t.Description) > maxThemeDescription {
			p.Add(field("description"), fmt.Sprintf("The description of %s must be %d characters or fewer.", t.Code, maxThemeDescription))
		}
		if len(t.Keywords) > maxThemeKeywords {
			p.Add(field("keywords"), fmt.Sprintf("Give %s at most %d keywords.", t.Code, maxThemeKeywords))
		}
		for _, k := range t.Keywords {
			if utf8.RuneCountInString(k) > maxThemeKeyword || strings.ContainsAny(k, ",\n") {
				p.Add(field("keywords"), fmt.Sprintf("Each keyword of %s must be %d characters or fewer, one a line.", t.Code, maxThemeKeyword))
				break
			}
		}
	}
	return p.Err("Check the themes: some answers are missing or not valid.")
}

// ParseKeywords reads keywords typed one a line (or separated by commas), trimmed,
// lower-cased and without repeats.
func ParseKeywords(s string) []string {
	var out []string
	for _, k := range strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == ',' || r == '\r' }) {
		k = strings.ToLower(strings.Join(strings.Fields(k), " "))
		if k != "" && !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	return out
}

// ThemeService keeps the theme vocabulary and the themes of each review.
type ThemeService interface {
	// ThemeVersions lists every version of the vocabulary, newest first.
	// Managers and administrators (auth.ManageReviewSettings).
	ThemeVersions(ctx context.Context) ([]ThemeVersion, error)
	// CurrentThemes returns the version in force. Any signed-in caller.
	CurrentThemes(ctx context.Context) (*ThemeVersion, error)
	// NewThemeVersion records themes as the next version and returns its number;
	// EINVALID with field problems (ValidateThemeVersion).
	NewThemeVersion(ctx context.Context, themes []Theme) (int, error)
	// ReviewThemes returns the themes of a review the caller may see: every status
	// for those who code themes, accepted ones only for others.
	ReviewThemes(ctx context.Context, reviewID string) ([]ReviewTheme, error)
	// SuggestThemes (re)computes the suggestions of a review from its report text,
	// learning points and recommendations (auth.CodeThemes).
	SuggestThemes(ctx context.Context, reviewID string) ([]ReviewTheme, error)
	// DecideThemes accepts and rejects themes of a review (auth.CodeThemes).
	DecideThemes(ctx context.Context, reviewID string, accept, reject []string) error
	// AddReviewTheme adds an accepted theme of the current version to a review.
	AddReviewTheme(ctx context.Context, reviewID, code string) error
	// ReviewRecommendations returns a review's recommendations with their themes.
	ReviewRecommendations(ctx context.Context, reviewID string) ([]Recommendation, error)
	// SetRecommendationThemes replaces the themes of one recommendation.
	SetRecommendationThemes(ctx context.Context, reviewID, recommendationID string, codes []string) error
}

// Job kinds of the themes and deadlines part.
const (
	// JobSuggestThemes suggests themes for reviews whose outcome has been notified
	// and that have no theme yet; it runs every few minutes.
	JobSuggestThemes = "reviews.suggest_themes"
	// JobDeadlineReminders sends the reminders of deadlines; it runs every hour.
	JobDeadlineReminders = "reviews.deadline_reminders"
)
