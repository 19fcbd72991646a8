package web

import (
	"bytes"
	"context"
	"net/http/httptest"
	"net/url"
	"testing"
	"unicode/utf8"

	"github.com/scrutineer/scrutineer"
)

// FuzzParseSearch reads fuzzed query strings as the search page and API do: no
// panic, no error but a failed lookup, years within bounds when accepted, and the
// search written back as parameters reads the same again.
func FuzzParseSearch(f *testing.F) {
	for _, s := range []string{
		"q=neglect&theme=neglect&organisation=fife-apc",
		"q=%22information+sharing%22+-school&year_from=2019&year_to=2024&kind=learning_review_report",
		"q=a+OR+b&year_from=2025&year_to=2019", "organisation=&organisation=nowhere&theme=x",
		"q=" + url.QueryEscape("(neglect AND \"home visits\") OR curiosity*"), "year_from=99999999999999999999",
	} {
		f.Add(s)
	}
	lookup := func(_ context.Context, slug string) (string, error) {
		if slug == "fife-apc" {
			return "org-fife", nil
		}
		return "", scrutineer.Errorf(scrutineer.ENOTFOUND, "no such organisation")
	}
	themes := []fieldOption{{Value: "neglect", Label: "Neglect"}, {Value: "information_sharing", Label: "Information sharing"}}
	f.Fuzz(func(t *testing.T, raw string) {
		q, _ := url.ParseQuery(raw)
		p, err := parseSearch(context.Background(), q, lookup, themes)
		if err != nil {
			t.Fatalf("error from a query string: %v", err)
		}
		if len(p.Errors) == 0 {
			for _, y := range []int{p.Query.YearFrom, p.Query.YearTo} {
				if y != 0 && (y < searchYearMin || y > searchYearMax) {
					t.Fatalf("year %d accepted", y)
				}
			}
		}
		again, err := parseSearch(context.Background(), p.values(), lookup, themes)
		if err != nil || again.Text != p.Text || len(again.Errors) != len(p.Errors) {
			t.Fatalf("the search written back reads differently: %q %v / %q %v", p.Text, p.Errors, again.Text, again.Errors)
		}
	})
}

// FuzzDecodeJSON decodes fuzzed API bodies as the learning reviews API does: a body
// is one JSON object or an EINVALID error, never a panic or another error.
func FuzzDecodeJSON(f *testing.F) {
	for _, s := range []string{
		`{"subject_type": "child"}`, `{"subject_type":"adult","age_band":"65_plus","sex":"female","event_type":"death","incident_on":"2025-01-10","referral_on":"2025-01-20","version":3}`,
		`null`, `[]`, `{"version": 1e999}`, `{"subject_type": "child"} {}`, "{\"sex\": \"\xff\"}", `{"a":{"b":{"c":[1,2,{"d":null}]}}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		r := httptest.NewRequest("POST", "/api/v1/learning-reviews", bytes.NewReader(body))
		var fields reviewFields
		if err := decodeJSON(r, &fields); err != nil {
			if scrutineer.ErrorCode(err) != scrutineer.EINVALID {
				t.Fatalf("not EINVALID: %v", err)
			}
			return
		}
		rev := &scrutineer.LearningReview{}
		fields.changes().Apply(rev)
	})
}

// FuzzCheckRequestText sends fuzzed query strings and bodies through the text check: it
// never panics, and a form it lets through holds only UTF-8.
func FuzzCheckRequestText(f *testing.F) {
	f.Add("q=neglect", "email=a%40b.c&password=x", "application/x-www-form-urlencoded")
	f.Add("", "{\"subject_type\":\"child\"}", "application/json")
	f.Add("q=%ff", "name=%C3%28", "application/x-www-form-urlencoded; charset=utf-8")
	f.Add("", "\xff\xfe{}", "text/plain")
	f.Fuzz(func(t *testing.T, query, body, contentType string) {
		r := httptest.NewRequest("POST", "/account/tokens", bytes.NewReader([]byte(body)))
		r.URL.RawQuery = query
		r.Header.Set("Content-Type", contentType)
		if err := checkRequestText(r); err != nil {
			if scrutineer.ErrorCode(err) != scrutineer.EINVALID {
				t.Fatalf("not EINVALID: %v", err)
			}
			return
		}
		if err := r.ParseForm(); err == nil {
			for k, vs := range r.Form {
				for _, v := range append(vs, k) {
					if !utf8.ValidString(v) {
						t.Fatalf("a value that is not UTF-8 got through: %q", v)
					}
				}
			}
		}
	})
}
