package scrutineer

import (
	"slices"
	"testing"
	"time"
)

func sp(s string) *string      { return &s }
func lp(s ...string) *[]string { return &s }

// TestNotificationValidation changes one notification field of a valid child draft
// at a time and expects exactly that field refused (or nothing, for valid answers).
func TestNotificationValidation(t *testing.T) {
	today := time.Date(2026, 6, 15, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		name  string
		c     LearningReviewChanges
		field string
	}{
		{"every answer valid", LearningReviewChanges{Disability: sp("not_known"), Ethnicity: sp("white_scottish"), LegalStatus: sp("none"),
			ProtectionStatus: sp("child_protection_register"), HarmNature: sp("neglect"), CriteriaSet: sp("child_2024"),
			Criteria: lp("died_suicide_or_accident", "concern_joint_working"), InfoRequestedOn: sp("2026-03-12"), InfoReturnedOn: sp("2026-03-12"),
			ParallelProcesses: lp("police_investigation", "prosecution"), PlannedMethod: sp("not_decided")}, ""},
		{"none alone", LearningReviewChanges{ParallelProcesses: lp("none"), Criteria: lp("none"), CriteriaSet: sp("child_2021")}, ""},
		{"harm not known", LearningReviewChanges{HarmNature: sp("not_known")}, ""},
		{"unknown disability", LearningReviewChanges{Disability: sp("maybe")}, "disability"},
		{"unknown ethnicity", LearningReviewChanges{Ethnicity: sp("scottish")}, "ethnicity"},
		{"unknown legal status", LearningReviewChanges{LegalStatus: sp("adopted")}, "legal_status"},
		{"adult status for a child", LearningReviewChanges{ProtectionStatus: sp("asp_protection_plan")}, "protection_status"},
		{"unknown harm", LearningReviewChanges{HarmNature: sp("bad")}, "harm_nature"},
		{"unknown set", LearningReviewChanges{CriteriaSet: sp("child_1999")}, "criteria_set"},
		{"adult set for a child", LearningReviewChanges{CriteriaSet: sp("adult_2022")}, "criteria_set"},
		{"criterion of another set", LearningReviewChanges{CriteriaSet: sp("child_2021"), Criteria: lp("harm_in_secure_care")}, "criteria"},
		{"criteria without a set", LearningReviewChanges{Criteria: lp("died_abuse_neglect")}, "criteria"},
		{"none with others", LearningReviewChanges{ParallelProcesses: lp("none", "prosecution")}, "parallel_processes"},
		{"unknown process", LearningReviewChanges{ParallelProcesses: lp("inquest")}, "parallel_processes"},
		{"returned before requested", LearningReviewChanges{InfoRequestedOn: sp("2026-03-12"), InfoReturnedOn: sp("2026-03-11")}, "info_returned_on"},
		{"returned without requested", LearningReviewChanges{InfoReturnedOn: sp("2026-03-11")}, "info_requested_on"},
		{"requested in the future", LearningReviewChanges{InfoRequestedOn: sp("2026-06-16")}, "info_requested_on"},
		{"returned in the future", LearningReviewChanges{InfoRequestedOn: sp("2026-03-12"), InfoReturnedOn: sp("2026-07-01")}, "info_returned_on"},
		{"requested not a date", LearningReviewChanges{InfoRequestedOn: sp("12/03/2026")}, "info_requested_on"},
		{"unknown method", LearningReviewChanges{PlannedMethod: sp("guesswork")}, "planned_method"},
		{"unknown draft decision", LearningReviewChanges{Decision: sp("perhaps")}, "decision"},
		{"draft decision in the future", LearningReviewChanges{DecidedOn: sp("2026-06-16")}, "decided_on"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := &LearningReview{SubjectType: "child", IncidentOn: "2026-03-01", ReferralOn: "2026-03-10"}
			c.c.Apply(r)
			fields := ErrorFields(r.ValidateDraft(today))
			if c.field == "" && len(fields) != 0 {
				t.Fatalf("refused: %v", fields)
			}
			if c.field != "" && (len(fields) != 1 || fields[c.field] == "") {
				t.Fatalf("problems %v, want one with %s", fields, c.field)
			}
		})
	}
}

func TestNotificationAnswersAndDecision(t *testing.T) {
	today := time.Date(2026, 6, 15, 0, 0, 0, 0, time.UTC)
	r := &LearningReview{ID: "r1", SubjectType: "adult", AgeBand: "26_64", Sex: "male", EventType: "death", IncidentOn: "2026-01-31", ReferralOn: "2026-02-01"}
	c := LearningReviewChanges{Criteria: lp(" ", "died_harm", "died_harm", "serious_harm"), CriteriaSet: sp("adult_2022"), LinkedReviewIDs: lp("r1")}
	c.Apply(r)
	if !slices.Equal(r.Criteria, []string{"died_harm", "serious_harm"}) {
		t.Errorf("criteria not cleaned: %q", r.Criteria)
	}
	if ErrorFields(r.ValidateDraft(today))["linked_review_ids"] == "" {
		t.Error("a review was linked to itself")
	}
	r.LinkedReviewIDs = nil

	// The contract's decision still needs only what it needed: none of the new
	// questions is required.
	in := ReviewDecisionInput{Decision: "no_review", DecidedOn: "2026-06-01", Reasons: "Single-agency learning."}
	if err := r.ValidateDecision(in, today); err != nil {
		t.Fatalf("decision refused for a missing new answer: %v", err)
	}
	var asked []string
	for _, q := range r.Unanswered() {
		asked = append(asked, q.Field)
	}
	want := []string{"disability", "ethnicity", "legal_status", "protection_status", "harm_nature", "parallel_processes", "planned_method", "decision", "decided_on"}
	if !slices.Equal(asked, want) {
		t.Errorf("unanswered %v, want %v", asked, want)
	}
	r.Decision = "no_review"
	for _, q := range r.Unanswered() {
		if q.Field == "planned_method" {
			t.Error("the planned method is asked although there is to be no review")
		}
		if q.Field == "reasons" {
			return
		}
	}
	t.Error("reasons for no review not asked")
}

func TestReasonsCheck(t *testing.T) {
	today := time.Date(2026, 6, 15, 0, 0, 0, 0, time.UTC)
	r := &LearningReview{SubjectType: "child", AgeBand: "5_11", Sex: "female", EventType: "death", IncidentOn: "2026-01-31", ReferralOn: "2026-02-01"}
	key := FindingKey("person_name", 10, 20, "Jane Brown")
	if key == FindingKey("person_name", 10, 20, "Jane Black") || key == FindingKey("person_name", 11, 21, "Jane Brown") {
		t.Error("a finding's key does not depend on its place and text")
	}
	check := &ReasonsCheck{Findings: []TextFinding{{Kind: "person_name", Start: 10, End: 20, Key: key}}}
	in := ReviewDecisionInput{Decision: "no_review", DecidedOn: "2026-06-01", Reasons: "Spoke with Jane Brown.", Check: check}
	if ErrorFields(r.ValidateDecision(in, today))["reasons"] == "" {
		t.Error("an unconfirmed finding was accepted")
	}
	check.Confirmed = []string{"other"}
	if ErrorFields(r.ValidateDecision(in, today))["reasons"] == "" {
		t.Error("a confirmation of another finding was accepted")
	}
	check.Confirmed = []string{key}
	if err := r.ValidateDecision(in, today); err != nil {
		t.Errorf("a confirmed finding was refused: %v", err)
	}
}

func TestProtectionStatusesAndSets(t *testing.T) {
	if ProtectionStatusesFor("adult").Has("looked_after") || !ProtectionStatusesFor("child").Has("looked_after") {
		t.Error("looked after is for children only")
	}
	for _, st := range []string{"child", "adult"} {
		if !ProtectionStatusesFor(st).Has("not_known") || len(CriteriaSetsFor(st)) == 0 {
			t.Errorf("%s: no not known status or no criteria set", st)
		}
	}
}
