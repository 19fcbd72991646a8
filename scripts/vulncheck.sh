#!/usr/bin/env bash
# Runs govulncheck (a tool dependency in go.mod) against an offline vulnerability
# database, so the check never asks vuln.go.dev. The database is, in order:
#   1. $GOVULNDB (a folder, or a file:// URL) when set;
#   2. ./vulndb when that folder exists (a v1 database, as cmd/indexdb writes it);
#   3. built once into $VULNDB_CACHE from the golang.org/x/vulndb Go module at the
#      pinned version below: the go command fetches that module through the module
#      proxy like any dependency, and its cmd/indexdb turns its OSV files into a
#      database (about 30 s the first time, then cached).
# With none of these obtainable (no module proxy and no cache), it says exactly what
# is missing and exits 2.
set -euo pipefail
cd "$(dirname "$0")/.."

# The vulndb module version is a dated snapshot of the Go vulnerability reports;
# raise it to take newer reports in.
VULNDB_VERSION=${VULNDB_VERSION:-v0.0.0-20261105234957-e22db6528018}
cache=${VULNDB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/scrutineer/vulndb-$VULNDB_VERSION}

db=""
if [ -n "${GOVULNDB:-}" ]; then
  db=${GOVULNDB#file://}
elif [ -d vulndb ]; then
  db=$PWD/vulndb
elif [ -f "$cache/index/db.json" ]; then
  db=$cache
else
  echo "vulncheck: building the offline vulnerability database from golang.org/x/vulndb@$VULNDB_VERSION" >&2
  src=$(GOFLAGS=-mod=mod go mod download -json "golang.org/x/vulndb@$VULNDB_VERSION" 2>/dev/null |
    sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p') || true
  if [ -z "$src" ] || [ ! -d "$src/data/osv" ]; then
    cat >&2 <<MSG
vulncheck: no offline vulnerability database. Missing: GOVULNDB (a v1 database
folder), a ./vulndb folder, and the module golang.org/x/vulndb@$VULNDB_VERSION
(from the Go module proxy or the module cache) to build one.
MSG
    exit 2
  fi
  mkdir -p "${cache%/*}"
  tmp=$(mktemp -d "${cache%/*}/tmp.XXXXXX")
  # Built outside this module so vulndb's own dependencies stay out of our go.mod.
  (cd "$tmp" && GOFLAGS=-mod=mod go run "golang.org/x/vulndb/cmd/indexdb@$VULNDB_VERSION" \
    -vulns "$src/data/osv" -out "$tmp/db")
  rm -rf "$cache"
  mv "$tmp/db" "$cache"
  rm -rf "$tmp"
  db=$cache
fi
[ -f "$db/index/db.json" ] || { echo "vulncheck: $db is not a vulnerability database (no index/db.json)" >&2; exit 2; }
echo "vulncheck: database $db" >&2
exec go tool govulncheck -db "file://$db" "${@:-./...}"
