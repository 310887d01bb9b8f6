// Prints the slowest ten tests of each runner from the JSON reports `npm test` writes (reports/),
// so a test that grows slow is seen before it runs into its timeout. Also names any Playwright test
// that passed only on a retry (flaky): a defect to fix, not to tolerate.
// `npx tsx scripts/slowest-tests.ts [reports-dir] [--count N]`
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const args = process.argv.slice(2);
const countAt = args.indexOf('--count');
const count = countAt >= 0 ? Number(args[countAt + 1]) : 10;
const dir = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--count') ?? 'reports';

interface Timed {
	name: string;
	ms: number;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`.padStart(8);
const readJson = (name: string): unknown => {
	const file = join(dir, name);
	if (!existsSync(file)) return null;
	try {
		return JSON.parse(readFileSync(file, 'utf8'));
	} catch {
		return null;
	}
};

interface VitestReport {
	testResults?: { name: string; startTime?: number; endTime?: number; assertionResults?: { fullName: string; duration?: number | null }[] }[];
}

function vitest(name: string, label: string) {
	const report = readJson(name) as VitestReport | null;
	if (!report?.testResults) return;
	const tests: Timed[] = report.testResults.flatMap((file) =>
		(file.assertionResults ?? []).map((test) => ({ name: `${relative(process.cwd(), file.name)} › ${test.fullName}`, ms: test.duration ?? 0 }))
	);
	const files: Timed[] = report.testResults.map((file) => ({ name: relative(process.cwd(), file.name), ms: (file.endTime ?? 0) - (file.startTime ?? 0) }));
	print(`${label}: the slowest ${count} tests`, tests);
	print(`${label}: the slowest ${count} files (set-up included)`, files);
}

interface PlaywrightSuite {
	title: string;
	file?: string;
	suites?: PlaywrightSuite[];
	specs?: { title: string; file: string; line: number; tests: { projectName?: string; status: string; results: { duration: number; retry: number; status: string }[] }[] }[];
}

function playwright() {
	const report = readJson('playwright.json') as { suites?: PlaywrightSuite[] } | null;
	if (!report?.suites) return;
	const tests: Timed[] = [];
	const flaky: string[] = [];
	const walk = (suite: PlaywrightSuite, titles: string[]) => {
		const here = suite.file && !titles.length ? [] : [...titles, suite.title];
		for (const spec of suite.specs ?? []) {
			const name = [`${spec.file}:${spec.line}`, ...here.filter(Boolean), spec.title].join(' › ');
			for (const test of spec.tests) {
				// The time a run spent on it, retries included.
				tests.push({ name, ms: test.results.reduce((sum, r) => sum + r.duration, 0) });
				if (test.status === 'flaky') flaky.push(name);
			}
		}
		for (const child of suite.suites ?? []) walk(child, here);
	};
	for (const suite of report.suites) walk(suite, []);
	print(`Playwright: the slowest ${count} tests`, tests);
	if (flaky.length) console.log(`\nPlaywright: ${flaky.length} flaky (passed only on a retry):\n${flaky.map((n) => `  ${n}`).join('\n')}`);
}

function print(title: string, rows: Timed[]) {
	if (!rows.length) return;
	console.log(`\n${title}:`);
	for (const row of [...rows].sort((a, b) => b.ms - a.ms).slice(0, count)) console.log(`${seconds(row.ms)}  ${row.name}`);
}

vitest('vitest.json', 'vitest (PGlite)');
playwright();
vitest('vitest-pg15.json', 'vitest on PostgreSQL 15');
