package testutil

import (
	"context"
	"fmt"
	"strings"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// AxeTags are the axe-core rule tags the browser tests run: WCAG 2.0, 2.1 and 2.2 at
// levels A and AA (2.2 added no level A rule that axe tests, hence no wcag22a).
var AxeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"}

// AxeViolation is one axe-core rule a page breaks, with the elements that break it.
type AxeViolation struct {
	ID      string    `json:"id"`
	Impact  string    `json:"impact"`
	Help    string    `json:"help"`
	HelpURL string    `json:"helpUrl"`
	Nodes   []AxeNode `json:"nodes"`
}

// AxeNode is one element that breaks a rule.
type AxeNode struct {
	// Target holds the CSS selectors that reach the element (one per frame).
	Target  []string `json:"target"`
	HTML    string   `json:"html"`
	Summary string   `json:"summary"`
}

// String formats the violation for a test failure: rule, impact, help, and each
// element's selector and what to fix.
func (v AxeViolation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s): %s\n    %s", v.ID, v.Impact, v.Help, v.HelpURL)
	for _, n := range v.Nodes {
		fmt.Fprintf(&b, "\n    - %s\n      %s", strings.Join(n.Target, " "), n.HTML)
		if n.Summary != "" {
			fmt.Fprintf(&b, "\n      %s", strings.ReplaceAll(n.Summary, "\n", "\n      "))
		}
	}
	return b.String()
}

// axeRun runs axe on the whole document and returns its violations in a shape that
// decodes into []AxeViolation. It needs window.axe, which Axe injects first.
const axeRun = `(async () => {
  const r = await axe.run(document, {
    runOnly: {type: 'tag', values: %s},
    resultTypes: ['violations'],
  });
  const sel = t => Array.isArray(t) ? t.join(' >>> ') : String(t);
  return r.violations.map(v => ({
    id: v.id, impact: v.impact || '', help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({
      target: n.target.map(sel),
      html: (n.html || '').slice(0, 300),
      summary: n.failureSummary || '',
    })),
  }));
})()`

// Axe runs axe-core on the page as it is now and returns the violations of the
// AxeTags rules, whatever their impact. It works in a page opened WithoutJavaScript
// too: the harness evaluates through the DevTools protocol, and turns scripts on for
// the length of the run only.
func (p *Page) Axe() ([]AxeViolation, error) {
	ctx, cancel := context.WithTimeout(p.ctx, pageTimeout)
	defer cancel()
	loaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`typeof window.axe === 'object'`))
	if err != nil {
		return nil, fmt.Errorf("look for axe: %w", err)
	}
	if !loaded {
		if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](p.b.axe+"\n;undefined")); err != nil {
			return nil, fmt.Errorf("inject axe-core: %w", err)
		}
	}
	if p.noJS {
		// NOTE: axe.run waits on timers, which do not fire while scripts are off. Turn
		// them on for the run only: the page's own scripts were skipped when it
		// loaded and do not run now.
		if err := setScripts(ctx, true); err != nil {
			return nil, err
		}
		defer setScripts(ctx, false)
	}
	tags := `['` + strings.Join(AxeTags, `','`) + `']`
	v, err := chromedp.Run(ctx, chromedp.Evaluate[[]AxeViolation](fmt.Sprintf(axeRun, tags), chromedp.EvalAwaitPromise))
	if err != nil {
		return nil, fmt.Errorf("run axe: %w", err)
	}
	return v, nil
}

// CheckAxe runs Axe and reports every violation, of any impact, with t.Errorf.
func (p *Page) CheckAxe() {
	p.t.Helper()
	vs, err := p.Axe()
	if err != nil {
		p.t.Errorf("%s: %v", p.where(), err)
		return
	}
	if len(vs) == 0 {
		return
	}
	msgs := make([]string, len(vs))
	for i, v := range vs {
		msgs[i] = v.String()
	}
	p.t.Errorf("%s: %d accessibility violation(s) (axe-core, WCAG 2.2 A/AA):\n  %s", p.where(), len(vs), strings.Join(msgs, "\n  "))
}

// setScripts turns script execution in the tab on or off.
func setScripts(ctx context.Context, on bool) error {
	_, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: !on})
	if err != nil {
		return fmt.Errorf("turn scripts on=%v: %w", on, err)
	}
	return nil
}
