#!/usr/bin/env bash
# Runs every fuzz target of the project for FUZZTIME each (default 10s). Targets are
# found by their names (func FuzzX(f *testing.F)) in *_test.go files, so a new one
# joins by itself. `go test -fuzz` takes one target per package per run and relinks
# the instrumented test binary each time, so each package's binary is built once
# (go test -c -fuzz) and run per target instead. What the fuzzer learns is kept where
# `go test -fuzz` keeps it (GOCACHE/fuzz); a failing input is written to the
# package's testdata/fuzz/ as usual: commit it with the fix.
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime=${FUZZTIME:-10s}
root=$PWD
module=$(go list -m)
cache=$(go env GOCACHE)/fuzz
bin=$(mktemp -d "${TMPDIR:-/tmp}/scrutineer-fuzz.XXXXXX")
trap 'rm -rf "$bin"' EXIT
start=$(date +%s)
n=0
failed=()
for dir in $(grep -rl --include='*_test.go' '^func Fuzz[A-Za-z0-9_]*(f \*testing\.F)' . | xargs -n1 dirname | sort -u | sed 's#^\./##'); do
  pkg=$module/$dir
  exe=$bin/$(echo "$dir" | tr / _).test
  go test -c -fuzz=. -o "$exe" "./$dir"
  targets=$(sed -n 's/^func \(Fuzz[A-Za-z0-9_]*\)(f \*testing\.F).*/\1/p' "$dir"/*_test.go)
  for target in $targets; do
    n=$((n + 1))
    log=$bin/$target.log
    # -test.parallel=1: one fuzzing worker; the machines have two cores shared
    # with the rest of the build.
    if (cd "$root/$dir" && "$exe" -test.run='^$' -test.fuzz="^${target}\$" -test.fuzztime="$fuzztime" \
        -test.parallel=1 -test.fuzzcachedir="$cache/$pkg") >"$log" 2>&1; then
      echo "fuzz: ./$dir $target: $(grep -o 'execs: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2) inputs in $fuzztime"
    else
      cat "$log" >&2
      failed+=("./$dir $target")
    fi
  done
done
echo "fuzz: $n targets, $fuzztime each, $(( $(date +%s) - start ))s in all; ${#failed[@]} failed"
if [ "${#failed[@]}" -gt 0 ]; then
  printf 'fuzz: FAILED %s\n' "${failed[@]}" >&2
  exit 1
fi
