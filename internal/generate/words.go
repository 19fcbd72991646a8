package generate

import (
	"math/rand/v2"
	"strings"

	"github.com/scrutineer/scrutineer"
)

// The free text of generated reviews: the plain, anonymised language of committee
// notifications and the regulator's replies. No sentence names anyone.

func reasons(r *rand.Rand, decision string) string {
	switch decision {
	case "no_review":
		return pick(r, []string{
			"The circumstances were considered at the case review group. Agencies worked together well and the learning has been taken forward through single agency processes, so a review would add little.",
			"A recent review of a similar case covered the same learning; its action plan is being monitored by the committee.",
			"The initial findings show that the harm could not reasonably have been foreseen and practice met expected standards.",
		})
	case "alternative_approach":
		return pick(r, []string{
			"The learning is focused on one part of the system, so a practitioner learning event is proportionate.",
			"A multi-agency chronology and reflective session will capture the learning more quickly than a full review.",
			"The committee agreed a themed audit alongside similar cases instead of a single case review.",
		})
	}
	return pick(r, []string{
		"The criteria for a learning review are met and there are significant concerns about how agencies worked together.",
		"The case review group agreed unanimously that the circumstances meet the national criteria for a learning review.",
		"There is potential for significant multi-agency learning about recognising and responding to cumulative harm.",
	})
}

var methodologies = []string{
	"A systems approach with a review team drawn from social work, health, police and education, with practitioner conversations and a multi-agency chronology.",
	"A Learning Together review: case group meetings with practitioners and managers, and analysis of records from each agency.",
	"A practitioner learning event facilitated by an independent reviewer, informed by single agency chronologies.",
	"Review of records by an independent lead reviewer, interviews with practitioners and a family conversation.",
}

var delays = []string{
	"The review was paused while criminal proceedings concluded.",
	"Practitioner availability delayed the learning events.",
	"The lead reviewer changed part-way through the review.",
	"Records from one agency took longer than expected to obtain.",
}

var teams = []string{
	"An independent lead reviewer with senior managers from social work, health and police.",
	"A review panel of the committee's learning and development subgroup.",
	"An independent reviewer supported by the committee's lead officer.",
}

var ratingComments = map[string][]string{
	"met":            {"Clearly evidenced in the report.", "A strength of this review.", "Well described with supporting analysis."},
	"partly_met":     {"Described, but the analysis could go further.", "Some evidence; gaps are acknowledged.", "Partly addressed in the action plan."},
	"not_met":        {"Not evident in the report.", "The report does not explain why this was not possible.", "No evidence provided."},
	"not_applicable": {"Not applicable to this review.", "Not relevant to the approach taken."},
}

func observations(r *rand.Rand) string {
	return pick(r, []string{
		"The review is thorough and systemic. Its recommendations are specific and owned. We would welcome an update on the action plan in six months.",
		"The review identifies important learning about information sharing. The action plan would be stronger with timescales for each action.",
		"We note the family's involvement, which gives the review real insight. The analysis of supervision could be developed further.",
		"The report explains the delay well. Some recommendations are broad; we suggest the committee sets out how it will measure their impact.",
	})
}

var messages = map[bool][]string{
	true: {
		"Thank you for the notification. Could you confirm the expected timescale for the review?",
		"We have read the outcome and will begin our appraisal this month.",
		"Could you send the action plan in the agreed format?",
		"Please let us know when the criminal proceedings have concluded.",
		"Thank you for the update. No further information is needed at this stage.",
	},
	false: {
		"The review team has been appointed and the first meeting is arranged.",
		"The report was ratified by the chief officers group this week.",
		"The action plan is attached to the review.",
		"The review remains paused; we will update you after the next hearing.",
		"Thank you, we have shared your observations with partner agencies.",
	},
}

// themeCodes picks the two or three themes an outcome is mostly about.
func themeCodes(r *rand.Rand) []string {
	var out []string
	for _, k := range r.Perm(len(scrutineer.DefaultThemes))[:2+r.IntN(2)] {
		out = append(out, scrutineer.DefaultThemes[k].Code)
	}
	return out
}

// keyword returns one of the keywords of theme code, so that the suggestion rules
// find what the outcome is about.
func keyword(r *rand.Rand, code string) string {
	for _, t := range scrutineer.DefaultThemes {
		if t.Code == code {
			return pick(r, t.Keywords)
		}
	}
	return strings.ReplaceAll(code, "_", " ")
}

var pointTemplates = []string{
	"Practitioners did not always recognise the cumulative impact of %s on the person.",
	"Agencies held different information about %s, but no one brought it together.",
	"Good practice was seen where %s was discussed openly in supervision.",
	"Decisions about %s were not revisited when circumstances changed.",
	"The voice of the person was lost when %s dominated planning.",
}

var recTemplates = []string{
	"The committee should assure itself that multi-agency training covers %s.",
	"Partner agencies should review their guidance on %s within twelve months.",
	"Single agency chronologies should record %s so that they can be shared.",
	"Supervision should include reflective discussion of %s.",
}

var actionTemplates = []string{
	"Deliver briefing sessions for practitioners on %s.",
	"Revise the interagency procedure to address %s.",
	"Audit a sample of cases for evidence of learning about %s.",
	"Add %s to the multi-agency training programme.",
}

// texts of the search index: searchtest's themes nearest each vocabulary theme, so
// a report's words match the themes it is filed under.
var textThemes = map[string]string{
	"neglect": "neglect", "self_neglect": "adult_support", "information_sharing": "information_sharing",
	"risk_assessment": "risk_assessment", "thresholds": "risk_assessment", "disguised_compliance": "professional_curiosity",
	"lead_professional": "child_protection_planning", "chronologies": "information_sharing", "transitions": "transitions",
	"family_voice": "professional_curiosity", "parental_substance_use": "substance_use", "domestic_abuse": "domestic_abuse",
	"mental_health": "mental_health", "suicide": "mental_health", "drug_related_death": "substance_use", "effective_practice": "engagement",
}
