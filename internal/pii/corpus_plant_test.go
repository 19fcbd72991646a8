package pii

import "strings"

// Sentences that leak an identifier, as they turn up in reports that were not properly
// anonymised. {X} is the identifier; for names {X:gs} is given name and surname, {X:g} a
// given name alone and {X:s} a surname alone (after a title).

var plantTemplates = map[Kind][]string{
	CHINumber: {
		"The referral form recorded {C}'s CHI number as {X}.",
		"CHI {X} appears on the discharge letter from {G}.",
		"The GP letter dated {D} quoted CHI: {X} in its heading.",
		"{W} checked the CHI number ({X}) against the health record.",
		"Health records for {C} (CHI {X}) were requested from {G}.",
	},
	NHSNumber: {
		"The English health record gave {A}'s NHS number as {X}.",
		"NHS number {X} was recorded by the out of hours service.",
		"The ambulance patient report form showed NHS No. {X}.",
		"Records from the previous practice in Carlisle (NHS {X}) arrived late.",
	},
	NINumber: {
		"{A}'s National Insurance number, {X}, was quoted in the benefits letter.",
		"The tenancy application included NI number {X}.",
		"NINO: {X} was written on the form returned to the Housing Service.",
		"The letter from the Department for Work and Pensions gave the reference {X}.",
	},
	Postcode: {
		"The family lived in the {X} area of {P} at the time.",
		"Post was redirected to {X} from {M}.",
		"The address on the GP system ended with the postcode {X}.",
		"{A} gave a new postcode, {X}, at the appointment on {D}.",
	},
	StreetAddress: {
		"{C} lived with {A} at {X} during this period.",
		"Police attended {X} at 02:15 following a call from a neighbour.",
		"The family moved to {X}, {P}, in {M}.",
		"{W} visited the home at {X} on {D}.",
		"A parcel addressed to {A} at {X} was returned undelivered.",
	},
	Phone: {
		"{A} could be contacted on {X}.",
		"The school tried to reach {A} on {X} without success.",
		"The referral gave a contact number of {X} for the grandmother.",
		"{W} left a voicemail on {X} on {D}.",
		"Texts were sent to {X} but no reply was received.",
	},
	Email: {
		"{A} emailed the school from {X} on {D}.",
		"The complaint was sent from {X} to the Chief Social Work Officer.",
		"Correspondence was copied to {X} at {A}'s request.",
		"Contact: {X}",
	},
	DateOfBirth: {
		"{C} was born on {X}.",
		"{C} (date of birth {X}) was the youngest of three children.",
		"The form recorded DOB: {X} for {C}.",
		"{C}, d.o.b. {X}, attended nursery in {P}.",
		"{C} was aged {AGE} (born {X}) at the time of the incident.",
		"{A} gave birth to {C} at the Princess Royal Maternity on {X}.",
		"Date of Birth: {X}",
		"{C} was born prematurely at 32 weeks on {X}.",
		"The hospital record gives a date of birth of {X} for {A}.",
		"D.O.B. {X}",
	},
	PersonName: {
		"Mrs {X:gs} told the Health Visitor that she was worried about {C}.",
		"{X:gs} was the allocated social worker from {M}.",
		"The school spoke to {X:gs}, who was collecting {C} that day.",
		"{C}'s father, {X:gs}, did not attend the case conference.",
		"Dr {X:s} saw {C} at the surgery on {D}.",
		"Mr {X:s} said that he had not been told about the meeting.",
		"{A} said that a man named {X:gs} had been staying at the flat.",
		"{X:g} was seen alone by {W} and said that home was fine.",
		"{X:g}'s attendance at school fell sharply after {M}.",
		"The neighbour, Ms {X:gs}, called the police at 23:00.",
		"{X:gs} ({A}'s partner) had previous convictions for violence.",
		"A friend called {X:g} sometimes looked after the children.",
		"{W} spoke to Miss {X:s} at the reception desk.",
		"The letter was signed by {X:gs}, Team Manager.",
	},
}

var plantStreetWords = []string{
	"Ashgrove", "Main", "Victoria", "Hillhead", "Dumbarton", "Marchmont", "Great Western", "Cathcart",
	"Burnside", "Millbrae", "Castle", "Station", "Mill", "High", "Kirk", "Shore", "Braeside", "Rowan",
	"Birch", "Craighall", "Balgray", "Gilmour", "Maxwell", "Kingsway", "Lochend", "Muirhouse", "Easter",
	"Springfield", "Carntyne", "Tollcross", "Duke", "Albert", "Princes", "Sauchiehall", "Union", "Bruce",
	"Wallace", "Glebe", "Manse", "Links", "Seaview", "Drumoyne", "Inchinnan", "Broomfield", "Whinhill",
}
var plantStreetSuffixes = []string{
	"Road", "Street", "Avenue", "Crescent", "Drive", "Terrace", "Wynd", "Gardens", "Place", "Court",
	"Lane", "Way", "Close", "Brae", "Loan", "Row", "Rd", "St", "Square", "Grove", "View", "Park",
}
var plantEmailDomains = []string{"gmail.com", "hotmail.co.uk", "outlook.com", "yahoo.co.uk", "btinternet.com", "icloud.com", "live.co.uk", "sky.com"}

// heldOutGiven and heldOutSurnames are names the gazetteer does not know (a test checks
// it), planted so that the recall for names measures the context rules too.
var heldOutGiven = []string{
	"Zbyszek", "Teodora", "Oghenekaro", "Sunniva", "Ottilie", "Peregrine", "Eulalia", "Wiremu",
	"Ramunas", "Dragoslav", "Bogumila", "Radka", "Jindrich", "Nkemdirim", "Oreoluwa", "Tariro",
	"Chiedza", "Ruairi", "Kerensa", "Morwenna", "Tamsyn", "Elspeth", "Euphemia", "Isbel", "Jessamine",
	"Lachlann", "Somhairle", "Torquil", "Ewart", "Marsali", "Daumantas", "Gintautas", "Yevgenia",
	"Xiaobo", "Zhenya", "Anjolaoluwa", "Temperance", "Wilhelmina", "Aurelio", "Benedetta",
}
var heldOutSurnames = []string{
	"Wolnikowski", "Przybylski", "Brzezinski", "Okwuosa", "Adeniran", "Ramaswamy", "Venkataraman",
	"Chaudhuri", "Oyinlola", "Kuznetsova", "Jovanovic", "Petrovic", "Nakashima", "Fitzwilliam",
	"Blackadder", "Auchterlonie", "Drysdale", "Pettigrew", "Laidlaw", "Haldane", "Threlfall",
	"Gilhooly", "Cuthbertson", "Loudon", "Tannahill", "Kilgour", "Dalgarno", "Ogston", "Ferrie",
	"Mackellar", "Bryceland", "Cullinane", "Szczepanik", "Wachowiak", "Odunsi", "Mwansa",
}

// plantCounts is how many of each kind are planted; names and dates of birth get more
// because their detection is least certain.
var plantCounts = map[Kind]int{
	CHINumber: 150, NHSNumber: 150, NINumber: 150, Postcode: 150, StreetAddress: 200,
	Phone: 200, Email: 150, DateOfBirth: 300, PersonName: 400,
}

// plantedReport writes the planted corpus: every planted sentence, shuffled, with
// clean sentences around them.
func (g *gen) plantedReport() {
	var order []Kind
	for _, k := range Kinds() {
		for n := 0; n < plantCounts[k]; n++ {
			order = append(order, k)
		}
	}
	g.r.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
	pools := [][]string{proseBackground, proseChronology, proseAnalysis}
	for n, k := range order {
		if n%5 == 0 {
			if n > 0 {
				g.b.WriteString("\n\n")
			}
		} else {
			g.b.WriteByte(' ')
		}
		for c := g.r.IntN(3); c > 0; c-- {
			g.b.WriteString(g.fill(pick(g, pick(g, pools))) + " ")
		}
		g.plantSentence(k, pick(g, plantTemplates[k]))
	}
	g.b.WriteString("\n")
}

func (g *gen) plantSentence(k Kind, t string) {
	i := strings.Index(t, "{X")
	j := strings.IndexByte(t[i:], '}') + i
	g.b.WriteString(g.fill(t[:i]))
	var text string
	heldOut := false
	if k == PersonName {
		text, heldOut = g.name(t[i+3 : j])
	} else {
		text = g.identifier(k)
	}
	start := g.b.Len()
	g.b.WriteString(text)
	g.plants = append(g.plants, plant{Kind: k, Start: start, End: g.b.Len(), HeldOut: heldOut, Text: text})
	g.b.WriteString(g.fill(t[j+1:]))
}

// name returns a name of the given form. A quarter of the names planted are held out:
// their given name, their surname or both are not in the gazetteer.
func (g *gen) name(form string) (string, bool) {
	held := g.r.IntN(4) == 0
	part := g.r.IntN(3) // for a full name: 0 given held out, 1 surname, 2 both
	given := pick(g, gazetteerGiven)
	if held && (form == "g" || (form == "gs" && part != 1)) {
		given = pick(g, heldOutGiven)
	}
	surname := pick(g, gazetteerSurnames)
	if held && (form == "s" || (form == "gs" && part != 0)) {
		surname = pick(g, heldOutSurnames)
	}
	switch form {
	case "g":
		return given, held
	case "s":
		return surname, held
	}
	return given + " " + surname, held
}

func (g *gen) nameFrom(known, heldOut []string) string {
	if g.r.IntN(4) == 0 {
		return pick(g, heldOut)
	}
	return pick(g, known)
}

// The gazetteer's names as written in its lists (with their capitals), read once.
var gazetteerGiven, gazetteerSurnames = rawWords("given.txt"), rawWords("surnames.txt")

func rawWords(name string) []string {
	b, err := dataFS.ReadFile("data/" + name)
	if err != nil {
		panic(err)
	}
	var out []string
	for _, line := range strings.Split(string(b), "\n") {
		if k := strings.IndexByte(line, '#'); k >= 0 {
			line = line[:k]
		}
		out = append(out, strings.Fields(line)...)
	}
	return out
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
