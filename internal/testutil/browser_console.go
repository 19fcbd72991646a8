package testutil

import (
	"fmt"
	"strings"
	"sync"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
)

// consoleLog collects what a tab reports as an error: console.error and
// console.assert calls, uncaught exceptions and unhandled rejections, and error
// entries of the browser log (a stylesheet or script that failed to load, a blocked
// request). It is fed from chromedp's event loop, so an event that came before a
// command's answer is recorded by the time that command returns.
type consoleLog struct {
	mu      sync.Mutex
	entries []consoleEntry
	doc     string // URL of the document the tab last loaded
}

type consoleEntry struct {
	text    string
	network bool   // a browser-log entry about a request
	url     string // the request's URL, for network entries
}

// listen is the tab's event listener. It runs on chromedp's read loop: it must be
// quick and send no command.
func (c *consoleLog) listen(ev any) {
	var e consoleEntry
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if ev.Type != runtime.ConsoleAPICalledTypeError && ev.Type != runtime.ConsoleAPICalledTypeAssert {
			return
		}
		parts := make([]string, 0, len(ev.Args))
		for _, a := range ev.Args {
			parts = append(parts, remoteText(a))
		}
		e.text = fmt.Sprintf("console.%s: %s%s", ev.Type, strings.Join(parts, " "), stackPlace(ev.StackTrace))
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		if d == nil {
			return
		}
		text := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			text += " " + d.Exception.Description
		}
		e.text = fmt.Sprintf("uncaught exception: %s (%s:%d:%d)", text, d.URL, d.LineNumber+1, d.ColumnNumber+1)
	case *log.EventEntryAdded:
		if ev.Entry == nil || ev.Entry.Level != log.EntryLevelError {
			return
		}
		e.text = fmt.Sprintf("browser log (%s): %s", ev.Entry.Source, ev.Entry.Text)
		if ev.Entry.URL != "" {
			e.text += " [" + ev.Entry.URL + "]"
		}
		e.network = ev.Entry.Source == log.EntrySourceNetwork
		e.url = ev.Entry.URL
	default:
		return
	}
	c.mu.Lock()
	c.entries = append(c.entries, e)
	c.mu.Unlock()
}

// setDocument records the URL of the page just loaded.
func (c *consoleLog) setDocument(u string) {
	c.mu.Lock()
	c.doc = u
	c.mu.Unlock()
}

func (c *consoleLog) document() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.doc
}

// drain returns the errors recorded since the last drain. The browser logs a failed
// status of the page's own document (a 404 page, a 422 form answer) as a network
// error; the test checks that status itself, so those entries are left out.
func (c *consoleLog) drain() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for _, e := range c.entries {
		if e.network && sameDocument(e.url, c.doc) {
			continue
		}
		out = append(out, e.text)
	}
	c.entries = nil
	return out
}

// sameDocument compares two URLs without their fragments.
func sameDocument(a, b string) bool {
	cut := func(s string) string { s, _, _ = strings.Cut(s, "#"); return s }
	return a != "" && cut(a) == cut(b)
}

// remoteText is how DevTools would show a console argument.
func remoteText(o *runtime.RemoteObject) string {
	if o == nil {
		return ""
	}
	if o.Description != "" {
		return o.Description
	}
	if len(o.Value) > 0 {
		s := string(o.Value)
		if strings.HasPrefix(s, `"`) {
			s = strings.Trim(s, `"`)
		}
		return s
	}
	if o.UnserializableValue != "" {
		return string(o.UnserializableValue)
	}
	return string(o.Type)
}

// stackPlace names where a console call came from.
func stackPlace(st *runtime.StackTrace) string {
	if st == nil || len(st.CallFrames) == 0 {
		return ""
	}
	f := st.CallFrames[0]
	return fmt.Sprintf(" (%s:%d:%d)", f.URL, f.LineNumber+1, f.ColumnNumber+1)
}

// ConsoleErrors returns the errors the page reported since the last call (or since
// the last CheckConsole or Check).
func (p *Page) ConsoleErrors() []string { return p.console.drain() }

// CheckConsole reports with t.Errorf every console error and uncaught exception since
// the last check.
func (p *Page) CheckConsole() {
	p.t.Helper()
	if errs := p.ConsoleErrors(); len(errs) > 0 {
		p.t.Errorf("%s: the browser console reported %d error(s):\n  %s", p.where(), len(errs), strings.Join(errs, "\n  "))
	}
}
