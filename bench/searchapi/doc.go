// Package benchsearchapi measures repository search through the JSON API: GET
// /api/v1/search through the whole HTTP stack (bearer token, rate limit, policy,
// parameters, Index.Search, organisation names, JSON) against the bare engine query
// (search.Raw) in the same run, on SQLite and PostgreSQL. See README.md for how to run
// it and docs/benchmarks.md for results.
package benchsearchapi
