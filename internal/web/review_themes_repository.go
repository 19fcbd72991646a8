package web

import (
	"context"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/search"
)

// The repository view, GET /repository: every review that is no longer a draft, for
// regulator staff, with filters, full-text search over the reports (through the
// search index, whose hits name reviews or their documents) and overdue flags.

// repositoryTextHits bounds how many index hits a text search reads (ids only, one
// query): the repository then filters and pages the reviews they name.
const repositoryTextHits = search.MaxIDsLimit

// repositoryKinds are the index kinds that hold a review's text: the review's own
// entry (internal/themes) and a sent document's until the review is indexed.
var repositoryKinds = []string{search.KindLearningReviewReport, string(scrutineer.DocReport), string(scrutineer.DocLearningSummary), string(scrutineer.DocMinutes)}

var committeeKinds = scrutineer.Codes{
	{Value: string(scrutineer.KindChildProtectionCommittee), Label: "Child protection committee"},
	{Value: string(scrutineer.KindAdultProtectionCommittee), Label: "Adult protection committee"},
	{Value: string(scrutineer.KindPublicProtectionCommittee), Label: "Public protection committee"},
}

// repositoryData is what templates/pages/repository.html shows.
type repositoryData struct {
	Committees, Kinds, Subjects, Decisions, Themes, States, Sorts []fieldOption
	Overdue                                                       bool
	Rows                                                          []repositoryRow
	Total, First                                                  int
	Pager                                                         pager
	Filtered                                                      bool
	// MayTimeliness and MaySettings link to the timeliness view and the settings.
	MayTimeliness, MaySettings bool
}

type repositoryRow struct {
	scrutineer.RepositoryRow
	Ref        string
	ThemeNames []string
	Snippet    template.HTML
}

// options turns a vocabulary into select options with an "any" first.
func options(any string, cs scrutineer.Codes, chosen string) []fieldOption {
	out := []fieldOption{{Value: "", Label: any, Selected: chosen == ""}}
	for _, c := range cs {
		out = append(out, fieldOption{Value: c.Value, Label: c.Label, Selected: c.Value == chosen})
	}
	return out
}

func (s *Server) repository(w http.ResponseWriter, r *http.Request) error {
	if s.Repository == nil {
		return scrutineer.Errorf(scrutineer.ENOTFOUND, "Page not found.")
	}
	ctx := r.Context()
	q := r.URL.Query()
	get := func(k string) string { return strings.TrimSpace(q.Get(k)) }
	vocab := s.currentVocabulary(ctx)
	var themeCodes scrutineer.Codes
	for _, t := range vocab.Themes {
		themeCodes = append(themeCodes, scrutineer.Code{Value: t.Code, Label: t.Label})
	}
	states := scrutineer.Codes{}
	for _, c := range scrutineer.StatusCodes {
		if c.Value != string(scrutineer.ReviewDraft) {
			states = append(states, c)
		}
	}
	f := scrutineer.RepositoryFilter{Page: pageNumber(r), Oldest: get("sort") == "oldest", Overdue: get("overdue") == "yes"}
	var p scrutineer.Problems
	pick := func(field string, cs scrutineer.Codes, dst *string, msg string) {
		if v := get(field); v != "" && !cs.Has(v) {
			p.Add(field, msg)
		} else {
			*dst = v
		}
	}
	var kind string
	pick("committee_type", committeeKinds, &kind, "Choose a type of committee from the list.")
	f.CommitteeKind = scrutineer.OrganisationKind(kind)
	pick("subject_type", scrutineer.SubjectTypeCodes, &f.SubjectType, "Choose child or adult.")
	pick("decision", scrutineer.DecisionCodes, &f.Decision, "Choose a decision from the list.")
	pick("theme", themeCodes, &f.Theme, "Choose a theme from the list.")
	pick("state", states, &f.Status, "Choose a state from the list.")
	if slug := get("committee"); slug != "" {
		id, err := s.slugID(ctx, slug)
		switch scrutineer.ErrorCode(err) {
		case "":
			f.CommitteeID = id
		case scrutineer.ENOTFOUND:
			p.Add("committee", "Choose a committee from the list.")
		default:
			return err
		}
	}
	if y := get("year"); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil || n < searchYearMin || n > searchYearMax {
			p.Add("year", "Enter the year of referral as four digits, like 2024.")
		}
		f.Year = n
	}
	data := &repositoryData{Kinds: options("Any type", committeeKinds, kind), Subjects: options("Child or adult", scrutineer.SubjectTypeCodes, f.SubjectType),
		Decisions: options("Any decision", scrutineer.DecisionCodes, f.Decision), Themes: options("Any theme", themeCodes, f.Theme),
		States: options("Any state", states, f.Status), Overdue: f.Overdue,
		Sorts: []fieldOption{{Value: "newest", Label: "Newest referral first", Selected: !f.Oldest}, {Value: "oldest", Label: "Oldest referral first", Selected: f.Oldest}}}
	u := scrutineer.UserFromContext(ctx)
	data.MayTimeliness = auth.Allowed(u, auth.ViewStatistics, auth.Resource{})
	data.MaySettings = auth.Allowed(u, auth.ManageReviewSettings, auth.Resource{})
	var err error
	if data.Committees, err = s.committeeOptions(ctx, []string{get("committee")}); err != nil {
		return err
	}
	data.Committees[0].Label = "Any committee"
	snippets := map[string]string{}
	if text := get("q"); text != "" && p.Err("") == nil {
		f.TextSearch = true
		if f.TextIDs, err = s.repositoryText(ctx, text); scrutineer.ErrorCode(err) == scrutineer.EINVALID {
			p.Add("q", scrutineer.ErrorMessage(err))
		} else if err != nil {
			return err
		}
	}
	d := s.page(r, "Learning review repository")
	d.Form = map[string]string{"q": get("q"), "year": get("year")}
	d.Data = data
	status := http.StatusOK
	if perr := p.Err("Check the filters."); perr != nil {
		d.withErrors(perr, "q", "committee", "committee_type", "subject_type", "year", "decision", "theme", "state")
		status = http.StatusUnprocessableEntity
	} else {
		res, err := s.Repository.Repository(ctx, f)
		if err != nil {
			return err
		}
		if f.TextSearch {
			if snippets, err = s.repositorySnippets(ctx, get("q"), res.Rows); err != nil {
				return err
			}
		}
		data.Total, data.First = res.Total, (res.Page-1)*scrutineer.RepositoryPageSize+1
		data.Filtered = len(q) > 0
		for _, row := range res.Rows {
			rr := repositoryRow{RepositoryRow: row, Ref: shortID(row.Review.ID), Snippet: template.HTML(snippets[row.Review.ID])}
			for _, c := range row.Themes {
				rr.ThemeNames = append(rr.ThemeNames, vocab.Label(c))
			}
			data.Rows = append(data.Rows, rr)
		}
		data.Pager = newPager("/repository", q, res.Page, res.Page*scrutineer.RepositoryPageSize < res.Total).named("Pages of reviews", "Previous page", "Next page")
	}
	s.render(w, r, status, "repository", d)
	return nil
}

// repositoryText runs a full-text search over the reports and returns the ids it
// found (reviews, or documents of reviews), best first. It asks for ids only:
// snippets re-read each document, so they are fetched for the page's rows alone
// (repositorySnippets).
func (s *Server) repositoryText(ctx context.Context, text string) ([]string, error) {
	if s.Search == nil {
		return nil, scrutineer.Errorf(scrutineer.ENOTFOUND, "Page not found.")
	}
	res, err := s.Search.Search(ctx, search.Query{Text: text, Kinds: repositoryKinds, Limit: repositoryTextHits, IDsOnly: true})
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(res.Items))
	for i, h := range res.Items {
		ids[i] = h.ID
	}
	return ids, nil
}

// repositorySnippets returns the snippet of each of the page's reviews that the
// search found under its own id. The snippet is the engine's escaped passage with
// <mark> around matches (see searchRows), so it is safe as template.HTML.
func (s *Server) repositorySnippets(ctx context.Context, text string, rows []scrutineer.RepositoryRow) (map[string]string, error) {
	ids := make([]string, len(rows))
	for i, row := range rows {
		ids[i] = row.Review.ID
	}
	snippets := map[string]string{}
	if len(ids) == 0 {
		return snippets, nil
	}
	res, err := s.Search.Search(ctx, search.Query{Text: text, Kinds: repositoryKinds, IDs: ids, Limit: min(len(ids), search.MaxLimit)})
	if err != nil {
		return nil, err
	}
	for _, h := range res.Items {
		snippets[h.ID] = h.Snippet
	}
	return snippets, nil
}
