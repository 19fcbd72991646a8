package scrutineer

import (
	"testing"
	"time"
)

// TestReviewOutcomeValidation breaks one rule of an outcome per case and expects a
// problem with exactly that field; a complete outcome passes.
func TestReviewOutcomeValidation(t *testing.T) {
	today := time.Date(2026, 6, 15, 0, 0, 0, 0, time.UTC)
	full := &LearningReview{Decision: "full_review", DecidedOn: "2026-01-10"}
	ok := func() *ReviewOutcomeInput {
		return &ReviewOutcomeInput{
			CompletedOn: "2026-05-01", RatifiedOn: "2026-05-20", Methodology: "systems_approach",
			FamilyInvolvement: "involved", StaffInvolvement: "involved", Publication: "publish_summary",
			DocumentIDs:     []string{"doc"},
			LearningPoints:  []LearningPoint{{Body: "Chronologies were not shared.", Themes: []string{"chronologies"}}},
			Recommendations: []Recommendation{{Body: "Share chronologies.", Agency: "multi_agency", Themes: []string{"information_sharing"}}},
			Actions:         []ReviewAction{{Action: "Agree a protocol.", Owner: "Committee", DueOn: "2027-01-31", Status: "not_started"}},
		}
	}
	cases := []struct {
		name    string
		change  func(in *ReviewOutcomeInput)
		journey bool
		field   string
	}{
		{name: "complete", journey: true},
		{name: "the contract's minimum", change: func(in *ReviewOutcomeInput) {
			in.Methodology, in.FamilyInvolvement, in.StaffInvolvement, in.Publication = "", "", "", ""
			in.LearningPoints, in.Recommendations, in.Actions = nil, nil, nil
		}},
		{name: "ratified on the day of completion", change: func(in *ReviewOutcomeInput) { in.RatifiedOn = in.CompletedOn }},
		{name: "no completion date", change: func(in *ReviewOutcomeInput) { in.CompletedOn = "" }, field: "completed_on"},
		{name: "completion not a date", change: func(in *ReviewOutcomeInput) { in.CompletedOn = "2026-02-30" }, field: "completed_on"},
		{name: "completion before the decision", change: func(in *ReviewOutcomeInput) { in.CompletedOn, in.RatifiedOn = "2026-01-09", "2026-01-20" }, field: "completed_on"},
		{name: "ratified in the future", change: func(in *ReviewOutcomeInput) { in.RatifiedOn = "2026-06-16" }, field: "ratified_on"},
		{name: "ratified before completion", change: func(in *ReviewOutcomeInput) { in.RatifiedOn = "2026-04-30" }, field: "ratified_on"},
		{name: "unknown methodology", change: func(in *ReviewOutcomeInput) { in.Methodology = "guesswork" }, field: "methodology"},
		{name: "no methodology in the journey", change: func(in *ReviewOutcomeInput) { in.Methodology = "" }, journey: true, field: "methodology"},
		{name: "unknown involvement", change: func(in *ReviewOutcomeInput) { in.FamilyInvolvement = "yes" }, field: "family_involvement"},
		{name: "unknown publication", change: func(in *ReviewOutcomeInput) { in.Publication = "maybe" }, field: "publication"},
		{name: "no document", change: func(in *ReviewOutcomeInput) { in.DocumentIDs = nil }, field: "document_ids"},
		{name: "empty learning point", change: func(in *ReviewOutcomeInput) { in.LearningPoints[0].Body = " " }, field: "learning_points.0.body"},
		{name: "unknown theme", change: func(in *ReviewOutcomeInput) { in.LearningPoints[0].Themes = []string{"luck"} }, field: "learning_points.0.themes"},
		{name: "recommendation without agency", change: func(in *ReviewOutcomeInput) { in.Recommendations[0].Agency = "" }, field: "recommendations.0.agency"},
		{name: "recommendation with unknown agency", change: func(in *ReviewOutcomeInput) { in.Recommendations[0].Agency = "army" }, field: "recommendations.0.agency"},
		{name: "action without owner", change: func(in *ReviewOutcomeInput) { in.Actions[0].Owner = "" }, field: "actions.0.owner"},
		{name: "action without due date", change: func(in *ReviewOutcomeInput) { in.Actions[0].DueOn = "" }, field: "actions.0.due_on"},
		{name: "action with unknown status", change: func(in *ReviewOutcomeInput) { in.Actions[0].Status = "done" }, field: "actions.0.status"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := ok()
			if c.change != nil {
				c.change(in)
			}
			err := full.ValidateOutcome(in, today, c.journey)
			if c.field == "" {
				if err != nil {
					t.Fatalf("refused: %v %v", err, ErrorFields(err))
				}
				return
			}
			fields := ErrorFields(err)
			if ErrorCode(err) != EINVALID || fields[c.field] == "" || len(fields) != 1 {
				t.Fatalf("want one problem with %s, got %v", c.field, fields)
			}
		})
	}
	alt := &LearningReview{Decision: "alternative_approach", DecidedOn: "2026-01-10"}
	in := ok()
	in.LearningPoints = nil
	if ErrorFields(alt.ValidateOutcome(in, today, false))["learning_points"] == "" {
		t.Error("an alternative approach without learning points was accepted")
	}
	if err := (&LearningReview{Decision: "no_review"}).ValidateOutcome(ok(), today, false); ErrorCode(err) != ECONFLICT {
		t.Errorf("a no-review decision's outcome: %v", err)
	}
}

func TestReviewUpdateAndActionValidation(t *testing.T) {
	today := time.Date(2026, 6, 15, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		u     ReviewUpdate
		field string
	}{
		{ReviewUpdate{ExpectedCompletionOn: "2026-06-15", PausedFor: "fatal_accident_inquiry"}, ""},
		{ReviewUpdate{ExpectedCompletionOn: ""}, "expected_completion_on"},
		{ReviewUpdate{ExpectedCompletionOn: "2026-06-14"}, "expected_completion_on"},
		{ReviewUpdate{ExpectedCompletionOn: "next year"}, "expected_completion_on"},
		{ReviewUpdate{ExpectedCompletionOn: "2026-09-01", PausedFor: "holidays"}, "paused_for"},
	}
	for _, c := range cases {
		err := c.u.Validate(today)
		if (c.field == "" && err != nil) || (c.field != "" && ErrorFields(err)[c.field] == "") {
			t.Errorf("%+v: %v %v", c.u, err, ErrorFields(err))
		}
	}
	if ValidateActionStatus("complete") != nil || ErrorFields(ValidateActionStatus("finished"))["status"] == "" {
		t.Error("action status validation")
	}
	r := &LearningReview{Decision: "full_review", DecidedOn: "2026-01-10"}
	if r.ValidateCompletion("2026-06-01", today) != nil || ErrorFields(r.ValidateCompletion("2026-01-09", today))["completed_on"] == "" {
		t.Error("completion date validation")
	}
}
