package docgen

import (
	"math/rand/v2"
	"strings"
)

// vocabulary is the word stock of Prose: the register of a care inspection report,
// with no names of people, so that generated files hold no personal data.
var vocabulary = strings.Fields(`the partnership review multi-agency practice learning
considered children families support services assessment plan health education social
work police housing team meeting evidence findings recommendations improvement quality
outcomes risk safety wellbeing protection chronology information sharing decision
professional staff training supervision leadership governance committee report action
progress evaluation self-evaluation inspection care experience young people adult carer
community local authority area board strategic operational escalation referral response
timely effective consistent clear robust shared understanding needs communication
relationships trauma-informed approach early intervention prevention resources capacity
workforce culture practice-based reflective themes identified strengths areas further
development reviewed agreed noted discussed confirmed considered reported highlighted
across within between during following through consistently appropriately significantly
and or but with for from into about after before while where which that this those
these their its our an a of to in on at by as is was were be been has have had will
should could would may might must not also more most some many each every other`)

// Prose returns n words of deterministic report-like prose from seed, in sentences
// that start with a capital and end with a full stop.
func Prose(seed uint64, n int) string {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	var b strings.Builder
	start := true
	for i := 0; i < n; i++ {
		w := vocabulary[rng.IntN(len(vocabulary))]
		if start {
			w = strings.ToUpper(w[:1]) + w[1:]
			start = false
		}
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w)
		if (rng.IntN(12) == 0 && i+1 < n) || i+1 == n {
			b.WriteByte('.')
			start = true
		}
	}
	return b.String()
}

// Wrap breaks text into lines of at most width bytes at spaces.
func Wrap(text string, width int) []string {
	var lines []string
	var line strings.Builder
	for _, w := range strings.Fields(text) {
		if line.Len() > 0 && line.Len()+1+len(w) > width {
			lines = append(lines, line.String())
			line.Reset()
		}
		if line.Len() > 0 {
			line.WriteByte(' ')
		}
		line.WriteString(w)
	}
	if line.Len() > 0 {
		lines = append(lines, line.String())
	}
	return lines
}
