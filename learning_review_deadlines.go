package scrutineer

import "time"

// ServiceLevel is a deadline the regulator sets: a number of days from one event of
// a review to the next. The outcome rule (7 days from ratification) is national
// guidance; the others are service levels the regulator sets and reports on.
type ServiceLevel struct {
	Code  string
	Label string
	Days  int
}

// The service levels, with their defaults (configuration, not code: the store keeps
// the days the regulator sets, seeded from these).
var DefaultServiceLevels = []ServiceLevel{
	{Code: "decision", Label: "Decision notified after referral", Days: 28},
	{Code: "completion", Label: "Full review completed after decision", Days: 183},
	{Code: "outcome", Label: "Outcome notified after ratification by the chief officers group", Days: 7},
	{Code: "reminder_before", Label: "Reminder sent this many days before a deadline", Days: 3},
}

// ReviewDeadline is one deadline of one review.
type ReviewDeadline struct {
	Code    string // a ServiceLevel code
	Label   string
	DueOn   string // YYYY-MM-DD
	MetOn   string // YYYY-MM-DD when the event happened, "" while it has not
	Overdue bool   // not met and due before today, or met late
	Late    bool   // met, but after the due date
}

// addDays returns the date days after a YYYY-MM-DD date, or "" for an invalid date.
func addDays(date string, days int) string {
	d, err := time.Parse(dateLayout, date)
	if err != nil {
		return ""
	}
	return d.AddDate(0, 0, days).Format(dateLayout)
}

// ServiceLevelDays returns the days of each service level: the defaults overridden
// by set (the regulator's current settings, by code).
func ServiceLevelDays(set map[string]int) map[string]int {
	out := make(map[string]int, len(DefaultServiceLevels))
	for _, l := range DefaultServiceLevels {
		out[l.Code] = l.Days
		if d, ok := set[l.Code]; ok {
			out[l.Code] = d
		}
	}
	return out
}

// Deadlines returns r's deadlines under the service levels days (by code, see
// ServiceLevelDays) as of today: the decision for any review once referred, the
// completion of a full review once decided, and the outcome once ratified. A
// deadline whose starting event has not happened is not yet set and not listed.
func (r *LearningReview) Deadlines(days map[string]int, today time.Time) []ReviewDeadline {
	var out []ReviewDeadline
	add := func(code, from, met string) {
		if from == "" {
			return
		}
		due := addDays(from, days[code])
		if due == "" {
			return
		}
		d := ReviewDeadline{Code: code, DueOn: due, MetOn: met}
		for _, l := range DefaultServiceLevels {
			if l.Code == code {
				d.Label = l.Label
			}
		}
		d.Late = met != "" && met > due
		d.Overdue = d.Late || (met == "" && due < today.Format(dateLayout) && r.Status != ReviewClosed)
		out = append(out, d)
	}
	add("decision", r.ReferralOn, r.NotifiedOn)
	if r.Decision == "full_review" {
		add("completion", r.DecidedOn, r.CompletedOn)
	}
	if r.Decision == "full_review" || r.Decision == "alternative_approach" {
		add("outcome", r.RatifiedOn, r.OutcomeOn)
	}
	return out
}
