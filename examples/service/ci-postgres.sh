#!/usr/bin/env bash
# Sourced by CI (`. examples/service/ci-postgres.sh`): installs and starts
# Debian's PostgreSQL when it can, creates a test role and database, and
# exports SMECREDIT_TEST_POSTGRES for the service's reliability and audit
# store tests. When PostgreSQL cannot be had, it says so and exports
# nothing: those tests then run with SQLite only. Safe to run twice.
smecredit_postgres() {
	if ! command -v pg_lsclusters >/dev/null 2>&1; then
		command -v apt-get >/dev/null 2>&1 || return 1
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; } >/dev/null 2>&1 || return 1
	fi
	local ver
	ver=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
	[ -n "$ver" ] || return 1
	pg_lsclusters -h | grep -q "^$ver main" || pg_createcluster "$ver" main >/dev/null || return 1
	pg_lsclusters -h | grep -q "^$ver main .* online" || pg_ctlcluster "$ver" main start || return 1
	su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname = 'smecredit'\"" | grep -q 1 ||
		su postgres -c "psql -qc \"CREATE ROLE smecredit LOGIN PASSWORD 'smecredit'\"" || return 1
	su postgres -c "psql -qtAc \"SELECT 1 FROM pg_database WHERE datname = 'smecredit_test'\"" | grep -q 1 ||
		su postgres -c "psql -qc 'CREATE DATABASE smecredit_test OWNER smecredit'" || return 1
	local port
	port=$(pg_lsclusters -h | awk -v v="$ver" '$1 == v && $2 == "main" { print $3 }')
	export SMECREDIT_TEST_POSTGRES="postgres://smecredit:smecredit@127.0.0.1:${port:-5432}/smecredit_test?sslmode=disable"
}
if smecredit_postgres; then
	echo "PostgreSQL for the service tests: $SMECREDIT_TEST_POSTGRES"
else
	echo "PostgreSQL not available: the service tests run with SQLite only"
fi
unset -f smecredit_postgres
