package pii

// More clean prose, written for this project: an adult protection learning review and
// the language of joint inspection reports, so that the clean corpus is not one report
// type. Slots as in corpus_prose_test.go; {H} is a hospital, prison or service.

var adultIntro = []string{
	"This adult protection learning review was commissioned by {P} Adult Protection Committee after the death of {A2} in {M}.",
	"{A2} was a {N}0-year-old man who lived alone in a council flat and received care at home four times a day.",
	"The initial case review was completed on {D} and recommended a learning review, which the Chief Officers Group agreed on {D}.",
	"The review considered the period from the hospital discharge of {A2} in {M} until the death in {M}.",
	"The Adult Support and Protection (Scotland) Act 2007 and its code of practice provide the legal framework for this review.",
	"{A2}'s sister took part in the review and described a man who had been a skilled joiner, a keen angler and a loyal friend.",
	"The review panel included senior staff from the health and social care partnership, the police, the housing service and the third sector.",
	"Staff from the care provider, the district nursing team and the GP practice were interviewed between {M} and {M}.",
	"A fatal accident inquiry has not been held, and the Crown Office confirmed on {D} that no criminal proceedings would follow.",
	"The terms of reference asked whether the three-point criteria were applied consistently and whether {A2}'s capacity was properly assessed.",
}

var adultBody = []string{
	"{A2} had a long history of alcohol dependency and had been admitted to {H} on {N} occasions in the two years before his death.",
	"On {D}, the Council Officer carried out an inquiry under section 4 of the 2007 Act and concluded that {A2} was an adult at risk of harm.",
	"An adult protection case conference held on {D} agreed a protection plan, with the District Nurse as the main point of contact.",
	"{A2} repeatedly declined support, and practitioners recorded that he had the capacity to make these decisions.",
	"No formal assessment of capacity was completed, although several practitioners later told the review they had doubts.",
	"The care at home service reported on {D} that {A2} had been found on the floor and had refused to let carers call an ambulance.",
	"The Community Psychiatric Nurse visited on {D} and noted self-neglect, weight loss and a flat that was cold and without working lighting.",
	"A referral to the Office of the Public Guardian was considered but not made, as there was no evidence of financial harm at that point.",
	"{A2} was discharged from {H} on a Friday afternoon without a discharge planning meeting, and the care provider was told by telephone.",
	"Delayed discharge pressures meant that the hospital social work team had limited time to plan {A2}'s return home.",
	"A large-scale investigation into the care home was started on {D} after concerns from several families.",
	"{A2}'s neighbour told the police that men had been visiting the flat late at night and that she was worried about cuckooing.",
	"The police made an adult concern referral on {D}, which was screened by the duty team and closed with no further action.",
	"The welfare guardian, appointed by the sheriff in {Y}, had not visited for several months.",
	"The review heard that the Care Home Manager had raised concerns at three review meetings, but they were not minuted.",
	"Self-directed support option 3 was in place, and the care package was reviewed on {D} without {A2} being present.",
	"The pharmacy noticed that {A2} had not collected his prescription for three weeks and told the GP practice on {D}.",
	"Staff described a culture of respecting choice that sometimes became a reason not to act.",
	"The three-point criteria were applied correctly by the Council Officer, but the protection plan was not reviewed within the agreed timescale.",
	"Information held by the Scottish Fire and Rescue Service after a home fire safety visit on {D} was not shared with the care provider.",
	"Adult B's brother, who lived in {P}, had lasting power of attorney but was not invited to any meeting.",
	"The Mental Health Officer was consulted on {D} and advised that the criteria for compulsory measures were not met.",
	"{A2} had been released from {H} in {M} after a short sentence, with no throughcare plan in place.",
	"Housing staff knew that rent arrears had built up since {M}, but this was not recognised as a sign that something was wrong.",
	"The review found that the risk of self-neglect was understood by each agency but never brought together in one assessment.",
	"A multi-disciplinary team meeting at the GP practice on {D} discussed {A2} and agreed that the District Nurse would visit weekly.",
	"Advocacy was not offered to {A2} at any point, contrary to section 6 of the 2007 Act.",
	"Services involved with {A2} included {H}, {H} and {H}, as well as the GP practice and the housing service.",
	"Records were also requested from {H} and {H}, and both provided a chronology within four weeks.",
	"{A2} was found dead at home on {D}; the post-mortem gave the cause of death as hypothermia and chronic alcohol use.",
}

var inspectionProse = []string{
	"The joint inspection of services for children at risk of harm in {P} took place between {M} and {M}.",
	"Inspectors read the records of {N}0 children and young people, and spoke to over {N}0 staff in focus groups.",
	"Most children and young people were safer because of the work of staff and the support they received.",
	"Quality indicator {Q}: the partnership's leadership of improvement was evaluated as good.",
	"Key strengths included the quality of relationships between staff and families, and the timeliness of initial responses.",
	"Areas for improvement included the quality of chronologies, the consistency of risk assessment and the use of data by leaders.",
	"A large majority of the staff who responded to the survey said that they felt confident to recognise and respond to concerns.",
	"Fewer than half of the parents and carers who completed the survey said that they had been involved in planning.",
	"The partnership should ensure that children's views are recorded and influence decisions about their care.",
	"Inspectors from the Care Inspectorate, Education Scotland, Healthcare Improvement Scotland and HM Inspectorate of Constabulary in Scotland took part.",
	"Young inspection volunteers with care experience helped to design the survey and spoke with young people.",
	"The partnership provided a position statement in {M}, which set out its own assessment of strengths and priorities.",
	"We are confident that the partnership has the capacity to make the necessary improvements.",
	"The Child Protection Committee had a clear improvement plan, informed by learning reviews and case file audits.",
	"Inspectors found examples of outstanding practice by the Family Support Team and the Vulnerable Pregnancy Service.",
	"Some staff described using the Signs of Safety approach, while others relied on the National Risk Framework; practice was inconsistent.",
	"The chief officers demonstrated a shared commitment to keeping children safe and had invested in early help.",
	"Services for young people at risk of criminal exploitation were developing, with the Contextual Safeguarding pilot in {P} showing early promise.",
	"Interagency Referral Discussions were held promptly in most cases, and the new Bairns' Hoose pilot was welcomed by staff.",
	"Inspectors visited {H}, {H} and {H}, and met the leaders of each.",
	"Records showed that {N} per cent of children had a chronology, but fewer than half of these were of good quality.",
}

var fillAdult2 = []string{"Adult A", "Mr A", "Mr B", "Adult B", "Adult C", "Mr C", "the adult"}

var fillService = []string{
	"Gartnavel Royal Hospital", "Leverndale Hospital", "the State Hospital at Carstairs", "HMP Barlinnie",
	"HMP Low Moss", "HMYOI Polmont", "HMP Grampian", "Hunter Street Health Centre", "Maryhill Health Centre",
	"the Sandyford service", "St Mary's Kenmure", "the Good Shepherd Centre", "Turning Point Scotland",
	"the Cyrenians", "Penumbra", "Victim Support Scotland", "Rape Crisis Scotland", "Shakti Women's Aid",
	"Amina - the Muslim Women's Resource Centre", "the Lighthouse for Scotland", "Wellhouse Housing Association",
	"Crosshouse Hospital", "University Hospital Monklands", "the Western General Hospital", "Stobhill Hospital",
	"Roodlands Hospital", "the Belford Hospital", "the Gilbert Bain Hospital", "the Balfour Hospital",
	"Cameron Hospital", "Murray Royal Hospital", "Carseview Centre", "the Mackinnon Memorial Hospital",
}
