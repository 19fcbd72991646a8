package stats

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/scrutineer/scrutineer"
)

// randomDataset draws reviews with random codes and dates (some missing, some not
// in any vocabulary), recommendations and actions.
func randomDataset(rng *rand.Rand) *dataset {
	pick := func(cs scrutineer.Codes) string {
		switch rng.IntN(12) {
		case 0:
			return ""
		case 1:
			return "unknown_code"
		}
		return cs[rng.IntN(len(cs))].Value
	}
	date := func() string {
		if rng.IntN(8) == 0 {
			return ""
		}
		return time.Date(2023, 4, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rng.IntN(730)).Format(dateLayout)
	}
	ds := &dataset{themeLabels: map[string]string{}, outcomeDays: 7}
	kinds := committeeKinds()
	for i := range 20 + rng.IntN(200) {
		r := &review{id: fmt.Sprint(i), committee: fmt.Sprint("c", rng.IntN(9)), committeeKind: kinds[rng.IntN(3)].Code,
			subjectType: pick(scrutineer.SubjectTypeCodes), ageBand: pick(scrutineer.AgeBandCodes), sex: pick(scrutineer.SexCodes),
			disability: pick(scrutineer.DisabilityCodes), ethnicity: pick(scrutineer.EthnicityCodes),
			protectionStatus: pick(scrutineer.ProtectionStatusCodes), eventType: pick(scrutineer.EventTypeCodes),
			harmNature: pick(scrutineer.HarmNatureCodes), decision: pick(scrutineer.DecisionCodes),
			incidentOn: date(), referralOn: date(), decidedOn: date(), completedOn: date(), ratifiedOn: date(), outcomeOn: date(),
			area: Heading{Code: fmt.Sprint("a", rng.IntN(4)), Label: "Area"}}
		r.committeeName = "Committee " + r.committee
		for _, t := range scrutineer.DefaultThemes {
			if rng.IntN(6) == 0 {
				r.themes = append(r.themes, t.Code)
			}
		}
		ds.reviews = append(ds.reviews, r)
		for range rng.IntN(4) {
			ds.recommendations = append(ds.recommendations, recommendation{agency: pick(scrutineer.AgencyCodes),
				themes: []string{scrutineer.DefaultThemes[rng.IntN(5)].Code}, n: 1 + rng.IntN(3)})
			ds.actions = append(ds.actions, actionCount{status: pick(scrutineer.ActionStatusCodes), n: 1 + rng.IntN(3)})
		}
	}
	return ds
}

// TestTotalsAreSumsOfParts is the property test of the tables before disclosure
// control: every row total is the sum of its cells, every column total the sum of
// its column, the grand total the sum of both margins, and no count is negative.
func TestTotalsAreSumsOfParts(t *testing.T) {
	rng := rand.New(rand.NewPCG(42, 2026))
	for trial := range 200 {
		rep := build(randomDataset(rng), FinancialYears(2023, 2024), time.Now())
		for _, tab := range rep.Tables {
			if tab.Kind != Counts {
				continue
			}
			var colSums []float64 = make([]float64, len(tab.Columns))
			grand := 0.0
			for _, r := range tab.Rows {
				sum := 0.0
				for j, c := range r.Cells {
					if c.Value < 0 {
						t.Fatalf("trial %d: %s has a negative count", trial, tab.ID)
					}
					sum += c.Value
					colSums[j] += c.Value
				}
				if sum != r.Total.Value {
					t.Fatalf("trial %d: %s row %s total %v, cells add to %v", trial, tab.ID, r.Code, r.Total.Value, sum)
				}
				grand += sum
			}
			if tab.Totals == nil {
				continue
			}
			for j, c := range tab.Totals.Cells {
				if c.Value != colSums[j] {
					t.Fatalf("trial %d: %s column %s total %v, column adds to %v", trial, tab.ID, tab.Columns[j].Code, c.Value, colSums[j])
				}
			}
			if tab.Totals.Total.Value != grand {
				t.Fatalf("trial %d: %s grand total %v, want %v", trial, tab.ID, tab.Totals.Total.Value, grand)
			}
		}
		// Tables over the same reviews by decision agree on the totals row.
		want := rep.Table("by-year").Totals
		for _, id := range []string{"by-committee-type", "by-committee", "by-area", "by-event-type"} {
			got := rep.Table(id).Totals
			for j := range want.Cells {
				if got.Cells[j].Value != want.Cells[j].Value {
					t.Fatalf("trial %d: %s and by-year disagree on %s", trial, id, rep.Table(id).Columns[j].Code)
				}
			}
		}
	}
}

func TestQuantile(t *testing.T) {
	for _, tc := range []struct {
		xs   []int
		p    float64
		want float64
	}{
		{[]int{1, 2, 3, 4}, 0.5, 2.5}, {[]int{1, 2, 3, 4, 5}, 0.5, 3}, {[]int{1, 2, 3, 4}, 0.25, 1.75},
		{[]int{7}, 0.75, 7}, {[]int{10, 20, 30, 40, 50}, 0.75, 40},
	} {
		if got := Quantile(tc.xs, tc.p); got != tc.want {
			t.Errorf("Quantile(%v, %v) = %v, want %v", tc.xs, tc.p, got, tc.want)
		}
	}
}

func TestParsePeriod(t *testing.T) {
	today := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		q        string
		from, to string
		bad      string
	}{
		{"", "2022-04-01", "2027-03-31", ""},
		{"period=financial&year=2024", "2024-04-01", "2025-03-31", ""},
		{"period=calendar&year=2025", "2025-01-01", "2025-12-31", ""},
		{"period=quarter&year=2024&quarter=4", "2025-01-01", "2025-03-31", ""},
		{"period=custom&from=2025-02-01&to=2025-02-28", "2025-02-01", "2025-02-28", ""},
		{"from=2025-02-01&to=2025-01-01", "", "", "to"},
		{"period=quarter&year=2024&quarter=5", "", "", "quarter"},
		{"period=financial&year=1999", "", "", "year"},
		{"period=custom&from=2025-02-30&to=2025-03-01", "", "", "from"},
		{"period=weekly", "", "", "period"},
	} {
		v, _ := urlValues(tc.q)
		p, err := ParsePeriod(v, today)
		if tc.bad != "" {
			if scrutineer.ErrorCode(err) != scrutineer.EINVALID || scrutineer.ErrorFields(err)[tc.bad] == "" {
				t.Errorf("%q: error %v, want a problem with %s", tc.q, err, tc.bad)
			}
			continue
		}
		if err != nil || p.From != tc.from || p.To != tc.to {
			t.Errorf("%q = %+v, %v; want %s to %s", tc.q, p, err, tc.from, tc.to)
		}
	}
}
