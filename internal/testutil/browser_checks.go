package testutil

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
)

// artifactDirs remembers each test's screenshot folder and how many pictures it holds,
// so that pages of one test number their pictures in one sequence.
var artifactDirs = struct {
	sync.Mutex
	byTest map[string]*artifactDir
}{byTest: map[string]*artifactDir{}}

type artifactDir struct {
	path  string
	count int
}

// ArtifactDir returns the folder where test t keeps its screenshots: with
// SCRUTINEER_ARTIFACTS set, ARTIFACTS/<TestName> (a subtest's "/" becomes "__", and
// the folder is emptied when the test first asks for it, so it holds only this run's
// pictures); otherwise t.ArtifactDir(), kept by go test -artifacts and removed
// without it.
func ArtifactDir(t testing.TB) string {
	t.Helper()
	artifactDirs.Lock()
	defer artifactDirs.Unlock()
	return artifactFor(t).path
}

// artifactFor returns t's folder, making it on first use. The caller holds
// artifactDirs' lock.
func artifactFor(t testing.TB) *artifactDir {
	t.Helper()
	if d, ok := artifactDirs.byTest[t.Name()]; ok {
		return d
	}
	var path string
	if root := os.Getenv(ArtifactsEnv); root != "" {
		abs, err := filepath.Abs(root)
		if err != nil {
			t.Fatalf("%s: %v", ArtifactsEnv, err)
		}
		path = filepath.Join(abs, fileSafe(strings.ReplaceAll(t.Name(), "/", "__")))
		if err := os.RemoveAll(path); err != nil {
			t.Fatalf("clear artifacts: %v", err)
		}
		if err := os.MkdirAll(path, 0o755); err != nil {
			t.Fatalf("artifacts: %v", err)
		}
	} else {
		path = t.ArtifactDir()
	}
	d := &artifactDir{path: path}
	artifactDirs.byTest[t.Name()] = d
	// Forget the folder when the test ends: with -count above 1 the next run of the
	// same test gets a folder of its own (t.ArtifactDir's is removed by then).
	name := t.Name()
	t.Cleanup(func() {
		artifactDirs.Lock()
		defer artifactDirs.Unlock()
		delete(artifactDirs.byTest, name)
	})
	return d
}

var unsafeChars = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// fileSafe turns a name into something safe for a file name; "/" is "home".
func fileSafe(s string) string {
	if s == "/" {
		return "home"
	}
	s = strings.Trim(unsafeChars.ReplaceAllString(s, "-"), "-.")
	if len(s) > 100 {
		s = s[:100]
	}
	if s == "" {
		s = "page"
	}
	return s
}

// Screenshot saves a full-page PNG of the tab as NN-name.png in the test's artifact
// folder and returns its path.
func (p *Page) Screenshot(name string) string {
	p.t.Helper()
	png := run(p, chromedp.FullScreenshot(100))
	artifactDirs.Lock()
	d := artifactFor(p.t)
	d.count++
	file := filepath.Join(d.path, fmt.Sprintf("%03d-%s.png", d.count, fileSafe(name)))
	artifactDirs.Unlock()
	if err := os.WriteFile(file, png, 0o644); err != nil {
		p.t.Errorf("save screenshot: %v", err)
	}
	return file
}

// Shell is what CheckShell reads from a page.
type Shell struct {
	Lang       string `json:"lang"`
	H1s        int    `json:"h1s"`
	Title      string `json:"title"`
	SGDSRules  int    `json:"sgdsRules"`  // CSS rules loaded from /assets/vendor/sgds/
	FontFamily string `json:"fontFamily"` // the body's computed font-family
}

const shellJS = `(() => {
  let rules = 0;
  for (const s of document.styleSheets) {
    if (!s.href || !new URL(s.href).pathname.startsWith('/assets/vendor/sgds/')) continue;
    try { rules += s.cssRules.length; } catch (e) {}
  }
  return {
    lang: document.documentElement.getAttribute('lang') || '',
    h1s: document.querySelectorAll('h1').length,
    title: document.title,
    sgdsRules: rules,
    fontFamily: getComputedStyle(document.body).fontFamily,
  };
})()`

// ReadShell reads the page's language, headings, title and design-system styles.
func (p *Page) ReadShell() Shell {
	p.t.Helper()
	return Eval[Shell](p, shellJS)
}

// CheckShell reports with t.Errorf a page that lacks what every Scrutineer page has:
// lang="en", exactly one h1, a title, and the Scottish Government Design System's
// stylesheet loaded from /assets/vendor/sgds/ and applied (the body's font is the
// design system's Roboto stack).
func (p *Page) CheckShell() {
	p.t.Helper()
	s := p.ReadShell()
	var problems []string
	if s.Lang != "en" {
		problems = append(problems, fmt.Sprintf(`html lang is %q, want "en"`, s.Lang))
	}
	if s.H1s != 1 {
		problems = append(problems, fmt.Sprintf("%d h1 elements, want exactly 1", s.H1s))
	}
	if strings.TrimSpace(s.Title) == "" {
		problems = append(problems, "the page has no title")
	}
	if s.SGDSRules == 0 {
		problems = append(problems, "no design-system stylesheet from /assets/vendor/sgds/ loaded")
	}
	if !strings.HasPrefix(s.FontFamily, "Roboto") {
		problems = append(problems, fmt.Sprintf("body font-family is %q: the design system's styles are not applied", s.FontFamily))
	}
	if len(problems) > 0 {
		p.t.Errorf("%s: %s", p.where(), strings.Join(problems, "; "))
	}
}

// Links returns the absolute URL of every a[href] on the page, in document order,
// except links marked as downloads (a[download]): a browser saves those rather than
// shows them, whatever their address looks like (a published .html file).
func (p *Page) Links() []string {
	p.t.Helper()
	return Eval[[]string](p, `Array.from(document.querySelectorAll('a[href]:not([download])'), a => a.href)`)
}
