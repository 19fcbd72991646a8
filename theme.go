package scrutineer

import "time"

// Theme is one code of the theme vocabulary used to code learning reviews and their
// recommendations. Keywords are the words and phrases whose presence in a report
// suggests the theme (a suggestion is only a suggestion: an analyst accepts or
// rejects it).
type Theme struct {
	Version     int
	Code        string
	Label       string
	Description string
	Keywords    []string
}

// ReviewThemeStatus is where a theme on a review stands.
type ReviewThemeStatus string

// A theme is suggested (by the keyword rules, with the reason), then accepted or
// rejected; a theme an analyst adds directly is accepted.
const (
	ThemeSuggested ReviewThemeStatus = "suggested"
	ThemeAccepted  ReviewThemeStatus = "accepted"
	ThemeRejected  ReviewThemeStatus = "rejected"
)

// ReviewTheme is a theme on one review.
type ReviewTheme struct {
	ReviewID  string
	Code      string
	Version   int
	Status    ReviewThemeStatus
	Reason    string // why it was suggested: the keywords found and how often
	DecidedBy string
	DecidedAt time.Time
}

// DefaultThemes are version 1 of the vocabulary: the themes of domain.md, section 1.
var DefaultThemes = []Theme{
	{Code: "neglect", Label: "Neglect", Keywords: []string{"neglect", "unmet needs", "poor home conditions", "basic care"}},
	{Code: "self_neglect", Label: "Self-neglect", Keywords: []string{"self-neglect", "self neglect", "hoarding", "refused care"}},
	{Code: "information_sharing", Label: "Information sharing", Keywords: []string{"information sharing", "shared information", "not shared", "information was not passed"}},
	{Code: "risk_assessment", Label: "Assessment of risk", Keywords: []string{"risk assessment", "assessment of risk", "risk was not", "underestimated the risk"}},
	{Code: "thresholds", Label: "Thresholds", Keywords: []string{"threshold", "thresholds", "did not meet the criteria"}},
	{Code: "disguised_compliance", Label: "Disguised compliance", Keywords: []string{"disguised compliance", "superficial engagement", "apparent cooperation"}},
	{Code: "lead_professional", Label: "Named person and lead professional", Keywords: []string{"named person", "lead professional"}},
	{Code: "chronologies", Label: "Chronologies", Keywords: []string{"chronology", "chronologies"}},
	{Code: "transitions", Label: "Transitions and hospital discharge", Keywords: []string{"transition", "hospital discharge", "discharged from hospital", "moved to adult services"}},
	{Code: "family_voice", Label: "Voice of the child and family", Keywords: []string{"voice of the child", "views of the family", "family voice", "lived experience"}},
	{Code: "parental_substance_use", Label: "Parental substance use", Keywords: []string{"parental substance", "parental alcohol", "parental drug", "substance use"}},
	{Code: "domestic_abuse", Label: "Domestic abuse", Keywords: []string{"domestic abuse", "coercive control", "domestic violence"}},
	{Code: "mental_health", Label: "Mental health", Keywords: []string{"mental health", "mental ill health", "psychiatric"}},
	{Code: "suicide", Label: "Suicide", Keywords: []string{"suicide", "took their own life", "suicidal"}},
	{Code: "drug_related_death", Label: "Drug-related death", Keywords: []string{"drug-related death", "overdose", "drug related death"}},
	{Code: "effective_practice", Label: "Effective practice", Keywords: []string{"effective practice", "good practice", "worked well"}},
}
