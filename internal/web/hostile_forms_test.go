package web

import (
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer/internal/testutil"
)

// markup is the script every text field is given; it must never come back raw.
const markup = `<script>alert("xss")</script><img src=x onerror=alert(1)>`

// hostileValues are what each field of each form is given in turn.
var hostileValues = map[string]string{
	"script":   markup,
	"sql":      `'; DROP TABLE users; -- " OR 1=1 /*`,
	"long":     strings.Repeat("Lorem ipsum dolor ", 20000), // 360 KB, inside the body limit
	"not UTF8": "Caf\xe9 \xff\xfe",
	"control":  "line\x00null\x1b[31m",
}

// TestHostileFormFields sends, for every form of the route table, each hostile value
// in each of its fields in turn, as an administrator and a committee officer: no
// answer is a server error, text that is not UTF-8 is refused with 422 before
// anything is stored, and afterwards no page of the route table shows the script
// unescaped.
func TestHostileFormFields(t *testing.T) {
	db := testutil.NewSQLite(t)
	w := newIsolationWorld(t, db)
	smps := allSamples(t, w)
	tried := 0
	for _, rt := range w.srv.routeTable() {
		smp := smps[rt.pattern]
		method := strings.SplitN(rt.pattern, " ", 2)[0]
		if smp.form == nil || isAPIPattern(rt.pattern) {
			continue
		}
		for _, field := range sortedKeys(smp.form) {
			for kind, value := range hostileValues {
				for _, who := range []string{"admin", "committee_officer"} {
					form := cloneValues(smp.form)
					form.Set(field, value)
					before := testutil.Fingerprint(t, db, "sessions")
					rec := w.sendSample(t, method, sample{path: smp.path, form: form}, w.users[who])
					tried++
					if rec.Code >= 500 {
						t.Errorf("%s field %s = %s as %s: %d", rt.pattern, field, kind, who, rec.Code)
					}
					if kind == "not UTF8" {
						if rec.Code != http.StatusUnprocessableEntity {
							t.Errorf("%s field %s not UTF-8 as %s: %d, want 422", rt.pattern, field, who, rec.Code)
						}
						if before != testutil.Fingerprint(t, db, "sessions") {
							t.Errorf("%s field %s not UTF-8 changed the database", rt.pattern, field)
						}
					}
				}
			}
		}
	}
	t.Logf("hostile form requests: %d", tried)
	storeMarkup(t, w)
	checkNoRawMarkup(t, w, smps)
}

// storeMarkup puts the script into stored values the pages show: organisation and
// person names, a document's title and file name, an API token's label. Written
// straight to the tables, since what matters is the stored text, however it came.
func storeMarkup(t *testing.T, w *isolationWorld) {
	t.Helper()
	for _, q := range []string{
		`UPDATE organisations SET name = $1`,
		`UPDATE users SET name = $1`,
		`UPDATE documents SET title = $1`,
		`UPDATE document_versions SET filename = $1`,
		`UPDATE api_tokens SET label = $1`,
	} {
		if err := w.db.WriteTx(context.Background(), func(tx *sql.Tx) error {
			_, err := tx.Exec(q, markup)
			return err
		}); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// checkNoRawMarkup fetches every GET route of the table as every user and fails on
// any page or JSON answer holding the script as markup.
func checkNoRawMarkup(t *testing.T, w *isolationWorld, smps map[string]sample) {
	t.Helper()
	pages, escaped := 0, 0
	for _, rt := range w.srv.routeTable() {
		if !strings.HasPrefix(rt.pattern, "GET ") {
			continue
		}
		smp, ok := smps[rt.pattern]
		if !ok {
			continue // TestSecurityHeadersEveryRoute and the isolation matrix report it
		}
		for who, u := range w.users {
			rec := w.sendSample(t, http.MethodGet, sample{path: smp.path}, u)
			pages++
			// A CSV export is an attachment of text/csv with nosniff: no browser
			// renders it as a page, so its cells are the stored text as it is.
			if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/html") && !strings.HasPrefix(ct, "application/json") {
				continue
			}
			body := rec.Body.String()
			if strings.Contains(body, "&lt;script&gt;alert") || strings.Contains(body, `\u003cscript\u003ealert`) {
				escaped++
			}
			if strings.Contains(body, "<script>alert") || strings.Contains(body, "<img src=x") {
				t.Errorf("%s as %s shows stored markup unescaped", rt.pattern, who)
			}
		}
	}
	t.Logf("pages checked for raw markup: %d; showing it escaped: %d", pages, escaped)
	if escaped < 10 {
		t.Errorf("only %d answers show the stored markup at all: the check proves little", escaped)
	}
}

func cloneValues(v url.Values) url.Values {
	c := url.Values{}
	for k, vs := range v {
		c[k] = append([]string(nil), vs...)
	}
	return c
}

func sortedKeys(v url.Values) []string {
	keys := make([]string, 0, len(v))
	for k := range v {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
