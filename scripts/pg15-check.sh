#!/usr/bin/env bash
# The migrations on PostgreSQL 15 (the Supabase major), with the pgTAP policy tests.
#
# Starts a throwaway PG 15 cluster (unix socket only, in a temporary folder), applies
# supabase/emulated/supabase-contract.sql and then supabase/migrations/*.sql in version order,
# each in a single transaction, and runs pg_prove over supabase/tests/*.sql.
# Writes reports/pg15.json as {"passed": N, "failed": N}: one test point for "migrations
# applied" plus one for each pgTAP assertion (a planned assertion that never ran is failed).
# Then, with the cluster still up, runs the vitest db tests on it through the app's Postgres
# adapter (TEST_DATABASE_URL, see tests/db/template.ts), writing reports/vitest-pg15.json, which
# .ci/run counts on its own (pg15.json counts only the migrations point and pgTAP).
# Exits non-zero if anything failed. Installs nothing: it says what to apt-get install.
#
# Environment: PG15_BIN (default /usr/lib/postgresql/15/bin), PG15_PORT (default 54329;
# the cluster listens on no TCP port, so this only names the socket file).
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1

PGBIN=${PG15_BIN:-/usr/lib/postgresql/15/bin}
PORT=${PG15_PORT:-54329}
DB=whatmatters
REPORT=reports/pg15.json
VITEST_REPORT=reports/vitest-pg15.json
mkdir -p reports
rm -f "$VITEST_REPORT" # written only if the vitest run below happens; missing counts as failed

write_report() { # passed failed
	printf '{"passed": %d, "failed": %d}\n' "$1" "$2" >"$REPORT"
}
fail_early() { # message: the migrations point failed, no pgTAP test ran
	echo "pg15-check: $1" >&2
	write_report 0 1
	echo "pg15: 0 passed, 1 failed ($1)"
	exit 1
}

# --- prerequisites: say what to install, install nothing ------------------------------------
missing=()
for bin in initdb pg_ctl postgres psql; do
	if [[ ! -x $PGBIN/$bin ]]; then missing+=(postgresql-15); break; fi
done
sharedir=/usr/share/postgresql/15
[[ -x $PGBIN/pg_config ]] && sharedir=$("$PGBIN/pg_config" --sharedir 2>/dev/null || echo "$sharedir")
if ! command -v pg_prove >/dev/null 2>&1 || [[ ! -f $sharedir/extension/pgtap.control ]]; then
	missing+=(postgresql-15-pgtap)
fi
if ((${#missing[@]})); then
	echo "pg15-check: PostgreSQL 15 and pgTAP are needed. Install them with:" >&2
	echo "  apt-get install -y ${missing[*]}" >&2
	write_report 0 1
	exit 1
fi

# --- throwaway cluster ----------------------------------------------------------------------
tmp=$(mktemp -d "${TMPDIR:-/tmp}/wm-pg15.XXXXXX") || fail_early "could not create a temporary folder"
if [[ $(id -u) == 0 ]]; then
	# The server refuses to run as root.
	id postgres >/dev/null 2>&1 || fail_early "running as root but there is no postgres user (apt-get install -y postgresql-15)"
	chown postgres: "$tmp"
	as_server() { (cd "$tmp" && runuser -u postgres -- "$@"); }
else
	as_server() { (cd "$tmp" && "$@"); }
fi
cleanup() {
	if [[ -f $tmp/data/postmaster.pid ]]; then
		as_server "$PGBIN/pg_ctl" -D "$tmp/data" -m immediate -w stop >/dev/null 2>&1
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if ! as_server "$PGBIN/initdb" -D "$tmp/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$tmp/initdb.log" 2>&1; then
	cat "$tmp/initdb.log" >&2
	fail_early "initdb failed"
fi
if ! as_server "$PGBIN/pg_ctl" -D "$tmp/data" -l "$tmp/server.log" -w -t 60 \
	-o "-k $tmp -h '' -p $PORT -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null; then
	tail -n 30 "$tmp/server.log" >&2
	fail_early "the PostgreSQL 15 server did not start"
fi

export PGHOST=$tmp PGPORT=$PORT PGUSER=postgres
export PGOPTIONS='-c client_min_messages=warning'
PSQL=("$PGBIN/psql" -X -q -v ON_ERROR_STOP=1)

"${PSQL[@]}" -d postgres -c "create database $DB" >"$tmp/createdb.log" 2>&1 || {
	cat "$tmp/createdb.log" >&2
	fail_early "could not create the database"
}
# As on Supabase, the database's search_path includes `extensions` (the migrations rely on it).
"${PSQL[@]}" -d postgres -c "alter database $DB set search_path = \"\$user\", public, extensions" >/dev/null 2>&1 ||
	fail_early "could not set the database's search_path"

# --- migrations ---------------------------------------------------------------------------
# The same files, in the same order, as src/lib/server/db/migrate.ts: <version>_<name>.sql.
mapfile -t migrations < <(cd supabase/migrations && printf '%s\n' *.sql | LC_ALL=C sort)
for f in "${migrations[@]}"; do
	[[ $f == '*.sql' ]] && continue
	if [[ ! $f =~ ^[0-9]+_.+\.sql$ ]]; then
		echo "pg15-check: warning: supabase/migrations/$f is not named <version>_<name>.sql; the app skips it, so this does too" >&2
	fi
done
applied=0
for file in supabase/emulated/supabase-contract.sql "${migrations[@]/#/supabase/migrations/}"; do
	name=${file##*/}
	[[ $file == supabase/migrations/* && ! $name =~ ^[0-9]+_.+\.sql$ ]] && continue
	if ! "${PSQL[@]}" -d "$DB" --single-transaction -f "$file" >"$tmp/apply.log" 2>&1; then
		echo "pg15-check: applying $file failed on PostgreSQL 15:" >&2
		sed 's/^/  /' "$tmp/apply.log" >&2
		fail_early "migration $file failed"
	fi
	[[ $file == supabase/migrations/* ]] && applied=$((applied + 1))
done
echo "ok 1 - migrations applied (contract + $applied migrations) on $("$PGBIN/postgres" --version)"

"${PSQL[@]}" -d "$DB" -c 'create extension if not exists pgtap with schema extensions' >"$tmp/pgtap.log" 2>&1 || {
	cat "$tmp/pgtap.log" >&2
	write_report 1 1
	echo "pg15: 1 passed, 1 failed (could not create the pgtap extension)"
	exit 1
}

# --- pgTAP ----------------------------------------------------------------------------------
shopt -s nullglob
tests=(supabase/tests/*.sql)
shopt -u nullglob
if ((${#tests[@]} == 0)); then
	echo "pg15-check: no test files in supabase/tests/" >&2
	write_report 1 1
	echo "pg15: 1 passed, 1 failed (no pgTAP tests found)"
	exit 1
fi

pg_prove --psql-bin "$PGBIN/psql" -d "$DB" --verbose --nocolor "${tests[@]}" 2>&1 | tee "$tmp/prove.out"
prove_rc=${PIPESTATUS[0]}

# Count TAP points per file from the verbose output: "<file> ... " starts a file, "1..N" is its
# plan; a planned test that never ran (the file died) counts as failed, and so does a file
# that exited non-zero with nothing else failed. "not ok … # TODO" passes, as for pg_prove.
read -r passed failed < <(awk '
	function close_file() {
		if (!open) return
		f = notok + (plan > ran ? plan - ran : 0)
		if (plan < 0 && ran == 0) f++      # no plan and no test: the file did not run
		if (dubious && f == 0) f = 1
		P += ok; F += f; open = 0
	}
	/ \.\.+ $/ || / \.\.+ (ok|skipped.*)$/ { close_file(); open = 1; plan = -1; ran = ok = notok = dubious = 0; next }
	!open { next }
	/^1\.\.[0-9]+/ { plan = substr($0, 4) + 0; next }
	/^ok [0-9]/ { ran++; ok++; next }
	/^not ok [0-9]/ { ran++; if ($0 ~ /# *TODO/) ok++; else notok++; next }
	/^Dubious/ { dubious = 1; next }
	/^Test Summary Report/ || /^Files=[0-9]+/ { close_file() }
	END { close_file(); printf "%d %d\n", P + 0, F + 0 }
' "$tmp/prove.out")

passed=$((passed + 1)) # the migrations point
if ((prove_rc != 0 && failed == 0)); then
	echo "pg15-check: pg_prove exited $prove_rc with no failed test counted; counting 1 failed" >&2
	failed=1
fi
write_report "$passed" "$failed"
echo "pg15: $passed passed, $failed failed (1 migrations point + $((passed + failed - 1)) pgTAP assertions in ${#tests[@]} files; $REPORT)"

# --- the vitest db tests on PostgreSQL 15 ---------------------------------------------------
# PG15_VITEST_FILES (e.g. tests/db/search.test.ts) runs only those files, when working on one.
# postgres.js reaches a unix socket through libpq's `?host=<socket folder>` (src/lib/server/db/postgres.ts).
echo "== vitest db tests on PostgreSQL 15 (Postgres adapter; $VITEST_REPORT)"
TEST_DATABASE_URL="postgres://postgres@localhost:$PORT/postgres?host=$tmp" \
	npx vitest run --project db --reporter=default --reporter=json --outputFile.json="$VITEST_REPORT" ${PG15_VITEST_FILES:-}
vitest_rc=$?
((vitest_rc != 0)) && echo "pg15-check: the vitest db tests failed on PostgreSQL 15 (exit $vitest_rc)" >&2

((failed == 0 && vitest_rc == 0))
