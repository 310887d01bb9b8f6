import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPlace, type PlaceDraft } from '../../src/lib/domain/listing';
import { getPlaceDraft, listPlacesInUse, removePlace, updatePlace } from '../../src/lib/server/repos/listings';
import type { Claims, Tx } from '../../src/lib/server/db/types';
import { addOffer, addOrganisation, cardiff } from './fixtures';
import { asService, freshDb, type TestDb } from './template';

// The group's place editor: change a place (every offer there shows it), remove one no offer
// uses, and nothing of another group's, under real RLS.

let db: TestDb;
const ownerA: Claims = { role: 'authenticated', sub: 'aaaaaaaa-0000-4000-8000-000000000001', email: 'a@example.org' };
const ownerB: Claims = { role: 'authenticated', sub: 'bbbbbbbb-0000-4000-8000-000000000002', email: 'b@example.org' };
const ids: Record<string, string> = {};

beforeAll(async () => {
	db = await freshDb();
	await asService(db, async (tx) => {
		for (const who of [ownerA, ownerB]) await tx.query('insert into auth.users (id, email) values ($1, $2)', [who.sub, who.email]);
		ids.orgA = await addOrganisation(tx, 'Group A');
		ids.orgB = await addOrganisation(tx, 'Group B');
		await tx.query(`insert into organisation_members (organisation_id, user_id, role) values ($1, $2, 'owner'), ($3, $4, 'owner')`,
			[ids.orgA, ownerA.sub, ids.orgB, ownerB.sub]);
		ids.offer = await addOffer(tx, ids.orgA, { title: 'Lunch club', at: cardiff, outcomes: ['seeing-people'] });
		const [used] = await tx.query<{ location_id: string }>('select location_id from offer_locations where offer_id = $1', [ids.offer]);
		ids.used = used!.location_id;
		const [spare] = await tx.query<{ id: string }>(
			`insert into locations (organisation_id, name, town, postcode, lat, lng) values ($1, 'Old hall', 'Cardiff', 'CF10 1AA', 51.48, -3.18) returning id`,
			[ids.orgA]
		);
		ids.spare = spare!.id;
	});
});
afterAll(() => db?.close());

const as = <T>(claims: Claims, fn: (tx: Tx) => Promise<T>) => db.withClaims(claims, fn);
const input = (draft: PlaceDraft) => {
	const checked = checkPlace(draft);
	if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
	return checked.data;
};

describe('a group edits its places', () => {
	it('lists its places with how many offers meet at each (a published group\'s places are public to read)', async () => {
		const places = await as(ownerA, (tx) => listPlacesInUse(tx, ids.orgA!));
		expect(places.map((p) => [p.name, p.offers])).toEqual([['Lunch club venue', 1], ['Old hall', 0]]);
		expect((await as(ownerB, (tx) => listPlacesInUse(tx, ids.orgA!))).map((p) => p.name)).toEqual(['Lunch club venue', 'Old hall']);
	});

	it('saves a change, and the offer there shows it in search', async () => {
		const draft = (await as(ownerA, (tx) => getPlaceDraft(tx, ids.used!, ids.orgA!)))!;
		expect(draft.place_name).toBe('Lunch club venue');
		const changed = { ...draft, place_name: 'Community hall', place_postcode: 'CF10 1AA', place_accessibility: ['wheelchair', 'hearing_loop'] };
		expect(await as(ownerA, (tx) => updatePlace(tx, ids.used!, ids.orgA!, input(changed)))).toBe('saved');
		const [row] = await asService(db, (tx) => tx.query<{ name: string; accessibility: string[]; h3: string }>('select name, accessibility, h3 from locations where id = $1', [ids.used]));
		expect(row).toMatchObject({ name: 'Community hall', accessibility: ['wheelchair', 'hearing_loop'] });
		expect(row!.h3).toMatch(/^[0-9a-f]{15}$/);
		const [search] = await asService(db, (tx) => tx.query<{ wheelchair: boolean }>('select wheelchair from offer_search where offer_id = $1', [ids.offer]));
		expect(search!.wheelchair).toBe(true);
	});

	it('moves the point to the new district when the postcode changes and the marker did not', async () => {
		const draft = (await as(ownerA, (tx) => getPlaceDraft(tx, ids.spare!, ids.orgA!)))!;
		expect(await as(ownerA, (tx) => updatePlace(tx, ids.spare!, ids.orgA!, input({ ...draft, place_postcode: 'SA1 1AA' })))).toBe('saved');
		const [row] = await asService(db, (tx) => tx.query<{ lat: number; lng: number; outcode: string }>('select lat, lng, outcode from locations where id = $1', [ids.spare]));
		expect(row!.outcode).toBe('SA1');
		expect(row!.lng).toBeLessThan(-3.8); // Swansea, not Cardiff
	});

	it('says so when the new postcode is not a known district, and keeps the place as it was', async () => {
		const draft = (await as(ownerA, (tx) => getPlaceDraft(tx, ids.spare!, ids.orgA!)))!;
		expect(await as(ownerA, (tx) => updatePlace(tx, ids.spare!, ids.orgA!, input({ ...draft, place_postcode: 'ZE9 9ZZ', place_lat: '', place_lng: '' })))).toBe('postcode_unknown');
		const [row] = await asService(db, (tx) => tx.query<{ outcode: string }>('select outcode from locations where id = $1', [ids.spare]));
		expect(row!.outcode).toBe('SA1');
	});

	it("cannot change another group's place", async () => {
		const draft = (await as(ownerA, (tx) => getPlaceDraft(tx, ids.spare!, ids.orgA!)))!;
		expect(await as(ownerB, (tx) => updatePlace(tx, ids.spare!, ids.orgA!, input({ ...draft, place_name: 'Taken' })))).toBe('gone');
		expect(await as(ownerB, (tx) => removePlace(tx, ids.spare!, ids.orgA!))).toBe(false);
		const [row] = await asService(db, (tx) => tx.query<{ name: string }>('select name from locations where id = $1', [ids.spare]));
		expect(row!.name).toBe('Old hall');
	});

	it('removes a place no offer uses, and keeps one that is in use', async () => {
		expect(await as(ownerA, (tx) => removePlace(tx, ids.used!, ids.orgA!))).toBe(false);
		expect(await as(ownerA, (tx) => removePlace(tx, ids.spare!, ids.orgA!))).toBe(true);
		expect((await as(ownerA, (tx) => listPlacesInUse(tx, ids.orgA!))).map((p) => p.name)).toEqual(['Community hall']);
	});
});
