package web

import "github.com/scrutineer/scrutineer"

// vocabularies name the learning review vocabularies for templates (codeLabel) and
// forms, by the field they code.
var vocabularies = map[string]scrutineer.Codes{
	"subject_type":       scrutineer.SubjectTypeCodes,
	"age_band":           scrutineer.AgeBandCodes,
	"sex":                scrutineer.SexCodes,
	"event_type":         scrutineer.EventTypeCodes,
	"decision":           scrutineer.DecisionCodes,
	"disability":         scrutineer.DisabilityCodes,
	"ethnicity":          scrutineer.EthnicityCodes,
	"legal_status":       scrutineer.LegalStatusCodes,
	"protection_status":  scrutineer.ProtectionStatusCodes,
	"harm_nature":        scrutineer.HarmNatureCodes,
	"parallel_processes": scrutineer.ParallelProcessCodes,
	"planned_method":     scrutineer.MethodCodes,
	"methodology":        scrutineer.MethodCodes,
	"family_involvement": scrutineer.InvolvementCodes,
	"staff_involvement":  scrutineer.InvolvementCodes,
	"publication":        scrutineer.PublicationCodes,
	"paused_for":         scrutineer.PausedForCodes,
	"agency":             scrutineer.AgencyCodes,
	"action_status":      scrutineer.ActionStatusCodes,
	"rating":             scrutineer.AppraisalRatingCodes,
	"status":             scrutineer.StatusCodes,
}

// codeLabel returns the words for value of the vocabulary of field.
func codeLabel(field, value string) string {
	if cs, ok := vocabularies[field]; ok {
		return cs.Label(value)
	}
	return value
}
