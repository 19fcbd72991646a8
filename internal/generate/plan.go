package generate

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/scrutineer/scrutineer"
)

// Review is one generated learning review with everything recorded about it.
type Review struct {
	R         *scrutineer.LearningReview // its History holds every status change
	Committee Committee
	Subject   string // "Child A", "Adult B"
	EventIDs  []string
	Updates   []scrutineer.ReviewUpdate
	Points    []scrutineer.LearningPoint
	Recs      []scrutineer.Recommendation
	Actions   []scrutineer.ReviewAction
	Messages  []scrutineer.ReviewMessage
	Themes    []scrutineer.ReviewTheme
	Ratings   []scrutineer.AppraisalRating
	Obs       *scrutineer.Observations
	rnd       *rand.Rand
	linkBack  []string // earlier reviews this one is linked to
}

// step is one move of the lifecycle on a date.
type step struct {
	to scrutineer.LearningReviewStatus
	on time.Time
}

const day = 24 * time.Hour

// pathFor lists the states after draft that a review with decision passes through.
func pathFor(decision string, skipCompleted bool) []scrutineer.LearningReviewStatus {
	switch decision {
	case "no_review":
		return []scrutineer.LearningReviewStatus{scrutineer.ReviewDecisionNotified, scrutineer.ReviewClosed}
	case "alternative_approach":
		return []scrutineer.LearningReviewStatus{scrutineer.ReviewDecisionNotified, scrutineer.ReviewOutcomeNotified, scrutineer.ReviewClosed}
	}
	p := []scrutineer.LearningReviewStatus{scrutineer.ReviewDecisionNotified, scrutineer.ReviewInProgress, scrutineer.ReviewCompleted,
		scrutineer.ReviewOutcomeNotified, scrutineer.ReviewUnderAppraisal, scrutineer.ReviewObservationsIssued, scrutineer.ReviewClosed}
	if skipCompleted {
		p = slices.Delete(p, 2, 3)
	}
	return p
}

// stepDays is how long a review takes to reach to from the state before it.
func stepDays(r *rand.Rand, to scrutineer.LearningReviewStatus, decision string) int {
	between := func(a, b int) int { return a + r.IntN(b-a+1) }
	switch to {
	case scrutineer.ReviewDecisionNotified:
		return between(10, 45)
	case scrutineer.ReviewInProgress:
		return between(7, 35)
	case scrutineer.ReviewCompleted:
		return between(120, 400)
	case scrutineer.ReviewOutcomeNotified:
		if decision == "alternative_approach" {
			return between(60, 220)
		}
		return between(14, 75)
	case scrutineer.ReviewUnderAppraisal:
		return between(3, 30)
	case scrutineer.ReviewObservationsIssued:
		return between(20, 80)
	default: // closed
		return between(7, 60)
	}
}

// decisionFor picks a decision that can reach target ("" for any).
func decisionFor(r *rand.Rand, target scrutineer.LearningReviewStatus) string {
	switch target {
	case scrutineer.ReviewInProgress, scrutineer.ReviewCompleted, scrutineer.ReviewUnderAppraisal, scrutineer.ReviewObservationsIssued:
		return "full_review"
	case scrutineer.ReviewOutcomeNotified:
		return pick(r, []string{"full_review", "alternative_approach"})
	}
	switch x := r.IntN(100); {
	case x < 40:
		return "full_review"
	case x < 75:
		return "alternative_approach"
	default:
		return "no_review"
	}
}

// schedule returns the referral date and the dated moves of a review: with a
// target, dated back from today so the review is in that state now; without, from
// a referral date anywhere in the years, moving on while the dates have passed.
func schedule(r *rand.Rand, today time.Time, years int, decision string, target scrutineer.LearningReviewStatus) (referral, created time.Time, steps []step) {
	path := pathFor(decision, r.IntN(5) == 0 && target != scrutineer.ReviewCompleted)
	days := make([]int, len(path))
	for i, to := range path {
		days[i] = stepDays(r, to, decision)
	}
	lag := r.IntN(8) // referral to starting the draft
	switch {
	case target == scrutineer.ReviewDraft:
		referral = today.AddDate(0, 0, -3-r.IntN(30))
		return referral, referral.AddDate(0, 0, min(lag, 2)), nil
	case target != "":
		t := slices.Index(path, target)
		elapsed := lag
		for _, d := range days[:t+1] {
			elapsed += d
		}
		slack := 365 * max(1, years-2)
		if t+1 < len(path) {
			slack = days[t+1]
		}
		referral = today.AddDate(0, 0, -elapsed-r.IntN(max(1, slack)))
	default:
		referral = today.AddDate(0, 0, -r.IntN(max(1, 365*years)))
	}
	created = referral.AddDate(0, 0, lag)
	if created.After(today) {
		created = today
	}
	on := created
	for i, to := range path {
		on = on.AddDate(0, 0, days[i])
		if on.After(today) {
			break
		}
		steps = append(steps, step{to, on})
	}
	return referral, created, steps
}

// at is an office-hours time on date d, but never after the start of today's
// office hours for today's date, so nothing generated lies in the future.
func at(r *rand.Rand, d, today time.Time) time.Time {
	if !d.Before(today) {
		return d.Add(time.Duration(r.IntN(60)) * time.Minute)
	}
	return d.Add(8*time.Hour + time.Duration(r.IntN(9*60))*time.Minute)
}

func ymd(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

func parse(s string) time.Time {
	t, _ := time.Parse("2006-01-02", s)
	return t
}

// between returns a date uniformly between a and b (b if b is before a).
func between(r *rand.Rand, a, b time.Time) time.Time {
	n := int(b.Sub(a) / day)
	if n <= 0 {
		return b
	}
	return a.AddDate(0, 0, r.IntN(n+1))
}

func pick[T any](r *rand.Rand, s []T) T { return s[r.IntN(len(s))] }

// subjectLetter names the subject as published reports do: a letter, never a name.
func subjectLetter(i int, adult bool) string {
	l := string(rune('A' + i%26))
	if adult {
		return "Adult " + l
	}
	return "Child " + l
}

func checkWalk(r *scrutineer.LearningReview, to scrutineer.LearningReviewStatus) (scrutineer.ReviewParty, error) {
	for _, p := range []scrutineer.ReviewParty{scrutineer.ByCommittee, scrutineer.ByRegulator} {
		if r.CheckMove(to, p) == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("review %s: %s cannot move to %s: %w", r.ID, r.Status, to, r.CheckMove(to, scrutineer.ByCommittee))
}
