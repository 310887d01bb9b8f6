// The demo seed's synthetic planning history (src/lib/server/seed/demo-history.ts): three years of
// journeys, practitioners' conversations, signposts and what helped, in South Wales, against the demo
// offers. Checks the rows are there and marked, stay in the area and the dates, that the deliberate
// gap is real (demand in a valley district the authority's published offers hardly serve), that small
// numbers exist beside counts that clear the threshold, that it is the same every run, and that a
// reset removes it. One seeded database for the file; the reset test runs last.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asService, freshDb, type TestDb } from './template';
import { deleteDemoAccounts } from '../../src/lib/server/seed/demo-accounts';
import {
	deleteDemoHistory, generateDemoHistory, insertDemoHistory, readHistoryInput, smallNumbers
} from '../../src/lib/server/seed/demo-history';
import { DEMO_REFERENCE_DATE, seedDemoData } from '../../src/lib/server/seed/demo';

let db: TestDb;
let seeded: Awaited<ReturnType<typeof seedDemoData>>;
const reference = new Date(DEMO_REFERENCE_DATE).toISOString().slice(0, 10); // 2026-11-01
const threeYearsBefore = '2023-11-01';
const yearBefore = '2025-11-01';

const one = async <T>(sql: string, params: unknown[] = []) => (await asService(db, (tx) => tx.query<T>(sql, params)))[0]!;
const all = <T>(sql: string, params: unknown[] = []) => asService(db, (tx) => tx.query<T>(sql, params));

beforeAll(async () => {
	db = await freshDb();
	seeded = await seedDemoData(db, { accounts: false });
}, 120_000);
afterAll(async () => {
	await db?.close();
});

describe('demo planning history', () => {
	it('fills every table, the anonymous rows marked as demo, with no free text', async () => {
		expect(seeded.history.journeys).toBe(8_000);
		expect(seeded.history.conversations).toBe(1_500);
		expect(seeded.history.signposts).toBeGreaterThan(2_000);
		expect(seeded.history.feedback).toBeGreaterThan(2_500);
		const counts = await one<Record<string, number>>(
			`select (select count(*)::int from demand_signals where is_demo) as demand,
			        (select count(*)::int from demand_signals where not is_demo) as demand_real,
			        (select count(*)::int from asset_feedback where is_demo) as feedback,
			        (select count(*)::int from asset_feedback where not is_demo) as feedback_real,
			        (select count(*)::int from asset_feedback where note is not null) as notes,
			        (select count(*)::int from asset_feedback_outcomes) as feedback_outcomes,
			        (select count(*)::int from conversations) as conversations,
			        (select count(*)::int from conversations where coalesce(words_matters, words_concerns, words_better,
			                words_less_anxious, strengths, notes) is not null) as words,
			        (select count(*)::int from conversation_outcomes) as conversation_outcomes,
			        (select count(*)::int from signposts) as signposts,
			        (select count(*)::int from signposts where shared_details is not null or follow_up_note is not null) as details,
			        (select count(*)::int from signposts where rating is not null) as rated`
		);
		expect(counts).toMatchObject({
			demand: seeded.history.journeys, demand_real: 0, feedback: seeded.history.feedback, feedback_real: 0, notes: 0,
			conversations: seeded.history.conversations, words: 0, signposts: seeded.history.signposts, details: 0
		});
		expect(counts.feedback_outcomes).toBeGreaterThanOrEqual(counts.feedback!);
		expect(counts.conversation_outcomes).toBeGreaterThanOrEqual(counts.conversations!);
		expect(counts.rated).toBeGreaterThan(500);
		// Both sources of what helped, every rating, and process outcomes (how it felt) among them.
		const sources = await all<{ source: string; rating: string; n: number }>(
			`select source, rating, count(*)::int as n from asset_feedback group by 1, 2`
		);
		expect(sources).toHaveLength(8);
		const helped = sources.filter((s) => s.rating.startsWith('helped')).reduce((t, s) => t + s.n, 0);
		expect(helped / counts.feedback!).toBeGreaterThan(0.55);
		const process = await one<{ n: number }>(
			`select count(*)::int as n from asset_feedback_outcomes fo join outcomes o on o.id = fo.outcome_id where o.category = 'process'`
		);
		expect(process.n).toBeGreaterThan(0);
		// Demand is only outcomes people choose.
		const notChosen = await one<{ n: number }>(
			`select count(*)::int as n from demand_signals d, unnest(d.outcome_ids) x join outcomes o on o.id = x where o.category = 'process'`
		);
		expect(notChosen.n).toBe(0);
	});

	it('keeps conversations with synthetic practitioners, never the demo practitioner', async () => {
		const holders = await all<{ email: string; practitioner: boolean; demo: boolean; password: boolean; n: number }>(
			`select u.email, exists (select 1 from user_roles r where r.user_id = u.id and r.role = 'practitioner') as practitioner,
			        u.raw_app_meta_data ->> 'demo' = 'true' as demo, u.encrypted_password is not null as password, count(*)::int as n
			   from conversations c join auth.users u on u.id = c.holder_id group by u.id order by u.email`
		);
		expect(holders).toHaveLength(6);
		for (const h of holders) {
			expect(h.email).toMatch(/^history-practitioner-\d@demo\.example\.org$/);
			expect(h).toMatchObject({ practitioner: true, demo: true, password: false });
		}
		const statuses = await all<{ status: string; n: number }>(`select status, count(*)::int as n from conversations group by 1 order by 1`);
		expect(statuses.map((s) => s.status)).toEqual(['active', 'closed']);
		expect(statuses[1]!.n).toBeGreaterThan(statuses[0]!.n * 3);
		// Signposts mostly, referrals fewer, and some of each became "attending".
		const flow = await all<{ kind: string; n: number; attending: number }>(
			`select kind, count(*)::int as n, count(*) filter (where status = 'attending')::int as attending from signposts group by 1 order by 1`
		);
		expect(flow.map((f) => f.kind)).toEqual(['referral', 'signpost']);
		expect(flow[1]!.n).toBeGreaterThan(flow[0]!.n * 2);
		for (const f of flow) expect(f.attending).toBeGreaterThan(f.n * 0.2);
		// Each signpost points at a published demo offer, its group and title taken from it.
		const stray = await one<{ n: number }>(
			`select count(*)::int as n from signposts s left join offers o on o.id = s.offer_id
			  where o.id is null or not o.is_demo or o.status <> 'published' or s.organisation_id <> o.organisation_id or s.offer_title <> o.title_en`
		);
		expect(stray.n).toBe(0);
	});

	it('stays in South Wales', async () => {
		const areas = await all<{ district: string; region: string }>(
			`select distinct x.district, d.region from (
			   select district from demand_signals union all select district from conversations union all select district from asset_feedback
			 ) x left join postcode_districts d on d.outcode = x.district order by 1`
		);
		expect(areas.length).toBeGreaterThan(40);
		for (const a of areas) {
			expect(a.district).toMatch(/^(CF|NP|SA)\d{1,2}$/);
			expect([
				'Cardiff', 'Rhondda Cynon Taff', 'Merthyr Tydfil', 'Caerphilly', 'Newport', 'Blaenau Gwent', 'Torfaen',
				'Swansea', 'Neath Port Talbot', 'Carmarthenshire'
			]).toContain(a.region);
		}
		const cells = await one<{ bad: number }>(
			`select count(*)::int as bad from (select h3 from demand_signals union all select h3 from conversations union all select h3 from asset_feedback) x
			  where x.h3 !~ '^87[0-9a-f]{13}$'`
		);
		expect(cells.bad, 'every H3 cell is resolution 7').toBe(0);
	});

	it('dates everything within the three years before the reference date, by week where anonymous', async () => {
		const span = await one<Record<string, string | number>>(
			`select least((select min(week) from demand_signals), (select min(week) from asset_feedback))::text as first_week,
			        greatest((select max(week) from demand_signals), (select max(week) from asset_feedback))::text as last_week,
			        (select count(*)::int from (select week from demand_signals union all select week from asset_feedback) w
			          where extract(isodow from w.week) <> 1) as not_monday,
			        (select min(created_at) from conversations)::date::text as first_conversation,
			        (select max(created_at) from conversations)::date::text as last_conversation,
			        (select max(created_at) from signposts)::date::text as last_signpost,
			        (select max(rated_at) from signposts)::text as last_rated`
		);
		expect(span.not_monday).toBe(0);
		for (const key of ['first_week', 'first_conversation']) expect(span[key]! >= threeYearsBefore, key).toBe(true);
		for (const key of ['last_week', 'last_conversation', 'last_signpost', 'last_rated']) expect(span[key]! < reference, key).toBe(true);
		// More journeys in the last year than in the first.
		const growth = await one<{ first: number; last: number }>(
			`select count(*) filter (where week < '2024-11-01')::int as first, count(*) filter (where week >= $1)::int as last from demand_signals`,
			[yearBefore]
		);
		expect(growth.last).toBeGreaterThan(growth.first * 1.5);
		// Seeing people peaks in winter.
		const season = await one<{ winter: number; summer: number }>(
			`select avg(('seeing-people' = any(outcome_ids))::int) filter (where extract(month from week) in (11, 12, 1, 2)) as winter,
			        avg(('seeing-people' = any(outcome_ids))::int) filter (where extract(month from week) in (6, 7, 8)) as summer
			   from demand_signals`
		);
		expect(Number(season.winter)).toBeGreaterThan(Number(season.summer) * 1.3);
	});

	it('counts practitioners’ follow-ups as anonymous feedback: same offer, outcome, area, week and rating', async () => {
		const unmatched = await one<{ from_signposts: number; from_feedback: number }>(
			`with s as (select s.offer_id, s.outcome_id, c.district, c.h3, date_trunc('week', s.rated_at)::date as week, s.rating
			              from signposts s join conversations c on c.id = s.conversation_id where s.rating is not null),
			      f as (select f.offer_id, fo.outcome_id, f.district, f.h3, f.week, f.rating
			              from asset_feedback f join asset_feedback_outcomes fo on fo.feedback_id = f.id where f.source = 'practitioner')
			 select (select count(*)::int from (select * from s except all select * from f) x) as from_signposts,
			        (select count(*)::int from (select * from f except all select * from s) x) as from_feedback`
		);
		expect(unmatched).toEqual({ from_signposts: 0, from_feedback: 0 });
	});

	it('has a deliberate gap: high demand in a valley district whose authority has at most one published offer for it', async () => {
		const gaps = await all<{ district: string; outcome: string; journeys: number; offers: number }>(
			`with demand as (
			   select d.district, o as outcome, count(*)::int as journeys
			     from demand_signals d, unnest(d.outcome_ids) o
			    where d.week >= $1 and d.district in ('CF47', 'CF48', 'NP22', 'NP23') group by 1, 2),
			 supply as (
			   select p.region, oo.outcome_id, count(distinct f.id)::int as offers
			     from offers f join organisations g on g.id = f.organisation_id and g.status = 'published'
			     join offer_outcomes oo on oo.offer_id = f.id
			     join offer_locations ol on ol.offer_id = f.id join locations l on l.id = ol.location_id
			     join postcode_districts p on p.outcode = l.outcode
			    where f.status = 'published' group by 1, 2)
			 select demand.district, demand.outcome, demand.journeys, coalesce(supply.offers, 0) as offers
			   from demand join postcode_districts p on p.outcode = demand.district
			   left join supply on supply.region = p.region and supply.outcome_id = demand.outcome
			  where demand.journeys >= 10 and coalesce(supply.offers, 0) <= 1
			  order by demand.journeys desc`,
			[yearBefore]
		);
		expect(gaps.some((g) => g.district.startsWith('CF4'))).toBe(true);
		expect(gaps.some((g) => g.district.startsWith('NP2'))).toBe(true);
		// The generator says which ones it made, and they are among them.
		const { gaps: made } = generateDemoHistory(await asService(db, readHistoryInput));
		expect(made.map((g) => g.region).sort()).toEqual(['Blaenau Gwent', 'Blaenau Gwent', 'Merthyr Tydfil', 'Merthyr Tydfil']);
		for (const g of made) expect(gaps.some((x) => x.outcome === g.outcome && g.districts.includes(x.district))).toBe(true);
	});

	it('has counts that clear the threshold of 10 in a year, and counts under it', async () => {
		const cells = await all<{ n: number }>(
			`select count(*)::int as n from demand_signals d, unnest(d.outcome_ids) o where d.week >= $1 group by d.district, o`,
			[yearBefore]
		);
		expect(cells.filter((c) => c.n >= 10).length).toBeGreaterThan(50);
		expect(cells.filter((c) => c.n < 10).length).toBeGreaterThan(20);
		// What helped, by outcome and kind of offer: one combination has too few answers ever to say,
		// and has some in the last year (so it shows as too few, not as nothing).
		const small = await one<{ n: number; last_year: number }>(
			`select count(*)::int as n, count(*) filter (where f.week >= $3)::int as last_year
			   from asset_feedback f join asset_feedback_outcomes fo on fo.feedback_id = f.id
			  where f.offer_kind = $1 and fo.outcome_id = $2`,
			[smallNumbers.kind, smallNumbers.outcome, yearBefore]
		);
		expect(small.last_year).toBeGreaterThan(0);
		expect(small.n).toBeLessThan(10);
		// Peer support and befriending help most with seeing people.
		const rates = await all<{ kind: string; helped: number }>(
			`select f.offer_kind as kind, avg((f.rating in ('helped_a_lot', 'helped_a_bit'))::int)::float8 as helped
			   from asset_feedback f join asset_feedback_outcomes fo on fo.feedback_id = f.id
			  where fo.outcome_id = 'seeing-people' group by 1 having count(*) >= 30`
		);
		const rate = (kind: string) => rates.find((r) => r.kind === kind)!.helped;
		const others = rates.filter((r) => r.kind !== 'peer_support' && r.kind !== 'befriending').map((r) => r.helped);
		expect(Math.min(rate('peer_support'), rate('befriending'))).toBeGreaterThan(others.reduce((a, b) => a + b, 0) / others.length);
	});

	it('sends no synthetic referral to the groups the demo accounts join', async () => {
		const referrals = await one<{ n: number }>(
			`select count(*)::int as n from signposts s join organisations g on g.id = s.organisation_id
			  where s.kind = 'referral' and g.name in ('Aberdare Men''s Shed', 'Clwb Cymraeg Aberdâr')`
		);
		expect(referrals.n).toBe(0);
	});

	it('is the same every run', async () => {
		const input = await asService(db, readHistoryInput);
		const a = generateDemoHistory(input);
		const b = generateDemoHistory(input);
		expect(b).toEqual(a);
		const [firstDemand] = await all<{ id: string }>(`select id from demand_signals order by id limit 1`);
		expect(a.rows.demand.id).toContain(firstDemand!.id);
		expect(a.rows.demand.id).toHaveLength(seeded.history.journeys);
	});

	it('goes on a reset: the anonymous rows by their mark, the conversations with their practitioners', async () => {
		const counts = () =>
			one<Record<string, number>>(
				`select (select count(*)::int from demand_signals) as demand, (select count(*)::int from asset_feedback) as feedback,
				        (select count(*)::int from conversations) as conversations, (select count(*)::int from signposts) as signposts,
				        (select count(*)::int from auth.users where email like 'history-practitioner-%') as practitioners`
			);
		const before = await counts();
		// The demo accounts' removal alone takes the practitioners and, by cascade, their records.
		await asService(db, deleteDemoAccounts);
		expect(await counts()).toEqual({ ...before, conversations: 0, signposts: 0, practitioners: 0 });
		await asService(db, deleteDemoHistory);
		expect(await counts()).toEqual({ demand: 0, feedback: 0, conversations: 0, signposts: 0, practitioners: 0 });
		// And it comes back the same.
		expect(await asService(db, insertDemoHistory)).toEqual(seeded.history);
		expect(await counts()).toEqual(before);
	});
});
