package pii

// A street address is a house number, one to four capitalised words and a street
// suffix: "14 Ashgrove Road", "3a St Vincent Place", "12-14 Great Western Road". A flat
// in front of it belongs to the address: "Flat 3, 12 Main Street", "2/1, 45 Dumbarton
// Road" (the Glasgow floor/door form), "2F1 14 Marchmont Road" (the Edinburgh one). A
// street without a number is not reported: reviews name streets of services and of
// incidents far more often than they leak a home address that way.

// addressAt reads a numbered street at i and returns the end of its suffix, or 0.
func addressAt(s string, i int) int {
	j := digitRun(s, i)
	if j-i == 0 || j-i > 4 || j >= len(s) {
		return 0
	}
	if houseLetter(s, j) {
		j++
	}
	if j+1 < len(s) && s[j] == '-' && isDigit(s[j+1]) {
		k := digitRun(s, j+1)
		if k-(j+1) > 4 {
			return 0
		}
		j = k
		if houseLetter(s, j) {
			j++
		}
	}
	if j < len(s) && s[j] == ',' {
		j++
	}
	k := skipSpaces(s, j, 2)
	if k == j {
		return 0
	}
	var f foldBuf
	end, words := 0, 0
	for words < 5 && k < len(s) && isUpper(s[k]) {
		we := k + 1
		for we < len(s) && (isLower(s[we]) || isUpper(s[we])) {
			we++ // "McAllister", "MacDonald" keep an inner capital
		}
		if !boundaryAt(s, we) && s[we] != '\'' {
			return end
		}
		fl := uint32(0)
		if f.fold(s[k:we]) {
			fl = gazetteer[string(f.bytes())]
		}
		if words == 0 && fl&(flagMonth|flagWeekday|flagPseudo) != 0 {
			return 0 // "3 June Court hearing", "2 Child Protection ..."
		}
		words++
		if fl&flagStreet != 0 && words >= 2 {
			end = we
		}
		we = skipPossessive(s, we)
		if we < len(s) && s[we] == '.' && we-k <= 4 {
			we++ // "St. Vincent Street"
		}
		if we+1 >= len(s) || s[we] != ' ' || !isUpper(s[we+1]) {
			break
		}
		k = we + 1
	}
	return end
}

// houseLetter reports a single letter suffix on a house number: "14a", "3B".
func houseLetter(s string, j int) bool {
	if j >= len(s) {
		return false
	}
	c := lowerASCII(s[j])
	return c >= 'a' && c <= 'h' && boundaryAt(s, j+1)
}

// flatPrefixAt reads a flat position that starts with a digit at i and is followed by
// a house number: "2/1, ", "0/2 ", "2F1 ", "1F2, ". It returns where the house number
// starts, or 0.
func flatPrefixAt(s string, i int) int {
	j := digitRun(s, i)
	if j-i == 0 || j-i > 2 || j+1 >= len(s) {
		return 0
	}
	switch {
	case s[j] == '/' && isDigit(s[j+1]):
		j = digitRun(s, j+1)
	case (s[j] == 'F' || s[j] == 'f') && isDigit(s[j+1]):
		j = digitRun(s, j+1)
	default:
		return 0
	}
	return afterFlat(s, j)
}

// afterFlat skips ", " or " " after a flat position and returns the start of the house
// number, or 0.
func afterFlat(s string, j int) int {
	if !boundaryAt(s, j) {
		return 0
	}
	if j < len(s) && s[j] == ',' {
		j++
	}
	k := skipSpaces(s, j, 2)
	if k == j || k >= len(s) || !isDigit(s[k]) {
		return 0
	}
	return k
}

// flatWordAt reads "Flat 3, ", "Flat 2/1 ", "Flat 3B " where the word "Flat" is at
// [i, e), and returns the start of the house number that follows, or 0.
func flatWordAt(s string, e int) int {
	if e+2 >= len(s) || s[e] != ' ' {
		return 0
	}
	j := e + 1
	switch {
	case isDigit(s[j]):
		j = digitRun(s, j)
		if j+1 < len(s) && (s[j] == '/' || s[j] == 'F' || s[j] == 'f') && isDigit(s[j+1]) {
			j = digitRun(s, j+1)
		} else if j < len(s) && isUpper(s[j]) && boundaryAt(s, j+1) {
			j++
		}
	case isUpper(s[j]) && boundaryAt(s, j+1):
		j++
	default:
		return 0
	}
	return afterFlat(s, j)
}

// skipPossessive skips "'s" or "’s" after a word.
func skipPossessive(s string, i int) int {
	if i+1 < len(s) && s[i] == '\'' && s[i+1] == 's' && boundaryAt(s, i+2) {
		return i + 2
	}
	if i+3 < len(s) && s[i] == 0xE2 && s[i+1] == 0x80 && s[i+2] == 0x99 && s[i+3] == 's' && boundaryAt(s, i+4) {
		return i + 4
	}
	return i
}
