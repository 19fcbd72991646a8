package pii

import (
	"embed"
	"strings"
)

// The gazetteer is the project's own curated word lists under data/ (see
// docs/decisions/0016-pii-detection.md): given names and surnames of people living in
// Scotland from many backgrounds, and the known negatives of learning reviews. It is
// read once into one map from the lower-cased word to its classes, so the scan makes
// one map look-up per capitalised word.

//go:embed data/*.txt
var dataFS embed.FS

// Word classes. A word can be in several.
const (
	flagGiven uint32 = 1 << iota
	flagSurname
	flagGivenAmbig   // a given name that is also a place, month or common word
	flagSurnameAmbig // a surname that is also a place, common word or body word
	flagPlace
	flagMonth
	flagWeekday
	flagStop   // function words, sentence openers, report headings, nationalities
	flagCommon // ordinary words that are also names: Hope, Grace, Brown
	flagPseudo // the pseudonyms of reviews: Child, Adult, Mother, Practitioner
	flagJob
	flagOrg       // ends the name of a body or a street: Hospital, Council, Road
	flagOrgPrefix // starts the name of a body or place: St, Queen, Royal
	flagStreet    // a street suffix for addresses, abbreviations included
	flagTitle
	flagCueDOB
)

// strongNeg words are never part of a name; softNeg words only after a title or a cue.
const (
	strongNeg = flagPseudo | flagJob | flagOrg | flagOrgPrefix | flagCueDOB
	softNeg   = flagPlace | flagMonth | flagWeekday | flagStop | flagCommon
)

var gazetteer = buildGazetteer()

// dataFiles maps each list to the class of its words.
var dataFiles = []struct {
	name string
	flag uint32
}{
	{"given.txt", flagGiven},
	{"surnames.txt", flagSurname},
	{"places.txt", flagPlace},
	{"common.txt", flagCommon},
	{"stop.txt", flagStop},
	{"pseudonyms.txt", flagPseudo},
	{"jobs.txt", flagJob},
	{"bodies.txt", flagOrg},
	{"streets.txt", flagStreet},
}

func buildGazetteer() map[string]uint32 {
	m := make(map[string]uint32, 8192)
	for _, f := range dataFiles {
		for _, w := range listWords(f.name) {
			m[w] |= f.flag
		}
	}
	add := func(flag uint32, words string) {
		for _, w := range strings.Fields(words) {
			m[w] |= flag
		}
	}
	add(flagMonth, "january february march april may june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec")
	add(flagWeekday, "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun")
	add(flagTitle, "mr mrs ms miss mx dr prof professor")
	add(flagOrgPrefix, "st saint queen king royal prince princess our holy fort port mount loch isle")
	add(flagCueDOB, "dob birth born birthday birthdate")
	for w, fl := range m {
		// Full street words end a street's name as a body word does ("Albert Drive");
		// abbreviations ("St", "Dr") are read only in addresses.
		if fl&flagStreet != 0 && len(w) > 3 {
			fl |= flagOrg
		}
		// A body or street word that is also a surname ("Hall", "Ward", "Lane") is too
		// common a name to hide the words before it; it is an ambiguous surname instead.
		if fl&flagOrg != 0 && fl&flagSurname != 0 {
			fl &^= flagOrg
			fl |= flagSurnameAmbig
		}
		if fl&flagGiven != 0 && fl&(softNeg|flagSurnameAmbig) != 0 {
			fl |= flagGivenAmbig
		}
		if fl&flagSurname != 0 && fl&softNeg != 0 {
			fl |= flagSurnameAmbig
		}
		m[w] = fl
	}
	return m
}

// listWords reads one embedded list: words separated by white space, lower-cased,
// with '#' comments to the end of a line.
func listWords(name string) []string {
	b, err := dataFS.ReadFile("data/" + name)
	if err != nil {
		panic("pii: missing embedded list " + name) // a build mistake, caught by any test
	}
	var out []string
	for _, line := range strings.Split(string(b), "\n") {
		if k := strings.IndexByte(line, '#'); k >= 0 {
			line = line[:k]
		}
		for _, w := range strings.Fields(line) {
			out = append(out, strings.ToLower(w))
		}
	}
	return out
}

// InGazetteer reports whether the gazetteer knows word as a given name or a surname.
// The evaluation uses it to prove that part of its planted names are held out.
func InGazetteer(word string) bool {
	return gazetteer[strings.ToLower(word)]&(flagGiven|flagSurname) != 0
}
