#!/usr/bin/env bash
# The local PostgreSQL trusts every local connection, so a wrong password could never fail there.
# This gives one role, ferry_pw, real scram-sha-256 password authentication for the wrong-password tests.
set -euo pipefail
PGPORT=${PGPORT:-5432}
hba=$(psql -X -At -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -c "SHOW hba_file")
if ! grep -q "ferry_pw" "$hba"; then
  tmp=$(mktemp)
  { echo "host all ferry_pw 127.0.0.1/32 scram-sha-256"; echo "host all ferry_pw ::1/128 scram-sha-256"; cat "$hba"; } >"$tmp"
  cat "$tmp" >"$hba" && rm -f "$tmp"
fi
psql -X -q -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres <<'SQL'
SET password_encryption = 'scram-sha-256';
DO $$BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ferry_pw') THEN CREATE ROLE ferry_pw LOGIN; END IF;
END$$;
ALTER ROLE ferry_pw PASSWORD 'ferry-pw-secret';
SELECT pg_reload_conf();
SQL
