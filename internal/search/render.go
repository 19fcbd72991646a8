package search

import "strings"

// Each engine gets the parsed query in its own syntax. Every word or phrase the user
// typed becomes one quoted string, so nothing in user text is read as an operator:
// quoting is the whole defence against injection into the query languages, and the
// SQL itself only ever receives the result as a bound parameter.

// fts5 renders p as an FTS5 MATCH expression, for example
// ("neglect" OR "abuse") AND "chronolog"* NOT "minutes".
func (p *parsed) fts5() string {
	var b strings.Builder
	if len(p.not) > 0 {
		b.WriteByte('(')
	}
	for i, c := range p.must {
		if i > 0 {
			b.WriteString(" AND ")
		}
		writeClause(&b, c, " OR ", fts5Term)
	}
	if len(p.not) > 0 {
		b.WriteByte(')')
	}
	// NOTE: FTS5's NOT is binary (a NOT b) and left-associative, so
	// (x) NOT a NOT b leaves out documents with a and those with b.
	for _, t := range p.not {
		b.WriteString(" NOT ")
		fts5Term(&b, t)
	}
	return b.String()
}

// fts5Term writes t as an FTS5 string: inside double quotes only a doubled quote is
// special, and the string is split into a phrase by the table's own tokenizer.
func fts5Term(b *strings.Builder, t term) {
	b.WriteByte('"')
	b.WriteString(strings.ReplaceAll(t.text, `"`, `""`))
	b.WriteByte('"')
	if t.prefix {
		b.WriteByte('*')
	}
}

// tsquery renders p as text for PostgreSQL's to_tsquery('english', ...), for example
// ('neglect' | 'abuse') & 'chronolog':* & !'minutes'.
func (p *parsed) tsquery() string {
	var b strings.Builder
	for i, c := range p.must {
		if i > 0 {
			b.WriteString(" & ")
		}
		writeClause(&b, c, " | ", tsTerm)
	}
	for _, t := range p.not {
		b.WriteString(" & !")
		tsTerm(&b, t)
	}
	return b.String()
}

// tsTerm writes t as a quoted to_tsquery token. to_tsquery runs the quoted text
// through the english configuration, so a quoted run of several words becomes a
// phrase (<->) and each word is stemmed as the documents were. Inside the quotes a
// quote is doubled and a backslash escaped.
func tsTerm(b *strings.Builder, t term) {
	b.WriteByte('\'')
	b.WriteString(strings.NewReplacer(`\`, `\\`, `'`, `''`).Replace(t.text))
	b.WriteByte('\'')
	if t.prefix {
		b.WriteString(":*")
	}
}

// writeClause writes the alternatives of c joined by sep, bracketed when there are
// several, each written by one.
func writeClause(b *strings.Builder, c clause, sep string, one func(*strings.Builder, term)) {
	if len(c) > 1 {
		b.WriteByte('(')
	}
	for i, t := range c {
		if i > 0 {
			b.WriteString(sep)
		}
		one(b, t)
	}
	if len(c) > 1 {
		b.WriteByte(')')
	}
}
