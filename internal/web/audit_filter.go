package web

import (
	"context"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/scrutineer/scrutineer"
)

// The audit log's search form: reading it from the address (GET, so it works
// without JavaScript and a search can be bookmarked or exported), checking it, and
// turning it into a scrutineer.AuditFilter.

// auditFields are the search form's fields, in the order the form shows them.
var auditFields = []string{"actor", "action", "target_type", "target_id", "organisation", "outcome", "from", "to"}

// auditSearch is a checked search: the filter for the store, the values as typed
// for the form, and the problems found.
type auditSearch struct {
	Filter scrutineer.AuditFilter
	Form   map[string]string
	Errors map[string]string
}

// query is the search as address parameters, without the page number: the export
// link downloads the same entries.
func (a *auditSearch) query() url.Values {
	v := url.Values{}
	for _, f := range auditFields {
		if a.Form[f] != "" {
			v.Set(f, a.Form[f])
		}
	}
	return v
}

var (
	auditCodePattern   = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*\.?$`)
	auditTypePattern   = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	auditISODate       = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})$`)
	auditDayMonthYear  = regexp.MustCompile(`^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$`)
	auditOutcomeLabels = map[string]string{
		scrutineer.OutcomeSuccess: "Succeeded",
		scrutineer.OutcomeFailure: "Failed",
		scrutineer.OutcomeRefused: "Refused",
	}
)

// parseAuditSearch reads and checks the search in q. slugID looks an organisation's
// short name up to its identifier. Dates are days in UK time, both ends included.
func parseAuditSearch(ctx context.Context, q url.Values, slugID func(context.Context, string) (string, error)) (*auditSearch, error) {
	a := &auditSearch{Form: map[string]string{}, Errors: map[string]string{}}
	for _, f := range auditFields {
		a.Form[f] = strings.TrimSpace(q.Get(f))
	}
	f := &a.Filter
	if v := a.Form["actor"]; v != "" {
		if !strings.Contains(v, "@") || utf8.RuneCountInString(v) > 320 {
			a.Errors["actor"] = "Enter an email address in the correct format, like name@example.org"
		}
		f.ActorEmail = v
	}
	if v := a.Form["action"]; v != "" {
		if len(v) > 100 || !auditCodePattern.MatchString(v) {
			a.Errors["action"] = "Choose an action from the list"
		}
		f.Action = v
	}
	if v := a.Form["target_type"]; v != "" {
		if len(v) > 50 || !auditTypePattern.MatchString(v) {
			a.Errors["target_type"] = "Choose a kind of record from the list"
		}
		f.TargetType = v
	}
	if v := a.Form["target_id"]; v != "" {
		if utf8.RuneCountInString(v) > 200 {
			a.Errors["target_id"] = "Record identifier must be 200 characters or fewer"
		}
		f.TargetID = v
	}
	if v := a.Form["outcome"]; v != "" {
		if _, ok := auditOutcomeLabels[v]; !ok {
			a.Errors["outcome"] = "Choose an outcome from the list"
		}
		f.Outcome = v
	}
	if v := a.Form["organisation"]; v != "" {
		id, err := slugID(ctx, v)
		switch scrutineer.ErrorCode(err) {
		case "":
			f.OrganisationID = id
		case scrutineer.ENOTFOUND:
			a.Errors["organisation"] = "Choose an organisation from the list"
		default:
			return nil, err
		}
	}
	from, fromOK := parseDay(a.Form["from"])
	to, toOK := parseDay(a.Form["to"])
	switch {
	case !fromOK:
		a.Errors["from"] = "Start date must be a real date, like 31/1/2025"
	case !from.IsZero():
		f.From = from
	}
	switch {
	case !toOK:
		a.Errors["to"] = "End date must be a real date, like 28/2/2025"
	case !to.IsZero() && !from.IsZero() && to.Before(from):
		a.Errors["to"] = "End date must be the same as or after the start date"
	case !to.IsZero():
		f.To = to.AddDate(0, 0, 1) // the whole of the last day
	}
	return a, nil
}

// parseDay reads a date typed as 31/1/2025 (the way people in the UK write it) or
// 2025-01-31, and returns the start of that day in UK time. Empty is no date.
func parseDay(s string) (time.Time, bool) {
	if s == "" {
		return time.Time{}, true
	}
	var y, m, d string
	if p := auditISODate.FindStringSubmatch(s); p != nil {
		y, m, d = p[1], p[2], p[3]
	} else if p := auditDayMonthYear.FindStringSubmatch(s); p != nil {
		d, m, y = p[1], p[2], p[3]
	} else {
		return time.Time{}, false
	}
	t, err := time.ParseInLocation("2006-1-2", y+"-"+strings.TrimLeft(m, "0")+"-"+strings.TrimLeft(d, "0"), london)
	if err != nil || t.Year() < 2000 {
		return time.Time{}, false
	}
	return t, true
}

// fieldErrors lists the problems in the order of the form, for the error summary.
func (a *auditSearch) fieldErrors() []fieldError {
	var out []fieldError
	for _, f := range auditFields {
		if p, ok := a.Errors[f]; ok {
			out = append(out, fieldError{f, p})
		}
	}
	return out
}

// auditOptionGroup is a group of actions in the search form's list: all of the
// group, then each action in it.
type auditOptionGroup struct {
	Label   string
	Options []fieldOption
}

// actionOptions groups the recorded actions by their first word for the search form.
// The sign-in group is always offered, so that "all sign-in events" can be asked
// for before anyone has signed in.
func actionOptions(actions []string, selected string) []auditOptionGroup {
	groups := map[string][]string{"login": nil}
	for _, a := range actions {
		g, _, _ := strings.Cut(a, ".")
		groups[g] = append(groups[g], a)
	}
	if selected != "" {
		g, rest, _ := strings.Cut(selected, ".")
		if rest != "" && !slices.Contains(groups[g], selected) {
			groups[g] = append(groups[g], selected) // a search typed into the address
		} else if _, ok := groups[g]; !ok {
			groups[g] = nil
		}
	}
	names := make([]string, 0, len(groups))
	for g := range groups {
		names = append(names, g)
	}
	slices.SortFunc(names, func(a, b string) int { return strings.Compare(auditGroupLabel(a), auditGroupLabel(b)) })
	var out []auditOptionGroup
	for _, g := range names {
		og := auditOptionGroup{Label: auditGroupLabel(g)}
		og.Options = append(og.Options, fieldOption{Value: g + ".", Label: "All " + strings.ToLower(og.Label) + " events", Selected: selected == g+"."})
		slices.Sort(groups[g])
		for _, a := range groups[g] {
			og.Options = append(og.Options, fieldOption{Value: a, Label: auditActionLabel(a), Selected: selected == a})
		}
		out = append(out, og)
	}
	return out
}

// simpleOptions are the choices of a select: "any" first, then each value, keeping
// a value typed into the address so the form shows what was searched for.
func simpleOptions(anyLabel string, values []string, selected string, label func(string) string) []fieldOption {
	if selected != "" && !slices.Contains(values, selected) {
		values = append(slices.Clone(values), selected)
	}
	out := []fieldOption{{Value: "", Label: anyLabel, Selected: selected == ""}}
	for _, v := range values {
		out = append(out, fieldOption{Value: v, Label: label(v), Selected: v == selected})
	}
	return out
}
