import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSearchParams } from '../../src/lib/domain/search';
import { searchOffers } from '../../src/lib/server/repos/offers';
import { anon, asService, freshDb, someone, type TestDb } from './template';
import { addOffer, addOrganisation, cardiff, cathays, newport, swansea } from './fixtures';

let db: TestDb;
const ids: Record<string, string> = {};

beforeAll(async () => {
	db = await freshDb();
	await asService(db, async (tx) => {
		const group = await addOrganisation(tx, 'Test Group');
		const hidden = await addOrganisation(tx, 'Pending Group', 'pending');
		ids.choir = await addOffer(tx, group, {
			title: 'Cardiff Community Choir', titleCy: 'Côr Cymunedol Caerdydd', at: cardiff,
			outcomes: ['seeing-people', 'skills'], byday: ['TU'], languages: ['en', 'cy'], accessibility: ['wheelchair', 'step_free'],
			description: 'Singing for 100% fun_lovers'
		});
		ids.walk = await addOffer(tx, group, { title: 'Cathays Walk', at: cathays, outcomes: ['feeling-safe'], cost: 'paid', byday: ['1FR'], freq: 'MONTHLY' });
		ids.newport = await addOffer(tx, group, { title: 'Newport Lunch Club', at: newport, outcomes: ['seeing-people'], cost: 'low_cost', byday: ['WE'] });
		ids.swansea = await addOffer(tx, group, {
			title: 'Swansea Men’s Shed', at: swansea, outcomes: ['seeing-people', 'skills', 'things-to-do'], byday: ['TU', 'TH']
		});
		ids.online = await addOffer(tx, group, { title: 'Online Peer Chat', at: cardiff, outcomes: ['staying-well'], attendance: 'online' });
		ids.draft = await addOffer(tx, group, { title: 'Draft Club', at: cardiff, outcomes: ['seeing-people'], status: 'draft' });
		ids.hidden = await addOffer(tx, hidden, { title: 'Hidden Club', at: cardiff, outcomes: ['seeing-people'] });
	});
});
afterAll(() => db?.close());

const search = (query: string, point: { lat: number; lng: number } | null = cardiff, claims = anon) =>
	db.withClaims(claims, (tx) => searchOffers(tx, parseSearchParams(new URLSearchParams(query)).filters, point));
const titles = (result: { offers: { title_en: string }[] }) => result.offers.map((o) => o.title_en);

describe('searchOffers', () => {
	it('lists nearest first within the distance, and never drafts or unpublished groups', async () => {
		const result = await search('distance=50');
		expect(titles(result)).toEqual([
			'Cardiff Community Choir', 'Online Peer Chat', 'Cathays Walk', 'Newport Lunch Club', 'Swansea Men’s Shed'
		]);
		expect(result.total).toBe(5);
		const distances = result.offers.map((o) => o.distance_m!);
		expect(distances).toEqual([...distances].sort((a, b) => a - b));
		expect(distances[2]).toBeGreaterThan(2_000); // Cathays is about 1.7 miles away
		expect(distances[2]).toBeLessThan(3_500);
	});

	it('keeps to the distance chosen', async () => {
		expect(titles(await search('distance=1'))).toEqual(['Cardiff Community Choir', 'Online Peer Chat']);
		expect(titles(await search('distance=10'))).not.toContain('Newport Lunch Club');
		expect(titles(await search('distance=25'))).toContain('Newport Lunch Club');
		expect(titles(await search('distance=25'))).not.toContain('Swansea Men’s Shed');
	});

	it('matches any chosen outcome and counts how many match', async () => {
		const result = await search('distance=50&outcome=seeing-people&outcome=skills&outcome=things-to-do');
		expect(titles(result)).toEqual(['Cardiff Community Choir', 'Newport Lunch Club', 'Swansea Men’s Shed']);
		expect(result.offers.map((o) => o.matched)).toEqual([2, 1, 3]);
	});

	it('can rank by how many outcomes match', async () => {
		const result = await search('distance=50&outcome=seeing-people&outcome=skills&outcome=things-to-do&sort=best_match');
		expect(titles(result)).toEqual(['Swansea Men’s Shed', 'Cardiff Community Choir', 'Newport Lunch Club']);
	});

	it('filters: free only', async () => {
		expect(titles(await search('distance=50&free=1'))).toEqual(['Cardiff Community Choir', 'Online Peer Chat', 'Swansea Men’s Shed']);
	});

	it('filters: open on a day, weekly or monthly', async () => {
		expect(titles(await search('distance=50&day=TU'))).toEqual(['Cardiff Community Choir', 'Swansea Men’s Shed']);
		expect(titles(await search('distance=50&day=FR'))).toEqual(['Cathays Walk']);
		expect(titles(await search('distance=50&day=SU'))).toEqual([]);
	});

	it('filters: Welsh language', async () => {
		expect(titles(await search('distance=50&welsh=1'))).toEqual(['Cardiff Community Choir']);
	});

	it('filters: in person or online, with online offers open wherever you are', async () => {
		expect(titles(await search('distance=50&attendance=in_person'))).not.toContain('Online Peer Chat');
		expect(titles(await search('distance=1&attendance=online', swansea))).toEqual(['Online Peer Chat']);
	});

	it('filters: wheelchair accessible (online offers need no venue)', async () => {
		expect(titles(await search('distance=50&wheelchair=1'))).toEqual(['Cardiff Community Choir', 'Online Peer Chat']);
	});

	it('filters: in the evening (a time running past six) and somewhere to bring a child', async () => {
		await asService(db, async (tx) => {
			await tx.query(`update schedules set opens_at = '18:30', closes_at = '20:00' where offer_id = $1`, [ids.newport]);
			await tx.query(`update offers set who_for = '{families}' where id = $1`, [ids.walk]);
		});
		try {
			expect(titles(await search('distance=50&evening=1'))).toEqual(['Newport Lunch Club']);
			expect(titles(await search('distance=50&children=1'))).toEqual(['Cathays Walk']);
			expect(titles(await search('distance=50&children=1&evening=1'))).toEqual([]);
		} finally {
			await asService(db, async (tx) => {
				await tx.query(`update schedules set opens_at = '10:00', closes_at = '12:00' where offer_id = $1`, [ids.newport]);
				await tx.query(`update offers set who_for = '{everyone}' where id = $1`, [ids.walk]);
			});
		}
		expect(titles(await search('distance=50&evening=1'))).toEqual([]);
	});

	it('filters: text in either language, wildcards taken literally', async () => {
		expect(titles(await search('distance=50&q=choir'))).toEqual(['Cardiff Community Choir']);
		expect(titles(await search('distance=50&q=C%C3%B4r'))).toEqual(['Cardiff Community Choir']);
		expect(titles(await search('distance=50&q=100%25+fun_lovers'))).toEqual(['Cardiff Community Choir']);
		expect(titles(await search('distance=50&q=%25'))).toEqual(titles(await search('distance=50')));
		expect(titles(await search('distance=50&q=%27%3B+drop+table+offers%3B+--'))).toEqual([]);
	});

	it('searches without a place, best matches first', async () => {
		const result = await search('outcome=skills&outcome=things-to-do', null);
		expect(titles(result)).toEqual(['Swansea Men’s Shed', 'Cardiff Community Choir']);
		expect(result.offers.every((o) => o.distance_m === null)).toBe(true);
	});

	it('returns outcomes and schedules with each offer', async () => {
		const [choir] = (await search('distance=1&q=choir')).offers;
		expect(choir!.outcomeIds).toEqual(['seeing-people', 'skills']);
		expect(choir!.schedules).toMatchObject([{ freq: 'WEEKLY', byday: ['TU'], opens_at: '10:00:00', closes_at: '12:00:00' }]);
		expect(choir!.lat).toBeCloseTo(cardiff.lat);
	});

	it('shows a signed-in person the same published offers', async () => {
		expect(titles(await search('distance=50', cardiff, someone))).toEqual(titles(await search('distance=50')));
	});
});

describe('searchOffers paging', () => {
	beforeAll(async () => {
		await asService(db, async (tx) => {
			const group = await addOrganisation(tx, 'Busy Group');
			for (let i = 0; i < 41; i++) {
				await addOffer(tx, group, { title: `Paged offer ${String(i).padStart(2, '0')}`, at: { lat: 53.2 + i * 0.001, lng: -4.1 }, outcomes: ['mobility'] });
			}
		});
	});
	const bangor = { lat: 53.2, lng: -4.1 };

	it('pages through results in order with a stable total', async () => {
		const pages = await Promise.all([1, 2, 3].map((page) => search(`outcome=mobility&distance=5&page=${page}`, bangor)));
		expect(pages.map((p) => p.offers.length)).toEqual([20, 20, 1]);
		expect(pages.map((p) => p.total)).toEqual([41, 41, 41]);
		expect(pages[0]!.pageCount).toBe(3);
		const all = pages.flatMap(titles);
		expect(new Set(all).size).toBe(41);
		expect(all[0]).toBe('Paged offer 00');
		expect(all[40]).toBe('Paged offer 40');
	});

	it('still knows the total past the last page', async () => {
		const past = await search('outcome=mobility&distance=5&page=9', bangor);
		expect(past.offers).toEqual([]);
		expect(past.total).toBe(41);
		expect(past.pageCount).toBe(3);
	});
});

describe('searchOffers counting', () => {
	const mid = { lat: 52.0, lng: -3.5 };
	beforeAll(async () => {
		await asService(db, async (tx) => {
			await tx.query(`
				with g as (insert into organisations (name, status) values ('Big Group', 'published') returning id),
				     l as (insert into locations (organisation_id, name, lat, lng)
				           select g.id, 'Hall ' || i, 52.0 + i * 0.00001, -3.5 from g, generate_series(1, 1050) i returning id, name),
				     o as (insert into offers (organisation_id, title_en, kind, cost, access, attendance, status)
				           select g.id, 'Many ' || i, 'activity', 'free', 'drop_in', 'in_person', 'published' from g, generate_series(1, 1050) i
				           returning id, title_en)
				insert into offer_locations select o.id, l.id from o join l on substr(o.title_en, 6) = substr(l.name, 6)`);
			await tx.query(`insert into offer_outcomes select id, 'reduced-symptoms' from offers where title_en like 'Many %'`);
		});
	});

	it('stops counting at 1,000 and says there are more', async () => {
		const result = await search('outcome=reduced-symptoms&distance=1', mid);
		expect(result.totalIsAtLeast).toBe(true);
		expect(result.total).toBe(1000);
		expect(result.pageCount).toBe(50);
		expect(titles(result).slice(0, 3)).toEqual(['Many 1', 'Many 2', 'Many 3']);
	});

	it('counts exactly below that', async () => {
		const result = await search('outcome=reduced-symptoms&distance=1&q=many+10', mid);
		expect(result.totalIsAtLeast).toBe(false);
		const expected = Array.from({ length: 1050 }, (_, i) => String(i + 1)).filter((n) => n.includes('10')).length;
		expect(result.total).toBe(expected);
		expect(result.pageCount).toBe(Math.ceil(expected / 20));
	});
});

