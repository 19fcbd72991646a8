package web

import (
	"context"
	"strings"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// notificationSection is the notification part of the review page
// (templates/components/review-notification.html): everything the committee
// notified, in words.
type notificationSection struct {
	Rows []summaryRow
	// Continue is the next page of the journey while the viewer's committee is
	// still drafting the notification; "" otherwise.
	Continue string
}

// summaryRow is one row of a summary list: a question, its answer in words and,
// on check-your-answers, the page that changes it.
type summaryRow struct {
	Field, Key string
	Value      []string // one line each; empty when not answered
	Links      []summaryLink
	Change     string
}

// summaryLink is a linked review shown in a summary row.
type summaryLink struct{ Href, Text string }

// summaryKeys are the short questions of the summary list, by field.
var summaryKeys = map[string]string{
	"subject_type": "Child or adult", "age_band": "Age", "sex": "Sex", "disability": "Disability", "ethnicity": "Ethnic group",
	"legal_status": "Legal status", "protection_status": "Protection status", "event_type": "Type of event",
	"harm_nature": "Nature of harm or cause of death", "criteria_set": "Guidance used", "criteria": "Criteria met",
	"incident_on": "Date of the incident", "referral_on": "Date of the referral", "info_requested_on": "Information requested",
	"info_returned_on": "Information returned", "parallel_processes": "Parallel processes", "planned_method": "Planned method",
	"linked_review_ids": "Linked reviews", "decision": "Decision", "decided_on": "Date of the decision", "reasons": "Reasons",
}

// notificationRows returns rv's notification as summary rows, with Change links
// to the journey's pages when change is true.
func notificationRows(rv *scrutineer.LearningReview, change bool) []summaryRow {
	rows := []summaryRow{{Field: "subject_type", Key: summaryKeys["subject_type"], Value: []string{scrutineer.SubjectTypeCodes.Label(rv.SubjectType)}}}
	for _, p := range notifyPages {
		for _, f := range p.Fields {
			row := summaryRow{Field: f, Key: summaryKeys[f], Value: answerWords(rv, f)}
			if f == "linked_review_ids" {
				for _, id := range rv.LinkedReviewIDs {
					row.Links = append(row.Links, summaryLink{Href: reviewPath(id), Text: "Review " + shortID(id)})
				}
				if len(row.Links) == 0 {
					row.Value = []string{"None"}
				}
			}
			if change {
				row.Change = notifyPath(rv.ID, p.Slug) + "?return=check"
			}
			rows = append(rows, row)
		}
	}
	return rows
}

// answerWords returns the saved answer to field in words, one line per item.
func answerWords(rv *scrutineer.LearningReview, f string) []string {
	label := func(cs scrutineer.Codes, v string) []string {
		if v == "" {
			return nil
		}
		return []string{cs.Label(v)}
	}
	switch f {
	case "age_band":
		return label(scrutineer.AgeBandCodes, rv.AgeBand)
	case "sex":
		return label(scrutineer.SexCodes, rv.Sex)
	case "disability":
		return label(scrutineer.DisabilityCodes, rv.Disability)
	case "ethnicity":
		return label(scrutineer.EthnicityCodes, rv.Ethnicity)
	case "legal_status":
		return label(scrutineer.LegalStatusCodes, rv.LegalStatus)
	case "protection_status":
		return label(scrutineer.ProtectionStatusCodes, rv.ProtectionStatus)
	case "event_type":
		return label(scrutineer.EventTypeCodes, rv.EventType)
	case "harm_nature":
		return label(scrutineer.HarmNatureAnswers, rv.HarmNature)
	case "planned_method":
		return label(scrutineer.PlannedMethodAnswers, rv.PlannedMethod)
	case "decision":
		return label(scrutineer.DecisionCodes, rv.Decision)
	case "criteria_set":
		if set := scrutineer.FindCriteriaSet(rv.CriteriaSet); set != nil {
			return []string{set.Label}
		}
		return label(nil, rv.CriteriaSet)
	case "criteria":
		codes := scrutineer.Codes{{Value: scrutineer.NoneAnswer, Label: "None of the criteria"}}
		if set := scrutineer.FindCriteriaSet(rv.CriteriaSet); set != nil {
			codes = append(codes, set.Criteria...)
		}
		var out []string
		for _, c := range rv.Criteria {
			out = append(out, codes.Label(c))
		}
		return out
	case "parallel_processes":
		var out []string
		for _, c := range rv.ParallelProcesses {
			out = append(out, scrutineer.ParallelProcessAnswers.Label(c))
		}
		return out
	case "incident_on", "referral_on", "info_requested_on", "info_returned_on", "decided_on":
		if v := fieldValue(rv, f); v != "" {
			return []string{humanDate(v)}
		}
		if f == "info_requested_on" || f == "info_returned_on" {
			return []string{"Not given"}
		}
		return nil
	case "reasons":
		if strings.TrimSpace(rv.Reasons) == "" {
			if rv.Decision != "no_review" {
				return []string{"Not given"}
			}
			return nil
		}
		return strings.Split(rv.Reasons, "\n")
	}
	return nil
}

// loadNotificationSection loads the notification section of rv's page. Every viewer
// of the page may see it; the committee's officers get a link to continue a draft.
func (s *Server) loadNotificationSection(ctx context.Context, rv *scrutineer.LearningReview) (*notificationSection, error) {
	sec := &notificationSection{Rows: notificationRows(rv, false)}
	u := scrutineer.UserFromContext(ctx)
	if rv.Status == scrutineer.ReviewDraft && auth.Allowed(u, auth.EditCommitteeRecord, auth.Resource{OrganisationID: rv.CommitteeID}) {
		sec.Continue = resumePath(rv)
	}
	return sec, nil
}

// resumePath is where a draft resumes: the page of its first unanswered question,
// or check-your-answers when every question has an answer.
func resumePath(rv *scrutineer.LearningReview) string {
	if q := rv.Unanswered(); len(q) > 0 {
		return notifyPath(rv.ID, pageOfField(q[0].Field))
	}
	return notifyPath(rv.ID, "check")
}
