package pii

import (
	"fmt"
	"strings"
	"testing"
)

// found renders findings as "kind=text" for compact comparison.
func found(text string) []string {
	var out []string
	for _, f := range Scan(text) {
		out = append(out, string(f.Kind)+"="+f.Text)
	}
	return out
}

type detectCase struct {
	name string
	text string
	want []string // "kind=text" in order; nil for nothing
}

func runCases(t *testing.T, cases []detectCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := found(tc.text)
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("Scan(%q)\n got  %q\n want %q", tc.text, got, tc.want)
			}
			for _, f := range Scan(tc.text) {
				if tc.text[f.Start:f.End] != f.Text {
					t.Errorf("finding %+v: text does not match its offsets", f)
				}
			}
		})
	}
}

func TestHealthNumbers(t *testing.T) {
	runCases(t, []detectCase{
		{"chi plain", "CHI 0101011237 recorded", []string{"chi_number=0101011237"}},
		{"chi spaced 6-4", "CHI 010101 1237.", []string{"chi_number=010101 1237"}},
		{"chi spaced 3-3-4", "chi 010 101 1237", []string{"chi_number=010 101 1237"}},
		{"chi failing check digit", "ref 0101011238 noted", nil},
		{"chi check digit 10 is never valid", "ref 0101011230", nil},
		{"nhs spaced", "NHS number 943 476 5919.", []string{"nhs_number=943 476 5919"}},
		{"nhs hyphens", "NHS 943-476-5919", []string{"nhs_number=943-476-5919"}},
		{"nhs plain", "9434765919", []string{"nhs_number=9434765919"}},
		{"nhs wrong check", "943 476 5918", nil},
		{"part of longer number", "12345678901234", nil},
		{"longer hyphenated", "943-476-5919-12", nil},
		{"ten digits failing the check", "3213213213", nil},
	})
}

func TestMod11AndDates(t *testing.T) {
	tests := []struct {
		digits    string
		mod11, ok bool
	}{
		{"0101011237", true, true},
		{"9434765919", true, false},
		{"3102991234", false, false},
		{"0101011238", false, false},
	}
	for _, tt := range tests {
		var d [10]byte
		copy(d[:], tt.digits)
		if got := mod11(&d); got != tt.mod11 {
			t.Errorf("mod11(%s) = %v, want %v", tt.digits, got, tt.mod11)
		}
		if got := mod11(&d) && chiDate(&d); got != tt.ok {
			t.Errorf("chi(%s) = %v, want %v", tt.digits, got, tt.ok)
		}
	}
	for _, tt := range []struct {
		d, m, y int
		ok      bool
	}{{29, 2, 2016, true}, {29, 2, 2015, false}, {31, 4, 2015, false}, {31, 12, 1999, true}, {0, 1, 2000, false}} {
		if validDay(tt.d, tt.m, tt.y) != tt.ok {
			t.Errorf("validDay(%d, %d, %d) != %v", tt.d, tt.m, tt.y, tt.ok)
		}
	}
}

func TestPhones(t *testing.T) {
	runCases(t, []detectCase{
		{"glasgow", "call 0141 123 4567 today", []string{"phone=0141 123 4567"}},
		{"mobile", "mobile 07700 900123.", []string{"phone=07700 900123"}},
		{"mobile run", "07700900123", []string{"phone=07700900123"}},
		{"hyphens", "0131-496-0000", []string{"phone=0131-496-0000"}},
		{"london", "020 7946 0018", []string{"phone=020 7946 0018"}},
		{"non geographic", "0300 123 4567", []string{"phone=0300 123 4567"}},
		{"plus 44", "on +44 7700 900123,", []string{"phone=+44 7700 900123"}},
		{"plus 44 with (0)", "+44 (0)141 496 0000", []string{"phone=+44 (0)141 496 0000"}},
		{"plus 44 run", "+447700900123", []string{"phone=+447700900123"}},
		{"bracketed area", "(01382) 123456", []string{"phone=(01382) 123456"}},
		{"bracketed city", "(0141) 496 0000", []string{"phone=(0141) 496 0000"}},
		{"mobile in brackets", "(07700 900123)", []string{"phone=07700 900123"}},
		{"too short", "0141 123 456", nil},
		{"too long", "0141 123 45678", nil},
		{"freephone not personal", "0800 123 4567", nil},
	})
}

func TestCodes(t *testing.T) {
	runCases(t, []detectCase{
		{"postcode glasgow", "Glasgow G12 8QQ.", []string{"postcode=G12 8QQ"}},
		{"postcode edinburgh no space", "EH11QQ", []string{"postcode=EH11QQ"}},
		{"postcode ayr", "Ayr KA7 1AB", []string{"postcode=KA7 1AB"}},
		{"postcode AA9A", "EC1A 1BB", []string{"postcode=EC1A 1BB"}},
		{"postcode shetland", "ZE1 0AA", []string{"postcode=ZE1 0AA"}},
		{"not an area", "QQ1 1AA", nil},
		{"bad inward letter", "G12 8CQ", nil},
		{"outward alone", "the G12 area", nil},
		{"ni compact", "NI AB123456C.", []string{"ni_number=AB123456C"}},
		{"ni pairs", "NI AB 12 34 56 C", []string{"ni_number=AB 12 34 56 C"}},
		{"ni block", "JK 123456 D", []string{"ni_number=JK 123456 D"}},
		{"ni bad first letter", "DA123456C", nil},
		{"ni bad second letter", "AO123456C", nil},
		{"ni unallocated prefix", "GB123456A", nil},
		{"ni bad suffix", "AB123456E", nil},
		{"email", "write to jane.smith@example.co.uk.", []string{"email=jane.smith@example.co.uk"}},
		{"email plus", "<a.b+c@mail.example.org>", []string{"email=a.b+c@mail.example.org"}},
		{"not email", "meet @ 3pm", nil},
		{"no tld", "x@localhost", nil},
	})
}

func TestAddresses(t *testing.T) {
	runCases(t, []detectCase{
		{"road", "lived at 14 Ashgrove Road, Glasgow", []string{"street_address=14 Ashgrove Road"}},
		{"letter", "3a Main Street", []string{"street_address=3a Main Street"}},
		{"range", "12-14 Great Western Road", []string{"street_address=12-14 Great Western Road"}},
		{"saint", "5 St Vincent Place", []string{"street_address=5 St Vincent Place"}},
		{"abbreviated", "22 Kirk St.", []string{"street_address=22 Kirk St"}},
		{"flat", "Flat 3, 12 Royal Crescent", []string{"street_address=Flat 3, 12 Royal Crescent"}},
		{"tenement", "2/1, 45 Dumbarton Road", []string{"street_address=2/1, 45 Dumbarton Road"}},
		{"edinburgh flat", "2F1 14 Marchmont Road", []string{"street_address=2F1 14 Marchmont Road"}},
		{"wynd", "7 Lady Wynd", []string{"street_address=7 Lady Wynd"}},
		{"possessive", "9 King's Park Avenue", []string{"street_address=9 King's Park Avenue"}},
		{"date not address", "on 3 June Court proceedings began", nil},
		{"no suffix", "in 2015 Child A moved", nil},
		{"no number", "a flat in Ashgrove Road", nil},
	})
}

func TestDatesOfBirth(t *testing.T) {
	runCases(t, []detectCase{
		{"born written", "Child A was born on 3 April 2015.", []string{"date_of_birth=3 April 2015"}},
		{"born ordinal", "born on the 3rd of April 2015", []string{"date_of_birth=3rd of April 2015"}},
		{"dob numeric", "DOB: 03/04/2015", []string{"date_of_birth=03/04/2015"}},
		{"dob dots", "D.O.B. 03.04.15", []string{"date_of_birth=03.04.15"}},
		{"d.o.b lower", "(d.o.b 3/4/15)", []string{"date_of_birth=3/4/15"}},
		{"date of birth", "Date of birth: 2015-04-03", []string{"date_of_birth=2015-04-03"}},
		{"month first", "born April 3, 2015", []string{"date_of_birth=April 3, 2015"}},
		{"aged born", "aged 7 (born 12 June 2013)", []string{"date_of_birth=12 June 2013"}},
		{"wrapped line", "was born in Paisley on\n3 April 2015", []string{"date_of_birth=3 April 2015"}},
		{"meeting date", "On 3 April 2015 a meeting was held.", nil},
		{"next sentence", "Child A was born early. On 3 April 2015 a referral was made.", nil},
		{"year breaks cue", "born in 2012 and on 3 March 2019 moved", nil},
		{"second date", "born 3 April 2015 and seen on 5 May 2016", []string{"date_of_birth=3 April 2015"}},
		{"partial date", "born in April 2015", nil},
		{"invalid date", "born 31/02/2015", nil},
	})
}

func TestNames(t *testing.T) {
	runCases(t, []detectCase{
		{"title and pair", "Mrs Jane Smith attended.", []string{"person_name=Jane Smith"}},
		{"title and unknown", "Dr Zbyszkowicz said", []string{"person_name=Zbyszkowicz"}},
		{"title dot", "Mr. Okafor", []string{"person_name=Okafor"}},
		{"given alone", "Kayleigh was taken to hospital.", []string{"person_name=Kayleigh"}},
		{"given possessive", "Kayleigh's mother", []string{"person_name=Kayleigh"}},
		{"given unknown surname", "Sarah Wolnikowska phoned", []string{"person_name=Sarah Wolnikowska"}},
		{"unknown given known surname", "then Zygfryd Campbell phoned", []string{"person_name=Zygfryd Campbell"}},
		{"cue", "a man named Zbyszek Wolny", []string{"person_name=Zbyszek Wolny"}},
		{"known as", "known as Tiddles", []string{"person_name=Tiddles"}},
		{"irish", "Siobhan O'Brien", []string{"person_name=Siobhan O'Brien"}},
		{"hyphen", "Mary-Jane Smith-Jones", []string{"person_name=Mary-Jane Smith-Jones"}},
		{"polish", "Łukasz Wiśniewski", []string{"person_name=Łukasz Wiśniewski"}},
		{"title with common word", "Mrs May and Dr Hamilton", []string{"person_name=May", "person_name=Hamilton"}},
		{"ambiguous given needs surname", "Grace Kelly", []string{"person_name=Grace Kelly"}},
		{"ambiguous given alone", "Grace was shown", nil},
		{"pseudonyms", "Child A, Adult B, Mother, Practitioner 3 and Worker 1 met the young person.", nil},
		{"title with pseudonym letter", "Mrs B and Dr A", nil},
		{"hospital", "at Queen Elizabeth University Hospital", nil},
		{"community", "the Simon Community and Rachel House", nil},
		{"saint", "St John's Hospital", nil},
		{"street name", "along Albert Drive", nil},
		{"council", "Glasgow City Council and Police Scotland", nil},
		{"job titles", "the Health Visitor and the Named Person", nil},
		{"place with surname", "in Hamilton and Livingston", nil},
		{"month", "In April the family moved", nil},
		{"sentence opener and surname", "Following Brown's advice", nil},
		{"unknown pair with surname shape", "Dragoslav Jovanovic attended", []string{"person_name=Dragoslav Jovanovic"}},
		{"unknown pair polish", "then Teodora Przybylski phoned", []string{"person_name=Teodora Przybylski"}},
		{"unknown pair gaelic", "Torquil MacAskill", []string{"person_name=Torquil MacAskill"}},
		{"unknown pair plain", "Microsoft Teams and Zoom Meetings", nil},
		{"unknown word with suffix-like ending", "Quality Improvement Toolkit Sessions", nil},
		{"form field", "Name: Oreoluwa Adeniran\tDOB: 03/04/2015", []string{"person_name=Oreoluwa Adeniran", "date_of_birth=03/04/2015"}},
		{"form field surname", "Surname: Blackadder", []string{"person_name=Blackadder"}},
		{"lower label", "client name: Zbyszek", []string{"person_name=Zbyszek"}},
		{"label without colon", "Name of the service", nil},
		{"surname was", "her surname was Blackadder", []string{"person_name=Blackadder"}},
		{"citation et al", "research (Brandon et al., 2020) shows", nil},
		{"citation year", "As Munro (2011) argued", nil},
		{"work of", "the Scottish work of Vincent and Petch", nil},
		{"reference list", "Brandon, M., Sidebotham, P. (2020)", nil},
		{"titled name after work of", "the work of Dr Jane Okafor", []string{"person_name=Jane Okafor"}},
	})
}

func TestFindingsDoNotOverlapAndAreOrdered(t *testing.T) {
	text := strings.Repeat("Mrs Jane Smith, 14 Ashgrove Road, G12 8QQ, 0141 123 4567, jane@example.org. ", 3)
	prev := 0
	for _, f := range Scan(text) {
		if f.Start < prev {
			t.Fatalf("finding %+v overlaps or is out of order", f)
		}
		prev = f.End
	}
	if got := len(Scan(text)); got != 15 {
		t.Errorf("got %d findings, want 15: %v", got, found(text))
	}
}

func ExampleScan() {
	for _, f := range Scan("Child A (CHI 0101011237) was seen by Dr Okafor.") {
		fmt.Println(f.Kind, f.Start, f.End, f.Text)
	}
	// Output:
	// chi_number 13 23 0101011237
	// person_name 40 46 Okafor
}
