// Input that passed validation but that the database refuses (or that crashed the import or the
// API) — each once refused a whole valid_only import, threw past the report, or answered 500.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importOpenReferral, type ImportFile, type ImportMode } from '../../src/lib/server/openreferral/import';
import type { Tx } from '../../src/lib/server/db/types';
import * as servicesEndpoint from '../../src/routes/openreferral/services/+server';
import * as salsEndpoint from '../../src/routes/openreferral/service_at_locations/+server';
import { anon, asService, freshDb, type TestDb } from './template';

let db: TestDb;
beforeAll(async () => {
	db = await freshDb();
});
afterAll(() => db?.close());

const run = (files: ImportFile[], source: string, mode: ImportMode = 'valid_only') => importOpenReferral(db, { files, source, mode });
const example = () => JSON.parse(readFileSync('tests/fixtures/openreferral/service_full.json', 'utf8'));
/** The example under another service id, so two can import side by side. */
const service = (n: number, change: (s: Record<string, any>) => void = () => {}) => {
	const s = example();
	s.id = `ac148810-d857-441c-9679-${String(n).padStart(12, '0')}`;
	change(s);
	return s;
};
const file = (...services: unknown[]): ImportFile[] => [{ name: 'services.json', content: JSON.stringify(services) }];
const logged = (source: string) => asService(db, (tx) => tx.query<{ outcome: string; problems: unknown[] }>('select outcome, problems from openreferral_imports where source = $1', [source]));

describe('the import', () => {
	it('leaves out a record with a NUL character, imports the rest, and logs the problem', async () => {
		const report = await run(file(service(1), service(2, (s) => { s.name = 'Bad\u0000Name'; })), 'nul');
		expect(report.outcome).toBe('imported');
		expect(report.counts.servicesAdded).toBe(1);
		expect(report.problems.find((p) => p.severity === 'error')).toMatchObject({ code: 'not_valid', field: 'name' });
		const [log] = await logged('nul');
		expect(log?.outcome).toBe('imported');
		expect(JSON.stringify(log?.problems)).toContain('Bad\uFFFDName');
	});

	it('refuses a source with a NUL character and still logs the attempt', async () => {
		const report = await run(file(service(3)), 'a\u0000b');
		expect(report.outcome).toBe('rejected');
		expect(report.problems.map((p) => p.code)).toContain('source_invalid');
		expect(await logged('a\uFFFDb')).toHaveLength(1);
	});

	it('reports nesting too deep to read instead of overflowing the stack', async () => {
		const deep = `{"id":"ac148810-d857-441c-9679-000000000004","name":"n","status":"active","description":"d","organization_id":"x","attributes":${'['.repeat(50_000)}${']'.repeat(50_000)}}`;
		const report = await run([{ name: 'deep.json', content: deep }], 'deep');
		expect(report.outcome).toBe('imported');
		expect(report.counts.recordsSkipped).toBe(1);
	});

	it('takes web addresses with the scheme in capitals, repeated days and impossible exception dates', async () => {
		const report = await run(file(
			service(5, (s) => { s.url = 'HTTP://EXAMPLE.COM/x'; s.organization.website = 'HTTPS://ORG.EXAMPLE'; }),
			service(6, (s) => { s.schedules[0].byday = 'MO,TU,WE,TH,FR,SA,SU,MO'; }),
			service(7, (s) => { s.schedules[0]['x-what-matters'] = { except_dates: ['2027-02-30', '2027-13-45', '2027-12-24'] }; })
		), 'db-checks');
		expect(report.outcome).toBe('imported');
		expect(report.counts.servicesAdded).toBe(3);
		const rows = await asService(db, (tx) => tx.query<{ website: string; byday: string[]; except_dates: string[] }>(
			`select o.website, s.byday, s.except_dates::text[] as except_dates from offers o join schedules s on s.offer_id = o.id
			  where o.source = 'db-checks' order by o.source_id`
		));
		expect(rows.map((r) => r.website)).toEqual(['http://EXAMPLE.COM/x', 'http://example.com/counselling', 'http://example.com/counselling']);
		expect(rows[1]!.byday).toHaveLength(7);
		expect(rows[2]!.except_dates).toEqual(['2027-12-24']);
	});
});

describe('the API', () => {
	async function status(endpoint: { GET: (event: never) => Response | Promise<Response> }, path: string) {
		const event = { url: new URL(path, 'https://whatmatters.example'), params: {}, locals: { withClaims: <T>(fn: (tx: Tx) => Promise<T>) => db.withClaims(anon, fn) } };
		return (await endpoint.GET(event as never)).status;
	}

	it('filters by ages given as decimals', async () => {
		expect(await status(servicesEndpoint, '/openreferral/services?minimum_age=1.5&maximum_age=99.5')).toBe(200);
	});

	it('refuses a NUL character in a parameter with 400', async () => {
		expect(await status(servicesEndpoint, '/openreferral/services?search=ab%00cd')).toBe(400);
		expect(await status(salsEndpoint, '/openreferral/service_at_locations?search=ab%00cd')).toBe(400);
	});
});

describe('places named by two organisations', () => {
	it('give each organisation its own place, so claiming one never reaches the other', async () => {
		const inCardiff = (s: Record<string, any>) => {
			const place = s.service_at_locations[0].location;
			Object.assign(place, { latitude: 51.4816, longitude: -3.1791 });
			place.addresses[0].postal_code = 'CF10 1AA';
		};
		const first = service(40, inCardiff);
		const second = service(41, (s) => {
			inCardiff(s);
			s.organization = { ...s.organization, id: 'd9d5e0f5-d3ce-4f73-9a2f-000000000041', name: 'A second group' };
		});
		const report = await run(file(first, second), 'shared place', 'all_or_nothing');
		expect(report.outcome).toBe('imported');
		const places = await asService(db, (tx) => tx.query<{ organisation_id: string; offers: number }>(
			`select l.organisation_id, count(ol.offer_id)::int as offers from locations l join offer_locations ol on ol.location_id = l.id
			  where l.source = 'shared place' group by l.id, l.organisation_id`));
		expect(places).toHaveLength(2);
		expect(new Set(places.map((p) => p.organisation_id)).size).toBe(2);
		expect(places.every((p) => p.offers === 1)).toBe(true);
		// And again: nothing changes.
		expect((await run(file(first, second), 'shared place', 'all_or_nothing')).counts).toMatchObject({ servicesUnchanged: 2 });
	});
});

describe('nothing to import', () => {
	it.each([
		['an empty list', [{ name: 'services.json', content: '[]' }]],
		['a header-only services table', [{ name: 'services.csv', content: 'id,organization_id,name,description,status\n' }]]
	])('%s is refused with a plain reason, not reported as imported', async (_, files) => {
		const report = await run(files, 'empty', 'all_or_nothing');
		expect(report.outcome).toBe('rejected');
		expect(report.problems.map((p) => p.code)).toContain('nothing_to_import');
	});
});

describe('a moderator\'s decision', () => {
	it('stands when the source is imported again: a hidden offer stays hidden, one turned back stays a draft', async () => {
		await asService(db, (tx) => tx.query(`insert into openreferral_term_mappings (term, outcome_id) values ('name', 'seeing-people')`));
		const files = file(service(60), service(61));
		expect((await run(files, 'decisions', 'all_or_nothing')).counts).toMatchObject({ servicesAdded: 2, servicesToTag: 0 });
		const statusOf = async (n: number) => (await asService(db, (tx) => tx.query<{ status: string }>(
			`select status from offers where source = 'decisions' and source_id = $1`, [service(n).id])))[0]!.status;
		await asService(db, async (tx) => {
			await tx.query(`update offers set status = 'hidden' where source = 'decisions' and source_id = $1`, [service(60).id]);
			await tx.query(`update offers set status = 'draft' where source = 'decisions' and source_id = $1`, [service(61).id]);
		});
		await run(files, 'decisions', 'all_or_nothing');
		expect([await statusOf(60), await statusOf(61)]).toEqual(['hidden', 'draft']);
		await asService(db, (tx) => tx.query(`delete from openreferral_term_mappings where term = 'name'`));
	});
});
