import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePlaceQuery } from '../../src/lib/domain/place';
import { findPlace, nearestDistrict } from '../../src/lib/server/repos/places';
import { anon, freshDb, type TestDb } from './template';

let db: TestDb;
beforeAll(async () => {
	db = await freshDb();
});
afterAll(() => db?.close());

const find = (input: string) => db.withClaims(anon, (tx) => findPlace(tx, parsePlaceQuery(input)));

describe('findPlace', () => {
	it('finds full postcodes by their district centroid', async () => {
		const place = await find('CF10 1AA');
		expect(place).toMatchObject({ outcode: 'CF10', label: 'CF10 1AA (Butetown, Cardiff)' });
		expect(place!.lat).toBeCloseTo(51.47387, 4);
		expect(await find('ll57 2pw')).toMatchObject({ outcode: 'LL57' });
	});

	it('finds districts', async () => {
		expect(await find('SA1')).toMatchObject({ outcode: 'SA1', label: 'SA1 (Landore, Swansea)' });
	});

	it('uses a sub-district where the table has it, and its district where it does not', async () => {
		expect(await find('EC1A 1BB')).toMatchObject({ outcode: 'EC1A' });
		expect(await find('W1A 1AA')).toMatchObject({ outcode: 'W1' }); // W1A is not in the 2017 table
	});

	it('finds towns and areas by name, in any case', async () => {
		const pontypridd = await find('pontypridd');
		expect(pontypridd).toMatchObject({ label: 'Pontypridd' });
		const cardiff = await find('Cardiff');
		expect(cardiff!.lat).toBeGreaterThan(51.4);
		expect(cardiff!.lat).toBeLessThan(51.6);
	});

	it('finds areas by their Welsh names and by the start of a name', async () => {
		const cardiff = await find('Cardiff');
		expect(await find('Caerdydd')).toMatchObject({ label: 'Cardiff', lat: cardiff!.lat });
		expect(await find('Abertawe')).toMatchObject({ label: 'Swansea' });
		expect(await find('Merthyr')).toMatchObject({ label: 'Merthyr Tydfil' });
		expect(await find('Merthyr Tudful')).toMatchObject({ label: 'Merthyr Tydfil' });
		expect(await find('Vale of Glamorgan')).toMatchObject({ label: 'Vale of Glamorgan' });
		expect(await find('Ca')).toBeNull(); // too short to guess from
	});

	it('never averages two places that share a name, and prefers the one in Wales', async () => {
		const newport = await find('Newport');
		expect(newport).toMatchObject({ label: 'Newport' });
		expect(newport!.lat).toBeCloseTo(51.58, 1); // Newport, Gwent (NP19/NP20), not a point between five Newports
		expect(newport!.lng).toBeCloseTo(-2.99, 1);
		expect(await find('Casnewydd')).toMatchObject({ lat: newport!.lat, lng: newport!.lng });
	});

	it('returns nothing for places that do not exist', async () => {
		expect(await find('SA99')).toBeNull();
		expect(await find('ZZ9 9ZZ')).toBeNull();
		expect(await find('Atlantis')).toBeNull();
		expect(await find("'; drop table offers; --")).toBeNull();
	});
});

describe('nearestDistrict', () => {
	it('names the district a point is in', async () => {
		const place = await db.withClaims(anon, (tx) => nearestDistrict(tx, 51.4816, -3.1791));
		expect(place).toMatchObject({ outcode: 'CF10', lat: 51.4816, lng: -3.1791 });
	});
});
