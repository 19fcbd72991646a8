package testutil_test

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/scrutineer/scrutineer/internal/testutil"
)

// harnessPages are small pages that show the harness catches what it must.
var harnessPages = map[string]string{
	"/good": `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Good</title></head>
<body><main><h1>Good</h1><p>A <a href="/bad">link</a> and <a href="mailto:x@example.test">mail</a>.</p></main></body></html>`,
	"/bad": `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Bad</title></head>
<body><main><h1>Bad</h1><img src="/pixel.gif"><p style="color:#bbb;background:#fff">Faint text</p></main>
<script>console.error("boom from the page"); document.title = "Changed by script"; null.x;</script></body></html>`,
	"/styled": `<!DOCTYPE html><html><head><title>Styled</title></head><body><h1>One</h1><h1>Two</h1></body></html>`,
}

func harnessServer(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/pixel.gif" {
			w.Header().Set("Content-Type", "image/gif")
			w.Write([]byte("GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"))
			return
		}
		body, ok := harnessPages[r.URL.Path]
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if !ok {
			w.WriteHeader(http.StatusNotFound)
			body = `<!DOCTYPE html><html lang="en"><head><title>Not found</title></head><body><main><h1>Not found</h1></main></body></html>`
		}
		w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestBrowserHarness(t *testing.T) {
	t.Setenv(testutil.ArtifactsEnv, t.TempDir())
	srv := harnessServer(t)
	b := testutil.NewBrowser(t)

	t.Run("clean page", func(t *testing.T) {
		p := b.NewPage(t)
		if got := p.Visit(srv.URL + "/good"); got != http.StatusOK {
			t.Fatalf("status %d", got)
		}
		p.Check("good")
		links := p.Links()
		if !slices.Contains(links, srv.URL+"/bad") || !slices.Contains(links, "mailto:x@example.test") {
			t.Errorf("links = %q", links)
		}
		shot := p.Screenshot("again")
		if b, err := os.ReadFile(shot); err != nil || !strings.HasPrefix(string(b), "\x89PNG") {
			t.Errorf("screenshot %s is not a PNG: %v", shot, err)
		}
		if filepath.Base(shot) != "002-again.png" {
			t.Errorf("screenshot name %s, want 002-again.png", filepath.Base(shot))
		}
	})

	t.Run("missing page is not a console error", func(t *testing.T) {
		p := b.NewPage(t)
		if got := p.Visit(srv.URL + "/nowhere"); got != http.StatusNotFound {
			t.Fatalf("status %d, want 404", got)
		}
		if errs := p.ConsoleErrors(); len(errs) > 0 {
			t.Errorf("console errors for a 404 document: %q", errs)
		}
	})

	t.Run("catches violations and console errors", func(t *testing.T) {
		p := b.NewPage(t)
		p.Visit(srv.URL + "/bad")
		vs, err := p.Axe()
		if err != nil {
			t.Fatal(err)
		}
		ids := map[string]bool{}
		for _, v := range vs {
			ids[v.ID] = true
			if len(v.Nodes) == 0 || len(v.Nodes[0].Target) == 0 || v.Help == "" {
				t.Errorf("violation without detail: %+v", v)
			}
		}
		for _, want := range []string{"image-alt", "color-contrast"} {
			if !ids[want] {
				t.Errorf("axe did not report %s; got %v", want, vs)
			}
		}
		errs := strings.Join(p.ConsoleErrors(), "\n")
		for _, want := range []string{"boom from the page", "uncaught exception"} {
			if !strings.Contains(errs, want) {
				t.Errorf("console errors %q lack %q", errs, want)
			}
		}
		if title := p.ReadShell().Title; title != "Changed by script" {
			t.Errorf("title %q: the page script did not run", title)
		}
	})

	t.Run("without JavaScript", func(t *testing.T) {
		p := b.NewPage(t, testutil.WithoutJavaScript())
		p.Visit(srv.URL + "/bad")
		if errs := p.ConsoleErrors(); len(errs) > 0 {
			t.Errorf("a page script ran with JavaScript off: %q", errs)
		}
		if title := p.ReadShell().Title; title != "Bad" {
			t.Errorf("title %q: the page script ran with JavaScript off", title)
		}
		vs, err := p.Axe()
		if err != nil || len(vs) == 0 {
			t.Errorf("axe without page JavaScript: %v, %d violations", err, len(vs))
		}
	})

	t.Run("reduced motion, so clicks do not chase a smooth scroll", func(t *testing.T) {
		p := b.NewPage(t)
		p.Visit(srv.URL + "/good")
		if !testutil.Eval[bool](p, `matchMedia('(prefers-reduced-motion: reduce)').matches`) {
			t.Error("the browser does not prefer reduced motion: the design system's smooth scrolling is on")
		}
	})

	t.Run("shell", func(t *testing.T) {
		p := b.NewPage(t)
		p.Visit(srv.URL + "/styled")
		s := p.ReadShell()
		if s.Lang != "" || s.H1s != 2 || s.SGDSRules != 0 || strings.HasPrefix(s.FontFamily, "Roboto") {
			t.Errorf("shell = %+v", s)
		}
	})
}
