import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Claims, Tx } from '../../src/lib/server/db/types';
import {
	addTermMapping, listImports, listTermMappings, removeTermMapping, tagImportedOffer, termsWaiting
} from '../../src/lib/server/repos/openreferral-admin';
import { decideOffer, moderationQueue } from '../../src/lib/server/repos/moderation';
import { anon, asService, freshDb, someone, type TestDb } from './template';

// Admins map other directories' taxonomy terms to outcomes; a new mapping tags and publishes the
// imported offers waiting on that term; moderators tag the rest by hand. Each run in its own
// fresh database (the mappings change what the next test sees).

const admin: Claims = { role: 'authenticated', sub: 'a1000000-0000-4000-8000-000000000001', email: 'admin@example.org' };
const moderator: Claims = { role: 'authenticated', sub: 'a1000000-0000-4000-8000-000000000002', email: 'mod@example.org' };

let db: TestDb;
beforeAll(async () => {
	db = await freshDb();
	await asService(db, async (tx) => {
		for (const who of [admin, moderator, someone]) await tx.query('insert into auth.users (id, email) values ($1, $2)', [who.sub, who.email]);
		await tx.query(`insert into user_roles (user_id, role) values ($1, 'admin'), ($2, 'moderator')`, [admin.sub, moderator.sub]);
	});
});
afterAll(() => db?.close());

/** An imported group with offers waiting on the given terms (one offer per entry), as an import leaves them. */
async function importedOffers(terms: string[][], groupStatus = 'published'): Promise<string[]> {
	return asService(db, async (tx) => {
		const [group] = await tx.query<{ id: string }>(
			`insert into organisations (name, status, source, source_id, imported_at) values ('Imported group', $1, 'Test directory', gen_random_uuid()::text, now()) returning id`,
			[groupStatus]
		);
		const ids: string[] = [];
		for (const sourceTerms of terms) {
			const [offer] = await tx.query<{ id: string }>(
				`insert into offers (organisation_id, title_en, kind, cost, access, attendance, status, source, source_id, imported_at, source_terms)
				 values ($1, 'Imported offer', 'activity', 'free', 'self_referral', 'in_person', 'pending', 'Test directory', gen_random_uuid()::text, now(), $2) returning id`,
				[group!.id, sourceTerms]
			);
			ids.push(offer!.id);
		}
		return ids;
	});
}

const offerState = (id: string) =>
	asService(db, async (tx) => {
		const [row] = await tx.query<{ status: string; source_terms: string[]; outcomes: string[] }>(
			`select status, source_terms, array(select outcome_id from offer_outcomes where offer_id = o.id order by 1) as outcomes
			   from offers o where id = $1`,
			[id]
		);
		return row!;
	});

const as = <T>(claims: Claims, fn: (tx: Tx) => Promise<T>) => db.withClaims(claims, fn);

describe('a new mapping', () => {
	it('tags and publishes the imported offers waiting on that term, whatever its case, and leaves others waiting', async () => {
		const [befriending, both, walking] = await importedOffers([['Befriending'], ['befriending', 'Walking'], ['Walking']]);
		const added = await as(admin, (tx) => addTermMapping(tx, { taxonomy: '', term: 'BEFRIENDING', outcomeId: 'seeing-people' }, admin.sub!));
		expect(added).toEqual({ offersTagged: 2 });
		expect(await offerState(befriending!)).toEqual({ status: 'published', source_terms: [], outcomes: ['seeing-people'] });
		expect(await offerState(both!)).toEqual({ status: 'published', source_terms: ['Walking'], outcomes: ['seeing-people'] });
		expect(await offerState(walking!)).toEqual({ status: 'pending', source_terms: ['Walking'], outcomes: [] });
		// Published offers no longer wait; the one still pending does, by its term.
		expect(await as(admin, termsWaiting)).toEqual([{ term: 'Walking', offers: 1 }]);
	});

	it('keeps the offer of a group still waiting for review unpublished, though tagged', async () => {
		const [offer] = await importedOffers([['Lunch club']], 'pending');
		await as(admin, (tx) => addTermMapping(tx, { taxonomy: '', term: 'Lunch club', outcomeId: 'things-to-do' }, admin.sub!));
		expect(await offerState(offer!)).toMatchObject({ status: 'pending', outcomes: ['things-to-do'] });
	});

	it('is added once: the same mapping again changes nothing', async () => {
		const again = await as(admin, (tx) => addTermMapping(tx, { taxonomy: '', term: 'befriending', outcomeId: 'seeing-people' }, admin.sub!));
		expect(again).toBeNull();
	});

	it('is the admins\' alone: a moderator and anyone else are refused, and see none', async () => {
		for (const who of [moderator, someone]) {
			await expect(as(who, (tx) => addTermMapping(tx, { taxonomy: '', term: 'Gardening', outcomeId: 'things-to-do' }, who.sub!))).rejects.toThrow(/row-level security/);
			expect(await as(who, listTermMappings)).toEqual([]);
			expect(await as(who, listImports)).toEqual([]);
		}
		await expect(as(anon, listTermMappings)).rejects.toThrow(/permission denied/);
	});

	it('can be removed by an admin; tagged offers keep their outcome', async () => {
		const mappings = await as(admin, listTermMappings);
		const befriending = mappings.find((row) => row.term === 'BEFRIENDING')!;
		expect(await as(moderator, (tx) => removeTermMapping(tx, befriending.id))).toBe(false);
		expect(await as(admin, (tx) => removeTermMapping(tx, befriending.id))).toBe(true);
		expect((await as(admin, listTermMappings)).map((row) => row.term)).toEqual(['Lunch club']);
	});
});

describe('a moderator tagging an imported offer', () => {
	it('sees it in the queue with where it came from and its terms, then tags and publishes it', async () => {
		const [offer] = await importedOffers([['Knit and natter']]);
		const queue = await as(moderator, moderationQueue);
		expect(queue.offers.find((row) => row.id === offer)).toMatchObject({ source: 'Test directory', source_terms: ['Knit and natter'], outcome_ids: [] });
		expect(await as(moderator, (tx) => tagImportedOffer(tx, offer!, ['things-to-do', 'seeing-people']))).toMatchObject({ title_en: 'Imported offer' });
		expect(await offerState(offer!)).toEqual({ status: 'published', source_terms: [], outcomes: ['seeing-people', 'things-to-do'] });
		// Once tagged it no longer qualifies: a second moderator's click finds it gone.
		expect(await as(moderator, (tx) => tagImportedOffer(tx, offer!, ['skills']))).toBeNull();
	});

	it('is refused to anyone who is not a moderator (RLS hides the offer)', async () => {
		const [offer] = await importedOffers([['Choir']]);
		expect(await as(someone, (tx) => tagImportedOffer(tx, offer!, ['things-to-do']))).toBeNull();
		expect(await offerState(offer!)).toMatchObject({ status: 'pending', outcomes: [] });
	});
});

describe('an untagged imported offer', () => {
	it('cannot be approved as it is, but can be turned back with a reason', async () => {
		const [offer] = await importedOffers([['Pottery']]);
		expect(await as(moderator, (tx) => decideOffer(tx, offer!, true, null))).toBeNull();
		expect(await offerState(offer!)).toMatchObject({ status: 'pending' });
		expect(await as(moderator, (tx) => decideOffer(tx, offer!, false, 'Not a community offer'))).toMatchObject({ title_en: 'Imported offer' });
		expect(await offerState(offer!)).toMatchObject({ status: 'draft' });
	});
});
