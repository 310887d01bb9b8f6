// npm run import:openreferral -- <file-or-folder> [--source <name>] [--valid-only]
// Imports another directory's Open Referral UK data into the configured database (DATABASE_URL,
// or the embedded one) and prints the report. Exit code 0 imported, 1 rejected, 2 usage.
import { stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { openConfiguredDb } from '../src/lib/server/db/open';
import { DatabaseRefusal } from '../src/lib/server/db/types';
import type { Db } from '../src/lib/server/db/types';
import { describeProblem, importOpenReferral, readImportFile, readImportFolder, type ImportProgress } from '../src/lib/server/openreferral/import';

const usage = 'Usage: npm run import:openreferral -- <file-or-folder> [--source <name>] [--valid-only]';

function parseArgs(args: string[]): { path: string; source: string | null; validOnly: boolean } | string {
	let path: string | null = null;
	let source: string | null = null;
	let validOnly = false;
	for (let i = 0; i < args.length; i++) {
		const arg = args[i]!;
		if (arg === '--valid-only') validOnly = true;
		else if (arg === '--source') {
			source = args[++i] ?? null;
			if (!source) return 'The --source option needs a name.';
		} else if (arg.startsWith('-')) return `Unknown option ${arg}.`;
		else if (path) return `Give one file or folder, not "${path}" and "${arg}".`;
		else path = arg;
	}
	return path ? { path, source, validOnly } : 'Give the file or folder to import.';
}

const progressLine = (step: ImportProgress) => {
	switch (step.step) {
		case 'reading': return `Reading ${step.files} file${step.files === 1 ? '' : 's'}…`;
		case 'validating': return `Checking ${step.records} record${step.records === 1 ? '' : 's'}…`;
		case 'writing': return step.done === step.total || step.done % 50 === 0 ? `Writing ${step.done} of ${step.total}…` : null;
		case 'done': return null;
	}
};

const parsed = parseArgs(process.argv.slice(2));
if (typeof parsed === 'string') {
	console.error(`${parsed}\n${usage}`);
	process.exit(2);
}

let db: Db | undefined;
try {
	const isFolder = (await stat(parsed.path).catch(() => null))?.isDirectory();
	if (isFolder === undefined) {
		console.error(`There is no file or folder at ${parsed.path}.\n${usage}`);
		process.exit(2);
	}
	const files = isFolder ? await readImportFolder(parsed.path) : [await readImportFile(parsed.path)];
	const source = parsed.source ?? basename(parsed.path.replace(/[\\/]+$/, ''), isFolder ? '' : extname(parsed.path));
	db = (await openConfiguredDb(process.env, { log: (line) => console.log(line) })).db;
	const report = await importOpenReferral(db, {
		files, source, mode: parsed.validOnly ? 'valid_only' : 'all_or_nothing',
		onProgress: (step) => {
			const line = progressLine(step);
			if (line) console.log(line);
		}
	});
	await db.close();
	const c = report.counts;
	console.log(report.outcome === 'imported'
		? [
			`Imported from "${report.source}".`,
			`  Organisations: ${c.organisationsAdded} added, ${c.organisationsUpdated} updated, ${c.organisationsUnchanged} unchanged, ${c.claimedLeftAlone} left to the groups that claimed them.`,
			`  Services: ${c.servicesAdded} added, ${c.servicesUpdated} updated, ${c.servicesUnchanged} unchanged, ${c.servicesToTag} waiting for a moderator to tag.`,
			`  Records left out: ${c.recordsSkipped}.`
		].join('\n')
		: `Nothing was imported from "${report.source}".`);
	if (report.problems.length) {
		console.log(`\n${report.problems.length} problem${report.problems.length === 1 ? '' : 's'}:`);
		for (const problem of report.problems) console.log(`- ${problem.severity === 'error' ? 'Error' : 'Warning'}: ${describeProblem(problem, 'en')}`);
	}
	process.exit(report.outcome === 'imported' ? 0 : 1);
} catch (error) {
	if (db) await db.close().catch(() => {});
	if (error instanceof DatabaseRefusal) console.error(`Could not import: ${error.message}`);
	else {
		console.error(`The import failed: ${error instanceof Error ? error.message : String(error)}`);
		if (process.env.DEBUG) console.error(error);
	}
	process.exit(1);
}
