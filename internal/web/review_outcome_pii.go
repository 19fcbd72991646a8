package web

import (
	"strings"

	"github.com/scrutineer/scrutineer/internal/pii"
)

// Free text of a review's updates and outcome is run through the personal-data
// check before it is kept. What it finds is shown against the field; the officer
// changes the text or confirms it holds no personal data (confirm_no_personal_data),
// because the check also flags what is not personal (a service's phone number, the
// date of a meeting).

// confirmField is the form field (and API body field) that confirms free text with
// findings holds no personal data.
const confirmField = "confirm_no_personal_data"

// textField is one free-text answer: the field it came from and its text.
type textField struct{ Field, Text string }

// piiProblems returns, for each text with possible personal data, a problem naming
// what was found, keyed by field; nil when nothing was found.
func piiProblems(texts ...textField) map[string]string {
	var out map[string]string
	for _, t := range texts {
		found := pii.Scan(t.Text)
		if len(found) == 0 {
			continue
		}
		seen := map[string]bool{}
		var what []string
		for _, f := range found {
			l := strings.ToLower(findingLabel(string(f.Kind))[:1]) + findingLabel(string(f.Kind))[1:]
			if !seen[l] {
				seen[l] = true
				what = append(what, l+` ("`+f.Text+`")`)
			}
		}
		if out == nil {
			out = map[string]string{}
		}
		out[t.Field] = "This may contain personal data: " + strings.Join(what, ", ") + ". Remove it, or confirm below that it is not personal data."
	}
	return out
}
