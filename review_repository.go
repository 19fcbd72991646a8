package scrutineer

import (
	"context"
	"fmt"
	"slices"
)

// RepositoryPageSize is the number of reviews a page of the repository shows.
const RepositoryPageSize = 50

// RepositoryFilter narrows the national repository of learning reviews; empty
// fields do not filter.
type RepositoryFilter struct {
	CommitteeID   string
	CommitteeKind OrganisationKind // child, adult or public protection committee
	SubjectType   string
	Year          int // of the referral
	Decision      string
	Theme         string // an accepted theme
	Status        string
	Overdue       bool
	// TextIDs, when TextSearch is set, are the ids the full-text index answered for
	// the search: review ids, or ids of documents that belong to reviews.
	TextSearch bool
	TextIDs    []string
	Oldest     bool // sort by referral date, oldest first (default newest first)
	Page       int  // from 1
}

// RepositoryRow is one review of the repository list.
type RepositoryRow struct {
	// Review holds what a list shows: id, committee, status, decision, subject
	// type, age band, event type and the dates deadlines run from; other fields
	// are empty.
	Review        *LearningReview
	CommitteeName string
	CommitteeKind OrganisationKind
	Themes        []string // accepted theme codes
	Overdue       bool
}

// RepositoryPage is one page of the repository.
type RepositoryPage struct {
	Rows  []RepositoryRow
	Total int
	Page  int
}

// RepositoryService answers the repository view: every review that is no longer a
// draft, to regulator staff who may view committee records.
type RepositoryService interface {
	Repository(ctx context.Context, f RepositoryFilter) (*RepositoryPage, error)
}

// ServiceLevelLimits bound the days of each service level.
func ServiceLevelLimits(code string) (lo, hi int) {
	if code == "reminder_before" {
		return 1, 60
	}
	return 1, 730
}

// ValidateServiceLevels checks a setting of every service level: each known code
// given, a whole number of days within its limits, and a reminder shorter than the
// shortest deadline. Problems are keyed by code.
func ValidateServiceLevels(days map[string]int) error {
	var p Problems
	shortest := 0
	for _, l := range DefaultServiceLevels {
		d, ok := days[l.Code]
		lo, hi := ServiceLevelLimits(l.Code)
		switch {
		case !ok:
			p.Add(l.Code, "Enter the number of days for "+lowerFirst(l.Label)+".")
		case d < lo || d > hi:
			p.Add(l.Code, fmt.Sprintf("%s must be from %d to %d days.", l.Label, lo, hi))
		case l.Code != "reminder_before" && (shortest == 0 || d < shortest):
			shortest = d
		}
	}
	lo, hi := ServiceLevelLimits("reminder_before")
	if r, ok := days["reminder_before"]; ok && r >= lo && r <= hi && shortest > 0 && r >= shortest {
		p.Add("reminder_before", fmt.Sprintf("The reminder must come fewer days before a deadline than the shortest deadline (%d days).", shortest))
	}
	for code := range days {
		if !slices.ContainsFunc(DefaultServiceLevels, func(l ServiceLevel) bool { return l.Code == code }) {
			p.Add(code, "There is no service level called "+code+".")
		}
	}
	return p.Err("Check the service levels: some answers are missing or not valid.")
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return string(s[0]|0x20) + s[1:]
}

// DeadlineTimeliness is how one deadline was kept across every review it applies to.
type DeadlineTimeliness struct {
	Code, Label string
	Days        int // the service level in force
	OnTime      int // met by the due date
	Late        int // met after the due date
	OverdueNow  int // not met and past due
	Pending     int // not met, not yet due
	// MedianDays is the median number of days from the starting event to the
	// event that met the deadline, over the met ones; -1 when none is met.
	MedianDays float64
}

// OverdueReview is one deadline of one review that is past due and not met.
type OverdueReview struct {
	ReviewID      string
	CommitteeName string
	Deadline      string // the deadline's label
	DueOn         string
	DaysOverdue   int
}

// Timeliness is the timeliness view.
type Timeliness struct {
	Deadlines []DeadlineTimeliness
	Overdue   []OverdueReview // most overdue first
}

// DeadlineService keeps the service levels and reports on deadlines.
type DeadlineService interface {
	// ServiceLevels returns the days of every service level in force (the
	// defaults overridden by the regulator's settings). Any signed-in caller.
	ServiceLevels(ctx context.Context) (map[string]int, error)
	// SetServiceLevels validates and records new days for every service level
	// (auth.ManageReviewSettings); EINVALID with problems keyed by code.
	SetServiceLevels(ctx context.Context, days map[string]int) error
	// Timeliness reports how deadlines were kept (auth.ViewStatistics).
	Timeliness(ctx context.Context) (*Timeliness, error)
}
