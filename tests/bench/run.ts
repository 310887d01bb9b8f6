// `npm run bench`: measures the budgets of DESIGN.md §7 and writes reports/bench.json.
// A report, not a test: it exits 0 when a figure is over budget and 1 only when it could not measure.
//
//   --fresh   rebuild the 100k-offer benchmark database in .data/bench/pglite (and the planning one)
//   --build   run `npm run build` even when build/ looks up to date
//   --only=search,cold,http,js,planning,openreferral   run some steps only (the database is always made ready)
//   --postgres   also run the search steps (2 and 4) on PostgreSQL 15, as deployed with DATABASE_URL: a
//                throwaway cluster (PG15_BIN, default /usr/lib/postgresql/15/bin) seeded with the same
//                offers through the app's Postgres adapter; figures under `postgres` in the report
//
// Steps: (1) benchmark database, (2) in-process search, (3) cold start of `node build` on a copy of a
// demo-seeded database, (4) search over HTTP with autocannon against `node build` on the benchmark
// database, (5) gzip JavaScript of the first pages, fetched from that same server; with --postgres,
// (6) the PostgreSQL 15 database, (7) in-process search and (8) search over HTTP on it. (9), run
// after step 2: the planning database (a copy of the benchmark database with 1M rows of demand,
// feedback and conversations over three years of Wales, .data/bench/planning), the rollup refresh
// and the planner's dashboard functions on it, each against "≤ 300 ms".
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import {
	chownSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync
} from 'node:fs';
import { createHash } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { isSearchableCategory } from '../../src/lib/domain/directory';
import { parseSearchParams } from '../../src/lib/domain/search';
import { weekdays } from '../../src/lib/domain/schedule';
import { migrate, readMigrations } from '../../src/lib/server/db/migrate';
import { openPglite } from '../../src/lib/server/db/pglite';
import { openPostgres } from '../../src/lib/server/db/postgres';
import { serviceClaims, type Claims, type Db, type Tx } from '../../src/lib/server/db/types';
import { listOutcomes } from '../../src/lib/server/repos/outcomes';
import { searchOffers } from '../../src/lib/server/repos/offers';
import { nearnessOf, pagingOf, serviceFiltersOf } from '../../src/lib/server/openreferral/publish/parameters';
import { getService, listServices } from '../../src/lib/server/openreferral/publish/services';
import { getServiceAtLocation, listServiceAtLocations } from '../../src/lib/server/openreferral/publish/service-at-locations';
import { serviceAtLocationId } from '../../src/lib/server/openreferral/publish/hsds-location';
import { outcomeTermId } from '../../src/lib/server/openreferral/publish/taxonomies';
import { seedBulkOffers } from '../../src/lib/server/seed/bulk';
import { mulberry32, pick, pickSome, int, type Rng } from '../../src/lib/server/seed/demo';
import { describeScript, jsGzipBudgetBytes, kb, onDemandBesidesRoutes, pageJavaScript } from '../page-weight';
import { PLANNING_GENERATOR, benchPlanner, planningSizes, seedPlanningData, type PlanningCounts, type PlanningSizes } from './planning-data';

// ---------------------------------------------------------------------------------------------
// Settings

const OFFERS = 100_000;
const SEARCH_WARMUP = 30;
const SEARCH_RUNS = 400;
const HEAVY_RUNS = 40;
const HTTP_URLS = 200;
const HTTP_CONNECTIONS = 20;
const HTTP_SECONDS = 20;
const HTTP_WARMUP = 20;
const COLD_RUNS = 3;
// When searches are far over budget, more of them add minutes, not information: each set stops at a time
// limit (the cases are in random order, so what ran is a fair sample) and says so.
const SEARCH_MIX_LIMIT_S = 150;
const SEARCH_HEAVY_LIMIT_S = 60;
// Open Referral API: each request kind, warmed up then timed (no budget in DESIGN.md; reported).
const OPENREFERRAL_WARMUP = 5;
const OPENREFERRAL_RUNS = 60;
const OPENREFERRAL_LIMIT_S = 45;
const WARMUP_LIMIT_S = 30;
// Planning: rounds of every dashboard function, per area, warmed up then timed; an area stops at its time limit.
const PLANNING_WARMUP = 3;
const PLANNING_RUNS = 30;
const PLANNING_AREA_LIMIT_S = 90;

const budgets = {
	searchP95Ms: 25,
	httpP95Ms: 60,
	httpErrors: 0,
	coldStartMs: 3000,
	jsGzipBytes: jsGzipBudgetBytes, // "90 KB" as kB of 1,000 bytes (tests/page-weight.ts, shared with the browser tests)
	planningP95Ms: 300 // "planning aggregates, 1M feedback rows: each ≤ 300 ms", read as each function's p95
};

const root = fileURLToPath(new URL('../../', import.meta.url));
process.chdir(root); // migrations are read from the working directory, by us and by `node build`

const args = process.argv.slice(2);
const fresh = args.includes('--fresh');
const forceBuild = args.includes('--build');
const onPostgres = args.includes('--postgres');
const onlyArg = args.find((a) => a.startsWith('--only='));
const only = onlyArg ? new Set(onlyArg.slice('--only='.length).split(',')) : null;
const stepNames = ['search', 'cold', 'http', 'js', 'planning', 'openreferral'] as const;
const wants = (step: (typeof stepNames)[number]) => !only || only.has(step);
const unknownArgs = [
	...args.filter((a) => !['--fresh', '--build', '--postgres'].includes(a) && !a.startsWith('--only=')),
	...[...(only ?? [])].filter((name) => !(stepNames as readonly string[]).includes(name)).map((name) => `--only=…${name}…`)
];
if (unknownArgs.length) {
	console.error(`Unknown argument(s): ${unknownArgs.join(' ')}\nUsage: npm run bench -- [--fresh] [--build] [--postgres] [--only=${stepNames.join(',')}]`);
	process.exit(2);
}

const benchDir = join(root, '.data', 'bench');
const benchDataDir = join(benchDir, 'pglite');
const benchMetaPath = join(benchDir, 'meta.json');
const planningDataDir = join(benchDir, 'planning');
const planningMetaPath = join(benchDir, 'planning-meta.json');
const reportPath = join(root, 'reports', 'bench.json');

// ---------------------------------------------------------------------------------------------
// Small helpers

const fmtInt = (n: number) => n.toLocaleString('en-GB');
const ms = (n: number) => `${n.toFixed(1)} ms`;
const sleep = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis));
const since = (start: number) => performance.now() - start;

function percentile(sorted: number[], p: number): number {
	if (!sorted.length) return NaN;
	// Nearest-rank: the smallest value with at least p% of the samples at or below it.
	const rank = Math.ceil((p / 100) * sorted.length);
	return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

interface Stats {
	n: number;
	p50: number;
	p95: number;
	p99: number;
	max: number;
	mean: number;
}

function stats(samples: number[]): Stats {
	const sorted = [...samples].sort((a, b) => a - b);
	const sum = sorted.reduce((a, b) => a + b, 0);
	const round = (n: number) => Math.round(n * 100) / 100;
	return {
		n: sorted.length,
		p50: round(percentile(sorted, 50)),
		p95: round(percentile(sorted, 95)),
		p99: round(percentile(sorted, 99)),
		max: round(sorted.at(-1) ?? NaN),
		mean: round(sum / (sorted.length || 1))
	};
}

function table(headers: string[], rows: string[][], rightAlign: boolean[] = []) {
	const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
	const line = (cells: string[]) =>
		cells.map((c, i) => (rightAlign[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
	console.log(line(headers));
	console.log(widths.map((w) => '─'.repeat(w)).join('  '));
	for (const row of rows) console.log(line(row));
}

function heading(text: string) {
	console.log(`\n── ${text} ${'─'.repeat(Math.max(0, 76 - text.length))}`);
}

function load() {
	return loadavg().map((n) => Math.round(n * 100) / 100);
}

function warnIfBusy(what: string) {
	const [one] = loadavg();
	if (one! > cpus().length * 0.5) {
		console.log(`  note: load average ${one!.toFixed(2)} on ${cpus().length} cores before ${what}; other work on this machine skews the figures`);
	}
}

function dirBytes(dir: string): number {
	let total = 0;
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const path = join(dir, entry.name);
		total += entry.isDirectory() ? dirBytes(path) : statSync(path).size;
	}
	return total;
}

function newestMtime(path: string, skip: (p: string) => boolean = () => false): number {
	if (!existsSync(path) || skip(path)) return 0;
	const stat = statSync(path);
	if (!stat.isDirectory()) return stat.mtimeMs;
	let newest = stat.mtimeMs;
	for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry), skip));
	return newest;
}

/** The commit the working tree started from (other changes may be uncommitted). */
function gitCommit(): string | null {
	try {
		const head = readFileSync(join(root, '.git', 'HEAD'), 'utf8').trim();
		return head.startsWith('ref: ') ? readFileSync(join(root, '.git', head.slice(5)), 'utf8').trim() : head;
	} catch {
		return null;
	}
}

// ---------------------------------------------------------------------------------------------
// Clean-up: every server we start, the database we hold open and the PostgreSQL cluster (--postgres)
// are let go on exit, Ctrl-C or failure.

const children = new Set<ChildProcess>();
let heldDb: Db | null = null;
const tempDirs: string[] = [];
/** The folder of the throwaway PostgreSQL cluster while it exists (data, socket, server.log). */
let clusterDir: string | null = null;

async function stopChild(child: ChildProcess, graceMs = 15_000): Promise<number | null> {
	if (child.exitCode !== null || child.signalCode !== null) {
		children.delete(child);
		return child.exitCode;
	}
	const exited = once(child, 'exit');
	child.kill('SIGTERM');
	const outcome = await Promise.race([exited.then(() => 'exited' as const), sleep(graceMs).then(() => 'timeout' as const)]);
	if (outcome === 'timeout') {
		console.log(`  server pid ${child.pid} did not stop within ${graceMs / 1000} s of SIGTERM; killing it`);
		child.kill('SIGKILL');
		await exited;
	}
	children.delete(child);
	return child.exitCode;
}

let cleaningUp: Promise<void> | null = null;
let interrupted = false;
function cleanUp(): Promise<void> {
	cleaningUp ??= (async () => {
		await Promise.all([...children].map((child) => stopChild(child, 10_000).catch(() => {})));
		if (heldDb) await heldDb.close().catch(() => {});
		heldDb = null;
		stopCluster();
		for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
	})();
	return cleaningUp;
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
	process.once(signal, () => {
		interrupted = true;
		console.error(`\n${signal}: stopping servers and closing the benchmark database…`);
		void cleanUp().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
	});
}
process.on('exit', () => {
	// Last resort if we are leaving without having cleaned up (a crash): no server outlives us.
	for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
	stopCluster();
});

/** A lock left by a process that has gone is harmless (the next opener takes it over), but tidy it. */
function checkLock(dataDir: string): 'free' | 'stale-removed' | `held by ${number}` {
	const lockPath = `${dataDir}.lock`;
	if (!existsSync(lockPath)) return 'free';
	const pid = Number(readFileSync(lockPath, 'utf8'));
	try {
		if (pid) process.kill(pid, 0);
		return `held by ${pid}`;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'EPERM') return `held by ${pid}`;
		rmSync(lockPath, { force: true });
		return 'stale-removed';
	}
}

// ---------------------------------------------------------------------------------------------
// Report

type Verdict = 'ok' | 'over' | 'info' | 'error';
interface SummaryRow {
	measure: string;
	value: string;
	budget: string;
	verdict: Verdict;
}
const summary: SummaryRow[] = [];
const errors: { step: string; message: string }[] = [];
const report: Record<string, unknown> = {
	startedAt: new Date().toISOString(),
	machine: { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model, loadAtStart: load() },
	gitCommit: gitCommit(),
	budgets
};
const runStart = performance.now();

async function step(name: string, fn: () => Promise<void>) {
	try {
		await fn();
	} catch (error) {
		if (interrupted) return new Promise<void>(() => {}); // the signal handler is cleaning up and will exit
		const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
		console.error(`\n✗ ${name} failed: ${message}`);
		errors.push({ step: name, message: error instanceof Error ? error.message : String(error) });
		summary.push({ measure: name, value: 'failed', budget: '', verdict: 'error' });
	}
}

// ---------------------------------------------------------------------------------------------
// What the search steps run on: the embedded benchmark database, or (--postgres) PostgreSQL 15.

interface Target {
	title: string;
	/** Put before its summary rows: '' for the embedded database. */
	label: string;
	/** Heading numbers of its in-process and HTTP steps. */
	steps: { search: number; http: number };
	open: () => Promise<Db>;
	/** How `node build` is pointed at it. */
	server: { dataDir: string } | { databaseUrl: string };
	/** Where its figures go in reports/bench.json. */
	out: Record<string, unknown>;
}

const embedded: Target = {
	title: 'the embedded database',
	label: '',
	steps: { search: 2, http: 4 },
	open: () => openPglite({ dataDir: benchDataDir }),
	server: { dataDir: benchDataDir },
	out: report
};

// ---------------------------------------------------------------------------------------------
// The search mix, shared by the in-process and HTTP steps so both measure the same thing.

interface District {
	outcode: string;
	lat: number;
	lng: number;
}

interface SearchCase {
	/** The query string of /find, e.g. `outcome=a&outcome=b&where=CF10&free=1`. */
	query: string;
	point: { lat: number; lng: number } | null;
}

const textWords = ['walk', 'coffee', 'garden', 'advice', 'craft', 'men', 'carers', 'music', 'cymraeg', 'food', 'friendly', 'yoga'];

type Variant = 'mix' | 'no-place' | 'online';

/**
 * Representative searches: a random district centroid, 1–3 outcomes, the default 10 miles, and
 * some of free (25%), a day (20%), Welsh (8%), wheelchair (15%), in person (10%), a word (10%),
 * page 2 (10%). `no-place` drops the place; `online` adds attendance=online (unbounded distance).
 */
function searchCases(rng: Rng, districts: District[], outcomeIds: string[], n: number, variant: Variant): SearchCase[] {
	const cases: SearchCase[] = [];
	for (let i = 0; i < n; i++) {
		const params = new URLSearchParams();
		for (const outcome of pickSome(rng, outcomeIds, int(rng, 1, 3))) params.append('outcome', outcome);
		const district = pick(rng, districts);
		if (variant !== 'no-place') params.set('where', district.outcode);
		if (rng() < 0.25) params.set('free', '1');
		if (rng() < 0.2) params.set('day', pick(rng, weekdays));
		if (rng() < 0.08) params.set('welsh', '1');
		if (rng() < 0.15) params.set('wheelchair', '1');
		const inPerson = rng() < 0.1;
		if (variant === 'online') params.set('attendance', 'online');
		else if (inPerson) params.set('attendance', 'in_person');
		if (rng() < 0.1) params.set('q', pick(rng, textWords));
		if (rng() < 0.1) params.set('page', '2');
		cases.push({ query: params.toString(), point: variant === 'no-place' ? null : { lat: district.lat, lng: district.lng } });
	}
	return cases;
}

async function loadSearchInputs(db: Db) {
	const districts = await db.ownerQuery<District>(
		`select outcode, lat, lng from public.postcode_districts where lat is not null and lng is not null order by outcode`
	);
	const outcomes = await db.withClaims({ role: 'anon' }, (tx) => listOutcomes(tx));
	const outcomeIds = outcomes.filter((o) => isSearchableCategory(o.category)).map((o) => o.id);
	if (!districts.length || !outcomeIds.length) throw new Error('No postcode districts or searchable outcomes in the benchmark database.');
	return { districts, outcomeIds };
}

// ---------------------------------------------------------------------------------------------
// Step 1: the benchmark database

/** Each migration file's SHA-256, by version, as recorded beside a database when it is built. */
function migrationHashes(): Record<string, string> {
	return Object.fromEntries(readMigrations().map((m) => [m.version, createHash('sha256').update(m.sql).digest('hex').slice(0, 16)]));
}

/**
 * Versions a database has applied (as recorded in `built`) whose file has changed since: migrations
 * are applied once, so that database still has the old text (a migration not yet deployed may be
 * edited in place). New files are not listed: migrate() applies them.
 */
function changedMigrations(built: Record<string, string> | undefined, now: Record<string, string>): string[] {
	return built ? Object.keys(built).filter((version) => now[version] !== undefined && now[version] !== built[version]) : [];
}

async function prepareBenchDb(): Promise<void> {
	heading(`1. Benchmark database (${fmtInt(OFFERS)} published offers) in ${relative(root, benchDataDir)}`);
	const lock = checkLock(benchDataDir);
	if (lock.startsWith('held by')) {
		throw new Error(`${relative(root, benchDataDir)} is open in another process (${lock}); stop it first.`);
	}
	const meta = existsSync(benchMetaPath)
		? (JSON.parse(readFileSync(benchMetaPath, 'utf8')) as { offers?: number; analyzed?: boolean; migrations?: Record<string, string> })
		: null;
	const migrations = migrationHashes();
	const changed = changedMigrations(meta?.migrations, migrations);
	if (!fresh && changed.length && existsSync(join(benchDataDir, 'PG_VERSION'))) {
		console.log(`  migration ${changed.join(', ')} changed since it was built: rebuilding`);
	}

	if (!fresh && !changed.length && existsSync(join(benchDataDir, 'PG_VERSION'))) {
		const started = performance.now();
		const db = await openPglite({ dataDir: benchDataDir });
		heldDb = db;
		let reused = false;
		try {
			const applied = await migrate(db);
			const [row] = await db.ownerQuery<{ n: number }>(`select count(*)::int as n from public.offers where status = 'published'`);
			if (row?.n === OFFERS) {
				reused = true;
				if (applied.length || meta?.offers !== OFFERS || !meta.analyzed || !meta.migrations) {
					console.log(`  ${applied.length ? `applied ${applied.length} new migration(s); ` : ''}analyzing…`);
					await db.ownerExec('analyze');
					writeFileSync(benchMetaPath, JSON.stringify({ offers: OFFERS, analyzed: true, at: new Date().toISOString(), migrations }, null, 2));
				}
				console.log(`  reusing it: ${fmtInt(row.n)} published offers (checked in ${Math.round(since(started))} ms; --fresh rebuilds)`);
			} else {
				console.log(`  it has ${fmtInt(row?.n ?? 0)} published offers, not ${fmtInt(OFFERS)}: rebuilding`);
			}
		} finally {
			await db.close();
			heldDb = null;
		}
		if (reused) {
			report.database = { dataDir: relative(root, benchDataDir), offers: OFFERS, rebuilt: false, bytes: dirBytes(benchDataDir) };
			return;
		}
	}

	rmSync(benchDataDir, { recursive: true, force: true });
	rmSync(benchMetaPath, { force: true });
	mkdirSync(benchDir, { recursive: true });
	const db = await openPglite({ dataDir: benchDataDir });
	heldDb = db;
	try {
		const made = await migrateAndSeed(db, 'analyze');
		await db.close();
		heldDb = null;
		writeFileSync(benchMetaPath, JSON.stringify({ offers: OFFERS, analyzed: true, at: new Date().toISOString(), migrations }, null, 2));
		report.database = { dataDir: relative(root, benchDataDir), ...made, rebuilt: true, bytes: dirBytes(benchDataDir) };
	} catch (error) {
		await db.close().catch(() => {});
		heldDb = null;
		rmSync(benchDataDir, { recursive: true, force: true }); // never leave a half-seeded database to be "reused"
		throw error;
	}
}

/** Migrates an empty database, seeds it with OFFERS bulk offers, then runs `analyze` (the statement given). */
async function migrateAndSeed(db: Db, analyze: string) {
	const started = performance.now();
	await migrate(db);
	console.log(`  migrated in ${Math.round(since(started))} ms; seeding…`);
	const seedStart = performance.now();
	let lastPrinted = 0;
	await seedBulkOffers(db, OFFERS, (done) => {
		if (done - lastPrinted >= 20_000 || done === OFFERS) {
			lastPrinted = done;
			console.log(`  seeded ${fmtInt(done)} / ${fmtInt(OFFERS)} offers… (${(since(seedStart) / 1000).toFixed(1)} s)`);
		}
	});
	const seedSeconds = since(seedStart) / 1000;
	const analyzeStart = performance.now();
	await db.ownerExec(analyze);
	const analyzeSeconds = since(analyzeStart) / 1000;
	const [counts] = await db.ownerQuery<Record<string, number>>(
		`select (select count(*)::int from public.organisations) as organisations,
		        (select count(*)::int from public.locations) as locations,
		        (select count(*)::int from public.offers where status = 'published') as offers,
		        (select count(*)::int from public.offer_outcomes) as offer_outcomes,
		        (select count(*)::int from public.schedules) as schedules`
	);
	if (counts?.offers !== OFFERS) throw new Error(`Seeding made ${counts?.offers} published offers, not ${OFFERS}.`);
	console.log(`  seeded in ${seedSeconds.toFixed(1)} s, ${analyze} in ${analyzeSeconds.toFixed(1)} s: ${Object.entries(counts).map(([k, v]) => `${fmtInt(v)} ${k}`).join(', ')}`);
	return { ...counts, seedSeconds: Math.round(seedSeconds * 10) / 10, analyzeSeconds: Math.round(analyzeSeconds * 10) / 10 };
}

// ---------------------------------------------------------------------------------------------
// Step 2: in-process search

/** A Tx that remembers the statements searchOffers sends, for EXPLAIN. */
function recording(tx: Tx, into: { sql: string; params: unknown[] }[]): Tx {
	return {
		query<Row = Record<string, unknown>>(sql: string, params: unknown[] = []) {
			into.push({ sql, params });
			return tx.query<Row>(sql, params);
		}
	};
}

async function inProcessSearch(target: Target): Promise<void> {
	heading(`${target.steps.search}. In-process search on ${target.title}: searchOffers on ${fmtInt(OFFERS)} offers, role anon`);
	warnIfBusy('the search runs');
	const db = await target.open();
	heldDb = db;
	try {
		const { districts, outcomeIds } = await loadSearchInputs(db);
		const rng = mulberry32(0xbe7c_0002);

		const run = async (name: string, cases: SearchCase[], warmup: number, limitSeconds: number) => {
			const times: number[] = [];
			const totals: number[] = [];
			const measured: { c: SearchCase; ms: number; total: number }[] = [];
			let phaseStart = performance.now();
			let lastReport = performance.now();
			let stoppedEarly = false;
			for (const [i, c] of cases.entries()) {
				if (i === warmup) phaseStart = performance.now();
				const elapsed = since(phaseStart) / 1000;
				if (i < warmup && elapsed > WARMUP_LIMIT_S) continue; // warm-up cut short; measure
				if (i >= warmup && elapsed > limitSeconds) {
					stoppedEarly = true;
					break;
				}
				const { filters } = parseSearchParams(new URLSearchParams(c.query));
				const start = performance.now();
				const result = await db.withClaims({ role: 'anon' }, (tx) => searchOffers(tx, filters, c.point));
				const took = since(start);
				if (since(lastReport) > 15_000) {
					lastReport = performance.now();
					console.log(`  ${name}: ${i < warmup ? `warming up, ${i + 1} of ${warmup}` : `${i + 1 - warmup} of ${cases.length - warmup}`} searches…`);
				}
				if (i < warmup) continue;
				times.push(took);
				totals.push(result.total);
				measured.push({ c, ms: took, total: result.total });
			}
			if (stoppedEarly) {
				console.log(`  ${name}: stopped at the ${limitSeconds} s limit after ${times.length} of ${cases.length - warmup} searches`);
			}
			const sortedTotals = [...totals].sort((a, b) => a - b);
			return {
				planned: cases.length - warmup,
				stoppedEarly,
				stats: stats(times),
				results: { empty: totals.filter((t) => t === 0).length, medianTotal: percentile(sortedTotals, 50), maxTotal: sortedTotals.at(-1) ?? 0 },
				slowest: measured.sort((a, b) => b.ms - a.ms).slice(0, 5)
			};
		};

		const mix = await run('mix', searchCases(rng, districts, outcomeIds, SEARCH_WARMUP + SEARCH_RUNS, 'mix'), SEARCH_WARMUP, SEARCH_MIX_LIMIT_S);
		const noPlace = await run('no place', searchCases(rng, districts, outcomeIds, 5 + HEAVY_RUNS, 'no-place'), 5, SEARCH_HEAVY_LIMIT_S);
		const online = await run('online', searchCases(rng, districts, outcomeIds, 5 + HEAVY_RUNS, 'online'), 5, SEARCH_HEAVY_LIMIT_S);

		const row = (name: string, r: typeof mix) => [
			name, r.stoppedEarly ? `${r.stats.n} of ${r.planned}` : String(r.stats.n), ms(r.stats.p50), ms(r.stats.p95), ms(r.stats.max),
			`${r.results.medianTotal} (max ${fmtInt(r.results.maxTotal)}, ${r.results.empty} empty)`
		];
		table(
			['searches', 'n', 'p50', 'p95', 'max', 'results: median total'],
			[row('mix (place, 1–3 outcomes, filters)', mix), row('no place (heavy)', noPlace), row('attendance=online (heavy)', online)],
			[false, true, true, true, true, false]
		);
		console.log('  slowest in the mix:');
		for (const s of mix.slowest.slice(0, 3)) console.log(`    ${ms(s.ms)}  ${s.c.query}  (${fmtInt(s.total)} results)`);

		const over = mix.stats.p95 > budgets.searchP95Ms;
		let plan: string | null = null;
		if (over) {
			// EXPLAIN the slowest search of the mix, as the repo runs it (same SQL, same params, role anon).
			const slow = mix.slowest[0]!;
			const { filters } = parseSearchParams(new URLSearchParams(slow.c.query));
			const statements: { sql: string; params: unknown[] }[] = [];
			await db.withClaims({ role: 'anon' }, (tx) => searchOffers(recording(tx, statements), filters, slow.c.point));
			// The first query (not the `set local` planner settings around it).
			const main = statements.find((s) => /^\s*(with|select)/i.test(s.sql))!;
			const rows = await db.withClaims({ role: 'anon' }, (tx) =>
				tx.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers, verbose off) ${main.sql}`, main.params)
			);
			plan = [`-- ${slow.c.query}`, `-- point: ${JSON.stringify(slow.c.point)}`, main.sql.replace(/^\s*\n/, ''), `-- params: ${JSON.stringify(main.params)}`, '', ...rows.map((r) => r['QUERY PLAN'])].join('\n');
			console.log(`\n  p95 is over budget; EXPLAIN ANALYZE of the slowest search (also in reports/bench.json):\n`);
			console.log(plan.split('\n').map((l) => `    ${l}`).join('\n'));
		}

		target.out.search = {
			offers: OFFERS,
			warmup: SEARCH_WARMUP,
			mix: { ...mix, slowest: mix.slowest.map((s) => ({ query: s.c.query, ms: Math.round(s.ms * 100) / 100, total: s.total })) },
			noPlace: { stats: noPlace.stats, stoppedEarly: noPlace.stoppedEarly, results: noPlace.results },
			online: { stats: online.stats, stoppedEarly: online.stoppedEarly, results: online.results },
			plan
		};
		summary.push(
			{ measure: `${target.label}search in-process p95 (mix)`, value: ms(mix.stats.p95), budget: `≤ ${budgets.searchP95Ms} ms`, verdict: over ? 'over' : 'ok' },
			{ measure: `${target.label}search in-process p50 / max (mix)`, value: `${ms(mix.stats.p50)} / ${ms(mix.stats.max)}`, budget: '', verdict: 'info' },
			{ measure: `${target.label}search in-process p95, no place`, value: ms(noPlace.stats.p95), budget: '', verdict: 'info' },
			{ measure: `${target.label}search in-process p95, online`, value: ms(online.stats.p95), budget: '', verdict: 'info' }
		);
	} finally {
		await db.close();
		heldDb = null;
	}
}

// ---------------------------------------------------------------------------------------------
// The production server

async function ensureBuild(): Promise<void> {
	const built = join(root, 'build', 'handler.js');
	const sourceTime = Math.max(
		newestMtime(join(root, 'src'), (p) => p.startsWith(join(root, 'src', 'lib', 'paraglide'))),
		newestMtime(join(root, 'messages')),
		newestMtime(join(root, 'static')),
		...['svelte.config.js', 'vite.config.ts', 'package.json', 'package-lock.json'].map((f) => newestMtime(join(root, f)))
	);
	const stale = !existsSync(built) || statSync(built).mtimeMs < sourceTime;
	if (!forceBuild && !stale) {
		console.log('  build/ is up to date');
		return;
	}
	console.log(`  ${forceBuild ? '--build' : existsSync(built) ? 'build/ is older than the sources' : 'no build/'}: npm run build…`);
	for (let attempt = 1; ; attempt++) {
		const started = performance.now();
		const child = spawn('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
		children.add(child);
		let output = '';
		child.stdout!.on('data', (d) => (output += d));
		child.stderr!.on('data', (d) => (output += d));
		const [code] = (await once(child, 'exit')) as [number | null];
		children.delete(child);
		if (code === 0 && existsSync(built)) {
			console.log(`  built in ${(since(started) / 1000).toFixed(1)} s`);
			report.build = { seconds: Math.round(since(started) / 100) / 10 };
			return;
		}
		const tail = output.split('\n').filter((l) => !/^\s+'/.test(l)).slice(-25).join('\n');
		// Another `vite build` (the e2e web server does one) writing the same folders makes ours fail; try once more.
		if (attempt < 2) {
			console.log(`  build failed (exit ${code}); retrying once in 5 s…\n${tail.replace(/^/gm, '    ')}`);
			await sleep(5000);
			continue;
		}
		throw new Error(`npm run build failed (exit ${code}):\n${tail}`);
	}
}

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

interface Server {
	child: ChildProcess;
	origin: string;
	/** The embedded database's folder; null on Postgres. */
	dataDir: string | null;
	/** From spawn to the first 200 of GET /. */
	readyMs: number;
	/** What the server said: `[db] embedded database ready in N ms` (or `postgres database`). */
	dbReadyMs: number | null;
	log: () => string;
}

async function startServer(database: Target['server'], timeoutMs = 120_000): Promise<Server> {
	const port = await freePort();
	const origin = `http://127.0.0.1:${port}`;
	const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', ORIGIN: origin, NODE_ENV: 'production' };
	// Exactly the database asked for, whatever our own environment says.
	delete env.DATABASE_URL;
	delete env.WM_DATA_DIR;
	const dataDir = 'dataDir' in database ? database.dataDir : null;
	if (dataDir) env.WM_DATA_DIR = dataDir;
	else if ('databaseUrl' in database) env.DATABASE_URL = database.databaseUrl;
	const started = performance.now();
	const child = spawn(process.execPath, ['build'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
	children.add(child);
	let log = '';
	child.stdout!.on('data', (d) => (log += d));
	child.stderr!.on('data', (d) => (log += d));
	child.on('exit', () => children.delete(child));

	for (;;) {
		if (child.exitCode !== null || child.signalCode !== null) {
			throw new Error(`node build exited (${child.exitCode ?? child.signalCode}) before answering:\n${log}`);
		}
		if (since(started) > timeoutMs) {
			await stopChild(child);
			throw new Error(`node build did not answer GET / with 200 within ${timeoutMs / 1000} s:\n${log}`);
		}
		try {
			const response = await fetch(`${origin}/`, { signal: AbortSignal.timeout(5000) });
			await response.arrayBuffer();
			if (response.status === 200) {
				const readyMs = since(started);
				const match = /(?:embedded|postgres) database ready in (\d+) ms/.exec(log);
				return { child, origin, dataDir, readyMs, dbReadyMs: match ? Number(match[1]) : null, log: () => log };
			}
			if (response.status >= 500) throw new Error(`GET / answered ${response.status}:\n${log}`);
		} catch (error) {
			if (error instanceof Error && error.message.startsWith('GET / answered')) {
				await stopChild(child);
				throw error;
			}
			// not listening yet
		}
		await sleep(10);
	}
}

async function stopServer(server: Server): Promise<void> {
	const code = await stopChild(server.child);
	if (code !== 0) console.log(`  note: server exited with ${code}:\n${server.log().replace(/^/gm, '    ')}`);
	const lock = server.dataDir ? checkLock(server.dataDir) : 'free';
	if (lock !== 'free') console.log(`  note: lock file after stopping the server: ${lock}`);
}

// ---------------------------------------------------------------------------------------------
// Step 3: cold start

async function coldStart(): Promise<void> {
	heading(`3. Cold start: spawn \`node build\` → first 200 of GET /, demo-seeded database, ${COLD_RUNS} runs`);
	warnIfBusy('the cold starts');
	const tmp = mkdtempSync(join(tmpdir(), 'wm-bench-'));
	tempDirs.push(tmp);
	const template = join(tmp, 'template', 'pglite');
	mkdirSync(join(template, '..'), { recursive: true });

	const first = await startServer({ dataDir: template });
	const seededLine = /new embedded database: .*/.exec(first.log())?.[0];
	await stopServer(first);
	if (!seededLine) throw new Error(`The first start on an empty folder did not seed demo data:\n${first.log()}`);
	console.log(`  demo database made by a first start in ${Math.round(first.readyMs)} ms (${seededLine.replace('new embedded database: ', '')})`);

	const runs: { ms: number; dbReadyMs: number | null }[] = [];
	for (let i = 1; i <= COLD_RUNS; i++) {
		const copy = join(tmp, `run-${i}`, 'pglite');
		cpSync(template, copy, { recursive: true });
		const server = await startServer({ dataDir: copy });
		if (/new embedded database/.test(server.log())) throw new Error('The copied database was seeded again: it was not seen as existing.');
		await stopServer(server);
		runs.push({ ms: Math.round(server.readyMs), dbReadyMs: server.dbReadyMs });
		console.log(`  run ${i}: ${Math.round(server.readyMs)} ms to the first 200 (server: embedded database ready in ${server.dbReadyMs ?? '?'} ms)`);
		rmSync(join(tmp, `run-${i}`), { recursive: true, force: true });
	}
	const median = [...runs].sort((a, b) => a.ms - b.ms)[Math.floor(runs.length / 2)]!.ms;
	console.log(`  median ${Math.round(median)} ms`);
	report.coldStart = { runs, medianMs: Math.round(median), firstStartWithDemoSeedMs: Math.round(first.readyMs) };
	summary.push({
		measure: 'cold start, demo database (median)',
		value: `${Math.round(median)} ms`,
		budget: `≤ ${budgets.coldStartMs} ms`,
		verdict: median <= budgets.coldStartMs ? 'ok' : 'over'
	});
}

// ---------------------------------------------------------------------------------------------
// Step 4: search over HTTP (the mix of step 2, with where=<outcode> for the server to look up)

interface HttpInputs {
	urls: string[];
}

async function readHttpInputs(target: Target): Promise<HttpInputs> {
	const db = await target.open();
	heldDb = db;
	try {
		const { districts, outcomeIds } = await loadSearchInputs(db);
		const cases = searchCases(mulberry32(0xbe7c_0004), districts, outcomeIds, HTTP_URLS, 'mix');
		return { urls: cases.map((c) => `/find?${c.query}`) };
	} finally {
		await db.close();
		heldDb = null;
	}
}

const countPattern = /<p class="count\b[^"]*"[^>]*>([^<]*)<\/p>/;

async function runHttp(server: Server, urls: string[], target: Target): Promise<void> {
	heading(`${target.steps.http}. Search over HTTP on ${target.title}: ${HTTP_CONNECTIONS} connections, ${HTTP_SECONDS} s, ${HTTP_URLS} /find URLs, ${fmtInt(OFFERS)} offers`);
	warnIfBusy('the HTTP run');
	// Sanity: the pages answer and find something (a broken search would be fast and wrong).
	let withResults = 0;
	const samples = urls.slice(0, 5);
	for (const url of samples) {
		const response = await fetch(server.origin + url);
		const html = await response.text();
		if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}`);
		const count = countPattern.exec(html)?.[1] ?? '';
		if (/[1-9]/.test(count)) withResults++;
	}
	if (!withResults) throw new Error(`None of ${samples.length} sample search pages shows a result count above 0; the benchmark would be meaningless.`);
	console.log(`  sanity: ${samples.length} sample pages answered 200, ${withResults} of them with results`);

	const warmStart = performance.now();
	let warmed = 0;
	for (const url of urls.slice(samples.length, samples.length + HTTP_WARMUP)) {
		if (since(warmStart) > WARMUP_LIMIT_S * 1000) break;
		await (await fetch(server.origin + url)).arrayBuffer();
		warmed++;
	}
	console.log(`  warmed up with ${warmed} sequential requests (${Math.round(since(warmStart) / warmed)} ms each on average)`);

	const requests = urls.map((path) => ({ method: 'GET', path }));
	let clientIndex = 0;
	const latencies: number[] = [];
	const statusCounts: Record<string, number> = {};
	const errorMessages: Record<string, number> = {};
	const instance = autocannon({
		url: server.origin,
		connections: HTTP_CONNECTIONS,
		duration: HTTP_SECONDS,
		timeout: 30, // PGlite runs one query at a time, so slow searches queue; measure the queue rather than drop it
		requests,
		// Each connection starts at a different place in the list, so they do not all ask the same thing at once.
		setupClient(client) {
			const offset = Math.floor((clientIndex++ * requests.length) / HTTP_CONNECTIONS);
			client.setRequests([...requests.slice(offset), ...requests.slice(0, offset)]);
		}
	});
	instance.on('response', (_client, statusCode, _bytes, responseTime) => {
		latencies.push(responseTime);
		statusCounts[statusCode] = (statusCounts[statusCode] ?? 0) + 1;
	});
	instance.on('reqError', (error) => {
		const key = error.message || String(error);
		errorMessages[key] = (errorMessages[key] ?? 0) + 1;
	});
	const result = await instance;

	const all = stats(latencies);
	const errorsTotal = result.errors + result.timeouts + result.non2xx;
	table(
		['measure', 'value'],
		[
			['requests completed (in flight at the end: not counted)', fmtInt(latencies.length)],
			['requests/s (mean)', result.requests.average.toFixed(1)],
			['latency p50 (ours, all responses)', ms(all.p50)],
			['latency p95 (ours, all responses)', ms(all.p95)],
			['latency p99 / max (ours)', `${ms(all.p99)} / ${ms(all.max)}`],
			['autocannon p50 / p97.5 / p99 (2xx only)', `${result.latency.p50} / ${result.latency.p97_5} / ${result.latency.p99} ms`],
			['status codes', Object.entries(statusCounts).map(([c, n]) => `${c}: ${fmtInt(n)}`).join(', ')],
			['non-2xx / errors / timeouts', `${result.non2xx} / ${result.errors} / ${result.timeouts}`]
		]
	);
	if (Object.keys(errorMessages).length) console.log(`  errors: ${JSON.stringify(errorMessages)}`);

	target.out.http = {
		offers: OFFERS,
		connections: HTTP_CONNECTIONS,
		seconds: HTTP_SECONDS,
		urls: urls.length,
		sampleUrls: urls.slice(0, 5),
		serverStartMs: Math.round(server.readyMs),
		requests: latencies.length,
		requestsPerSecond: result.requests.average,
		latencyMs: all,
		autocannonLatencyMs: { p50: result.latency.p50, p90: result.latency.p90, p97_5: result.latency.p97_5, p99: result.latency.p99, max: result.latency.max, mean: result.latency.mean },
		statusCodes: statusCounts,
		non2xx: result.non2xx,
		errors: result.errors,
		timeouts: result.timeouts,
		errorMessages
	};
	summary.push(
		{ measure: `${target.label}search HTTP p95 (20 connections)`, value: ms(all.p95), budget: `≤ ${budgets.httpP95Ms} ms`, verdict: all.p95 <= budgets.httpP95Ms ? 'ok' : 'over' },
		{ measure: `${target.label}search HTTP non-2xx + errors + timeouts`, value: String(errorsTotal), budget: `= ${budgets.httpErrors}`, verdict: errorsTotal <= budgets.httpErrors ? 'ok' : 'over' },
		{ measure: `${target.label}search HTTP p50 / p97.5 (autocannon)`, value: `${result.latency.p50} / ${result.latency.p97_5} ms`, budget: '', verdict: 'info' },
		{ measure: `${target.label}search HTTP requests/s`, value: result.requests.average.toFixed(0), budget: '', verdict: 'info' }
	);
}

// ---------------------------------------------------------------------------------------------
// Step 5: JavaScript of the first pages

async function javaScriptSize(server: Server): Promise<void> {
	heading('5. JavaScript of the first pages (gzip -9, before the map is opened)');
	const pages = [await pageJavaScript(server.origin, '/'), await pageJavaScript(server.origin, '/find?where=CF10')];
	for (const page of pages) {
		console.log(`  ${page.path}: ${page.files} files (route nodes ${page.nodeIds.join(', ')}) + inline boot script, ${kb(page.bytes)} raw, ${kb(page.gzip)} gzip`);
		console.log(`    largest: ${page.scripts.slice(0, 4).map(describeScript).join(', ')}`);
		const later = onDemandBesidesRoutes(page);
		if (later.length) console.log(`    loaded on demand, not counted: ${later.map(describeScript).join(', ')}`);
		summary.push({
			measure: `JS gzip, ${page.path}`,
			value: kb(page.gzip),
			budget: `≤ ${kb(budgets.jsGzipBytes)}`,
			verdict: page.gzip <= budgets.jsGzipBytes ? 'ok' : 'over'
		});
	}
	report.javascript = pages;
}

// ---------------------------------------------------------------------------------------------
// Step 6 (--postgres): a throwaway PostgreSQL 15 cluster, as scripts/pg15-check.sh makes one: unix
// socket only (the port just names the socket file), in a temporary folder, deleted on exit.

const pgBin = process.env.PG15_BIN || '/usr/lib/postgresql/15/bin';
const PG_PORT = 54329;
const PG_DATABASE = 'whatmatters';
const pgSettings = { shared_buffers: '256MB', max_connections: '50' };
// A throwaway cluster needs no durability; this speeds up the seeding, not the searches.
const pgThrowaway = { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' };

/** Runs a PostgreSQL program; as the postgres user when we are root (the server refuses to run as root). */
function pgRun(program: string, args: string[]): string {
	const [file, argv] = process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', join(pgBin, program), ...args]] : [join(pgBin, program), args];
	return execFileSync(file, argv, { cwd: clusterDir ?? undefined, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Makes and starts the cluster; returns the URL of its `postgres` database. */
function startCluster(): string {
	if (!existsSync(join(pgBin, 'pg_ctl'))) throw new Error(`No PostgreSQL 15 in ${pgBin}: apt-get install -y postgresql-15, or set PG15_BIN.`);
	const dir = mkdtempSync(join(tmpdir(), 'wm-bench-pg15-'));
	clusterDir = dir;
	if (process.getuid?.() === 0) {
		chownSync(dir, Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })), Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })));
	}
	const data = join(dir, 'data');
	pgRun('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
	const options = [`-k ${dir}`, "-h ''", `-p ${PG_PORT}`, ...Object.entries({ ...pgSettings, ...pgThrowaway }).map(([k, v]) => `-c ${k}=${v}`)];
	try {
		pgRun('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '60', '-o', options.join(' '), 'start']);
	} catch (error) {
		const log = existsSync(join(dir, 'server.log')) ? readFileSync(join(dir, 'server.log'), 'utf8').split('\n').slice(-20).join('\n') : '';
		throw new Error(`The PostgreSQL server did not start: ${(error as Error).message}\n${log}`);
	}
	return `postgres://postgres@localhost:${PG_PORT}/postgres?host=${dir}`;
}

/** Stops the cluster, if there is one, and deletes its folder. Synchronous, so the exit handler can use it. */
function stopCluster(): void {
	const dir = clusterDir;
	if (!dir) return;
	const data = join(dir, 'data');
	if (existsSync(join(data, 'postmaster.pid'))) {
		try {
			pgRun('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '30', 'stop']);
		} catch {
			try {
				pgRun('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
			} catch {
				// already gone
			}
		}
	}
	clusterDir = null;
	rmSync(dir, { recursive: true, force: true });
}

/** The cluster, with a database migrated and seeded through the app's own adapter, ready to search. */
async function preparePostgres(): Promise<Target> {
	heading(`6. PostgreSQL 15 (--postgres): a throwaway cluster with ${fmtInt(OFFERS)} published offers`);
	const started = performance.now();
	const adminUrl = startCluster();
	const admin = openPostgres(adminUrl);
	try {
		await admin.ownerExec(`create database ${PG_DATABASE}`);
		// As on Supabase, the database's search_path includes `extensions`.
		await admin.ownerExec(`alter database ${PG_DATABASE} set search_path = "$user", public, extensions`);
	} finally {
		await admin.close();
	}
	const url = adminUrl.replace('/postgres?', `/${PG_DATABASE}?`);
	const db = openPostgres(url);
	heldDb = db;
	try {
		const [{ version } = { version: '?' }] = await db.ownerQuery<{ version: string }>(`select current_setting('server_version') as version`);
		console.log(`  PostgreSQL ${version} up in ${Math.round(since(started))} ms in ${clusterDir} (${Object.entries(pgSettings).map(([k, v]) => `${k}=${v}`).join(', ')}; fsync off)`);
		const made = await migrateAndSeed(db, 'vacuum analyze');
		const [size] = await db.ownerQuery<{ bytes: number }>(`select pg_database_size(current_database())::float8 as bytes`);
		const out = { server: `PostgreSQL ${version}`, settings: { ...pgSettings, ...pgThrowaway }, database: { ...made, bytes: size?.bytes } };
		report.postgres = out;
		summary.push({ measure: `postgres: seed ${fmtInt(OFFERS)} offers through the adapter`, value: `${made.seedSeconds.toFixed(1)} s`, budget: '', verdict: 'info' });
		return {
			title: 'PostgreSQL 15',
			label: 'postgres: ',
			steps: { search: 7, http: 8 },
			open: async () => openPostgres(url),
			server: { databaseUrl: url },
			out
		};
	} finally {
		await db.close();
		heldDb = null;
	}
}

// ---------------------------------------------------------------------------------------------
// Step 9: planning. A database of its own, so the search figures and the server steps never see these
// rows (the embedded server rebuilds the rollups when it starts, which on 1M rows would hold the
// database for the first seconds of the HTTP run): a copy of the benchmark database (its 100k offers
// are the supply), with 1M rows of demand, feedback and conversations added (planning-data.ts).

interface PlanningMeta {
	generator: number;
	sizes: PlanningSizes;
	migrations: Record<string, string>;
	counts: PlanningCounts;
	generateSeconds: number;
	at: string;
}

const sameSizes = (a: PlanningSizes, b: PlanningSizes) => a.demand === b.demand && a.feedback === b.feedback && a.conversations === b.conversations;

async function preparePlanningDb(): Promise<PlanningMeta & { rebuilt: boolean }> {
	for (const dir of [planningDataDir, benchDataDir]) {
		const lock = checkLock(dir);
		if (lock.startsWith('held by')) throw new Error(`${relative(root, dir)} is open in another process (${lock}); stop it first.`);
	}
	const meta = existsSync(planningMetaPath) ? (JSON.parse(readFileSync(planningMetaPath, 'utf8')) as PlanningMeta) : null;
	const migrations = migrationHashes();
	const changed = changedMigrations(meta?.migrations, migrations);
	let why = fresh ? '--fresh' : !existsSync(join(planningDataDir, 'PG_VERSION')) ? 'none yet' : null;
	why ??= !meta ? 'no record of how it was made'
		: meta.generator !== PLANNING_GENERATOR || !sameSizes(meta.sizes, planningSizes) ? 'the generator has changed'
		: changed.length ? `migration ${changed.join(', ')} changed since it was made` : null;

	if (!why && meta) {
		const started = performance.now();
		const db = await openPglite({ dataDir: planningDataDir });
		heldDb = db;
		try {
			const applied = await migrate(db);
			const [row] = await db.ownerQuery<{ demand: number; feedback: number; conversations: number }>(
				`select (select count(*)::int from public.demand_signals) as demand, (select count(*)::int from public.asset_feedback) as feedback,
				        (select count(*)::int from public.conversations) as conversations`
			);
			if (row?.demand === meta.counts.demand_signals && row.feedback === meta.counts.asset_feedback && row.conversations === meta.counts.conversations) {
				if (applied.length) {
					await db.ownerExec('analyze');
					writeFileSync(planningMetaPath, JSON.stringify({ ...meta, migrations }, null, 2));
				}
				console.log(`  reusing ${relative(root, planningDataDir)}${applied.length ? ` (applied ${applied.length} new migration(s))` : ''}: ` +
					`${fmtInt(row.demand)} demand signals, ${fmtInt(row.feedback)} feedback, ${fmtInt(row.conversations)} conversations ` +
					`(checked in ${Math.round(since(started))} ms; --fresh rebuilds)`);
				return { ...meta, migrations, rebuilt: false };
			}
			why = 'its row counts are not the ones recorded';
		} finally {
			await db.close();
			heldDb = null;
		}
	}

	console.log(`  building ${relative(root, planningDataDir)} (${why}): a copy of the benchmark database, then the rows…`);
	rmSync(planningDataDir, { recursive: true, force: true });
	rmSync(planningMetaPath, { force: true });
	const started = performance.now();
	cpSync(benchDataDir, planningDataDir, { recursive: true });
	console.log(`  copied ${relative(root, benchDataDir)} (${(dirBytes(planningDataDir) / 1e9).toFixed(2)} GB) in ${(since(started) / 1000).toFixed(1)} s`);
	const db = await openPglite({ dataDir: planningDataDir });
	heldDb = db;
	try {
		await migrate(db);
		const generating = performance.now();
		const counts = await seedPlanningData(db, planningSizes, (message) => console.log(`  ${message}`));
		const generateSeconds = Math.round(since(generating) / 100) / 10;
		await db.close();
		heldDb = null;
		const made: PlanningMeta = { generator: PLANNING_GENERATOR, sizes: planningSizes, migrations, counts, generateSeconds, at: new Date().toISOString() };
		writeFileSync(planningMetaPath, JSON.stringify(made, null, 2));
		console.log(`  generated in ${generateSeconds.toFixed(1)} s (with the copy ${(since(started) / 1000).toFixed(1)} s): ` +
			`${fmtInt(counts.demand_signals)} demand signals, ${fmtInt(counts.asset_feedback)} feedback (${fmtInt(counts.asset_feedback_outcomes)} outcomes), ` +
			`${fmtInt(counts.conversations)} conversations (${fmtInt(counts.conversation_outcomes)} outcomes, ${fmtInt(counts.signposts)} signposts)`);
		return { ...made, rebuilt: true };
	} catch (error) {
		await db.close().catch(() => {});
		heldDb = null;
		rmSync(planningDataDir, { recursive: true, force: true }); // never leave a half-made database to be reused
		throw error;
	}
}

/** The months `back` before the first of this month, and the first of this month, as YYYY-MM-01. */
function lastMonths(months: number): { from: string; to: string } {
	const now = new Date();
	const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
	const from = new Date(Date.UTC(to.getUTCFullYear(), to.getUTCMonth() - (months - 1), 1));
	return { from: from.toISOString().slice(0, 10), to: to.toISOString().slice(0, 10) };
}

interface PlanningArea {
	name: string;
	districts: string[] | null;
	from: string;
	to: string;
}

interface PlanningCall {
	name: string;
	sql: string;
	params: (area: PlanningArea, outcome: string) => unknown[];
}

// As the dashboard calls them (src/lib/server/repos/planning.ts), in its order.
const planningCalls: PlanningCall[] = [
	{ name: 'planning_status', sql: `select * from public.planning_status()`, params: () => [] },
	{ name: 'planning_demand_by_outcome', sql: `select * from public.planning_demand_by_outcome($1::text[], $2::date, $3::date)`, params: (a) => [a.districts, a.from, a.to] },
	{ name: 'planning_demand_by_month', sql: `select * from public.planning_demand_by_month($1::text[], $2::date, $3::date)`, params: (a) => [a.districts, a.from, a.to] },
	{ name: 'planning_supply_by_outcome', sql: `select * from public.planning_supply_by_outcome($1::text[])`, params: (a) => [a.districts] },
	{ name: 'planning_demand_by_cell', sql: `select * from public.planning_demand_by_cell($1::text[], $2::date, $3::date, $4)`, params: (a) => [a.districts, a.from, a.to, null] },
	{ name: 'planning_demand_by_cell, one outcome', sql: `select * from public.planning_demand_by_cell($1::text[], $2::date, $3::date, $4)`, params: (a, o) => [a.districts, a.from, a.to, o] },
	{ name: 'planning_supply_by_cell', sql: `select * from public.planning_supply_by_cell($1::text[], $2)`, params: (a) => [a.districts, null] },
	{ name: 'planning_supply_by_cell, one outcome', sql: `select * from public.planning_supply_by_cell($1::text[], $2)`, params: (a, o) => [a.districts, o] },
	{ name: 'planning_what_helped', sql: `select * from public.planning_what_helped($1::text[], $2::date, $3::date)`, params: (a) => [a.districts, a.from, a.to] },
	{ name: 'planning_referral_flow', sql: `select * from public.planning_referral_flow($1::text[], $2::date, $3::date)`, params: (a) => [a.districts, a.from, a.to] }
];

async function planning(): Promise<void> {
	heading(`9. Planning: ${fmtInt(planningSizes.demand + planningSizes.feedback + planningSizes.conversations)} rows of demand, feedback and conversations, embedded`);
	const made = await preparePlanningDb();
	warnIfBusy('the planning runs');
	const db = await openPglite({ dataDir: planningDataDir });
	heldDb = db;
	try {
		// 1. The rollups, rebuilt as the server's job does it (service_role).
		console.log('  refreshing the rollups (public.refresh_planning_rollups(), as service_role)…');
		const refreshStart = performance.now();
		const [refreshed] = await db.withClaims(serviceClaims, (tx) => tx.query<{ n: number }>(`select public.refresh_planning_rollups() as n`));
		const refreshMs = since(refreshStart);
		// The rollup tables there are (planning_refreshes and planning_settings are not rollups).
		const rollups: Record<string, number> = {};
		const tables = await db.ownerQuery<{ name: string }>(
			`select relname as name from pg_class where relnamespace = 'public'::regnamespace and relkind = 'r'
			    and relname like 'planning\\_%' and relname not in ('planning_refreshes', 'planning_settings') order by oid`
		);
		for (const { name } of tables) {
			const [row] = await db.ownerQuery<{ n: number }>(`select count(*)::int as n from public.${name}`);
			rollups[name] = row?.n ?? 0;
		}
		const [logged] = await db.ownerQuery<{ took_ms: number; source_rows: number }>(
			`select took_ms, source_rows::int as source_rows from public.planning_refreshes order by id desc limit 1`
		);
		console.log(`  refreshed in ${(refreshMs / 1000).toFixed(1)} s (${fmtInt(refreshed?.n ?? 0)} rollup rows): ` +
			Object.entries(rollups).map(([k, v]) => `${k} ${fmtInt(v)}`).join(', '));

		// 2. The dashboard's functions, as a planner, over areas a planner would choose.
		const planner: Claims = { role: 'authenticated', sub: benchPlanner.id, email: benchPlanner.email };
		const outcodes = async (where: string) =>
			(await db.ownerQuery<{ outcode: string }>(`select outcode from public.postcode_districts where ${where} order by outcode`)).map((r) => r.outcode);
		const authority = 'Rhondda Cynon Taff';
		const few = ['CF10', 'CF11', 'CF24'];
		const areas: PlanningArea[] = [
			{ name: 'Wales, 12 months', districts: await outcodes(`country = 'Wales'`), ...lastMonths(12) },
			{ name: 'everywhere, 12 months', districts: null, ...lastMonths(12) },
			{ name: `${authority}, 36 months`, districts: await outcodes(`region = '${authority}'`), ...lastMonths(36) },
			{ name: `${few.join(' ')}, 6 months`, districts: few, ...lastMonths(6) }
		];
		const [{ id: outcome } = { id: '' }] = await db.ownerQuery<{ id: string }>(
			`select id from public.outcomes where category in ('quality_of_life', 'change') order by sort limit 1`
		);
		console.log(`  ${planningCalls.length} calls × ${areas.length} areas, ${PLANNING_WARMUP} warm-up + ${PLANNING_RUNS} timed rounds each, ` +
			`each call its own transaction as planner (one outcome: ${outcome}); areas: ${areas.map((a) => `${a.name} (${a.districts ? `${a.districts.length} districts` : 'null'})`).join('; ')}`);

		interface Case { call: PlanningCall; area: PlanningArea; times: number[]; rows: number; stoppedEarly: boolean }
		const cases: Case[] = [];
		const dashboards: { area: string; stats: Stats }[] = [];
		let lastReport = performance.now();
		for (const area of areas) {
			const mine = planningCalls.map((call) => ({ call, area, times: [] as number[], rows: 0, stoppedEarly: false }));
			cases.push(...mine);
			const rounds: number[] = [];
			const areaStart = performance.now();
			// Rounds of the whole dashboard, call after call as the page makes them: every function sees
			// the caches the others leave, as it would on the page.
			for (let round = 0; round < PLANNING_WARMUP + PLANNING_RUNS; round++) {
				if (round >= PLANNING_WARMUP && since(areaStart) / 1000 > PLANNING_AREA_LIMIT_S) {
					for (const c of mine) c.stoppedEarly = true;
					break;
				}
				let roundMs = 0;
				for (const c of mine) {
					const start = performance.now();
					const rows = await db.withClaims(planner, (tx) => tx.query(c.call.sql, c.call.params(area, outcome)));
					const took = since(start);
					roundMs += took;
					if (round < PLANNING_WARMUP) continue;
					c.times.push(took);
					c.rows = rows.length;
				}
				if (round >= PLANNING_WARMUP) rounds.push(roundMs);
				if (since(lastReport) > 15_000) {
					lastReport = performance.now();
					console.log(`  ${area.name}: ${round < PLANNING_WARMUP ? `warming up, round ${round + 1} of ${PLANNING_WARMUP}` : `round ${round + 1 - PLANNING_WARMUP} of ${PLANNING_RUNS}`}…`);
				}
			}
			dashboards.push({ area: area.name, stats: stats(rounds) });
		}

		const over = (st: Stats) => st.p95 > budgets.planningP95Ms;
		table(
			['function', 'area', 'n', 'p50', 'p95', 'max', 'rows', 'p95 ≤ 300 ms'],
			cases.map((c) => {
				const st = stats(c.times);
				return [c.call.name, c.area.name, String(st.n), ms(st.p50), ms(st.p95), ms(st.max), String(c.rows), over(st) ? 'over' : 'ok'];
			}),
			[false, false, true, true, true, true, true, false]
		);
		console.log('  the whole dashboard (every call above, one after another):');
		for (const d of dashboards) console.log(`    ${d.area}: p50 ${ms(d.stats.p50)}, p95 ${ms(d.stats.p95)}, max ${ms(d.stats.max)}`);

		// Per function, its slowest area against the budget.
		const byFunction = planningCalls.map((call) => {
			const mine = cases.filter((c) => c.call === call).map((c) => ({ area: c.area.name, stats: stats(c.times) }));
			const worst = mine.reduce((a, b) => (b.stats.p95 > a.stats.p95 ? b : a));
			return { call, worst };
		});
		report.planning = {
			dataDir: relative(root, planningDataDir),
			bytes: dirBytes(planningDataDir),
			rebuilt: made.rebuilt,
			sizes: made.sizes,
			rows: made.counts,
			generateSeconds: made.generateSeconds,
			refresh: { ms: Math.round(refreshMs), loggedMs: logged?.took_ms, rollupRows: refreshed?.n, sourceRows: logged?.source_rows, rollups },
			warmup: PLANNING_WARMUP,
			runs: PLANNING_RUNS,
			outcome,
			areas: areas.map((a) => ({ name: a.name, districts: a.districts?.length ?? null, from: a.from, to: a.to })),
			cases: cases.map((c) => ({ function: c.call.name, area: c.area.name, rows: c.rows, stoppedEarly: c.stoppedEarly, stats: stats(c.times), over: over(stats(c.times)) })),
			dashboard: dashboards
		};
		summary.push(
			{ measure: `planning: generate ${fmtInt(planningSizes.demand + planningSizes.feedback + planningSizes.conversations)} rows${made.rebuilt ? '' : ' (cached)'}`, value: `${made.generateSeconds.toFixed(1)} s`, budget: '', verdict: 'info' },
			{ measure: 'planning: refresh_planning_rollups()', value: `${(refreshMs / 1000).toFixed(1)} s`, budget: '', verdict: 'info' },
			...byFunction.map(({ call, worst }) => ({
				measure: `planning: ${call.name.replace(/^planning_/, '')} p95 (slowest: ${worst.area})`,
				value: ms(worst.stats.p95),
				budget: `≤ ${budgets.planningP95Ms} ms`,
				verdict: (over(worst.stats) ? 'over' : 'ok') as Verdict
			}))
		);
	} finally {
		await db.close();
		heldDb = null;
	}
}


// ---------------------------------------------------------------------------------------------
// The Open Referral API, in process on the same 100k offers, as anon (the routes' own functions)

async function openReferral(): Promise<void> {
	heading(`Open Referral API on ${fmtInt(OFFERS)} offers, in process, role anon`);
	warnIfBusy('the API requests run');
	const db = await embedded.open();
	heldDb = db;
	const origin = 'http://bench.example';
	try {
		const { districts, outcomeIds } = await loadSearchInputs(db);
		const rng = mulberry32(0x0a1b_0009);
		const pairs = await db.withClaims({ role: 'anon' }, (tx) =>
			tx.query<{ offer_id: string; location_id: string }>(
				`select ol.offer_id, ol.location_id from offer_locations ol join offers o on o.id = ol.offer_id
				  where o.attendance <> 'online' order by ol.offer_id limit 2000`));
		const anon = <T>(fn: (tx: Tx) => Promise<T>) => db.withClaims({ role: 'anon' }, fn);
		const query = (text: string) => new URLSearchParams(text);
		const kinds: { name: string; call: () => Promise<unknown> }[] = [
			{ name: '/services, a page of 50', call: () => anon((tx) => listServices(tx, serviceFiltersOf(query('')), pagingOf(query(`page=${int(rng, 1, 200)}`)), origin)) },
			{ name: '/services?taxonomy_term_id=…&day=TU', call: () => anon((tx) => listServices(tx, serviceFiltersOf(query(`taxonomy_term_id=${outcomeTermId(pick(rng, outcomeIds))}&day=TU`)), pagingOf(query('')), origin)) },
			{ name: '/services?search=…', call: () => anon((tx) => listServices(tx, serviceFiltersOf(query(`search=${pick(rng, textWords)}`)), pagingOf(query('')), origin)) },
			{ name: '/service_at_locations?postcode=…&proximity=5000', call: () => {
				const q = query(`postcode=${pick(rng, districts).outcode}&proximity=5000`);
				return anon((tx) => listServiceAtLocations(tx, serviceFiltersOf(q), nearnessOf(q), pagingOf(q), origin));
			} },
			{ name: '/services/{id}', call: () => anon((tx) => getService(tx, pick(rng, pairs).offer_id, origin)) },
			{ name: '/service_at_locations/{id}', call: () => {
				const pair = pick(rng, pairs);
				return anon((tx) => getServiceAtLocation(tx, serviceAtLocationId(pair.offer_id, pair.location_id), origin));
			} }
		];
		const rows: { name: string; stats: Stats }[] = [];
		for (const kind of kinds) {
			const times: number[] = [];
			const started = performance.now();
			for (let i = 0; i < OPENREFERRAL_WARMUP + OPENREFERRAL_RUNS && since(started) / 1000 < OPENREFERRAL_LIMIT_S; i++) {
				const start = performance.now();
				await kind.call();
				if (i >= OPENREFERRAL_WARMUP) times.push(since(start));
			}
			rows.push({ name: kind.name, stats: stats(times) });
		}
		table(['request', 'n', 'p50', 'p95', 'max'], rows.map((r) => [r.name, String(r.stats.n), ms(r.stats.p50), ms(r.stats.p95), ms(r.stats.max)]), [false, true, true, true, true]);
		report.openreferral = { offers: OFFERS, warmup: OPENREFERRAL_WARMUP, runs: OPENREFERRAL_RUNS, requests: rows };
		const slowest = rows.reduce((a, b) => (b.stats.p95 > a.stats.p95 ? b : a));
		summary.push({ measure: `Open Referral API p95 (slowest: ${slowest.name})`, value: ms(slowest.stats.p95), budget: '', verdict: 'info' });
	} finally {
		await db.close();
		heldDb = null;
	}
}

// ---------------------------------------------------------------------------------------------
// Main

async function main() {
	console.log(`What Matters benchmark — node ${process.version}, ${cpus().length} cores, load ${load().join(' ')}`);
	await step('benchmark database', prepareBenchDb);
	const dbReady = !errors.length;

	if (wants('search') && dbReady) await step('in-process search', () => inProcessSearch(embedded));
	if (wants('planning') && dbReady) await step('planning', planning);
	if (wants('openreferral') && dbReady) await step('Open Referral API', openReferral);

	if (wants('cold') || wants('http') || wants('js')) {
		heading('Production build');
		await step('build', ensureBuild);
	}
	const buildReady = !errors.some((e) => e.step === 'build' || e.step === 'benchmark database');

	if (wants('cold') && buildReady) await step('cold start', coldStart);

	if ((wants('http') || wants('js')) && buildReady && dbReady) {
		let server: Server | null = null;
		await step('HTTP search', async () => {
			const { urls } = await readHttpInputs(embedded);
			server = await startServer(embedded.server);
			console.log(`\n  \`node build\` on the ${fmtInt(OFFERS)}-offer database answered in ${Math.round(server.readyMs)} ms (embedded database ready in ${server.dbReadyMs ?? '?'} ms)`);
			summary.push({ measure: `server start, ${fmtInt(OFFERS)}-offer database`, value: `${Math.round(server.readyMs)} ms`, budget: '', verdict: 'info' });
			if (wants('http')) await runHttp(server, urls, embedded);
		});
		if (server && wants('js')) await step('JavaScript size', () => javaScriptSize(server!));
		if (server) await stopServer(server);
	}

	if (onPostgres && (wants('search') || wants('http'))) {
		let pg = null as Target | null;
		await step('postgres: database', async () => void (pg = await preparePostgres()));
		if (pg && wants('search')) await step('postgres: in-process search', () => inProcessSearch(pg!));
		if (pg && wants('http') && buildReady) {
			await step('postgres: HTTP search', async () => {
				const { urls } = await readHttpInputs(pg!);
				const server = await startServer(pg!.server);
				try {
					console.log(`\n  \`node build\` with DATABASE_URL answered in ${Math.round(server.readyMs)} ms (postgres database ready in ${server.dbReadyMs ?? '?'} ms)`);
					await runHttp(server, urls, pg!);
				} finally {
					await stopServer(server);
				}
			});
		}
		stopCluster();
	}

	await cleanUp();
	const seconds = since(runStart) / 1000;

	heading('Summary');
	table(
		['measure', 'value', 'budget', 'result'],
		summary.map((r) => [r.measure, r.value, r.budget, r.verdict === 'info' ? '' : r.verdict]),
		[false, true, false, false]
	);
	const overs = summary.filter((r) => r.verdict === 'over');
	console.log(`\n${overs.length ? `${overs.length} over budget. ` : 'All within budget. '}${errors.length ? `${errors.length} step(s) failed. ` : ''}Run time ${seconds.toFixed(0)} s. Report: ${relative(root, reportPath)}`);

	Object.assign(report, { finishedAt: new Date().toISOString(), seconds: Math.round(seconds), summary, errors, loadAtEnd: load() });
	mkdirSync(join(reportPath, '..'), { recursive: true });
	writeFileSync(reportPath, JSON.stringify(report, null, 2) + '\n');
	process.exit(errors.length ? 1 : 0);
}

main().catch(async (error) => {
	console.error(error);
	await cleanUp();
	process.exit(1);
});
