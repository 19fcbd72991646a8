package pii

// Postcodes and National Insurance numbers: the two identifiers made of capital letters
// and digits. Both are read in upper case only; lower-case forms are rare in reports and
// would collide with ordinary words.

// postcodeAreas holds the UK postcode areas (the leading letters), Scotland's AB, DD,
// DG, EH, FK, G, HS, IV, KA, KW, KY, ML, PA, PH, TD and ZE among them. Indexed by the
// first letter and the second letter (0 for a one-letter area).
var postcodeAreas = func() (t [26][27]bool) {
	for _, a := range []string{
		"AB", "AL", "B", "BA", "BB", "BD", "BH", "BL", "BN", "BR", "BS", "BT", "CA", "CB", "CF",
		"CH", "CM", "CO", "CR", "CT", "CV", "CW", "DA", "DD", "DE", "DG", "DH", "DL", "DN", "DT",
		"DY", "E", "EC", "EH", "EN", "EX", "FK", "FY", "G", "GL", "GU", "GY", "HA", "HD", "HG",
		"HP", "HR", "HS", "HU", "HX", "IG", "IM", "IP", "IV", "JE", "KA", "KT", "KW", "KY", "L",
		"LA", "LD", "LE", "LL", "LN", "LS", "LU", "M", "ME", "MK", "ML", "N", "NE", "NG", "NN",
		"NP", "NR", "NW", "OL", "OX", "PA", "PE", "PH", "PL", "PO", "PR", "RG", "RH", "RM", "S",
		"SA", "SE", "SG", "SK", "SL", "SM", "SN", "SO", "SP", "SR", "SS", "ST", "SW", "SY", "TA",
		"TD", "TF", "TN", "TQ", "TR", "TS", "TW", "UB", "W", "WA", "WC", "WD", "WF", "WN", "WR",
		"WS", "WV", "YO", "ZE",
	} {
		second := 0
		if len(a) == 2 {
			second = int(a[1]-'A') + 1
		}
		t[a[0]-'A'][second] = true
	}
	return t
}()

// inwardLetter: the letters C, I, K, M, O and V never appear in the inward code.
func inwardLetter(c byte) bool {
	return isUpper(c) && c != 'C' && c != 'I' && c != 'K' && c != 'M' && c != 'O' && c != 'V'
}

// postcodeAt reads a full postcode at i, with or without the space ("G12 8QQ",
// "EH11QQ", "KA7 1AB"), and returns its end, or 0.
func postcodeAt(s string, i int) int {
	j := i
	for j < len(s) && j-i < 8 && (isUpper(s[j]) || isDigit(s[j])) {
		j++
	}
	if !boundaryAt(s, j) {
		return 0
	}
	switch n := j - i; {
	case n >= 2 && n <= 4:
		// Outward code, a space, then the inward code as its own word.
		if j+4 <= len(s) && s[j] == ' ' && outward(s[i:j]) && inward(s[j+1:j+4]) && boundaryAt(s, j+4) {
			return j + 4
		}
	case n >= 5 && n <= 7:
		if outward(s[i:j-3]) && inward(s[j-3:j]) {
			return j
		}
	}
	return 0
}

// outward checks the outward code: A9, A99, A9A, AA9, AA99, AA9A, with a known area.
func outward(w string) bool {
	if len(w) < 2 || len(w) > 4 || !isUpper(w[0]) {
		return false
	}
	area := 1
	if isUpper(w[1]) {
		area = 2
	}
	second := 0
	if area == 2 {
		second = int(w[1]-'A') + 1
	}
	if !postcodeAreas[w[0]-'A'][second] {
		return false
	}
	rest := w[area:]
	switch len(rest) {
	case 1:
		return isDigit(rest[0])
	case 2:
		return isDigit(rest[0]) && (isDigit(rest[1]) || isUpper(rest[1]))
	}
	return false
}

func inward(w string) bool {
	return len(w) == 3 && isDigit(w[0]) && inwardLetter(w[1]) && inwardLetter(w[2])
}

// niAt reads a National Insurance number at i: a valid two-letter prefix, six digits
// (together or in pairs) and a suffix A-D ("AB123456C", "AB 12 34 56 C", "AB 123456 C").
// HMRC never issues D, F, I, Q, U or V as the first letter, nor D, F, I, O, Q, U or V as
// the second, nor the prefixes BG, GB, KN, NK, NT, TN and ZZ.
func niAt(s string, i int) int {
	if i+9 > len(s) || !niPrefix(s[i], s[i+1]) {
		return 0
	}
	j := i + 2
	if s[j] == ' ' {
		j++
	}
	for pairs := 0; pairs < 3; pairs++ {
		if pairs > 0 && j+1 < len(s) && s[j] == ' ' {
			j++
		}
		if j+2 > len(s) || !isDigit(s[j]) || !isDigit(s[j+1]) {
			return 0
		}
		j += 2
	}
	if j < len(s) && s[j] == ' ' {
		j++
	}
	if j < len(s) && s[j] >= 'A' && s[j] <= 'D' && boundaryAt(s, j+1) {
		return j + 1
	}
	return 0
}

func niPrefix(a, b byte) bool {
	if !isUpper(a) || !isUpper(b) {
		return false
	}
	switch a {
	case 'D', 'F', 'I', 'Q', 'U', 'V':
		return false
	}
	switch b {
	case 'D', 'F', 'I', 'O', 'Q', 'U', 'V':
		return false
	}
	switch string([]byte{a, b}) {
	case "BG", "GB", "KN", "NK", "NT", "TN", "ZZ":
		return false
	}
	return true
}
