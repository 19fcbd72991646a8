package web

import (
	"context"
	"slices"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// themesSection is the themes part of the review page (templates/components/review-themes.html).
type themesSection struct {
	ReviewID string
	// MayCode: the viewer codes themes (analysts, inspectors, managers); others
	// (the committee's officers) see the accepted themes only.
	MayCode         bool
	Suggested       []themeRow
	Accepted        []themeRow
	Rejected        []themeRow
	AddOptions      []fieldOption // themes of the current vocabulary not yet accepted
	Recommendations []recommendationThemes
}

// themeRow is one theme of the review as the page shows it.
type themeRow struct {
	Code, Label, Reason string
}

// recommendationThemes is one recommendation with its theme codes as checkboxes.
type recommendationThemes struct {
	ID       string
	Position int
	Body     string
	Agency   string
	Labels   []string
	Options  []fieldOption
}

// loadThemesSection loads the themes section of rv's page, or nil when the viewer has
// nothing to see in it (a draft, or no themes service).
func (s *Server) loadThemesSection(ctx context.Context, rv *scrutineer.LearningReview) (*themesSection, error) {
	if s.Themes == nil || rv.Status == scrutineer.ReviewDraft {
		return nil, nil
	}
	vocab, err := s.Themes.CurrentThemes(ctx)
	if err != nil {
		return nil, err
	}
	themes, err := s.Themes.ReviewThemes(ctx, rv.ID)
	if err != nil {
		return nil, err
	}
	recs, err := s.Themes.ReviewRecommendations(ctx, rv.ID)
	if err != nil {
		return nil, err
	}
	u := scrutineer.UserFromContext(ctx)
	sec := &themesSection{ReviewID: rv.ID, MayCode: auth.Allowed(u, auth.CodeThemes, auth.Resource{OrganisationID: rv.CommitteeID})}
	var accepted []string
	for _, t := range themes {
		row := themeRow{Code: t.Code, Label: vocab.Label(t.Code), Reason: t.Reason}
		switch t.Status {
		case scrutineer.ThemeSuggested:
			sec.Suggested = append(sec.Suggested, row)
		case scrutineer.ThemeAccepted:
			sec.Accepted = append(sec.Accepted, row)
			accepted = append(accepted, t.Code)
		case scrutineer.ThemeRejected:
			sec.Rejected = append(sec.Rejected, row)
		}
	}
	for _, t := range vocab.Themes {
		if !slices.Contains(accepted, t.Code) {
			sec.AddOptions = append(sec.AddOptions, fieldOption{Value: t.Code, Label: t.Label})
		}
	}
	for _, rec := range recs {
		rt := recommendationThemes{ID: rec.ID, Position: rec.Position, Body: rec.Body, Agency: rec.Agency}
		for _, c := range rec.Themes {
			rt.Labels = append(rt.Labels, vocab.Label(c))
		}
		for _, t := range vocab.Themes {
			rt.Options = append(rt.Options, fieldOption{Value: t.Code, Label: t.Label, Selected: slices.Contains(rec.Themes, t.Code)})
		}
		for _, c := range rec.Themes { // a retired code stays ticked and may be unticked
			if vocab.Find(c) == nil {
				rt.Options = append(rt.Options, fieldOption{Value: c, Label: c + " (retired)", Selected: true})
			}
		}
		sec.Recommendations = append(sec.Recommendations, rt)
	}
	return sec, nil
}
