package pii

// Person names. A name is found from a run of capitalised words ("Mrs Jane Smith",
// "Queen Elizabeth University Hospital") and the gazetteer's word classes:
//
//   - after a title (Mr, Mrs, Ms, Miss, Mx, Dr) or a cue ("named", "called", "known as",
//     "née") the following capitalised words are a name, known or not;
//   - a known given name followed by a capitalised word is a name ("Sarah Okonkwo");
//     one that is also a common word, a place or a month ("Grace", "Angus", "April")
//     needs a known surname after it ("Grace Kelly");
//   - an unknown capitalised word followed by a known surname is a name ("Zygmunt
//     Campbell"), unless the surname is itself a common word or place ("Brown",
//     "Hamilton");
//   - a known given name on its own is a name, unless it is ambiguous;
//   - a surname on its own is never enough.
//
// Words of organisations, places, pseudonyms, job titles, months and weekdays are not
// name words, and a word for a body or a street ("Hospital", "Council", "Road") makes
// every capitalised word before it in the run part of that body's name; so do "St",
// "Queen" and "Royal" for the words after them.

const maxRun = 8

type runWord struct {
	s, e    int // the word, without a possessive "'s"
	fl      uint32
	name    bool // capitalised with lower-case letters, more than one letter
	blocked bool // part of the name of a body, a street or a place
}

// capWord handles a word that starts with a capital letter at [i, e).
func (sc *scanner) capWord(i, e int) int {
	s := sc.s
	if e-i >= 2 && isUpper(s[i]) && (isUpper(s[i+1]) || isDigit(s[i+1])) {
		if isUpper(s[i+1]) {
			if j := niAt(s, i); j > 0 {
				sc.emit(NINumber, i, j)
				sc.afterWord()
				return j
			}
		}
		if j := postcodeAt(s, i); j > 0 {
			sc.emit(Postcode, i, j)
			sc.afterWord()
			return j
		}
	}
	if e-i == 1 && s[i] == 'D' {
		if j := dobAbbrev(s, i); j > 0 {
			sc.afterWord()
			sc.armDOB()
			return j
		}
	}
	switch s[i] {
	case 'J', 'F', 'M', 'A', 'S', 'O', 'N', 'D': // the initials of the months
		if end, full := monthDateAt(s, i); end > 0 {
			return sc.date(i, end, full)
		}
	}
	var f foldBuf
	fl := uint32(0)
	if f.fold(s[i:e]) {
		fl = gazetteer[string(f.bytes())]
	}
	if fl&flagCueDOB != 0 {
		sc.afterWord()
		sc.armDOB()
		return e
	}
	if e-i == 4 && s[i:e] == "Flat" {
		if k := flatWordAt(s, e); k > 0 {
			if a := addressAt(s, k); a > 0 {
				sc.emit(StreetAddress, i, a)
				sc.afterWord()
				return a
			}
		}
	}
	return sc.nameRun(i, e, fl)
}

// nameRun collects the run of capitalised words that starts with the word at [i, e),
// reports the names in it and returns the end of the run.
func (sc *scanner) nameRun(i, e int, fl uint32) int {
	s := sc.s
	cue := sc.nameCue
	var w [maxRun]runWord
	e = nameWordEnd(s, i, e)
	w[0] = runWord{s: i, e: e, fl: fl, name: nameShaped(s[i:e])}
	n := 1
	pos := skipPossessive(s, e)
	var f foldBuf
	for n < maxRun {
		p := pos
		if w[n-1].fl&(flagTitle|flagOrgPrefix) != 0 && p < len(s) && s[p] == '.' {
			p++ // "Mr. Smith", "St. Margaret's"
		}
		if p+1 >= len(s) || s[p] != ' ' {
			break
		}
		p++
		if !(isUpper(s[p]) || (s[p] >= 0x80 && wordByteAt(s, p) && upperRuneAt(s, p))) {
			break
		}
		we := wordEnd(s, p)
		if hasDigit(s[p:we]) || (we-p >= 2 && isUpper(s[p+1]) && (niAt(s, p) > 0 || postcodeAt(s, p) > 0)) {
			break // a postcode or an NI number: the main loop reads it
		}
		we = nameWordEnd(s, p, we)
		wfl := uint32(0)
		if f.fold(s[p:we]) {
			wfl = gazetteer[string(f.bytes())]
		}
		if wfl&flagMonth != 0 && we+1 < len(s) && s[we] == ' ' && isDigit(s[we+1]) {
			break // "April 3, 2015": a date, read by the main loop
		}
		if wfl&flagCueDOB != 0 || (we-p == 4 && s[p:we] == "Flat") {
			break
		}
		w[n] = runWord{s: p, e: we, fl: wfl, name: nameShaped(s[p:we])}
		n++
		pos = skipPossessive(s, we)
	}
	if !citationAt(s, pos) {
		sc.namesInRun(w[:n], cue, sc.citeCue)
	}
	sc.afterWord()
	if pos < len(s) && s[pos] == ':' && nameLabel(s[w[n-1].s:w[n-1].e]) {
		sc.nameCue = true // a form field: "Name: ", "Surname: ", "Forename(s): "
	}
	return pos
}

// namesInRun decides which words of a run are names and reports them. After a cue such
// as "named" every name-shaped word counts; after "the work of" or "research by" only
// a name with a title does, since those introduce the authors a review cites.
func (sc *scanner) namesInRun(w []runWord, cue, cite bool) {
	// Words before a body or street word, and after "St", "Queen", "Royal", are part of
	// that body's or place's name.
	prefix := false
	for k := range w {
		if w[k].fl&flagOrgPrefix != 0 {
			prefix = true
		}
		w[k].blocked = prefix
		if w[k].fl&flagOrg != 0 {
			for j := 0; j < k; j++ {
				w[j].blocked = true
			}
		}
	}
	context := cue
	for k := 0; k < len(w); {
		word := w[k]
		if word.fl&flagTitle != 0 && !word.blocked {
			context = true
			cite = false
			k++
			continue
		}
		if word.blocked || !word.name || word.fl&strongNeg != 0 {
			context = false
			k++
			continue
		}
		end := k
		switch {
		case context:
			// After a title or a cue every name-shaped word (up to three) is the name,
			// even a place or a common word: "Mrs May", "Dr Hamilton".
			for end+1 < len(w) && end-k < 2 && usable(w[end+1], true) {
				end++
			}
		case word.fl&flagGiven != 0 && word.fl&flagGivenAmbig == 0:
			for end+1 < len(w) && end-k < 2 && usable(w[end+1], false) {
				end++
			}
		case word.fl&flagGiven != 0 && k+1 < len(w) && knownSurname(w[k+1]):
			end = k + 1
		case word.fl&softNeg == 0 && k+1 < len(w) && knownSurname(w[k+1]) &&
			w[k+1].fl&flagSurnameAmbig == 0:
			end = k + 1
		case word.fl == 0 && k+1 < len(w) && w[k+1].fl == 0 && usable(w[k+1], false) &&
			surnameShaped(sc.s[w[k+1].s:w[k+1].e]):
			// Two words the gazetteer does not know, the second shaped like a surname:
			// "Dragoslav Jovanovic", "Teodora Przybylski".
			end = k + 1
		default:
			k++
			context = false
			continue
		}
		if !cite {
			sc.emit(PersonName, word.s, w[end].e)
		}
		context = false
		k = end + 1
	}
}

// usable reports whether a word can continue a name: name-shaped, not blocked, not a
// strong negative, and (outside a title's context) not a place, month or common word
// unless it is a known name.
func usable(w runWord, context bool) bool {
	if w.blocked || !w.name || w.fl&(strongNeg|flagTitle) != 0 {
		return false
	}
	if context {
		return true
	}
	return w.fl&softNeg == 0 || w.fl&(flagSurname|flagGiven) != 0
}

func knownSurname(w runWord) bool {
	return !w.blocked && w.name && w.fl&flagSurname != 0 && w.fl&strongNeg == 0
}
