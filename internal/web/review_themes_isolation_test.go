package web

import (
	"context"
	"database/sql"
	"net/url"
	"testing"

	"github.com/scrutineer/scrutineer/internal/auth"
	"github.com/scrutineer/scrutineer/internal/store"
)

// reviewThemeSamples are the isolation matrix's requests for review_themes*.go's
// routes: theme coding on Fife's notified review (and a recommendation of it), the
// repository, the settings and the timeliness view.
func reviewThemeSamples(t *testing.T, w *isolationWorld) map[string]sample {
	rec := store.NewID()
	if err := w.db.WriteTx(context.Background(), func(tx *sql.Tx) error {
		_, err := tx.Exec(`INSERT INTO review_recommendations (id, review_id, position, body, agency, themes) VALUES ($1, $2, 1, $3, 'social_work', '')`,
			rec, w.lr.review, "Share chronologies between agencies.")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	fife := auth.Resource{OrganisationID: w.lr.org}
	review := "/learning-reviews/" + w.lr.review
	levels := url.Values{"decision": {"30"}, "completion": {"180"}, "outcome": {"7"}, "reminder_before": {"3"}}
	return map[string]sample{
		"POST /learning-reviews/{id}/themes/suggest":               {path: review + "/themes/suggest", form: url.Values{}, resource: fife},
		"POST /learning-reviews/{id}/themes/decide":                {path: review + "/themes/decide", form: url.Values{"accept": {"neglect"}}, resource: fife},
		"POST /learning-reviews/{id}/themes/add":                   {path: review + "/themes/add", form: url.Values{"theme": {"neglect"}}, resource: fife},
		"POST /learning-reviews/{id}/recommendations/{rec}/themes": {path: review + "/recommendations/" + rec + "/themes", form: url.Values{"themes_" + rec: {"chronologies"}}, resource: fife},
		"GET /repository":                   {path: "/repository?q=neglect&committee=fife-apc&theme=neglect&overdue=yes"},
		"GET /reviews/settings/themes":      {path: "/reviews/settings/themes"},
		"GET /reviews/settings/themes/new":  {path: "/reviews/settings/themes/new"},
		"POST /reviews/settings/themes/new": {path: "/reviews/settings/themes/new", form: url.Values{"new_code": {"Bad code"}}},
		"GET /reviews/settings/deadlines":   {path: "/reviews/settings/deadlines"},
		"POST /reviews/settings/deadlines":  {path: "/reviews/settings/deadlines", form: levels},
		"GET /reviews/timeliness":           {path: "/reviews/timeliness"},
	}
}
