package scrutineer

import "slices"

// Code is one value of a coded field with the words the service shows for it.
type Code struct {
	Value string
	Label string
}

// Codes is a vocabulary: the values a coded field may hold, in the order forms offer
// them. Values are stable (they are stored and published in open data); labels may
// be reworded.
type Codes []Code

// Has reports whether v is a value of the vocabulary.
func (cs Codes) Has(v string) bool {
	return slices.ContainsFunc(cs, func(c Code) bool { return c.Value == v })
}

// Label returns the label of v, or v itself when it is not in the vocabulary.
func (cs Codes) Label(v string) string {
	for _, c := range cs {
		if c.Value == v {
			return c.Label
		}
	}
	return v
}

// Values returns the values in order.
func (cs Codes) Values() []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Value
	}
	return out
}

// The vocabularies of a learning review (../shared/docs/domain.md, section 1). The
// contract's own vocabularies (subject type, age band, sex, event type, decision)
// are in learning_review.go; these are the labels for them and the rest.
var (
	SubjectTypeCodes = Codes{{"child", "Child"}, {"adult", "Adult"}}
	AgeBandCodes     = Codes{
		{"under_1", "Under 1"}, {"1_4", "1 to 4"}, {"5_11", "5 to 11"}, {"12_15", "12 to 15"}, {"16_17", "16 to 17"},
		{"18_25", "18 to 25"}, {"26_64", "26 to 64"}, {"65_plus", "65 and over"},
	}
	SexCodes       = Codes{{"female", "Female"}, {"male", "Male"}, {"not_known", "Not known"}}
	EventTypeCodes = Codes{
		{"death", "Death"}, {"significant_harm", "Significant harm"},
		{"risk_of_significant_harm", "Risk of significant harm"}, {"effective_practice", "Effective practice"},
	}
	DecisionCodes = Codes{
		{"full_review", "Full learning review"}, {"alternative_approach", "Alternative review approach"},
		{"no_review", "No review"},
	}
	DisabilityCodes = Codes{{"yes", "Yes"}, {"no", "No"}, {"not_known", "Not known"}}
	EthnicityCodes  = Codes{
		{"white_scottish", "White Scottish"}, {"white_other_british", "White other British"}, {"white_irish", "White Irish"},
		{"white_other", "White other"}, {"mixed", "Mixed or multiple ethnic groups"}, {"asian", "Asian, Asian Scottish or Asian British"},
		{"african", "African, African Scottish or African British"}, {"caribbean_black", "Caribbean or Black"},
		{"arab", "Arab, Arab Scottish or Arab British"}, {"other", "Other ethnic group"}, {"not_known", "Not known"},
	}
	LegalStatusCodes = Codes{
		{"compulsory_supervision_order", "Compulsory supervision order"}, {"interim_order", "Interim compulsory supervision order"},
		{"permanence_order", "Permanence order"}, {"voluntary_looked_after", "Looked after by agreement (section 25)"},
		{"guardianship_or_intervention", "Guardianship or intervention order"}, {"power_of_attorney", "Power of attorney"},
		{"mental_health_order", "Compulsory treatment under mental health law"}, {"criminal_justice_order", "Community or custodial sentence"},
		{"none", "None"}, {"not_known", "Not known"},
	}
	ProtectionStatusCodes = Codes{
		{"child_protection_register", "On the child protection register"}, {"previously_registered", "Previously on the child protection register"},
		{"looked_after", "Looked after"}, {"looked_after_and_registered", "Looked after and on the register"},
		{"asp_protection_plan", "Adult protection plan"}, {"asp_inquiry", "Adult support and protection inquiry or investigation"},
		{"none", "None"}, {"not_known", "Not known"},
	}
	HarmNatureCodes = Codes{
		{"physical_abuse", "Physical abuse"}, {"sexual_abuse", "Sexual abuse or exploitation"}, {"emotional_abuse", "Emotional abuse"},
		{"neglect", "Neglect"}, {"self_neglect", "Self-neglect"}, {"financial_harm", "Financial harm"}, {"domestic_abuse", "Domestic abuse"},
		{"suicide", "Suicide"}, {"drug_related_death", "Drug-related death"}, {"homicide", "Homicide"}, {"accident", "Accident"},
		{"sudden_unexpected_death", "Sudden unexpected death"}, {"natural_causes", "Natural causes"}, {"other", "Other"},
	}
	ParallelProcessCodes = Codes{
		{"police_investigation", "Police investigation"}, {"prosecution", "Criminal prosecution"},
		{"fatal_accident_inquiry", "Fatal accident inquiry"}, {"other_review", "Another review (for example a health or domestic homicide review)"},
	}
	MethodCodes = Codes{
		{"systems_approach", "Systems approach"}, {"learning_together", "Learning Together"},
		{"practitioner_event", "Practitioner learning event"}, {"case_review_model", "National case review model"},
		{"multi_agency_chronology", "Multi-agency chronology and analysis"}, {"other", "Other"},
	}
	InvolvementCodes = Codes{
		{"involved", "Involved"}, {"invited_declined", "Invited but declined"},
		{"not_involved", "Not involved"}, {"not_appropriate", "Not appropriate"},
	}
	PublicationCodes = Codes{
		{"publish_full", "Publish in full"}, {"publish_summary", "Publish a summary"},
		{"not_publishing", "Not publishing"}, {"undecided", "Not decided yet"},
	}
	PausedForCodes = Codes{
		{"criminal_proceedings", "Criminal proceedings"}, {"fatal_accident_inquiry", "Fatal accident inquiry"},
	}
	AgencyCodes = Codes{
		{"social_work", "Social work"}, {"health", "Health"}, {"police", "Police"}, {"education", "Education"},
		{"housing", "Housing"}, {"reporter", "Children's Reporter"}, {"third_sector", "Third sector"},
		{"committee", "The committee"}, {"multi_agency", "Several agencies"}, {"other", "Other"},
	}
	ActionStatusCodes = Codes{
		{"not_started", "Not started"}, {"in_progress", "In progress"}, {"complete", "Complete"}, {"not_achieved", "Not achieved"},
	}
	AppraisalRatingCodes = Codes{
		{"met", "Met"}, {"partly_met", "Partly met"}, {"not_met", "Not met"}, {"not_applicable", "Not applicable"},
	}
	StatusCodes = Codes{
		{"draft", "Draft"}, {"decision_notified", "Decision notified"}, {"in_progress", "In progress"},
		{"completed", "Completed"}, {"outcome_notified", "Outcome notified"}, {"under_appraisal", "Under appraisal"},
		{"observations_issued", "Observations issued"}, {"closed", "Closed"},
	}
)

// CriteriaSet is one version of the guidance that says which cases warrant a review.
// Sets are versioned because guidance changes (the 2021 and 2024 child guidance
// differ); a review records the set it was decided under.
type CriteriaSet struct {
	Code        string
	Label       string
	SubjectType string
	Criteria    Codes
}

// CriteriaSets are the criteria sets in force or once in force.
var CriteriaSets = []CriteriaSet{
	{Code: "child_2021", Label: "National guidance for child protection 2021", SubjectType: "child", Criteria: Codes{
		{"died_abuse_neglect", "The child died and abuse or neglect is known or suspected"},
		{"harm_abuse_neglect", "The child was significantly harmed and abuse or neglect is known or suspected"},
		{"concern_joint_working", "There are concerns about how agencies worked together"},
		{"died_looked_after", "The child died while looked after or on the child protection register"},
		{"effective_practice", "Practice was effective and may be learned from"},
	}},
	{Code: "child_2024", Label: "National guidance for child protection 2021, updated 2023 (learning review guidance 2024)", SubjectType: "child", Criteria: Codes{
		{"died_abuse_neglect", "The child died and abuse or neglect is known or suspected"},
		{"harm_abuse_neglect", "The child was significantly harmed and abuse or neglect is known or suspected"},
		{"concern_joint_working", "There are concerns about how agencies worked together"},
		{"died_looked_after", "The child died while looked after or on the child protection register"},
		{"died_suicide_or_accident", "The child died by suicide or accident with concerns about services"},
		{"harm_in_secure_care", "The child was harmed in secure care or custody"},
		{"effective_practice", "Practice was effective and may be learned from"},
	}},
	{Code: "adult_2022", Label: "Adult support and protection learning review guidance 2022", SubjectType: "adult", Criteria: Codes{
		{"died_harm", "The adult died and harm or neglect is known or suspected"},
		{"serious_harm", "The adult experienced serious harm"},
		{"concern_joint_working", "There are concerns about how agencies worked together"},
		{"harm_to_others", "The adult's actions seriously harmed others"},
		{"effective_practice", "Practice was effective and may be learned from"},
	}},
}

// FindCriteriaSet returns the set with the code, or nil.
func FindCriteriaSet(code string) *CriteriaSet {
	for i := range CriteriaSets {
		if CriteriaSets[i].Code == code {
			return &CriteriaSets[i]
		}
	}
	return nil
}
