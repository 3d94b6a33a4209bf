#!/usr/bin/env bash
# One whole Ferry migration as a user starts it from a terminal, for an external timer, against the service
# bench/ferry-service.ts keeps up: drops and creates the target database (as bench/pg-dump-psql.sh does), then
# `ferry run` starts the run and follows it until the run ends (schema, data, keys, indexes, FKs, ANALYZE;
# the bench migrations verify on request).
# "pg-autovacuum" leaves ANALYZE to autovacuum, as pg_dump | psql does.
#   /usr/bin/time -v bash bench/ferry-run.sh pg|pg-autovacuum|pg-verified|sqlite|pg-many|pg-many-verified
set -euo pipefail
case "${1:-pg}" in
  pg) migration="bench pg" tgt=ferry_bench_pg_cli ;;
  pg-autovacuum) migration="bench pg autovacuum" tgt=ferry_bench_pg_cli ;;
  pg-verified) migration="bench pg verified" tgt=ferry_bench_pg_cli ;;
  sqlite) migration="bench sqlite" tgt=ferry_bench_sqlite_cli ;;
  pg-many) migration="bench many" tgt=ferry_bench_many_cli ;;
  pg-many-verified) migration="bench many verified" tgt=ferry_bench_many_cli ;;
  *) echo "usage: $0 pg|pg-autovacuum|pg-verified|sqlite|pg-many|pg-many-verified" >&2; exit 2 ;;
esac
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "DROP DATABASE IF EXISTS \"$tgt\" WITH (FORCE)" -c "CREATE DATABASE \"$tgt\""
FERRY_URL=http://127.0.0.1:3400 FERRY_TOKEN="$(cat bench/out/service-data/cli-token)" \
  exec node dist/ferry-cli.js run "$migration" --quiet
