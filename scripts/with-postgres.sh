#!/usr/bin/env bash
# Runs a command with SCRUTINEER_TEST_POSTGRES_URL pointing at a throwaway PostgreSQL
# cluster that this script starts and stops itself. When the variable is already set,
# the command runs against that server instead. Without PostgreSQL binaries the command
# runs with no URL (PostgreSQL tests skip) except in CI, where that is a failure.
set -euo pipefail

if [ -n "${SCRUTINEER_TEST_POSTGRES_URL:-}" ]; then
  exec "$@"
fi

bindir=""
if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
  bindir=$(dirname "$(command -v pg_ctl)")
else
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/pg_ctl" ] && bindir=$d
  done
fi
if [ -z "$bindir" ]; then
  if [ "${CI:-}" = "true" ]; then
    echo "with-postgres: PostgreSQL server binaries (initdb, pg_ctl) are missing; CI must test PostgreSQL" >&2
    exit 2
  fi
  echo "with-postgres: no PostgreSQL server binaries found; PostgreSQL tests will be skipped" >&2
  exec "$@"
fi

dir=$(mktemp -d /tmp/scrutineer-pg.XXXXXX)
as_pg=()
if [ "$(id -u)" = "0" ]; then
  # initdb refuses to run as root: the cluster belongs to the postgres user.
  chown postgres "$dir"
  as_pg=(runuser -u postgres --)
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null || echo $((20000 + RANDOM % 20000)))

cleanup() {
  "${as_pg[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT INT TERM

"${as_pg[@]}" "$bindir/initdb" -D "$dir/data" -A trust -U scrutineer --no-sync -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
  cat "$dir/initdb.log" >&2; exit 2; }
"${as_pg[@]}" "$bindir/pg_ctl" -D "$dir/data" -w -l "$dir/server.log" \
  -o "-k $dir -c listen_addresses=127.0.0.1 -p $port -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" start >/dev/null || {
  cat "$dir/server.log" >&2; exit 2; }

export SCRUTINEER_TEST_POSTGRES_URL="postgres://scrutineer@127.0.0.1:$port/postgres?sslmode=disable"
echo "with-postgres: throwaway PostgreSQL on 127.0.0.1:$port" >&2
"$@"
