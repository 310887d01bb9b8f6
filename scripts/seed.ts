// npm run seed [-- --reset]
// Fills the configured database (DATABASE_URL, or the embedded one in .data/ or WM_DATA_DIR)
// with the demonstration directory. Leaves existing demo data alone unless --reset is given.
import { openConfiguredDb } from '../src/lib/server/db/open';
import { DatabaseRefusal } from '../src/lib/server/db/types';
import { serviceClaims, type Db } from '../src/lib/server/db/types';
import { insertDemoData } from '../src/lib/server/seed/demo';
import { deleteDemoAccounts, insertDemoAccounts } from '../src/lib/server/seed/demo-accounts';
import { deleteDemoHistory } from '../src/lib/server/seed/demo-history';

const args = process.argv.slice(2);
const reset = args.includes('--reset');
const unknown = args.filter((a) => a !== '--reset');
if (unknown.length) {
	console.error(`Unknown option ${unknown.join(' ')}. Usage: npm run seed [-- --reset]`);
	process.exit(2);
}

let db: Db | undefined;
try {
	const opened = await openConfiguredDb(process.env, { log: (line) => console.log(line) });
	db = opened.db;
	const where =
		opened.mode === 'postgres' ? 'the Postgres database in DATABASE_URL' : `the embedded database in ${process.env.WM_DATA_DIR || '.data/pglite'}`;

	const outcome = await db.withClaims(serviceClaims, async (tx) => {
		const [existing] = await tx.query<{ organisations: number; offers: number }>(
			`select (select count(*)::int from public.organisations where is_demo) as organisations,
			        (select count(*)::int from public.offers where is_demo) as offers`
		);
		const present = existing ?? { organisations: 0, offers: 0 };
		if (present.organisations > 0) {
			if (!reset) return { kind: 'skipped', existing: present } as const;
			// First the planning history: anonymous demand and feedback by their mark, and its practitioners
			// (their conversations, outcomes and signposts go with them, on delete cascade).
			await deleteDemoHistory(tx);
			// Locations, offers and their outcomes, places and schedules go with their group (on delete cascade).
			await tx.query('delete from public.organisations where is_demo');
			// Stories outlive a group (on delete set null), so the demo ones go by their mark.
			await tx.query('delete from public.stories where is_demo');
			await deleteDemoAccounts(tx);
		}
		const seeded = await insertDemoData(tx);
		// Supabase Auth keeps its own passwords; demo accounts belong to local accounts only.
		const accounts = process.env.PUBLIC_SUPABASE_URL ? 0 : await insertDemoAccounts(tx);
		return { kind: 'seeded', seeded, accounts, replaced: present.organisations > 0 ? present : null } as const;
	});

	if (outcome.kind === 'skipped') {
		console.log(
			`${where[0]!.toUpperCase()}${where.slice(1)} already holds demonstration data (${outcome.existing.organisations} groups, ${outcome.existing.offers} offers), so nothing was changed.\n` +
				'To replace it with a fresh copy, run: npm run seed -- --reset'
		);
	} else {
		const s = outcome.seeded;
		if (outcome.replaced) console.log(`Removed the earlier demonstration data (${outcome.replaced.organisations} groups, ${outcome.replaced.offers} offers).`);
		console.log(`Seeded ${s.organisations} demonstration groups and ${s.offers} offers in South Wales, in ${where}.`);
		if (outcome.accounts) console.log(`Added ${outcome.accounts} demonstration accounts (see the README's demo data section for their passwords).`);
		console.log(
			`${s.publishedOffers} offers are published and searchable; ${s.pendingOrganisations} groups awaiting review and ` +
				`${s.hiddenOffers} draft, archived or not-yet-approved offers stay hidden, as they would for real.`
		);
		const h = s.history;
		console.log(
			`A three-year planning history: ${h.journeys} journeys, ${h.conversations} practitioners' conversations with ` +
				`${h.signposts} signposts and referrals, and ${h.feedback} answers about what helped.`
		);
	}
	await db.close();
} catch (error) {
	if (db) await db.close().catch(() => {});
	if (error instanceof DatabaseRefusal) {
		console.error(`Could not seed: ${error.message}`);
	} else {
		console.error(`Seeding failed: ${error instanceof Error ? error.message : String(error)}`);
		if (process.env.DEBUG) console.error(error);
	}
	process.exit(1);
}
