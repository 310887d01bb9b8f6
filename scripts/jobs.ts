// npm run jobs -- purge-accounts | review-reminders | purge-contact-requests | retention | refresh-planning
// (npm run retention)
// Runs a job once against the configured database (DATABASE_URL, or the embedded one when no
// server holds it), for cron in Postgres or Supabase deployments. The embedded server runs the
// same jobs itself, hourly.
import { openConfiguredDb } from '../src/lib/server/db/open';
import { DatabaseRefusal } from '../src/lib/server/db/types';
import type { Db } from '../src/lib/server/db/types';
import {
	eraseExpiredConversationText, purgeAccountLeftovers, purgeSelfServiceLeftovers, refreshPlanning, sendReviewReminders
} from '../src/lib/server/jobs';

const jobs: Record<string, (db: Db) => Promise<string>> = {
	'purge-accounts': async (db) => {
		const gone = await purgeAccountLeftovers(db);
		return `Removed ${gone.sign_in_attempts} old sign-in attempts, ${gone.sessions} ended sessions, ${gone.tokens} spent links and ${gone.mail} old mails.`;
	},
	'review-reminders': async (db) => `Sent review reminders for ${await sendReviewReminders(db)} offers.`,
	retention: async (db) => `Erased the person's words from ${await eraseExpiredConversationText(db)} conversation records past their retention period.`,
	'purge-contact-requests': async (db) => {
		const gone = await purgeSelfServiceLeftovers(db);
		return `Removed ${gone.contactRequests} contact requests and ${gone.introductions} introductions past their keeping period, and ${gone.plans} plans nobody opened for a long time.`;
	},
	'refresh-planning': async (db) => `Rebuilt the planning figures: ${await refreshPlanning(db)} summary rows.`
};

const [name, ...extra] = process.argv.slice(2);
const job = name ? jobs[name] : undefined;
if (!job || extra.length) {
	console.error(`Usage: npm run jobs -- <job>\nJobs: ${Object.keys(jobs).join(', ')}`);
	process.exit(2);
}

let db: Db | undefined;
try {
	db = (await openConfiguredDb(process.env)).db;
	console.log(await job(db));
	await db.close();
} catch (error) {
	if (db) await db.close().catch(() => {});
	console.error(error instanceof DatabaseRefusal ? error.message : `The job failed: ${error instanceof Error ? error.message : String(error)}`);
	process.exit(1);
}
