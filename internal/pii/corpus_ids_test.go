package pii

import (
	"fmt"
	"strings"
)

// identifier generates one identifier of kind k in one of the forms reports use.
func (g *gen) identifier(k Kind) string {
	switch k {
	case CHINumber:
		for {
			d, m, y := g.date(1940, 2023)
			s := fmt.Sprintf("%02d%02d%02d%03d", d, m, y%100, g.r.IntN(1000))
			if c, ok := checkDigit(s); ok {
				s += c
				switch g.r.IntN(6) {
				case 0:
					return s[:6] + " " + s[6:]
				case 1:
					return s[:3] + " " + s[3:6] + " " + s[6:]
				}
				return s
			}
		}
	case NHSNumber:
		for {
			s := fmt.Sprintf("%c%08d", "467"[g.r.IntN(3)], g.r.IntN(100000000))
			if c, ok := checkDigit(s); ok {
				s += c
				switch g.r.IntN(4) {
				case 0:
					return s
				case 1:
					return s[:3] + "-" + s[3:6] + "-" + s[6:]
				}
				return s[:3] + " " + s[3:6] + " " + s[6:]
			}
		}
	case NINumber:
		for {
			a, b := byte('A'+g.r.IntN(26)), byte('A'+g.r.IntN(26))
			if !niPrefix(a, b) {
				continue
			}
			d := fmt.Sprintf("%06d", g.r.IntN(1000000))
			suf := string("ABCD"[g.r.IntN(4)])
			switch g.r.IntN(3) {
			case 0:
				return fmt.Sprintf("%c%c %s %s %s %s", a, b, d[:2], d[2:4], d[4:], suf)
			case 1:
				return fmt.Sprintf("%c%c %s %s", a, b, d, suf)
			}
			return fmt.Sprintf("%c%c%s%s", a, b, d, suf)
		}
	case Postcode:
		area := pick(g, []string{"AB", "DD", "DG", "EH", "FK", "G", "HS", "IV", "KA", "KW", "KY", "ML", "PA", "PH", "TD", "ZE"})
		in := "ABDEFGHJLNPQRSTUWXYZ"
		code := fmt.Sprintf("%s%d %d%c%c", area, 1+g.r.IntN(40), g.r.IntN(10), in[g.r.IntN(len(in))], in[g.r.IntN(len(in))])
		if g.r.IntN(6) == 0 {
			code = strings.ReplaceAll(code, " ", "")
		}
		return code
	case StreetAddress:
		num := fmt.Sprint(1 + g.r.IntN(250))
		if g.r.IntN(10) == 0 {
			num += string("abc"[g.r.IntN(3)])
		}
		addr := num + " " + pick(g, plantStreetWords) + " " + pick(g, plantStreetSuffixes)
		switch g.r.IntN(8) {
		case 0:
			return fmt.Sprintf("Flat %d, %s", 1+g.r.IntN(12), addr)
		case 1:
			return fmt.Sprintf("%d/%d, %s", g.r.IntN(4), 1+g.r.IntN(3), addr)
		case 2:
			return fmt.Sprintf("%dF%d %s", 1+g.r.IntN(4), 1+g.r.IntN(3), addr)
		}
		return addr
	case Phone:
		return g.phone()
	case Email:
		given, surname := g.nameFrom(gazetteerGiven, heldOutGiven), g.nameFrom(gazetteerSurnames, heldOutSurnames)
		for !isASCII(given + surname) {
			given, surname = g.nameFrom(gazetteerGiven, heldOutGiven), g.nameFrom(gazetteerSurnames, heldOutSurnames)
		}
		local := strings.ToLower(given + "." + surname)
		switch g.r.IntN(3) {
		case 0:
			local = strings.ToLower(given[:1]+surname) + fmt.Sprint(g.r.IntN(100))
		case 1:
			local = strings.ToLower(given) + fmt.Sprint(1960+g.r.IntN(50))
		}
		local = strings.NewReplacer("'", "", " ", "").Replace(local)
		return local + "@" + pick(g, plantEmailDomains)
	case DateOfBirth:
		d, m, y := g.date(1940, 2023)
		return g.writeDate(d, m, y)
	}
	panic("no generator for " + string(k))
}

func (g *gen) phone() string {
	n := func(k int) string { return fmt.Sprintf("%0*d", k, g.r.IntN(pow10(k))) }
	switch g.r.IntN(8) {
	case 0:
		return "07" + n(3) + " " + n(6)
	case 1:
		return "07" + n(9)
	case 2:
		return "+44 7" + n(3) + " " + n(6)
	case 3:
		return "0141 " + n(3) + " " + n(4)
	case 4:
		return "0131-" + n(3) + "-" + n(4)
	case 5:
		return "(01382) " + n(6)
	case 6:
		return "+44 (0)1224 " + n(6)
	}
	return pick(g, []string{"01463", "01292", "01563", "01738", "01786"}) + " " + n(6)
}

func pow10(k int) int {
	p := 1
	for ; k > 0; k-- {
		p *= 10
	}
	return p
}

// checkDigit computes the modulus-11 check digit of nine digits; false when it would be
// 10, which no CHI or NHS number uses.
func checkDigit(nine string) (string, bool) {
	sum := 0
	for k := 0; k < 9; k++ {
		sum += int(nine[k]-'0') * (10 - k)
	}
	c := 11 - sum%11
	if c == 11 {
		c = 0
	}
	return fmt.Sprint(c), c != 10
}
