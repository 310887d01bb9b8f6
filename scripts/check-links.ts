// npm run check:links [-- --timeout=<seconds> --concurrency=<n>]
// Checks the websites of published groups and of published or paused offers, and marks dead ones
// for the group's attention. Uses the configured database (DATABASE_URL, or the embedded one when
// no server holds it), so it can run from cron like `npm run jobs`.
import { openConfiguredDb } from '../src/lib/server/db/open';
import { DatabaseRefusal } from '../src/lib/server/db/types';
import type { Db } from '../src/lib/server/db/types';
import { checkListingLinks } from '../src/lib/server/link-check';

const usage = 'Usage: npm run check:links -- [--timeout=<seconds>] [--concurrency=<n>]';
const options: { timeoutMs?: number; concurrency?: number } = {};
for (const arg of process.argv.slice(2)) {
	const [, name, value] = /^--(timeout|concurrency)=(.+)$/.exec(arg) ?? [];
	const number = Number(value);
	if (!name || !Number.isFinite(number) || number <= 0 || (name === 'concurrency' && !Number.isInteger(number))) {
		console.error(usage);
		process.exit(2);
	}
	if (name === 'timeout') options.timeoutMs = number * 1000;
	else options.concurrency = Math.min(number, 32);
}

let db: Db | undefined;
try {
	db = (await openConfiguredDb(process.env)).db;
	// A line at most every second (and the last one), so a long run shows it is moving without flooding cron mail.
	let lastLine = 0;
	const summary = await checkListingLinks(db, {
		...options,
		onProgress: (done, total) => {
			if (done === 0 || (done < total && Date.now() - lastLine < 1000)) return;
			lastLine = Date.now();
			console.log(`checked ${done}/${total}`);
		}
	});
	console.log(
		`Checked ${summary.checked} links: ${summary.fine} fine, ${summary.dead} dead (marked for the group), ` +
			`${summary.unknown} could not be checked (the site refused automated checks; left as they were).`
	);
	await db.close();
} catch (error) {
	if (db) await db.close().catch(() => {});
	console.error(error instanceof DatabaseRefusal ? error.message : `The link check failed: ${error instanceof Error ? error.message : String(error)}`);
	process.exit(1);
}
