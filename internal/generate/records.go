package generate

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/scrutineer/scrutineer"
)

// reached returns when the review arrived at status, or false.
func (rv *Review) reached(status scrutineer.LearningReviewStatus) (time.Time, bool) {
	for _, e := range rv.R.History {
		if e.ToStatus == status {
			return e.At, true
		}
	}
	return time.Time{}, false
}

// follow adds the records of what happened after the decision: interim updates,
// the outcome's learning points, recommendations and action plan, messages, themes,
// the appraisal and observations, each dated inside the stage it belongs to.
func (rv *Review) follow(run *Run) {
	r, rnd, today, st := rv.R, rv.rnd, run.Config.Today, run.Staff
	officer := st.Officers[rv.Committee.ID]
	end := r.UpdatedAt // the last move
	if started, ok := rv.reached(scrutineer.ReviewInProgress); ok {
		until := today
		if done, ok := rv.reached(scrutineer.ReviewOutcomeNotified); ok {
			until = done
		}
		for n := range 1 + rnd.IntN(3) {
			on := started.Add(time.Duration(n+1) * until.Sub(started) / 4)
			u := scrutineer.ReviewUpdate{ID: newID(rnd, on), ReviewID: r.ID, ReviewTeam: pick(rnd, teams), ExpectedCompletionOn: r.ExpectedCompletionOn,
				CreatedBy: officer, CreatedAt: on}
			if rnd.IntN(6) == 0 {
				u.PausedFor, u.DelayReasons = pick(rnd, scrutineer.PausedForCodes.Values()), pick(rnd, delays)
			}
			rv.Updates = append(rv.Updates, u)
		}
	}
	if outcome, ok := rv.reached(scrutineer.ReviewOutcomeNotified); ok {
		rv.outcome(outcome, today)
		rv.themes(run, outcome, today)
	}
	if appraised, ok := rv.reached(scrutineer.ReviewUnderAppraisal); ok {
		rated := appraised.Add(time.Duration(1+rnd.IntN(72)) * time.Hour)
		if rated.After(today) {
			rated = appraised
		}
		for _, c := range scrutineer.DefaultAppraisalCriteria {
			rating := pick(rnd, []string{"met", "met", "met", "partly_met", "partly_met", "not_met", "not_applicable"})
			rv.Ratings = append(rv.Ratings, scrutineer.AppraisalRating{ReviewID: r.ID, Criterion: c.Code, Rating: rating,
				Comment: pick(rnd, ratingComments[rating]), RatedBy: r.AssigneeID, RatedAt: rated})
		}
		obs := &scrutineer.Observations{ReviewID: r.ID, Body: observations(rnd), Status: scrutineer.ObservationsDraft, DraftedBy: r.AssigneeID, UpdatedAt: rated, Version: 1}
		if issued, ok := rv.reached(scrutineer.ReviewObservationsIssued); ok {
			obs.Status, obs.ApprovedBy, obs.IssuedAt, obs.UpdatedAt, obs.Version = scrutineer.ObservationsIssued, pick(rnd, st.Managers), issued, issued, 3
		}
		if obs.Status == scrutineer.ObservationsIssued || rnd.IntN(2) == 0 {
			rv.Obs = obs
		}
	}
	// Messages between the committee and the regulator, from the decision on.
	if notified, ok := rv.reached(scrutineer.ReviewDecisionNotified); ok && r.AssigneeID != "" {
		last := end
		if r.AcknowledgedAt.After(last) {
			last = r.AcknowledgedAt
		}
		n := rnd.IntN(7)
		for k := range n {
			on := notified.Add(time.Duration(k+1) * last.Sub(notified) / time.Duration(n+1))
			fromRegulator := k%2 == 0
			author := officer
			if fromRegulator {
				author = r.AssigneeID
			}
			m := scrutineer.ReviewMessage{ID: newID(rnd, on), ReviewID: r.ID, AuthorID: author, FromRegulator: fromRegulator,
				Body: pick(rnd, messages[fromRegulator]), CreatedAt: on}
			if k < n-1 || rnd.IntN(3) > 0 {
				m.ReadAt = on.Add(time.Duration(1+rnd.IntN(48)) * time.Hour)
				if m.ReadAt.After(last) && k < n-1 {
					m.ReadAt = last
				}
			}
			rv.Messages = append(rv.Messages, m)
		}
	}
}

// outcome writes the learning points, recommendations (about four) and their
// action plan.
func (rv *Review) outcome(outcome, today time.Time) {
	r, rnd := rv.R, rv.rnd
	codes := themeCodes(rnd)
	for n := range 2 + rnd.IntN(4) {
		th := pick(rnd, codes)
		rv.Points = append(rv.Points, scrutineer.LearningPoint{ID: newID(rnd, outcome), ReviewID: r.ID, Position: n + 1,
			Body: fmt.Sprintf(pick(rnd, pointTemplates), keyword(rnd, th)), Themes: []string{th}})
	}
	recs := 2 + rnd.IntN(5)
	if r.Decision == "alternative_approach" {
		recs = rnd.IntN(3)
	}
	pos := 0
	for n := range recs {
		th := pick(rnd, codes)
		rec := scrutineer.Recommendation{ID: newID(rnd, outcome), ReviewID: r.ID, Position: n + 1, Agency: pick(rnd, scrutineer.AgencyCodes.Values()),
			Body: fmt.Sprintf(pick(rnd, recTemplates), keyword(rnd, th)), Themes: []string{th}}
		rv.Recs = append(rv.Recs, rec)
		for range 1 + rnd.IntN(2) {
			pos++
			due := outcome.AddDate(0, 0, 60+rnd.IntN(300)).Truncate(day)
			status, updated := "not_started", outcome
			switch {
			case due.Before(today):
				status = pick(rnd, []string{"complete", "complete", "complete", "in_progress", "not_achieved"})
				updated = due.Add(-time.Duration(rnd.IntN(20*24)) * time.Hour)
			case rnd.IntN(2) == 0:
				status = "in_progress"
				updated = between(rnd, outcome, today).Add(10 * time.Hour)
			}
			if updated.After(today) || updated.Before(outcome) {
				updated = outcome
			}
			rv.Actions = append(rv.Actions, scrutineer.ReviewAction{ID: newID(rnd, outcome), ReviewID: r.ID, RecommendationID: rec.ID, Position: pos,
				Action: fmt.Sprintf(pick(rnd, actionTemplates), keyword(rnd, th)), Owner: scrutineer.AgencyCodes.Label(rec.Agency),
				DueOn: ymd(due), Status: status, UpdatedAt: updated, Version: 1})
		}
	}
}

// themes suggests themes from the keywords of the outcome's own words, with the
// reason, and once the review has moved on, an analyst's decision on each.
func (rv *Review) themes(run *Run, outcome, today time.Time) {
	r, rnd := rv.R, rv.rnd
	var text strings.Builder
	for _, p := range rv.Points {
		text.WriteString(strings.ToLower(p.Body) + "\n")
	}
	for _, p := range rv.Recs {
		text.WriteString(strings.ToLower(p.Body) + "\n")
	}
	body := text.String()
	decided := r.Status != scrutineer.ReviewOutcomeNotified || rnd.IntN(3) == 0
	decidedAt := outcome.Add(time.Duration(24+rnd.IntN(24*20)) * time.Hour)
	if decidedAt.After(today) {
		decidedAt = outcome
	}
	for _, t := range scrutineer.DefaultThemes {
		var found []string
		for _, k := range t.Keywords {
			if n := strings.Count(body, k); n > 0 {
				found = append(found, fmt.Sprintf("“%s” %s", k, times(n)))
			}
		}
		if len(found) == 0 {
			continue
		}
		rt := scrutineer.ReviewTheme{ReviewID: r.ID, Code: t.Code, Version: 1, Status: scrutineer.ThemeSuggested,
			Reason: "Found in the learning points and recommendations: " + strings.Join(found, ", ") + "."}
		if decided {
			rt.Status, rt.DecidedBy, rt.DecidedAt = scrutineer.ThemeAccepted, pick(rnd, run.Staff.Analysts), decidedAt
			if rnd.IntN(6) == 0 {
				rt.Status = scrutineer.ThemeRejected
			}
		}
		rv.Themes = append(rv.Themes, rt)
	}
	if decided && rnd.IntN(4) == 0 {
		// An analyst adds a theme no keyword suggested.
		t := pick(rnd, scrutineer.DefaultThemes)
		if !slices.ContainsFunc(rv.Themes, func(x scrutineer.ReviewTheme) bool { return x.Code == t.Code }) {
			rv.Themes = append(rv.Themes, scrutineer.ReviewTheme{ReviewID: r.ID, Code: t.Code, Version: 1, Status: scrutineer.ThemeAccepted,
				Reason: "Added by an analyst.", DecidedBy: pick(rnd, run.Staff.Analysts), DecidedAt: decidedAt})
		}
	}
}

func times(n int) string {
	if n == 1 {
		return "once"
	}
	return fmt.Sprintf("%d times", n)
}

// AcceptedThemes returns the codes of the review's accepted themes.
func (rv *Review) AcceptedThemes() []string {
	var out []string
	for _, t := range rv.Themes {
		if t.Status == scrutineer.ThemeAccepted {
			out = append(out, t.Code)
		}
	}
	return out
}
