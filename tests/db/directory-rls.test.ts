import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getOffer } from '../../src/lib/server/repos/offers';
import { getOrganisation } from '../../src/lib/server/repos/organisations';
import { anon, asService, freshDb, someone, someoneElse, type TestDb } from './template';
import { addOffer, addOrganisation, cardiff } from './fixtures';
import type { Claims } from '../../src/lib/server/db/types';

let db: TestDb;
const ids: Record<string, string> = {};
const directoryTables = ['organisations', 'locations', 'offers', 'offer_outcomes', 'offer_locations', 'schedules'];
const referenceTables = ['outcomes', 'wellbeing_areas', 'outcome_areas', 'postcode_districts'];

beforeAll(async () => {
	db = await freshDb();
	await asService(db, async (tx) => {
		ids.group = await addOrganisation(tx, 'Published Group');
		ids.pendingGroup = await addOrganisation(tx, 'Pending Group', 'pending');
		ids.published = await addOffer(tx, ids.group, { title: 'Published Offer', at: cardiff, outcomes: ['seeing-people'] });
		ids.draft = await addOffer(tx, ids.group, { title: 'Draft Offer', at: cardiff, outcomes: ['skills'], status: 'draft' });
		ids.archived = await addOffer(tx, ids.group, { title: 'Archived Offer', at: cardiff, outcomes: ['skills'], status: 'archived' });
		ids.ofPending = await addOffer(tx, ids.pendingGroup, { title: 'Offer Of Pending Group', at: cardiff, outcomes: ['skills'] });
	});
});
afterAll(() => db?.close());

const readers: [string, Claims][] = [['anon', anon], ['a signed-in person', someone], ['another signed-in person', someoneElse]];

describe.each(readers)('reading the directory as %s', (_, claims) => {
	const q = <T>(sql: string, params: unknown[] = []) => db.withClaims(claims, (tx) => tx.query<T>(sql, params));

	it('sees only published offers of published groups', async () => {
		const rows = await q<{ title_en: string }>('select title_en from offers order by title_en');
		expect(rows.map((r) => r.title_en)).toEqual(['Published Offer']);
	});

	it('sees only published groups, and only their locations', async () => {
		expect((await q<{ name: string }>('select name from organisations')).map((r) => r.name)).toEqual(['Published Group']);
		const locations = await q<{ organisation_id: string }>('select organisation_id from locations');
		expect(new Set(locations.map((l) => l.organisation_id))).toEqual(new Set([ids.group]));
	});

	it('sees outcomes, places and schedules of visible offers only', async () => {
		for (const table of ['offer_outcomes', 'offer_locations', 'schedules']) {
			const rows = await q<{ offer_id: string }>(`select offer_id from ${table}`);
			expect(rows.map((r) => r.offer_id), table).toEqual([ids.published]);
		}
	});

	it('cannot open a hidden offer or group by its id', async () => {
		await db.withClaims(claims, async (tx) => {
			expect(await getOffer(tx, ids.published!)).not.toBeNull();
			expect(await getOffer(tx, ids.draft!)).toBeNull();
			expect(await getOffer(tx, ids.archived!)).toBeNull();
			expect(await getOffer(tx, ids.ofPending!)).toBeNull();
			expect(await getOrganisation(tx, ids.group!)).not.toBeNull();
			expect(await getOrganisation(tx, ids.pendingGroup!)).toBeNull();
		});
	});

	it('reads the taxonomy and postcode districts', async () => {
		expect(await q('select id from outcomes')).toHaveLength(15);
		expect(await q('select id from wellbeing_areas')).toHaveLength(8);
		expect((await q<{ n: number }>('select count(*)::int as n from postcode_districts'))[0]!.n).toBe(2856);
	});

	it('cannot add to any table', async () => {
		await expect(q(`insert into organisations (name, status) values ('Sneaky', 'published')`)).rejects.toThrow(/row-level security/);
		await expect(q(`insert into offers (organisation_id, title_en, kind, cost, access, attendance, status) values ($1, 'x', 'activity', 'free', 'drop_in', 'online', 'published')`, [ids.group])).rejects.toThrow(/row-level security/);
		await expect(q(`insert into offer_outcomes values ($1, 'skills')`, [ids.published])).rejects.toThrow(/row-level security/);
		await expect(q(`insert into outcomes (id, category, label_en, label_cy, statement_en, statement_cy, sort) values ('sneaky', 'change', 'a', 'b', 'c', 'd', 99)`)).rejects.toThrow(/row-level security/);
		await expect(q(`insert into postcode_districts values ('ZZ1', 51, -3, 'x', 'y', 'z', 'w')`)).rejects.toThrow(/row-level security/);
	});

	it('cannot change or delete anything, even published rows', async () => {
		for (const table of [...directoryTables, ...referenceTables]) {
			const before = await asService(db, (tx) => tx.query(`select count(*)::int as n from ${table}`));
			const deleted = await q(`delete from ${table} returning 1`);
			expect(deleted, table).toEqual([]);
			const after = await asService(db, (tx) => tx.query(`select count(*)::int as n from ${table}`));
			expect(after, table).toEqual(before);
		}
		const updated = await q(`update offers set title_en = 'Defaced' returning id`);
		expect(updated).toEqual([]);
		const [offer] = await asService(db, (tx) => tx.query<{ title_en: string }>('select title_en from offers where id = $1', [ids.published]));
		expect(offer!.title_en).toBe('Published Offer');
	});

	it('cannot truncate (which row-level security does not cover)', async () => {
		for (const table of [...directoryTables, ...referenceTables]) {
			await expect(q(`truncate ${table} cascade`), table).rejects.toThrow(/permission denied/);
		}
	});
});

describe('the service role', () => {
	it('sees and writes everything', async () => {
		await asService(db, async (tx) => {
			expect(await tx.query('select id from offers')).toHaveLength(4);
			await tx.query(`update offers set status = 'published' where id = $1`, [ids.draft]);
			expect(await getOffer(tx, ids.draft!)).not.toBeNull();
		});
	});
});

describe('every table', () => {
	it('has row level security enabled', async () => {
		const rows = await db.ownerQuery<{ name: string; rls: boolean }>(
			`select c.relname as name, c.relrowsecurity as rls from pg_class c join pg_namespace n on n.oid = c.relnamespace
			  where n.nspname in ('public', 'auth', 'supabase_migrations') and c.relkind = 'r'`
		);
		expect(rows.length).toBeGreaterThan(10);
		expect(rows.filter((r) => !r.rls).map((r) => r.name)).toEqual([]);
	});
});

describe('schedule rules', () => {
	const insert = (freq: string, byday: string[]) =>
		asService(db, (tx) => tx.query(`insert into schedules (offer_id, freq, byday, opens_at, closes_at) values ($1, $2, $3, '10:00', '11:00')`, [ids.published, freq, byday]));

	it('accept weekly days and monthly "which one in the month"', async () => {
		await insert('WEEKLY', ['TU', 'TH']);
		await insert('MONTHLY', ['1WE', '-1FR']);
	});

	it('refuse rules that mix the two or that no calendar has', async () => {
		await expect(insert('WEEKLY', ['1TU'])).rejects.toThrow(/check constraint/);
		await expect(insert('MONTHLY', ['TU'])).rejects.toThrow(/check constraint/);
		await expect(insert('MONTHLY', ['-2FR'])).rejects.toThrow(/check constraint/);
		await expect(insert('WEEKLY', ['XX'])).rejects.toThrow(/check constraint/);
		await expect(insert('WEEKLY', [])).rejects.toThrow(/check constraint/);
	});
});
