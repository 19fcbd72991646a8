package testutil

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// ChromiumEnv names a variable that overrides where the browser tests find Chromium.
// Unset, they use Debian's /usr/bin/chromium, then "chromium" on the PATH.
const ChromiumEnv = "SCRUTINEER_CHROMIUM"

// ArtifactsEnv names the folder the browser tests keep their screenshots in. When it
// is set, each test writes to ARTIFACTS/<TestName>/ (make test sets it to ./artifacts,
// so the pictures of the last run stay there); when it is not, each test writes to
// t.ArtifactDir(), which go test keeps only when run with -artifacts.
const ArtifactsEnv = "SCRUTINEER_ARTIFACTS"

// pageTimeout bounds one browser step (a navigation, a click, an axe run) so that a
// hung page fails its test instead of the whole binary's timeout.
//
// NOTE: 60 s, not 30: in the full `make test` on 2 cores the token page's form post
// (a synchronous commit) timed out at 30 s while the crash-safety tests saturate the
// disk with synchronous writes; alone, or under CPU load only, it takes well under a
// second.
const pageTimeout = 60 * time.Second

// Browser is one headless Chromium process driven through chromedp. Start one per
// test with NewBrowser and open as many pages in it as the test needs: each page has
// its own cookies, so one browser serves several signed-in users at once.
type Browser struct {
	ctx    context.Context // the browser's first tab; pages are opened from it
	cancel context.CancelFunc
	axe    string // the source of axe.min.js
}

// NewBrowser starts headless Chromium with a fresh profile and stops it when the test
// ends. Without Chromium or without node_modules/axe-core the test is skipped, except
// in CI (CI=true), where that is a failure.
func NewBrowser(t testing.TB) *Browser {
	t.Helper()
	exe := chromiumPath()
	if exe == "" {
		missing(t, "Chromium is not installed (apt-get install chromium, or set "+ChromiumEnv+" to its path)")
	}
	axe, err := axeSource()
	if err != nil {
		missing(t, err.Error())
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-features", "Translate,MediaRouter,OptimizationHints"),
		chromedp.Flag("metrics-recording-only", true),
		chromedp.Flag("password-store", "basic"),
		chromedp.Flag("use-mock-keychain", true),
		chromedp.Flag("force-color-profile", "srgb"),
		chromedp.Flag("lang", "en-GB"),
		// NOTE: the design system scrolls smoothly unless the reader prefers reduced
		// motion. A click scrolls its target into view and presses at its centre; a
		// smooth scroll moves the button between press and release, the click is
		// lost and the page never navigates (1 run in 12 hung on a form's submit).
		chromedp.Flag("force-prefers-reduced-motion", true),
		chromedp.WindowSize(1280, 900),
		// NOTE: no UserDataDir option: chromedp then makes a fresh temporary profile
		// for this browser and removes it, with any leftover child processes, at the end.
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	b := &Browser{ctx: ctx, axe: axe, cancel: func() { cancelCtx(); cancelAlloc() }}
	// NOTE: the first Do on a context starts the browser and ties it to that very
	// context, so it gets ctx itself, not a child with a timeout.
	if err := chromedp.Do(ctx); err != nil {
		b.cancel()
		t.Fatalf("start Chromium (%s): %v", exe, err)
	}
	t.Cleanup(b.cancel)
	return b
}

// missing skips a browser test whose tools are absent, or fails it in CI.
func missing(t testing.TB, why string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("browser tests cannot run: %s; CI must run them (.ci/run installs Chromium)", why)
	}
	t.Skipf("browser tests skipped: %s", why)
}

// chromiumPath finds the browser, or returns "".
func chromiumPath() string {
	if p := os.Getenv(ChromiumEnv); p != "" {
		if _, err := os.Stat(p); err != nil {
			return ""
		}
		return p
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

var (
	axeOnce sync.Once
	axeText string
	axeErr  error
)

// axeSource reads node_modules/axe-core/axe.min.js from the repository root (the
// folder holding go.mod), once per test binary.
func axeSource() (string, error) {
	axeOnce.Do(func() {
		root, err := RepoRoot()
		if err != nil {
			axeErr = err
			return
		}
		b, err := os.ReadFile(filepath.Join(root, "node_modules", "axe-core", "axe.min.js"))
		if err != nil {
			axeErr = fmt.Errorf("axe-core is not installed (run npm ci): %w", err)
			return
		}
		axeText = string(b)
	})
	return axeText, axeErr
}

// RepoRoot returns the repository's root: the nearest folder above the working
// directory that holds go.mod.
func RepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}

// PageOption changes how NewPage opens a page.
type PageOption func(*pageConfig)

type pageConfig struct {
	noJS bool
}

// WithoutJavaScript opens the page with script execution turned off, as for a person
// whose browser has JavaScript disabled. Scrutineer must work the same way. The
// harness itself can still inspect the page and run axe through the DevTools protocol.
func WithoutJavaScript() PageOption { return func(c *pageConfig) { c.noJS = true } }

// Page is one browser tab in a browser context of its own (its own cookies and
// storage), tied to one test. Its methods fail that test on a broken step and report
// check failures with t.Errorf, so a crawl reports every problem it meets.
type Page struct {
	t       testing.TB
	b       *Browser
	ctx     context.Context
	noJS    bool
	console *consoleLog
}

// NewPage opens a tab for test t. The tab closes when t ends.
func (b *Browser) NewPage(t testing.TB, opts ...PageOption) *Page {
	t.Helper()
	var cfg pageConfig
	for _, o := range opts {
		o(&cfg)
	}
	cl := &consoleLog{}
	ctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithNewBrowserContext(), chromedp.WithListener(cl.listen))
	t.Cleanup(cancel)
	p := &Page{t: t, b: b, ctx: ctx, noJS: cfg.noJS, console: cl}
	// The first Do opens the tab and ties it to ctx (not to a child with a timeout).
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("browser: open a tab: %v", err)
	}
	if cfg.noJS {
		if err := setScripts(ctx, false); err != nil {
			t.Fatalf("browser: %v", err)
		}
	}
	return p
}

// Context returns the tab's chromedp context, for actions the helpers do not cover.
func (p *Page) Context() context.Context { return p.ctx }

// do runs steps with the page timeout and fails the test on an error.
func (p *Page) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, pageTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		p.t.Fatalf("browser: %s: %v", what, err)
	}
}

// Do runs chromedp actions in the tab and fails the test on an error.
func (p *Page) Do(steps ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	p.do("run actions", steps...)
}

// Visit loads a URL and returns its HTTP status. A page that does not load at all
// fails the test.
func (p *Page) Visit(url string) int {
	p.t.Helper()
	return p.Follow(chromedp.Navigate(url))
}

// Follow runs actions that load a new page, such as a click on a link or a form's
// submit button, waits for that page and returns its HTTP status.
func (p *Page) Follow(steps ...chromedp.Action[chromedp.Void]) int {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, pageTimeout)
	defer cancel()
	res, err := chromedp.RunResponse(ctx, steps...)
	if err != nil {
		p.t.Fatalf("browser: load a page: %v", err)
	}
	if res == nil {
		p.t.Fatalf("browser: load a page: no response")
	}
	p.console.setDocument(res.URL)
	return int(res.Status)
}

// URL returns the address of the page the tab shows.
func (p *Page) URL() string {
	p.t.Helper()
	return run(p, chromedp.Location())
}

// Eval evaluates a JavaScript expression in the page and decodes its value into T.
// It works in a page opened WithoutJavaScript too.
func Eval[T any](p *Page, expr string) T {
	p.t.Helper()
	return run(p, chromedp.Evaluate[T](expr))
}

// run runs one action that returns a value, failing the test on an error.
func run[T any](p *Page, a chromedp.Action[T]) T {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, pageTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		p.t.Fatalf("browser: %v", err)
	}
	return v
}

// Check runs the checks every page must pass: no axe violation (WCAG 2.2 A and AA),
// nothing written to the console as an error, no uncaught exception. It saves a
// full-page screenshot named name and reports failures with t.Errorf.
func (p *Page) Check(name string) {
	p.t.Helper()
	p.CheckConsole()
	p.CheckAxe()
	p.Screenshot(name)
}

// where names the page in failure messages.
func (p *Page) where() string {
	if u := p.console.document(); u != "" {
		return u
	}
	return strings.TrimSpace(p.URL())
}
