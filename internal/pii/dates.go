package pii

// A date is a date of birth only when a cue ("born", "DOB", "date of birth", "d.o.b")
// comes shortly before it in the same sentence; otherwise it is the date of a meeting,
// a referral or a hearing, which reviews are full of and which is not personal data.

// date handles a date found at [i, end): full dates count as a date of birth while a
// cue is pending. Any date, full or partial, uses up the cue.
func (sc *scanner) date(i, end int, full bool) int {
	if full && sc.dobWords > 0 {
		sc.emit(DateOfBirth, i, end)
	}
	sc.afterWord()
	sc.dobWords = 0
	return end
}

// dateAt reads a date that starts with a digit at i: numeric ("03/04/2015", "3.4.15",
// "2015-04-03") or written ("3 April 2015", "3rd of April, 2015"). It returns the end,
// and whether the date is full (day, month and year); a partial date ("3 April") still
// returns its end so that it is not read as anything else.
func dateAt(s string, i int) (end int, full bool) {
	j := digitRun(s, i)
	n := j - i
	if n == 0 || n > 4 || j >= len(s) {
		return 0, false
	}
	switch c := s[j]; {
	case c == '/' || c == '.' || c == '-':
		return numericDate(s, i, j)
	case n <= 2:
		return writtenDayFirst(s, i, j)
	}
	return 0, false
}

// numericDate reads d/m/y (or m/d/y) with one separator repeated, or y-m-d.
func numericDate(s string, i, j int) (int, bool) {
	sep := s[j]
	a := atoi(s[i:j])
	k := digitRun(s, j+1)
	if k-(j+1) < 1 || k-(j+1) > 2 || k >= len(s) || s[k] != sep {
		return 0, false
	}
	b := atoi(s[j+1 : k])
	m := digitRun(s, k+1)
	yl := m - (k + 1)
	if !boundaryAt(s, m) || continuesNumber(s, m) {
		return 0, false
	}
	c := atoi(s[k+1 : m])
	switch {
	case j-i == 4 && yl >= 1 && yl <= 2: // ISO y-m-d
		if validDay(c, b, a) {
			return m, true
		}
	case j-i <= 2 && (yl == 2 || yl == 4):
		year := c
		if yl == 2 {
			year += 2000
		}
		if validDay(a, b, year) || validDay(b, a, year) {
			return m, true
		}
	}
	return 0, false
}

// writtenDayFirst reads "3 April 2015", "3rd April 2015", "3rd of April, 2015". j is
// the end of the day's digits.
func writtenDayFirst(s string, i, j int) (int, bool) {
	day := atoi(s[i:j])
	if day < 1 || day > 31 {
		return 0, false
	}
	k := skipOrdinal(s, j)
	if k >= len(s) || s[k] != ' ' {
		return 0, false
	}
	k++
	if k+3 <= len(s) && s[k:k+3] == "of " {
		k += 3
	}
	month, me := monthAt(s, k)
	if month == 0 {
		return 0, false
	}
	if end := yearAfter(s, me); end > 0 && validDay(day, month, atoi(s[end-4:end])) {
		return end, true
	}
	return me, false
}

// monthDateAt reads a date that starts with the month word at [i, e): "April 3 2015",
// "April 3rd, 2015"; "April 2015" is a partial date.
func monthDateAt(s string, i int) (int, bool) {
	month, me := monthAt(s, i)
	if month == 0 {
		return 0, false
	}
	if end := yearAfter(s, me); end > 0 {
		return end, false
	}
	if me >= len(s) || s[me] != ' ' {
		return 0, false
	}
	j := digitRun(s, me+1)
	if j-(me+1) < 1 || j-(me+1) > 2 {
		return 0, false
	}
	day := atoi(s[me+1 : j])
	k := skipOrdinal(s, j)
	if end := yearAfter(s, k); end > 0 && validDay(day, month, atoi(s[end-4:end])) {
		return end, true
	}
	if boundaryAt(s, k) {
		return k, false
	}
	return 0, false
}

// yearAfter reads ", 2015" or " 2015" at i and returns the end of the year, or 0.
func yearAfter(s string, i int) int {
	if i < len(s) && s[i] == ',' {
		i++
	}
	if i >= len(s) || s[i] != ' ' {
		return 0
	}
	i++
	j := digitRun(s, i)
	if j-i != 4 || !boundaryAt(s, j) || (s[i] != '1' && s[i] != '2') {
		return 0
	}
	return j
}

// skipOrdinal skips "st", "nd", "rd" or "th" right after a day number.
func skipOrdinal(s string, j int) int {
	if j+2 <= len(s) {
		a, b := lowerASCII(s[j]), lowerASCII(s[j+1])
		if (a == 's' && b == 't') || (a == 'n' && b == 'd') || (a == 'r' && b == 'd') || (a == 't' && b == 'h') {
			if boundaryAt(s, j+2) {
				return j + 2
			}
		}
	}
	return j
}

// monthAt reads a capitalised month name or abbreviation at i ("April", "Apr", "Apr.",
// "Sept") and returns its number and end, or 0.
func monthAt(s string, i int) (int, int) {
	if i >= len(s) || !isUpper(s[i]) {
		return 0, 0
	}
	j := i + 1
	for j < len(s) && j-i <= 9 && isLower(s[j]) {
		j++
	}
	if !boundaryAt(s, j) {
		return 0, 0
	}
	var buf [9]byte
	w := s[i:j]
	if len(w) > len(buf) {
		return 0, 0
	}
	for k := 0; k < len(w); k++ {
		buf[k] = lowerASCII(w[k])
	}
	m := monthNumber(string(buf[:len(w)]))
	if m == 0 {
		return 0, 0
	}
	if len(w) <= 4 && j < len(s) && s[j] == '.' {
		j++
	}
	return m, j
}

func monthNumber(w string) int {
	switch w {
	case "january", "jan":
		return 1
	case "february", "feb":
		return 2
	case "march", "mar":
		return 3
	case "april", "apr":
		return 4
	case "may":
		return 5
	case "june", "jun":
		return 6
	case "july", "jul":
		return 7
	case "august", "aug":
		return 8
	case "september", "sep", "sept":
		return 9
	case "october", "oct":
		return 10
	case "november", "nov":
		return 11
	case "december", "dec":
		return 12
	}
	return 0
}

// atoi converts a short run of ASCII digits.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}
