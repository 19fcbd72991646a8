// Package pii finds personal data in text that is meant to be anonymised: CHI, NHS and
// National Insurance numbers, postcodes, street addresses, phone numbers, email
// addresses, dates of birth and person names.
//
// Scan walks the text once, word by word. Each detector is triggered by the first byte
// of a word (a digit, a capital letter, '+', '(' or '@') and looks ahead a bounded
// distance, so the cost is linear in the length of the text and no detector uses
// regular expressions. The only tables are read-only ones built once at start-up.
package pii

// Kind names a sort of personal data. The values are the contract's kind strings.
type Kind string

// The kinds of personal data Scan reports.
const (
	PersonName    Kind = "person_name"
	DateOfBirth   Kind = "date_of_birth"
	CHINumber     Kind = "chi_number"
	NHSNumber     Kind = "nhs_number"
	NINumber      Kind = "ni_number"
	Postcode      Kind = "postcode"
	StreetAddress Kind = "street_address"
	Phone         Kind = "phone"
	Email         Kind = "email"
)

// Kinds returns every kind Scan can report, in a stable order.
func Kinds() []Kind {
	return []Kind{PersonName, DateOfBirth, CHINumber, NHSNumber, NINumber, Postcode, StreetAddress, Phone, Email}
}

// Finding is one piece of personal data: its kind, the byte offsets [Start, End) into
// the scanned text and the matched text itself.
type Finding struct {
	Kind  Kind   `json:"kind"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
}

// Scan returns the personal data found in text, in order of position. Findings never
// overlap, and Start and End always fall on UTF-8 character boundaries.
func Scan(text string) []Finding {
	sc := scanner{s: text}
	sc.emails = findEmails(text)
	sc.run()
	return sc.out
}

// ScanBytes is Scan for a byte slice; the findings' Text is copied out of b.
func ScanBytes(b []byte) []Finding {
	return Scan(string(b))
}

// scanner holds the state of one Scan: the text, what has been found, and the little
// context the detectors share (a pending date-of-birth cue, a pending name cue).
type scanner struct {
	s   string
	out []Finding
	// last is the end of the last finding; findings never overlap.
	last int

	emails []span
	ei     int

	// dobWords counts the words for which a date still counts as a date of birth after
	// a cue such as "born" or "DOB"; 0 means no cue is pending.
	dobWords int
	// nameCue is set by "named", "called", "known as", "née" and the like: the next
	// capitalised word is a name even when the gazetteer does not know it.
	nameCue bool
	// citeCue is set by "the work of", "research by" and the like: the names that
	// follow are of authors cited, not of people in the review.
	citeCue bool
	// prevLower is the previous lower-case word when it matters for a two-word cue
	// ("known as", "name is", "work of"); empty otherwise.
	prevLower string
}

type span struct{ start, end int }

func (sc *scanner) emit(k Kind, start, end int) {
	if start < sc.last || end <= start {
		return
	}
	sc.out = append(sc.out, Finding{Kind: k, Start: start, End: end, Text: sc.s[start:end]})
	sc.last = end
}

// run is the single pass over the text.
func (sc *scanner) run() {
	s := sc.s
	nextEmail := len(s) + 1
	if len(sc.emails) > 0 {
		nextEmail = sc.emails[0].start
	}
	i := 0
	for i < len(s) {
		if i >= nextEmail {
			e := sc.emails[sc.ei]
			sc.emit(Email, e.start, e.end)
			sc.ei++
			nextEmail = len(s) + 1
			if sc.ei < len(sc.emails) {
				nextEmail = sc.emails[sc.ei].start
			}
			if e.end > i {
				i = e.end
			}
			sc.afterWord()
			continue
		}
		c := s[i]
		cl := byteClass[c]
		if cl == clOther {
			i = sc.punct(i)
			continue
		}
		if cl == clHigh && !wordByteAt(s, i) {
			// Non-ASCII punctuation or a no-break space.
			if isSentenceBreakAt(s, i) {
				sc.sentenceBreak()
			}
			i += runeLen(s, i)
			continue
		}
		e := wordEnd(s, i)
		if e > nextEmail {
			e = nextEmail
		}
		var next int
		switch {
		case cl == clDigit:
			next = sc.digitWord(i, e)
		case cl == clUpper || (cl == clHigh && upperRuneAt(s, i)):
			next = sc.capWord(i, e)
		case cl == clLower:
			next = sc.lowerWord(i, e)
		default:
			next = e
			sc.afterWord()
		}
		if next <= i {
			next = e
		}
		i = next
	}
}

// punct handles one byte that is not part of a word and returns where to go on.
func (sc *scanner) punct(i int) int {
	s := sc.s
	switch s[i] {
	case '+':
		if j := sc.phonePlus(i); j > 0 {
			return j
		}
	case '(':
		if j := sc.phoneBracket(i); j > 0 {
			return j
		}
	case '.', '!', '?':
		if i+1 >= len(s) || s[i+1] == ' ' || s[i+1] == '\n' || s[i+1] == '\r' || s[i+1] == '\t' {
			sc.sentenceBreak()
		}
	case ';':
		sc.sentenceBreak()
	case '\n':
		// A blank line ends a paragraph. A single line end does not: text extracted from
		// a PDF wraps sentences ("was born on\n3 April 2015").
		for j := i + 1; j < len(s) && j < i+8; j++ {
			if s[j] == '\n' {
				sc.sentenceBreak()
				break
			}
			if s[j] != '\r' && s[j] != ' ' && s[j] != '\t' {
				break
			}
		}
	}
	return i + 1
}

// sentenceBreak drops the cues that only reach within a sentence.
func (sc *scanner) sentenceBreak() {
	sc.dobWords = 0
	sc.nameCue = false
	sc.citeCue = false
	sc.prevLower = ""
}

// afterWord ages the context cues by one word.
func (sc *scanner) afterWord() {
	if sc.dobWords > 0 {
		sc.dobWords--
	}
	sc.nameCue = false
	sc.citeCue = false
	sc.prevLower = ""
}

// armDOB starts a date-of-birth cue: a full date within the next few words, before the
// sentence ends and before any other year, is a date of birth.
func (sc *scanner) armDOB() {
	// 9 words reach "born in Glasgow Royal Maternity Hospital on the 3rd of ..." but no
	// further, so a meeting date later in a long sentence is not taken for a birth date.
	sc.dobWords = 9
}

// lowerWord handles a word that starts with a lower-case letter: only cues matter.
func (sc *scanner) lowerWord(i, e int) int {
	w := sc.s[i:e]
	prev := sc.prevLower
	dob := sc.dobWords > 0 && dobFiller(w)
	sc.afterWord()
	if !dob {
		sc.dobWords = 0
	}
	if len(w) > 9 {
		return e
	}
	switch w {
	case "born", "dob", "birth", "birthday", "birthdate", "nee":
		if w == "nee" {
			sc.nameCue = true
			return e
		}
		sc.armDOB()
	case "d":
		if j := dobAbbrev(sc.s, i); j > 0 {
			sc.armDOB()
			return j
		}
	case "named", "called", "aka", "alias":
		sc.nameCue = true
	case "as":
		if prev == "known" {
			sc.nameCue = true
		}
	case "is", "was":
		if prev == "name" || prev == "surname" || prev == "forename" {
			sc.nameCue = true
		}
	case "of", "by":
		switch prev {
		case "work", "works", "research", "study", "studies", "writing", "writings", "theory", "model":
			sc.citeCue = true
		}
	case "name", "surname", "forename", "forenames":
		sc.prevLower = w
		if e < len(sc.s) && sc.s[e] == ':' {
			sc.nameCue = true
		}
	case "known", "work", "works", "research", "study", "studies", "writing", "writings", "theory", "model":
		sc.prevLower = w
	case "née":
		sc.nameCue = true
	}
	return e
}

// dobFiller reports the lower-case words that may stand between a birth cue and the
// date ("born prematurely at 32 weeks on the 3rd of ...", "gave birth to the baby at
// home on ..."). Any other word means the sentence has moved on ("born, and a referral
// was made on ...") and the cue lapses. Capitalised words (places, hospitals) and
// numbers do not end the cue.
func dobFiller(w string) bool {
	switch w {
	case "on", "the", "of", "in", "at", "is", "was", "were", "be", "been", "to", "as", "a",
		"an", "her", "his", "their", "date", "dated", "recorded", "given", "stated", "reported",
		"believed", "thought", "said", "weeks", "week", "prematurely", "premature", "early",
		"late", "approximately", "around", "about", "gestation", "home", "hospital", "maternity",
		"unit", "child", "baby", "young", "person", "son", "daughter", "sibling", "boy", "girl",
		"infant", "twins", "d", "o", "b", "dob", "birth", "born", "has", "had", "have":
		return true
	}
	return false
}

// dobAbbrev recognises "d.o.b" (any case, optional final dot) at i and returns its end.
func dobAbbrev(s string, i int) int {
	if i+5 > len(s) {
		return 0
	}
	w := s[i : i+5]
	if w[1] != '.' || w[3] != '.' || lowerASCII(w[0]) != 'd' || lowerASCII(w[2]) != 'o' || lowerASCII(w[4]) != 'b' {
		return 0
	}
	j := i + 5
	if j < len(s) && isAlnum(s[j]) {
		return 0
	}
	if j < len(s) && s[j] == '.' {
		j++
	}
	return j
}
