// The database half of scripts/pg15-check.sh, which starts the throwaway PostgreSQL 15 cluster and
// runs this with tsx: no psql, no pg_prove, no Perl.
//   tsx scripts/pg15-tap.ts --host SOCKET_DIR --port PORT [--server "what it is"]
// 1. creates the database `whatmatters`, with search_path "$user", public, extensions as on
//    Supabase (the migrations rely on it);
// 2. applies supabase/emulated/supabase-contract.sql and supabase/migrations/*.sql with the app's
//    own runner (src/lib/server/db/migrate.ts through the Postgres adapter): one test point;
// 3. creates the pgtap extension: the server's own where it has one (Debian's
//    postgresql-15-pgtap), else vendor/pgtap/ copied into the server's extension folder first;
// 4. runs each supabase/tests/*.sql on its own connection as one simple-protocol script (its
//    `\ir helpers.psql` inlined), stopping at the first error as psql did for pg_prove (on a
//    syntax error, which stops the whole script before it starts, it runs the statements before
//    that one, as psql would have), and counts the TAP lines as pg_prove's were counted;
// 5. writes reports/pg15.json {"passed": N, "failed": N} and exits 1 if anything failed.
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { migrate } from '../src/lib/server/db/migrate';
import { openPostgres } from '../src/lib/server/db/postgres';
import { expandPsqlScript, locate, PsqlScriptError, statementsBefore, TapTally, type ScriptPiece } from './lib/tap';

const { values: opts } = parseArgs({
	options: {
		host: { type: 'string' },
		port: { type: 'string', default: '5432' },
		server: { type: 'string', default: 'PostgreSQL 15' },
		report: { type: 'string', default: 'reports/pg15.json' }
	}
});
if (!opts.host) {
	console.error('Usage: tsx scripts/pg15-tap.ts --host SOCKET_DIR --port PORT (scripts/pg15-check.sh runs it)');
	process.exit(2);
}
const host = opts.host;
const port = Number(opts.port);
const DB = 'whatmatters';
const testsDir = 'supabase/tests';
const vendorDir = 'vendor/pgtap';

function writeReport(passed: number, failed: number) {
	mkdirSync(dirname(opts.report!), { recursive: true });
	writeFileSync(opts.report!, `{"passed": ${passed}, "failed": ${failed}}\n`);
}
/** Ends the run: `passed` points passed, `failed` failed, and why if something broke first. */
function finish(passed: number, failed: number, why?: string): never {
	writeReport(passed, failed);
	if (why) console.log(`pg15: ${passed} passed, ${failed} failed (${why})`);
	process.exit(failed === 0 ? 0 : 1);
}
const complain = (message: string) => console.error(`pg15-check: ${message}`);

/** A PostgresError's fields, as psql prints them. */
function describeError(error: unknown): string {
	const e = error as postgres.PostgresError & { internal_query?: string };
	if (!e || typeof e !== 'object' || !('severity' in e)) return String((error as Error)?.message ?? error);
	const lines = [`${e.severity ?? 'ERROR'}:  ${e.message}${e.code ? ` (SQLSTATE ${e.code})` : ''}`];
	if (e.detail) lines.push(`DETAIL:  ${e.detail}`);
	if (e.hint) lines.push(`HINT:  ${e.hint}`);
	if (e.internal_query) lines.push(`QUERY:  ${e.internal_query}`);
	if (e.where) lines.push(`CONTEXT:  ${e.where}`);
	return lines.join('\n');
}

const connect = (database: string) =>
	postgres({
		host,
		port,
		user: 'postgres',
		database,
		max: 1, // also what lets a script send its own `begin`
		prepare: false,
		connection: { application_name: 'pg15-tap', client_min_messages: 'warning' },
		onnotice: (notice) => console.error(`${notice.severity}:  ${notice.message}`)
	});

// --- 1. the database ---------------------------------------------------------------------------
{
	const sql = connect('postgres');
	try {
		await sql.unsafe(`create database ${DB}`);
		// As on Supabase, the database's search_path includes `extensions` (the migrations rely on it).
		await sql.unsafe(`alter database ${DB} set search_path = "$user", public, extensions`);
	} catch (error) {
		console.error(describeError(error));
		complain('could not create the database');
		finish(0, 1, 'could not create the database');
	} finally {
		await sql.end({ timeout: 5 });
	}
}

// --- 2. migrations -----------------------------------------------------------------------------
// The app's runner applies <version>_<name>.sql only; say so for any other .sql file there.
for (const file of readdirSync('supabase/migrations').filter((f) => f.endsWith('.sql')).sort()) {
	if (!/^\d+_.+\.sql$/.test(file)) {
		complain(`warning: supabase/migrations/${file} is not named <version>_<name>.sql; the app skips it, so this does too`);
	}
}
let serverVersion = '';
{
	const db = openPostgres(`postgres://postgres@localhost:${port}/${DB}?host=${encodeURIComponent(host)}`, { max: 1 });
	try {
		const applied = await migrate(db);
		const [row] = await db.ownerQuery<{ version: string }>(`select current_setting('server_version') as version`);
		serverVersion = row?.version ?? '?';
		console.log(`ok 1 - migrations applied (contract + ${applied.length} migrations) on PostgreSQL ${serverVersion} (${opts.server})`);
	} catch (error) {
		const cause = (error as Error).cause ?? error;
		console.error((error as Error).message);
		if (cause !== error) console.error(describeError(cause));
		complain('applying the migrations failed on PostgreSQL 15');
		finish(0, 1, 'the migrations failed');
	} finally {
		await db.close();
	}
}

// --- 3. pgTAP ------------------------------------------------------------------------------------
{
	const sql = connect(DB);
	try {
		const [row] = await sql.unsafe<{ setting: string }[]>(`select setting from pg_config where name = 'SHAREDIR'`);
		const extensionDir = join(row!.setting, 'extension');
		if (existsSync(join(extensionDir, 'pgtap.control'))) {
			// Debian's package, or vendor/pgtap copied there by an earlier run.
			console.log(`# pgTAP: already in the server's extension folder (${extensionDir}/pgtap.control)`);
		} else {
			const control = readFileSync(join(vendorDir, 'pgtap.control'), 'utf8');
			const version = /^\s*default_version\s*=\s*'([^']+)'/m.exec(control)?.[1];
			const script = `pgtap--${version}.sql`;
			if (!version || !existsSync(join(vendorDir, script))) throw new Error(`${vendorDir} has no ${script} for its pgtap.control`);
			try {
				for (const file of ['pgtap.control', script]) {
					copyFileSync(join(vendorDir, file), join(extensionDir, file));
					chmodSync(join(extensionDir, file), 0o644); // the server may run as another user
				}
			} catch (error) {
				complain(
					`the server has no pgTAP in ${extensionDir}, and ${vendorDir} cannot be copied there ` +
						`(${(error as Error).message}). Install Debian's (apt-get install -y postgresql-15-pgtap), ` +
						'or use the npm binaries, whose folder is writable (PG15_SOURCE=npm)'
				);
				throw error;
			}
			console.log(`# pgTAP: the server had none; installed ${vendorDir} (pgTAP ${version}) into ${extensionDir}`);
		}
		await sql.unsafe('create extension if not exists pgtap with schema extensions');
	} catch (error) {
		console.error(describeError(error));
		finish(1, 1, 'could not create the pgtap extension');
	} finally {
		await sql.end({ timeout: 5 });
	}
}

// --- 4. the pgTAP test files --------------------------------------------------------------------
const files = readdirSync(testsDir)
	.filter((f) => f.endsWith('.sql'))
	.sort()
	.map((f) => `${testsDir}/${f}`);
if (files.length === 0) {
	complain(`no test files in ${testsDir}/`);
	finish(1, 1, 'no pgTAP tests found');
}

/**
 * Runs SQL as one simple-protocol query on a connection of its own, printing and counting its
 * TAP lines. The server stops at the first error, as psql -v ON_ERROR_STOP=1 (pg_prove's way) does.
 */
async function runScript(script: string, tally: TapTally) {
	const sql = connect(DB);
	let rows = 0;
	try {
		// forEach sees each row as it arrives, so the TAP lines before an error count; raw(): the
		// columns' text as the server sent it, as psql prints it.
		await sql
			.unsafe(script)
			.simple()
			.raw()
			.forEach((row) => {
				rows++;
				const text = (row as (Buffer | null)[]).map((v) => (v === null ? '' : v.toString('utf8'))).join('|');
				for (const line of text.split('\n')) {
					if (line !== '') console.log(line); // e.g. set_config(…, '', true)
					tally.line(line);
				}
			});
		return { rows };
	} catch (error) {
		// The server parses the whole query before running any of it. A file begins with `begin;`,
		// so if no transaction is open after the error, nothing ran: the error was in the parsing.
		const parsing = rows === 0 && (await sql.unsafe('select 1').then(() => true, () => false));
		return { rows, error, parsing };
	} finally {
		await sql.end({ timeout: 5 });
	}
}

/** Runs one file as psql -f would, stopping at the first error. */
async function runFile(file: string) {
	const tally = new TapTally();
	let pieces: ScriptPiece[];
	try {
		pieces = expandPsqlScript(file);
	} catch (error) {
		if (!(error instanceof PsqlScriptError)) throw error;
		console.log(`# ${error.message}`);
		return { tally, error: error.message };
	}
	const script = pieces.map((p) => p.text).join('');
	let run = await runScript(script, tally);
	const positionOf = (e: unknown) => Number((e as postgres.PostgresError).position) || 0;
	if (run.error && run.parsing) {
		// A syntax error: psql would have run the statements before that one (and counted their
		// tests) before stopping on it. Run just those; an error there is the one psql would have met.
		const before = statementsBefore(script, positionOf(run.error));
		if (before > 0) {
			const prefix = await runScript(script.slice(0, before), tally);
			if (prefix.error) run = prefix;
		}
	}
	if (!run.error) return { tally };
	const where = positionOf(run.error) ? locate(pieces, positionOf(run.error)) : undefined;
	let error = describeError(run.error);
	if (where) error += `\nLINE:  ${where.file}:${where.line}`;
	error += `\n(${tally.lastTest ? `after "${tally.lastTest}"` : 'before any test'})`;
	for (const line of error.split('\n')) console.log(`# ${line}`);
	return { tally, error };
}

let passed = 1; // the migrations point
let failed = 0;
let anyBad = false;
let assertions = 0;
const badFiles: string[] = [];
const started = Date.now();
for (const file of files) {
	console.log(`${file} ..`);
	const { tally, error } = await runFile(file);
	const result = tally.result(error !== undefined);
	passed += result.passed;
	failed += result.failed;
	assertions += result.passed + result.failed;
	if (result.bad) {
		anyBad = true;
		badFiles.push(`${file}: ${result.problems.join('; ')}`);
		console.log(`${file}: FAILED: ${result.passed} passed, ${result.failed} failed (${result.problems.join('; ')})`);
	} else {
		console.log(`${file}: ok (${result.passed} tests)`);
	}
}
// pg_prove exited non-zero for a file it failed (say, more tests run than planned) even when no
// point was counted failed; the shell script then counted 1 failed, and so does this.
if (anyBad && failed === 0) {
	complain('a test file failed with no failed test counted; counting 1 failed');
	failed = 1;
}
console.log(`Files=${files.length}, Tests=${assertions}, ${((Date.now() - started) / 1000).toFixed(1)} s`);
if (badFiles.length) {
	console.log('Failed files:');
	for (const line of badFiles) console.log(`  ${line}`);
}
console.log(`Result: ${failed === 0 ? 'PASS' : 'FAIL'}`);
finish(
	passed,
	failed,
	`1 migrations point + ${assertions} pgTAP assertions in ${files.length} files on PostgreSQL ${serverVersion} (${opts.server}); ${opts.report}`
);
