#!/usr/bin/env bash
# The baseline Ferry's PostgreSQL → PostgreSQL path is measured against, as one command for an external timer:
# drops and creates the target, then pg_dump | psql (schema, data, indexes, keys, FKs, sequences); with
# "analyze", then vacuumdb --analyze-only -j 2 too, for planner statistics as a Ferry run leaves them by default.
#   /usr/bin/time -f '%e s %M kB' bench/pg-dump-psql.sh [ferry_bench_pg_source] [ferry_bench_pg_psql] [analyze]
set -euo pipefail
src=${1:-ferry_bench_pg_source}
tgt=${2:-ferry_bench_pg_psql}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "DROP DATABASE IF EXISTS \"$tgt\" WITH (FORCE)" -c "CREATE DATABASE \"$tgt\""
pg_dump -d "$src" | psql -X -q -v ON_ERROR_STOP=1 -d "$tgt" >/dev/null
if [ "${3:-}" = analyze ]; then vacuumdb --analyze-only --quiet -j 2 -d "$tgt"; fi
