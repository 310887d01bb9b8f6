import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anon, asService, freshDb, someone, type TestDb } from './template';
import { addOffer, addOrganisation, cardiff, newport } from './fixtures';

// offer_search is what search reads; these tests hold it to the normalised tables it mirrors.
let db: TestDb;
const ids: Record<string, string> = {};
const visible = () => db.withClaims(anon, (tx) => tx.query<{ offer_id: string; outcome_ids: string[]; weekdays: string[]; wheelchair: boolean }>(
	'select offer_id, outcome_ids, weekdays, wheelchair from offer_search order by offer_id'
));
const rowsFor = async (id: string) => (await visible()).filter((r) => r.offer_id === id);

beforeAll(async () => {
	db = await freshDb();
	await asService(db, async (tx) => {
		ids.group = await addOrganisation(tx, 'Group');
		ids.offer = await addOffer(tx, ids.group, { title: 'Choir', at: cardiff, outcomes: ['seeing-people'], byday: ['TU'] });
		ids.draft = await addOffer(tx, ids.group, { title: 'Draft', at: cardiff, outcomes: ['skills'], status: 'draft' });
	});
});
afterAll(() => db?.close());

describe('offer_search follows the directory', () => {
	it('holds published offers only, with their outcomes and days', async () => {
		expect(await rowsFor(ids.draft!)).toEqual([]);
		expect(await rowsFor(ids.offer!)).toMatchObject([{ outcome_ids: ['seeing-people'], weekdays: ['TU'], wheelchair: false }]);
	});

	it('follows changes to outcomes, schedules and venues', async () => {
		await asService(db, async (tx) => {
			await tx.query(`insert into offer_outcomes values ($1, 'skills')`, [ids.offer]);
			await tx.query(`insert into schedules (offer_id, freq, byday, opens_at, closes_at) values ($1, 'MONTHLY', '{1FR}', '18:00', '20:00')`, [ids.offer]);
			await tx.query(`update locations set accessibility = '{wheelchair}' where organisation_id = $1`, [ids.group]);
		});
		expect(await rowsFor(ids.offer!)).toMatchObject([{ outcome_ids: ['seeing-people', 'skills'], weekdays: ['FR', 'TU'], wheelchair: true }]);
	});

	it('leaves out the days of schedules that have ended', async () => {
		await asService(db, (tx) => tx.query(
			`insert into schedules (offer_id, freq, byday, opens_at, closes_at, valid_from, valid_to) values ($1, 'WEEKLY', '{SU}', '10:00', '11:00', '2020-01-01', '2020-12-31')`,
			[ids.offer]
		));
		expect((await rowsFor(ids.offer!))[0]!.weekdays).not.toContain('SU');
	});

	it('gains a row for each extra place and loses it when the place goes', async () => {
		const [location] = await asService(db, (tx) => tx.query<{ id: string }>(
			`insert into locations (organisation_id, name, lat, lng) values ($1, 'Second venue', $2, $3) returning id`,
			[ids.group, newport.lat, newport.lng]
		));
		await asService(db, (tx) => tx.query('insert into offer_locations values ($1, $2)', [ids.offer, location!.id]));
		expect(await rowsFor(ids.offer!)).toHaveLength(2);
		await asService(db, (tx) => tx.query('delete from locations where id = $1', [location!.id]));
		expect(await rowsFor(ids.offer!)).toHaveLength(1);
	});

	it('drops offers that are unpublished or whose group is, and brings them back', async () => {
		await asService(db, (tx) => tx.query(`update offers set status = 'archived' where id = $1`, [ids.offer]));
		expect(await rowsFor(ids.offer!)).toEqual([]);
		await asService(db, (tx) => tx.query(`update offers set status = 'published' where id = $1`, [ids.offer]));
		expect(await rowsFor(ids.offer!)).toHaveLength(1);
		await asService(db, (tx) => tx.query(`update organisations set status = 'pending' where id = $1`, [ids.group]));
		expect(await visible()).toEqual([]);
		await asService(db, (tx) => tx.query(`update organisations set status = 'published' where id = $1`, [ids.group]));
		expect(await rowsFor(ids.offer!)).toHaveLength(1);
	});

	it('follows text changes, so search finds the new words', async () => {
		await asService(db, (tx) => tx.query(`update offers set title_en = 'Singing for the brain' where id = $1`, [ids.offer]));
		const [row] = await db.withClaims(anon, (tx) => tx.query<{ search_text: string }>('select search_text from offer_search where offer_id = $1', [ids.offer]));
		expect(row!.search_text).toContain('singing for the brain');
	});

	it('empties when a group is deleted', async () => {
		await asService(db, (tx) => tx.query('delete from organisations where id = $1', [ids.group]));
		expect(await visible()).toEqual([]);
	});
});

describe('offer_search cannot be written by requests', () => {
	it.each([['anon', anon], ['a signed-in person', someone]])('refuses %s', async (_, claims) => {
		const q = (sql: string) => db.withClaims(claims, (tx) => tx.query(sql));
		await expect(q(`insert into offer_search (offer_id, outcome_ids, cost, languages, attendance, wheelchair, weekdays, search_text, title_en)
		                select id, '{}', 'free', '{en}', 'online', false, '{}', 'x', 'x' from offers limit 1`)).rejects.toThrow(/permission denied/);
		await expect(q('delete from offer_search')).rejects.toThrow(/permission denied/);
		await expect(q('truncate offer_search')).rejects.toThrow(/permission denied/);
		await expect(q(`select refresh_offer_search('{}')`)).rejects.toThrow(/permission denied/);
	});
});
