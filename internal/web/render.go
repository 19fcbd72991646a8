package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/scrutineer/scrutineer"
)

//go:embed templates
var templateFS embed.FS

// pages holds one parsed template set per page: the layout and the component
// partials, plus that page's own "main" block.
type pages struct {
	byName map[string]*template.Template
}

func parsePages() (*pages, error) {
	base := template.New("layout").Funcs(funcs)
	if _, err := base.ParseFS(templateFS, "templates/layout.html", "templates/components/*.html"); err != nil {
		return nil, fmt.Errorf("parse layout: %w", err)
	}
	files, err := fs.Glob(templateFS, "templates/pages/*.html")
	if err != nil {
		return nil, err
	}
	p := &pages{byName: map[string]*template.Template{}}
	for _, f := range files {
		t, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := t.ParseFS(templateFS, f); err != nil {
			return nil, fmt.Errorf("parse %s: %w", f, err)
		}
		p.byName[strings.TrimSuffix(path.Base(f), ".html")] = t
	}
	return p, nil
}

var funcs = template.FuncMap{
	"date": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format("2 January 2006")
	},
	"datetime": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(london).Format("2 January 2006 at 15:04")
	},
	"isoTime":   func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
	"roleLabel": func(r scrutineer.Role) string { return r.Label() },
	// statusLabel and codeLabel show a learning review's codes in words.
	"statusLabel": func(st scrutineer.LearningReviewStatus) string { return scrutineer.StatusCodes.Label(string(st)) },
	"codeLabel":   codeLabel,
	// isoDate shows a YYYY-MM-DD date as "27 March 2026".
	"isoDate": func(d string) string {
		t, err := time.Parse("2006-01-02", d)
		if err != nil {
			return d
		}
		return t.Format("2 January 2006")
	},
	// dict builds the argument of a component partial from name, value pairs.
	"dict": func(kv ...any) (map[string]any, error) {
		if len(kv)%2 != 0 {
			return nil, fmt.Errorf("dict needs name, value pairs")
		}
		m := make(map[string]any, len(kv)/2)
		for i := 0; i < len(kv); i += 2 {
			k, ok := kv[i].(string)
			if !ok {
				return nil, fmt.Errorf("dict name %v is not a string", kv[i])
			}
			m[k] = kv[i+1]
		}
		return m, nil
	},
}

// london is the time zone dates are shown in.
var london = func() *time.Location {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		return time.UTC
	}
	return loc
}()

// pageData is what every page template receives.
type pageData struct {
	Title     string
	User      *scrutineer.User
	Nav       []navItem
	Path      string
	RequestID string
	Version   string
	Status    int
	Message   string
	// Errors maps form fields to their problem; ErrorOrder lists them as on the form.
	Errors     map[string]string
	ErrorOrder []fieldError
	Form       map[string]string
	Flash      string
	Data       any
}

type fieldError struct{ Field, Problem string }

// page returns the data every page needs.
func (s *Server) page(r *http.Request, title string) *pageData {
	u := scrutineer.UserFromContext(r.Context())
	return &pageData{
		Title:     title,
		User:      u,
		Nav:       navFor(u, r.URL.Path),
		Path:      r.URL.Path,
		RequestID: requestID(r.Context()),
		Version:   s.Version,
	}
}

// withErrors records field problems from err in the order fields appear on the form.
func (d *pageData) withErrors(err error, order ...string) *pageData {
	d.Errors = scrutineer.ErrorFields(err)
	d.Message = scrutineer.ErrorMessage(err)
	for _, f := range order {
		if p, ok := d.Errors[f]; ok {
			d.ErrorOrder = append(d.ErrorOrder, fieldError{f, p})
		}
	}
	return d
}

// render writes a page. The page is rendered to memory first so a template error
// becomes a clean error page rather than half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data *pageData) {
	if s.rendered != nil {
		s.rendered(name, data)
	}
	t, ok := s.pages.byName[name]
	if !ok {
		s.Logger.Error("missing template", "request_id", requestID(r.Context()), "template", name)
		http.Error(w, "Sorry, there is a problem with the service.", http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		s.Logger.Error("render", "request_id", requestID(r.Context()), "template", name, "error", err.Error())
		if name != "error" {
			d := s.page(r, titleFor(http.StatusInternalServerError))
			d.Status = http.StatusInternalServerError
			s.render(w, r, http.StatusInternalServerError, "error", d)
			return
		}
		http.Error(w, "Sorry, there is a problem with the service.", http.StatusInternalServerError)
		return
	}
	writeHTML(w, status, buf.Bytes(), data.User != nil)
}

// writeHTML sends a rendered page; a signed-in person's page is never cached.
func writeHTML(w http.ResponseWriter, status int, page []byte, private bool) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	if private {
		h.Set("Cache-Control", "no-store")
	}
	w.WriteHeader(status)
	w.Write(page)
}
