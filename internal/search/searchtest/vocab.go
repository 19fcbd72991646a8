package searchtest

// The vocabulary of Scottish learning reviews: agencies, roles, practice themes and
// the language of chronologies and findings. Every name is a role or a pseudonym, as
// in a published, anonymised report.

var agencies = []string{
	"Police Scotland", "social work services", "children and families social work",
	"adult social work", "the health visiting service", "the school nursing service",
	"the GP practice", "the emergency department", "the Scottish Ambulance Service",
	"the Scottish Children's Reporter Administration", "the children's hearing",
	"the primary school", "the secondary school", "the early learning and childcare setting",
	"community mental health services", "child and adolescent mental health services",
	"the alcohol and drug partnership", "housing services", "the homelessness team",
	"the third sector family support service", "Women's Aid", "the criminal justice social work team",
	"the maternity service", "the community paediatrician", "the Scottish Fire and Rescue Service",
	"the Department for Work and Pensions", "the care at home provider", "the care home",
	"the adult protection committee", "the child protection committee", "the local authority",
	"the health and social care partnership", "the out of hours social work service",
}

var roles = []string{
	"the allocated social worker", "the health visitor", "the named person", "the head teacher",
	"the guidance teacher", "the GP", "the community psychiatric nurse", "the police officer",
	"the team leader", "the senior social worker", "the support worker", "the housing officer",
	"the family support worker", "the midwife", "the paediatrician", "the care manager",
	"the mental health officer", "the lead professional", "the advocacy worker",
	"the children's reporter", "the independent reviewing officer", "the practice educator",
}

var subjects = []string{
	"Child A", "Child B", "Child C", "the baby", "the young person", "Adult D", "Adult E",
	"Mother", "Father", "the mother's partner", "the grandmother", "the siblings", "the family",
	"the older sibling", "the carer", "the unborn baby",
}

// themes are the practice themes a report is filed under, with words and phrases a
// report about each uses.
var themes = []struct {
	code    string
	phrases []string
}{
	{"neglect", []string{"neglect", "chronic neglect", "neglectful care", "poor home conditions", "missed health appointments", "the cumulative impact of neglect"}},
	{"domestic_abuse", []string{"domestic abuse", "coercive control", "the Safe and Together model", "a MARAC referral", "controlling behaviour"}},
	{"substance_use", []string{"parental alcohol use", "drug use", "substance use", "methadone prescribing", "alcohol-related harm", "a relapse"}},
	{"mental_health", []string{"parental mental health", "low mood", "postnatal depression", "self-harm", "a mental health crisis", "suicidal thoughts"}},
	{"information_sharing", []string{"information sharing", "sharing of concerns", "a single agency chronology", "integrated chronologies", "information held by each agency"}},
	{"professional_curiosity", []string{"professional curiosity", "disguised compliance", "respectful uncertainty", "accepting explanations at face value", "the voice of the child"}},
	{"risk_assessment", []string{"risk assessment", "the assessment of risk", "a structured risk assessment", "the National Risk Framework", "escalating risk"}},
	{"child_protection_planning", []string{"the child protection plan", "the child protection register", "an interagency referral discussion", "the core group", "a child protection case conference"}},
	{"transitions", []string{"transition to adult services", "a change of school", "moving between local authorities", "leaving care", "the handover between teams"}},
	{"adult_support", []string{"adult support and protection", "capacity to consent", "an inquiry under the 2007 Act", "self-neglect", "financial harm", "a protection order"}},
	{"disability", []string{"a learning disability", "communication needs", "additional support needs", "a physical disability", "autism"}},
	{"exploitation", []string{"child sexual exploitation", "criminal exploitation", "missing episodes", "online harm", "county lines"}},
	{"supervision", []string{"supervision", "reflective supervision", "caseload pressure", "staff turnover", "management oversight"}},
	{"engagement", []string{"non-engagement", "missed visits", "hard to reach families", "cancelled appointments", "the family's engagement"}},
	{"poverty", []string{"poverty", "financial hardship", "food insecurity", "rent arrears", "fuel poverty", "benefit sanctions"}},
	{"physical_abuse", []string{"non-accidental injury", "bruising in a non-mobile baby", "physical abuse", "an unexplained injury", "a skeletal survey"}},
}

var months = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}

var verbs = []string{
	"visited", "telephoned", "wrote to", "met", "assessed", "referred", "contacted", "reviewed",
	"discussed the concerns with", "shared information with", "was unable to see", "arranged a meeting with",
	"recorded a concern about", "completed an assessment of", "escalated the concern to", "closed the case on",
}

var observations = []string{
	"the home was found to be cold and cluttered", "the child was not brought to the appointment",
	"the parents said they were managing", "no concerns were recorded", "the school noted a deterioration in attendance",
	"the family declined further support", "a bruise was seen on the child's arm", "the referral was not acknowledged",
	"the case was closed without a review", "there was no food in the house", "the young person disclosed worries about home",
	"the partner was present throughout the visit", "the plan was not updated", "the report was not shared with other agencies",
	"the child appeared withdrawn", "the adult was reluctant to engage", "the tenancy was at risk",
	"the GP was not invited to the meeting", "the chronology was incomplete", "the concern was logged but not acted on",
}

var findings = []string{
	"Practitioners did not always consider the cumulative impact of %s.",
	"The review found that %s was not recognised early enough.",
	"There was limited evidence of %s across the agencies involved.",
	"Agencies held different pieces of information about %s, but no single agency saw the whole picture.",
	"Staff described how %s made it difficult to keep the child at the centre of planning.",
	"The learning from this review is that %s needs to be understood in the context of the family's history.",
	"Managers acknowledged that %s had not been considered in supervision.",
	"Good practice was seen where %s was discussed openly with the family.",
	"The review team heard that %s was a recurring feature in the family's contact with services.",
	"It is not clear from the records whether %s was taken into account in the decision.",
}

var recommendations = []string{
	"The committee should assure itself that %s is addressed in multi-agency training.",
	"Partner agencies should review their guidance on %s.",
	"The committee should seek evidence that practitioners understand %s.",
	"Single agency chronologies should record %s in a way that can be shared.",
	"Supervision should include reflective discussion of %s.",
	"The partnership should evaluate the impact of the revised procedures on %s within twelve months.",
}

var connectives = []string{
	"Later that week", "At the following review", "Two days later", "On the same day",
	"Shortly afterwards", "By the end of the month", "At the next core group", "Over the following weeks",
}

// syllables build the rare words of the long tail: surnames of streets, places and
// services that appear in one or two reports, as they do in a real repository.
var syllables = []string{
	"bal", "lan", "kirk", "ach", "dun", "mor", "glen", "inver", "strath", "ton", "ard", "craig",
	"auch", "bran", "cul", "tor", "wick", "ness", "loch", "more", "by", "hill", "brae", "mains",
	"ben", "cairn", "ross", "fin", "gar", "mac", "ray", "dale", "haugh", "muir", "shaw", "law",
}
