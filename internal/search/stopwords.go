package search

import "strings"

// stopWords is PostgreSQL's english stop-word list (tsearch_data/english.stop, 127
// words). NOTE: PostgreSQL drops these words from queries and documents, SQLite's FTS5
// keeps them; leaving standalone ones out of queries on both engines makes a query
// mean the same thing on each.
var stopWords = wordSet(`
i me my myself we our ours ourselves you your yours yourself yourselves he him his
himself she her hers herself it its itself they them their theirs themselves what
which who whom this that these those am is are was were be been being have has had
having do does did doing a an the and but if or because as until while of at by for
with about against between into through during before after above below to from up
down in out on off over under again further then once here there when where why how
all any both each few more most other some such no nor not only own same so than
too very s t can will just don should now`)

func wordSet(s string) map[string]struct{} {
	m := map[string]struct{}{}
	for _, w := range strings.Fields(s) {
		m[w] = struct{}{}
	}
	return m
}
