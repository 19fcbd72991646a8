// Package benchsearch measures the full-text index (internal/search) on a generated
// repository of learning review reports, comparing Search with the bare engine query
// on SQLite and PostgreSQL in the same run. See README.md for how to run it and
// docs/benchmarks.md for results.
package benchsearch
