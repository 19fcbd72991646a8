package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/scrutineer/scrutineer/internal/testutil"
)

// demoPassword and demoRoles are the demo accounts of docs/contract.md, with the
// fewest pages each must reach by following links (the crawl fails below that: a
// role that reaches only one page has broken navigation).
const demoPassword = "demo-password-1"

var demoRoles = []struct {
	email    string
	minPages int
	mustSee  []string
}{
	{"", 4, []string{"/", "/login", "/accessibility", "/privacy"}},
	{"admin@demo.scrutineer.test", 7, []string{"/dashboard", "/", "/accessibility", "/privacy", "/admin/organisations", "/admin/jobs", "/admin/outbox", "/admin/audit"}},
	{"inspector@demo.scrutineer.test", 4, []string{"/dashboard", "/", "/accessibility", "/privacy"}},
	{"analyst@demo.scrutineer.test", 4, []string{"/dashboard", "/", "/accessibility", "/privacy"}},
	{"manager@demo.scrutineer.test", 4, []string{"/dashboard", "/reviews/triage", "/repository", "/accessibility"}},
	{"cpc.glasgow@demo.scrutineer.test", 4, []string{"/dashboard", "/", "/accessibility", "/privacy", "/learning-reviews/closed"}},
	{"apc.fife@demo.scrutineer.test", 4, []string{"/dashboard", "/", "/accessibility", "/privacy"}},
	{"area.clackmannanshire@demo.scrutineer.test", 4, []string{"/dashboard", "/", "/accessibility", "/privacy"}},
}

// TestBrowserCrawl starts the whole program as `scrutineer demo`, then, as an
// anonymous visitor and as each demo account signed in through the real login form,
// follows every link it can reach and checks each page in headless Chromium: no axe
// violation (WCAG 2.2 A/AA, any impact), no console error or uncaught exception,
// exactly one h1, lang="en", the design-system CSS applied, status 200. It saves a
// screenshot of every page (see testutil.ArtifactDir). It also checks the 404 page,
// the login form's error summary, and signing in with JavaScript turned off.
func TestBrowserCrawl(t *testing.T) {
	if testing.Short() {
		t.Skip("browser crawl skipped in -short mode")
	}
	b := testutil.NewBrowser(t)
	base := startDemo(t)

	t.Run("missing page", func(t *testing.T) {
		p := b.NewPage(t)
		if got := p.Visit(base + "/no/such/page"); got != http.StatusNotFound {
			t.Errorf("status %d, want 404", got)
		}
		checkPage(p, "not-found")
	})

	t.Run("empty login form", func(t *testing.T) {
		p := b.NewPage(t)
		p.Visit(base + "/login")
		got := p.Follow(chromedp.Click(chromedp.CSS(`main form[action="/login"] button[type="submit"]`)))
		if got != http.StatusUnprocessableEntity {
			t.Errorf("status %d, want 422", got)
		}
		if n := testutil.Eval[int](p, `document.querySelectorAll('.ds_error-summary a[href="#email"], .ds_error-summary a[href="#password"]').length`); n != 2 {
			t.Errorf("error summary links to %d of the 2 empty fields", n)
		}
		checkPage(p, "login-errors")
	})

	t.Run("sign in without JavaScript", func(t *testing.T) {
		p := b.NewPage(t, testutil.WithoutJavaScript())
		signIn(t, p, base, "inspector@demo.scrutineer.test")
		if testutil.Eval[bool](p, `document.documentElement.classList.contains('js-enabled')`) {
			t.Error("the page script ran although JavaScript is off")
		}
		checkPage(p, "dashboard-no-js")
		p.Visit(base + "/")
		checkPage(p, "home-no-js")
	})

	for _, js := range []bool{true, false} {
		name := map[bool]string{true: "narrow screen", false: "narrow screen without JavaScript"}[js]
		t.Run(name, func(t *testing.T) {
			var opts []testutil.PageOption
			if !js {
				opts = append(opts, testutil.WithoutJavaScript())
			}
			p := b.NewPage(t, opts...)
			p.Do(chromedp.EmulateViewport(360, 740))
			p.Visit(base + "/")
			checkPage(p, "home-narrow")
			// The menu control opens the navigation with or without script: a label
			// for a checkbox, which the design system's script hides behind a button.
			control := map[bool]chromedp.CSS{true: `button.js-toggle-menu`, false: `label.js-toggle-menu`}[js]
			p.Do(chromedp.Click(control))
			if h := testutil.Eval[int](p, `document.getElementById('mobile-navigation').offsetHeight`); h == 0 {
				t.Error("the menu control did not open the navigation")
			}
			checkPage(p, "home-narrow-menu")
			if js {
				signIn(t, p, base, "admin@demo.scrutineer.test")
				checkPage(p, "dashboard-narrow")
			}
		})
	}

	counts := map[string]int{}
	var mu sync.Mutex
	for _, role := range demoRoles {
		name := "anonymous"
		if role.email != "" {
			name, _, _ = strings.Cut(role.email, "@")
		}
		t.Run(name, func(t *testing.T) {
			p := b.NewPage(t)
			start := base + "/"
			if role.email != "" {
				signIn(t, p, base, role.email)
				start = base + "/dashboard"
			}
			pages := p.Crawl(start, testutil.CrawlLimits{}, checkPage)
			mu.Lock()
			counts[name] = len(pages)
			mu.Unlock()
			if len(pages) < role.minPages {
				t.Errorf("reached %d pages, want at least %d: %v", len(pages), role.minPages, pages)
			}
			seen := map[string]bool{}
			for _, page := range pages {
				seen[page] = true
			}
			for _, path := range role.mustSee {
				if !seen[path] {
					t.Errorf("never reached %s by following links", path)
				}
			}
		})
	}
	t.Logf("pages crawled per role: %v", counts)
}

// checkPage runs every check a Scrutineer page must pass.
func checkPage(p *testutil.Page, name string) {
	p.CheckShell()
	p.Check(name)
}

// signIn uses the login form as a person would and expects to land on the dashboard.
func signIn(t *testing.T, p *testutil.Page, base, email string) {
	t.Helper()
	if got := p.Visit(base + "/login"); got != http.StatusOK {
		t.Fatalf("GET /login: status %d", got)
	}
	p.Do(
		chromedp.SendKeys(chromedp.CSS(`#email`), email),
		chromedp.SendKeys(chromedp.CSS(`#password`), demoPassword),
	)
	got := p.Follow(chromedp.Click(chromedp.CSS(`main form[action="/login"] button[type="submit"]`)))
	if got == http.StatusOK && strings.HasSuffix(p.URL(), "/login/code") {
		got = enterCode(t, p, email)
	}
	if got != http.StatusOK || !strings.HasSuffix(p.URL(), "/dashboard") {
		t.Fatalf("sign in as %s: status %d at %s, want 200 at /dashboard", email, got, p.URL())
	}
}

// startDemo runs `scrutineer demo` on a free loopback port with a fresh data folder
// until the test ends, and returns its base URL once /readyz answers 200.
func startDemo(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	vars := map[string]string{"SCRUTINEER_ADMIN_ADDR": "off", "SCRUTINEER_LOG_FORMAT": "text"}
	getenv := func(k string) string { return vars[k] }
	logs := &lockedBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"demo", "--addr", addr, "--data", demoDataDir(t)}, getenv, logs, logs)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("scrutineer demo ended with: %v", err)
			}
		case <-time.After(30 * time.Second):
			t.Error("scrutineer demo did not stop within 30s")
		}
		if t.Failed() {
			t.Logf("scrutineer demo output:\n%s", logs.tail(8000))
		}
	})
	base := "http://" + addr
	client := &http.Client{Timeout: 2 * time.Second}
	deadline := time.Now().Add(60 * time.Second)
	for {
		resp, err := client.Get(base + "/readyz")
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				readDemoSecrets(t, logs.tail(1<<20))
				return base
			}
		}
		select {
		case err := <-done:
			done <- err // for the cleanup
			t.Fatalf("scrutineer demo exited before it was ready: %v\n%s", err, logs.tail(8000))
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("/readyz not 200 after 60s\n%s", logs.tail(8000))
		}
	}
}

// lockedBuffer collects the program's output from its goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// tail returns the last n bytes written.
func (l *lockedBuffer) tail(n int) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	s := l.b.String()
	if len(s) > n {
		s = fmt.Sprintf("...\n%s", s[len(s)-n:])
	}
	return s
}
