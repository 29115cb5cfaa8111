#!/usr/bin/env bash
# Installs (if needed) and starts a PostgreSQL server on loopback for the tests; prints its URL.
set -euo pipefail
if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi
version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
pg_lsclusters -h | grep -q "^$version main" || pg_createcluster "$version" main >&2
pg_ctlcluster "$version" main status >/dev/null 2>&1 || pg_ctlcluster "$version" main start >&2
as_postgres() { runuser -u postgres -- "$@"; }
as_postgres psql -qtc "SELECT 1 FROM pg_roles WHERE rolname = 'partnerbot'" | grep -q 1 \
  || as_postgres psql -qc "CREATE ROLE partnerbot LOGIN SUPERUSER PASSWORD 'partnerbot'" >&2
as_postgres psql -qtc "SELECT 1 FROM pg_database WHERE datname = 'partnerbot_test'" | grep -q 1 \
  || as_postgres createdb -O partnerbot partnerbot_test >&2
echo "postgresql+psycopg://partnerbot:partnerbot@127.0.0.1:5432/partnerbot_test"
