package web

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/pii"
)

// regulatorSection is the regulator part of the review page
// (templates/components/review-regulator.html): for regulator staff the
// assignment, acknowledgement, appraisal and observations with the actions the
// viewer may take; for the committee only the issued letter.
type regulatorSection struct {
	Staff        bool
	Letter       bool // the observations letter has been issued
	AssigneeName string
	Inspectors   []*scrutineer.User // managers choose from these
	CanAssign    bool               // a manager
	CanTake      bool               // an inspector, and no one has the review
	MayAct       bool               // a manager or the assigned inspector
	MayApprove   bool
	Me           string
	Items        []scrutineer.RatedCriterion
	Rated        int
	Observations *scrutineer.ReviewObservations
	// Next are the moves the viewer may make now, from the lifecycle.
	CanStart, CanClose bool
}

// loadRegulatorSection loads the regulator section of rv's page, or nil when the
// viewer has nothing to see in it.
func (s *Server) loadRegulatorSection(ctx context.Context, rv *scrutineer.LearningReview) (*regulatorSection, error) {
	svc := s.ReviewRegulator
	u := scrutineer.UserFromContext(ctx)
	if svc == nil || u == nil {
		return nil, nil
	}
	sec := &regulatorSection{Me: u.ID}
	if !u.Regulator() {
		if rv.Status != scrutineer.ReviewObservationsIssued && rv.Status != scrutineer.ReviewClosed {
			return nil, nil
		}
		if _, err := svc.Letter(ctx, rv.ID); err != nil {
			if scrutineer.ErrorCode(err) == scrutineer.ENOTFOUND {
				return nil, nil
			}
			return nil, err
		}
		sec.Letter = true
		return sec, nil
	}
	sec.Staff = true
	sec.MayAct = mayAppraise(u, rv)
	sec.MayApprove = auth.Allowed(u, auth.ApproveObservations, auth.Resource{OrganisationID: rv.CommitteeID})
	if auth.Allowed(u, auth.TriageReviews, auth.Resource{}) {
		inspectors, err := svc.Inspectors(ctx)
		if err != nil {
			return nil, err
		}
		for _, i := range inspectors {
			if i.ID == rv.AssigneeID {
				sec.AssigneeName = i.Name
			}
		}
		open := rv.Status != scrutineer.ReviewDraft && rv.Status != scrutineer.ReviewClosed
		sec.CanAssign = open && u.Has(scrutineer.RoleManager)
		sec.CanTake = open && !sec.CanAssign && u.Has(scrutineer.RoleInspector) && rv.AssigneeID == ""
		if sec.CanAssign {
			sec.Inspectors = inspectors
		}
	}
	var err error
	if sec.Items, err = svc.Ratings(ctx, rv.ID); err != nil {
		return nil, err
	}
	for _, it := range sec.Items {
		if it.Rating != "" {
			sec.Rated++
		}
	}
	switch o, err := svc.Observations(ctx, rv.ID); {
	case err == nil:
		sec.Observations = o
		sec.Letter = o.Status == scrutineer.ObservationsIssued
	case scrutineer.ErrorCode(err) != scrutineer.ENOTFOUND:
		return nil, err
	}
	if sec.MayAct {
		for _, st := range rv.NextStatuses(scrutineer.ByRegulator) {
			sec.CanStart = sec.CanStart || st == scrutineer.ReviewUnderAppraisal
			sec.CanClose = sec.CanClose || st == scrutineer.ReviewClosed
		}
	}
	return sec, nil
}

// mayAppraise asks the policy whether u acts for the regulator on rv: a manager
// or the inspector assigned to it.
func mayAppraise(u *scrutineer.User, rv *scrutineer.LearningReview) bool {
	res := auth.Resource{OrganisationID: rv.CommitteeID}
	if rv.AssigneeID != "" {
		res.AssignedUsers = []string{rv.AssigneeID}
	}
	return auth.Allowed(u, auth.AppraiseCommitteeRecord, res)
}

// textFinding is something the personal-data check found in a text a person
// wrote, with a little of the text either side so they can find it.
type textFinding struct {
	Label, Before, Match, After string
}

// checkText runs the personal-data check on free text before it is saved.
func checkText(text string) []textFinding {
	var out []textFinding
	for _, f := range pii.Scan(text) {
		if f.Start < 0 || f.End > len(text) || f.Start >= f.End {
			continue
		}
		out = append(out, textFinding{Label: findingLabel(string(f.Kind)),
			Before: "…" + tail(text[:f.Start], 30), Match: text[f.Start:f.End], After: head(text[f.End:], 30) + "…"})
	}
	return out
}

// head and tail cut s to about n bytes without splitting a character.
func head(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := len(s) - n
	for i < len(s) && !utf8.RuneStart(s[i]) {
		i++
	}
	return s[i:]
}

// paragraphs splits text at blank lines for display.
func paragraphs(text string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func init() {
	funcs["paragraphs"] = paragraphs
	funcs["shortID"] = shortID
	funcs["add1"] = func(i int) int { return i + 1 }
}
