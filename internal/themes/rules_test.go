package themes

import (
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer"
)

func TestCount(t *testing.T) {
	for _, tc := range []struct {
		text, keyword string
		want          int
	}{
		{"Information sharing was poor. information SHARING again", "information sharing", 2},
		{"the thresholds and a threshold", "threshold", 1},
		{"self-neglect is not neglect", "neglect", 1},
		{"self-neglect is not neglect", "self-neglect", 1},
		{"neglected and negligent", "neglect", 0},
		{"information\n  sharing across a line", "information sharing", 1},
		{"it was (neglect).", "neglect", 1},
		{"", "neglect", 0},
	} {
		if got := Count(normalise(tc.text), normalise(tc.keyword)); got != tc.want {
			t.Errorf("Count(%q, %q) = %d, want %d", tc.text, tc.keyword, got, tc.want)
		}
	}
}

func TestSuggestReason(t *testing.T) {
	vocab := []scrutineer.Theme{
		{Code: "information_sharing", Keywords: []string{"information sharing", "not shared"}},
		{Code: "neglect", Keywords: []string{"neglect"}},
		{Code: "suicide", Keywords: []string{"suicide"}},
	}
	report := strings.Repeat("Information sharing failed. ", 4) + "Neglect was seen."
	got := Suggest(vocab, []Source{{"the report", report}, {"recommendation 2", "Records were not shared."}}, 2)
	if len(got) != 1 {
		t.Fatalf("got %+v, want only information_sharing (neglect once is under the threshold)", got)
	}
	want := "'information sharing' found 4 times in the report; 'not shared' once in recommendation 2"
	if got[0].Code != "information_sharing" || got[0].Count != 5 || got[0].Reason != want {
		t.Errorf("got %+v, want reason %q", got[0], want)
	}
	if got := Suggest(vocab, []Source{{"the report", "Neglect was seen."}}, 1); len(got) != 1 || got[0].Reason != "'neglect' found once in the report" {
		t.Errorf("threshold 1: %+v", got)
	}
}
