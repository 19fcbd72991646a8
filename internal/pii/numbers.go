package pii

// digitWord handles a word that starts with a digit. The detectors are tried from the
// most to the least specific; whatever matches consumes its span, so a date is never
// read again as a house number or a phone number.
func (sc *scanner) digitWord(i, e int) int {
	s := sc.s
	if end, k := healthNumberAt(s, i); end > 0 {
		sc.emit(k, i, end)
		sc.afterWord()
		return end
	}
	if s[i] == '0' {
		if end := phoneNational(s, i); end > 0 {
			sc.emit(Phone, i, end)
			sc.afterWord()
			return end
		}
	}
	if end, full := dateAt(s, i); end > 0 {
		return sc.date(i, end, full)
	}
	if end := flatPrefixAt(s, i); end > 0 {
		if a := addressAt(s, end); a > 0 {
			sc.emit(StreetAddress, i, a)
			sc.afterWord()
			return a
		}
	}
	if end := addressAt(s, i); end > 0 {
		sc.emit(StreetAddress, i, end)
		sc.afterWord()
		return end
	}
	d := digitRun(s, i)
	if d-i == 4 && d == e {
		// A year on its own ("born in 2012 and on 3 March 2019 ...") ends a birth cue:
		// the full date that follows is about something else.
		sc.dobWords = 0
	}
	sc.afterWord()
	return e
}

// healthNumberAt reads a 10-digit CHI or NHS number at i, written as 10 digits, 3-3-4
// or 6-4 (space or hyphen), and returns its end and kind, or 0 when the digits are not
// such a number. Both numbers carry a modulus-11 check digit; a CHI number also starts
// with the holder's date of birth as DDMMYY. A number valid as both is a CHI number:
// this is Scotland, and the NHS numbers issued in England and Wales (4xx, 6xx, 7xx) can
// never start with a valid day.
func healthNumberAt(s string, i int) (int, Kind) {
	var d [10]byte
	j := digitRun(s, i)
	end := 0
	switch j - i {
	case 10:
		copy(d[:], s[i:j])
		end = j
	case 6:
		if j+5 <= len(s) && (s[j] == ' ' || s[j] == '-') && digitRun(s, j+1) == j+5 {
			copy(d[:6], s[i:j])
			copy(d[6:], s[j+1:j+5])
			end = j + 5
		}
	case 3:
		if j+9 <= len(s) && (s[j] == ' ' || s[j] == '-') && digitRun(s, j+1) == j+4 &&
			s[j+4] == s[j] && digitRun(s, j+5) == j+9 {
			copy(d[:3], s[i:j])
			copy(d[3:6], s[j+1:j+4])
			copy(d[6:], s[j+5:j+9])
			end = j + 9
		}
	}
	if end == 0 || !boundaryAt(s, end) || continuesNumber(s, end) {
		return 0, ""
	}
	if !mod11(&d) {
		return 0, ""
	}
	if chiDate(&d) {
		return end, CHINumber
	}
	return end, NHSNumber
}

// continuesNumber reports whether a number ending at i goes on with a separator and
// more digits ("123-456-7890-12"), so that the part read is not the whole number.
func continuesNumber(s string, i int) bool {
	return i+1 < len(s) && (s[i] == '-' || s[i] == '/' || s[i] == '.') && isDigit(s[i+1])
}

// mod11 checks the NHS and CHI check digit: weights 10..2 on the first nine digits,
// check = 11 - sum mod 11, where 11 means 0 and 10 means the number is not valid.
func mod11(d *[10]byte) bool {
	sum := 0
	for k := 0; k < 9; k++ {
		sum += int(d[k]-'0') * (10 - k)
	}
	check := 11 - sum%11
	if check == 11 {
		check = 0
	}
	return check != 10 && check == int(d[9]-'0')
}

// chiDate reports whether the first six digits are a real date as DDMMYY. The century
// is not written, so 29 February is accepted in every year divisible by four.
func chiDate(d *[10]byte) bool {
	day := int(d[0]-'0')*10 + int(d[1]-'0')
	month := int(d[2]-'0')*10 + int(d[3]-'0')
	year := int(d[4]-'0')*10 + int(d[5]-'0')
	return validDay(day, month, 2000+year)
}

func validDay(day, month, year int) bool {
	if month < 1 || month > 12 || day < 1 {
		return false
	}
	days := [13]int{0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[month]
	if month == 2 && year%4 != 0 {
		days = 28
	}
	return day <= days
}

// phoneNational reads a UK number in national form at i: 0 then 1, 2, 3 (landlines and
// non-geographic) or 7 (mobiles), 11 digits in all, in up to four groups separated by
// single spaces or hyphens ("0141 123 4567", "07700 900123", "01382-123456").
func phoneNational(s string, i int) int {
	if i+1 >= len(s) || s[i] != '0' {
		return 0
	}
	switch s[i+1] {
	case '1', '2', '3', '7':
	default:
		return 0
	}
	return phoneGroups(s, i, 11, 3)
}

// phoneGroups reads groups of digits from i until they hold exactly want digits; the
// first group has at least first digits. It returns the end, or 0.
func phoneGroups(s string, i, want, first int) int {
	total, groups, j := 0, 0, i
	for {
		k := digitRun(s, j)
		g := k - j
		if g == 0 || (groups == 0 && g < first) {
			return 0
		}
		total += g
		groups++
		if total > want {
			return 0
		}
		if total == want {
			if !boundaryAt(s, k) || continuesNumber(s, k) {
				return 0
			}
			return k
		}
		if groups == 4 || k+1 >= len(s) || (s[k] != ' ' && s[k] != '-') || !isDigit(s[k+1]) {
			return 0
		}
		j = k + 1
	}
}

// phonePlus reads an international UK number at the '+' at i: "+44 7700 900123",
// "+44 (0)141 123 4567", "+447700900123".
func (sc *scanner) phonePlus(i int) int {
	s := sc.s
	if i+4 > len(s) || s[i+1] != '4' || s[i+2] != '4' || (i > 0 && isAlnum(s[i-1])) {
		return 0
	}
	j := skipSpaces(s, i+3, 1)
	if j+3 <= len(s) && s[j] == '(' && s[j+1] == '0' && s[j+2] == ')' {
		j = skipSpaces(s, j+3, 1)
	}
	if j >= len(s) {
		return 0
	}
	switch s[j] {
	case '1', '2', '3', '7':
	default:
		return 0
	}
	end := phoneGroups(s, j, 10, 1)
	if end == 0 {
		return 0
	}
	sc.emit(Phone, i, end)
	sc.afterWord()
	return end
}

// phoneBracket reads a number with its area code in brackets at i: "(0141) 123 4567",
// "(01382) 123456".
func (sc *scanner) phoneBracket(i int) int {
	s := sc.s
	if i+2 >= len(s) || s[i+1] != '0' || (s[i+2] != '1' && s[i+2] != '2' && s[i+2] != '3') {
		return 0
	}
	k := digitRun(s, i+1)
	area := k - (i + 1)
	if area < 3 || area > 6 || k >= len(s) || s[k] != ')' {
		return 0
	}
	j := skipSpaces(s, k+1, 1)
	if j >= len(s) || !isDigit(s[j]) {
		return 0
	}
	end := phoneGroups(s, j, 11-area, 1)
	if end == 0 {
		return 0
	}
	sc.emit(Phone, i, end)
	sc.afterWord()
	return end
}
