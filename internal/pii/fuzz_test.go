package pii

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzScan: no input makes Scan panic, return offsets outside the text or off a
// character boundary, overlapping or unordered findings, or take long.
func FuzzScan(f *testing.F) {
	for _, seed := range []string{
		"Child A (CHI 0101011237) was born on 3 April 2015 at 14 Ashgrove Road, Glasgow G12 8QQ.",
		"Mrs Jane Smith, jane.smith@example.co.uk, +44 (0)141 496 0000, NI AB 12 34 56 C.",
		"Flat 2/1, 45 Dumbarton Road; 2F1 14 Marchmont Road; DOB: 03.04.15; d.o.b 3/4/15",
		"\ufeffŁukasz Wiśniewski née O'Brien called (01382) 123456\r\n",
		"@@@@a@b.c@d.ef..@", "0000000000 000 000 0000 000000 0000", "+44", "(0", "Mr.", "D.O",
		"\xff\xfe\x00invalid \xc3", strings.Repeat("Smith ", 50), strings.Repeat("1/", 40),
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		start := time.Now()
		findings := Scan(text)
		if d := time.Since(start); d > time.Second && len(text) < 1<<20 {
			t.Errorf("Scan took %v on %d bytes", d, len(text))
		}
		prev := 0
		for _, fd := range findings {
			if fd.Start < prev || fd.End <= fd.Start || fd.End > len(text) {
				t.Fatalf("bad span %d-%d (previous end %d, text %d bytes)", fd.Start, fd.End, prev, len(text))
			}
			if text[fd.Start:fd.End] != fd.Text {
				t.Fatalf("text %q does not match span %d-%d", fd.Text, fd.Start, fd.End)
			}
			if utf8.ValidString(text) && (!utf8.RuneStart(text[fd.Start]) || (fd.End < len(text) && !utf8.RuneStart(text[fd.End]))) {
				t.Fatalf("span %d-%d is not on character boundaries", fd.Start, fd.End)
			}
			prev = fd.End
		}
	})
}

// FuzzDetectorsAt calls every detector at every position of the input, not only where
// the scan would: each returns 0 or an end within the text, and none panics.
func FuzzDetectorsAt(f *testing.F) {
	for _, seed := range []string{
		"0101011237 943 476 5919 AB 12 34 56 C G12 8QQ 14a Main St 2/1, 3 Ash Road",
		"3rd of April, 2015 April 3 2015 03.04.15 2015-04-03 Flat 2F1 +44 (0)141 1 (0141) 4",
		"Mc O' Fitz Brandon et al. (2020) Smith, J. d.o.b", "\u2019s \xe2\x80", "",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		check := func(name string, i, end int) {
			if end != 0 && (end <= i || end > len(s)) {
				t.Fatalf("%s at %d returned %d (len %d)", name, i, end, len(s))
			}
		}
		for i := 0; i < len(s); i++ {
			end, _ := healthNumberAt(s, i)
			check("healthNumberAt", i, end)
			check("phoneNational", i, phoneNational(s, i))
			end, _ = dateAt(s, i)
			check("dateAt", i, end)
			end, _ = monthDateAt(s, i)
			check("monthDateAt", i, end)
			check("addressAt", i, addressAt(s, i))
			check("flatPrefixAt", i, flatPrefixAt(s, i))
			check("postcodeAt", i, postcodeAt(s, i))
			check("niAt", i, niAt(s, i))
			check("dobAbbrev", i, dobAbbrev(s, i))
			if e := wordEnd(s, i); e < i || e > len(s) {
				t.Fatalf("wordEnd at %d returned %d", i, e)
			}
			if e := nameWordEnd(s, i, i); e < i || e > len(s) {
				t.Fatalf("nameWordEnd at %d returned %d", i, e)
			}
			if e := skipPossessive(s, i); e < i || e > len(s) {
				t.Fatalf("skipPossessive at %d returned %d", i, e)
			}
			check("flatWordAt", i, flatWordAt(s, i))
			_ = citationAt(s, i) // must not panic
		}
		for _, sp := range findEmails(s) {
			if sp.start < 0 || sp.end > len(s) || sp.end <= sp.start {
				t.Fatalf("email span %v (len %d)", sp, len(s))
			}
		}
	})
}

// TestScanIsLinearOnAdversarialInput: long runs that trigger look-ahead (digits, '@',
// capitalised words, separators) cost no more than a constant per byte. It compares
// with ordinary prose rather than a clock, so it is not a timed test.
func TestScanIsLinearOnAdversarialInput(t *testing.T) {
	for _, unit := range []string{
		"1 ", "0141 ", "@", "a@", "Smith ", "Mr ", "AB 12 ", "G1 ", "+44 ", "(01", "1/", "born ",
		"Flat 1, ", "3rd of ", "O'", "-A", "\u2019s ",
	} {
		text := strings.Repeat(unit, (1<<18)/len(unit))
		fs := Scan(text)
		if len(fs) > len(text) {
			t.Errorf("%q: more findings than bytes", unit)
		}
	}
}
