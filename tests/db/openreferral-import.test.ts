import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	describeProblem, importOpenReferral, readImportFile, readImportFolder, type ImportFile, type ImportMode, type ImportProblem
} from '../../src/lib/server/openreferral/import';
import { nameBasedId } from '../../src/lib/server/openreferral/ids';
import { asService, freshDb, type TestDb } from './template';

let db: TestDb;
beforeAll(async () => {
	db = await freshDb();
});
afterAll(() => db?.close());

const official = (name: string): ImportFile => ({ name, content: readFileSync(`tests/fixtures/openreferral/${name}`, 'utf8') });
const malformed = (name: string) => readImportFile(`tests/fixtures/openreferral-malformed/${name}`);
const run = (files: ImportFile[], source: string, mode: ImportMode = 'all_or_nothing') => importOpenReferral(db, { files, source, mode });
const q = <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => asService(db, (tx) => tx.query<T>(sql, params));

const counselling = 'ac148810-d857-441c-9679-408f346de14b';
const offerOf = async (source: string, sourceId = counselling) =>
	(await q<Record<string, unknown>>('select * from offers where source = $1 and source_id = $2', [source, sourceId]))[0];

/** Everything an import could change, with the times rows were last written. */
const snapshot = () =>
	q(`select (select json_agg(o order by o.id) from organisations o) as organisations,
	          (select json_agg(f order by f.id) from (select id, status, title_en, updated_at, imported_at from offers) f) as offers,
	          (select json_agg(l order by l.id) from locations l) as locations,
	          (select json_agg(s order by s.id) from schedules s) as schedules,
	          (select json_agg(x order by x.offer_id, x.outcome_id) from offer_outcomes x) as offer_outcomes,
	          (select json_agg(x order by x.offer_id, x.location_id) from offer_locations x) as offer_locations,
	          (select count(*)::int from offer_search) as search_rows`);

const codes = (problems: ImportProblem[]) => problems.map((p) => `${p.severity}:${p.code}:${p.field}`);

describe('the official examples', () => {
	it('imports service_full.json: the offer, its organisation, schedule and cost; the location at latitude 100 is a warning', async () => {
		const report = await run([official('service_full.json')], 'example');
		expect(report.outcome).toBe('imported');
		expect(report.counts).toMatchObject({ organisationsAdded: 1, servicesAdded: 1, servicesToTag: 1 });
		const warning = report.problems.find((p) => p.code === 'location_outside_uk')!;
		expect(warning).toMatchObject({ severity: 'warning', field: 'service_at_locations[0].location.latitude', record: { type: 'service', id: counselling } });
		expect(describeProblem(warning, 'en')).toContain('"MyCity Civic Center"');

		const offer = (await offerOf('example'))!;
		expect(offer).toMatchObject({
			title_en: 'Community Counselling', website: 'http://example.com/counselling', contact_email: 'email@example.com',
			minimum_age: 12, maximum_age: 100, cost: 'paid', cost_note_en: 'Under 18s and Over 60s: £35 per 1 hour session',
			kind: 'activity', access: 'self_referral', attendance: 'in_person', languages: ['en'],
			// The example's one term ("name") maps to no outcome: a moderator tags it.
			status: 'pending', source_terms: ['name']
		});
		expect(offer.description_en).toMatch(/^Counselling Services provided by trained professionals/);
		const [organisation] = await q('select * from organisations where id = $1', [offer.organisation_id]);
		expect(organisation).toMatchObject({
			name: 'Example Organization Inc.', status: 'published', verified_at: null, company_number: '1234567',
			source: 'example', source_id: 'd9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610'
		});
		const schedules = await q(`select freq, interval, byday, opens_at::text, closes_at::text, valid_from::text from schedules where offer_id = $1`, [offer.id]);
		expect(schedules).toEqual([{ freq: 'WEEKLY', interval: 1, byday: ['TH', 'FR'], opens_at: '10:00:00', closes_at: '18:00:00', valid_from: '2005-01-01' }]);
		expect(await q('select 1 from offer_locations where offer_id = $1', [offer.id])).toEqual([]);
	});

	it('publishes the offer with the outcome a term mapping names', async () => {
		await q(`insert into openreferral_term_mappings (taxonomy, term, outcome_id) values ('', 'NAME', 'seeing-people')`);
		const report = await run([official('service_full.json')], 'mapped');
		expect(report.counts).toMatchObject({ servicesAdded: 1, servicesToTag: 0 });
		const offer = (await offerOf('mapped'))!;
		expect(offer).toMatchObject({ status: 'published', source_terms: [] });
		expect(await q('select outcome_id from offer_outcomes where offer_id = $1', [offer.id])).toEqual([{ outcome_id: 'seeing-people' }]);
		expect(await q('select outcome_ids from offer_search where offer_id = $1', [offer.id])).toEqual([{ outcome_ids: ['seeing-people'] }]);
		await q('delete from openreferral_term_mappings');
	});

	it('imports the CSV table form: phones, schedules and organisation identifiers, with unused tables reported', async () => {
		const report = await run(await readImportFolder('tests/fixtures/openreferral/csv'), 'csv');
		expect(report.outcome).toBe('imported');
		expect(report.counts).toMatchObject({ organisationsAdded: 1, servicesAdded: 1 });
		expect(report.problems.filter((p) => p.code === 'file_ignored').map((p) => p.record.name)).toContain('funding.csv');
		expect(report.problems.find((p) => p.code === 'location_outside_uk')?.record).toMatchObject({ file: 'services.csv', row: 2 });
		const offer = (await offerOf('csv'))!;
		expect(offer).toMatchObject({ title_en: 'Community Counselling', contact_phone: '+44 1234 234567', minimum_age: 12, cost: 'paid', status: 'pending' });
		expect(await q('select byday from schedules where offer_id = $1', [offer.id])).toEqual([{ byday: ['TH', 'FR'] }]);
		expect(await q(`select company_number from organisations where source = 'csv'`)).toEqual([{ company_number: '1234567' }]);
	});

	it.each([
		['organization_full.json', 1, 1],
		['oruk-validator-valid-organization.json', 1, 1],
		['oruk-validator-valid-service_full.json', 1, 1],
		['service_list.json', 1, 1],
		['service_at_location_list.json', 1, 1],
		['organization_list.json', 1, 0]
	])('imports %s', async (name, organisations, services) => {
		const report = await run([official(name)], name);
		expect(report.outcome, codes(report.problems).join()).toBe('imported');
		expect(report.counts).toMatchObject({ organisationsAdded: organisations, servicesAdded: services });
	});

	it('refuses files that are not HSDS records, or pages whose paging disagrees with their contents', async () => {
		const dashboard = await run([official('oruk-validator-valid-dashboard_services_response.json')], 'dashboard');
		expect(dashboard.outcome).toBe('rejected');
		expect(codes(dashboard.problems)).toEqual(['error:not_hsds:null']);
		// The validator's organisation list gives size 1 and holds 10 organisations.
		const list = await run([official('oruk-validator-valid-organization_list.json')], 'list');
		expect(list.outcome).toBe('rejected');
		expect(codes(list.problems)).toContain('error:page_size_wrong:size');
	});
});

describe('our own published data', () => {
	const ours = {
		id: 'c0000000-0000-4000-8000-000000000001', name: 'Aberdare Men\'s Shed', description: 'Making and mending together.', status: 'active',
		'x-translations': { cy: { name: 'Sied Dynion Aberdâr', description: 'Gwneud a thrwsio gyda\'n gilydd.' } },
		'x-what-matters': { kind: 'mens_shed', access: 'drop_in', attendance: 'in_person', who_for: ['men', 'older_people'], capacity: 'waiting_list' },
		languages: [{ id: 'c0000000-0000-4000-8000-0000000000a1', code: 'cy' }, { id: 'c0000000-0000-4000-8000-0000000000a2', code: 'bfi' }],
		cost_options: [{ id: 'c0000000-0000-4000-8000-0000000000a3', option: 'Low cost', amount_description: '£2 for tea' }],
		organization: { id: 'c0000000-0000-4000-8000-0000000000f1', name: 'Cynon Sheds', description: 'Sheds in the Cynon valley.', 'x-translations': { cy: { name: 'Siediau Cynon' } } },
		service_at_locations: [{ id: 'c0000000-0000-4000-8000-0000000000b1', location: { id: 'c0000000-0000-4000-8000-0000000000b2', location_type: 'physical', name: 'The Shed', addresses: [{ id: 'c0000000-0000-4000-8000-0000000000b3', address_1: 'Depot Road', city: 'Aberdare', state_province: 'Wales', postal_code: 'CF44 8DL', country: 'GB', address_type: 'physical' }] } }],
		attributes: [{ id: 'c0000000-0000-4000-8000-0000000000d1', taxonomy_term: { id: nameBasedId('outcome', 'seeing-people'), term: 'seeing-people', name: 'Seeing people', description: 'I want to see people more', taxonomy_id: nameBasedId('taxonomy', 'outcomes') } }]
	};

	it('keeps the Welsh, our vocabularies and outcomes, and places a location by its postcode district', async () => {
		const report = await run([{ name: 'ours.json', content: JSON.stringify(ours) }], 'ours');
		expect(report.outcome, codes(report.problems).join()).toBe('imported');
		const offer = (await offerOf('ours', ours.id))!;
		expect(offer).toMatchObject({
			title_cy: 'Sied Dynion Aberdâr', description_cy: 'Gwneud a thrwsio gyda\'n gilydd.', kind: 'mens_shed', access: 'drop_in',
			who_for: ['men', 'older_people'], capacity: 'waiting_list', languages: ['cy', 'bsl'], cost: 'low_cost', cost_note_en: '£2 for tea', status: 'published'
		});
		expect(await q(`select name_cy from organisations where source = 'ours'`)).toEqual([{ name_cy: 'Siediau Cynon' }]);
		const [place] = await q<{ postcode: string; outcode: string; h3: string }>(
			'select l.postcode, l.outcode, l.h3 from locations l join offer_locations ol on ol.location_id = l.id where ol.offer_id = $1', [offer.id]);
		expect(place).toMatchObject({ postcode: 'CF44 8DL', outcode: 'CF44' });
		expect(place!.h3).toMatch(/^[0-9a-f]{15}$/);
		expect(await q('select count(*)::int as n from offer_search where offer_id = $1', [offer.id])).toEqual([{ n: 1 }]);
	});

	it('refuses values outside our vocabularies', async () => {
		const report = await run([{ name: 'odd.json', content: JSON.stringify({ ...ours, 'x-what-matters': { kind: 'knitting' } }) }], 'ours');
		expect(report.outcome).toBe('rejected');
		expect(codes(report.problems)).toContain('error:not_allowed_value:x-what-matters.kind');
	});

	it('takes an offer out of the directory when its source says it has closed, and leaves new closed ones out', async () => {
		const closed = { ...ours, status: 'defunct' };
		const report = await run([{ name: 'ours.json', content: JSON.stringify(closed) }], 'ours');
		expect(report.counts).toMatchObject({ servicesUpdated: 1 });
		expect((await offerOf('ours', ours.id))!.status).toBe('archived');
		const elsewhere = await run([{ name: 'ours.json', content: JSON.stringify(closed) }], 'elsewhere');
		expect(elsewhere.counts).toMatchObject({ servicesAdded: 0, recordsSkipped: 1 });
		expect(codes(elsewhere.problems)).toEqual(['warning:service_not_active:status']);
	});
});

describe('importing again', () => {
	it('changes nothing when the file is the same', async () => {
		const files = await readImportFolder('tests/fixtures/openreferral/csv');
		await run([official('organization_full.json')], 'again');
		const before = await snapshot();
		const report = await run([official('organization_full.json')], 'again');
		expect(report.counts).toMatchObject({ organisationsUnchanged: 1, servicesUnchanged: 1, organisationsUpdated: 0, servicesAdded: 0, servicesUpdated: 0 });
		const csv = await run(files, 'csv');
		expect(csv.counts).toMatchObject({ servicesUnchanged: 1, servicesUpdated: 0 });
		expect(await snapshot()).toEqual(before);
	});

	it('keeps the outcomes and publication a moderator gave an offer whose terms map to none', async () => {
		const offer = (await offerOf('again'))!;
		await q(`insert into offer_outcomes (offer_id, outcome_id) values ($1, 'skills')`, [offer.id]);
		await q(`update offers set status = 'published' where id = $1`, [offer.id]);
		const report = await run([official('organization_full.json')], 'again');
		expect(report.counts).toMatchObject({ servicesUnchanged: 1, servicesToTag: 0 });
		expect((await offerOf('again'))!.status).toBe('published');
		expect(await q('select outcome_id from offer_outcomes where offer_id = $1', [offer.id])).toEqual([{ outcome_id: 'skills' }]);
	});

	it('leaves a claimed organisation and its offers alone, and says so', async () => {
		const offer = (await offerOf('again'))!;
		const user = '33333333-3333-4333-8333-333333333333';
		await q(`insert into auth.users (id, email) values ($1, 'group@example.org')`, [user]);
		await q(`insert into organisation_members (organisation_id, user_id, role) values ($1, $2, 'owner')`, [offer.organisation_id, user]);
		await q(`update offers set title_en = 'Counselling, as the group says' where id = $1`, [offer.id]);
		const before = await snapshot();
		const report = await run([official('organization_full.json')], 'again');
		expect(report.outcome).toBe('imported');
		expect(report.counts).toMatchObject({ claimedLeftAlone: 1, organisationsUnchanged: 0, servicesUnchanged: 0, servicesUpdated: 0 });
		expect(codes(report.problems)).toEqual(['warning:organization_claimed:null']);
		expect(await snapshot()).toEqual(before);
	});
});

describe('malformed files', () => {
	it.each([
		['bad-url.json', 'error:not_a_url:url', ['"Walk and Talk"', 'url', 'www.example.org/walk']],
		['bad-email.json', 'error:not_an_email:email', ['"Knit and Natter"', 'the email "nope" is not an email address']],
		['missing-description.json', 'error:description_missing:description', ['"Men\'s Shed"', 'description']],
		['wrong-types.json', 'error:wrong_type:minimum_age', ['"Youth Club"', 'the minimum_age "twelve" is not a number']],
		['inconsistent-paging.json', 'error:page_size_wrong:size', ['inconsistent-paging.json', 'size as 2 records, but it holds 1']],
		['invalid-json.json', 'error:invalid_json:null', ['invalid-json.json', 'line']]
	])('rejects %s with the problem named, and writes nothing', async (name, expected, sentence) => {
		const before = await snapshot();
		const report = await run([await malformed(name)], 'malformed');
		expect(report.outcome).toBe('rejected');
		const found = report.problems.find((p) => `${p.severity}:${p.code}:${p.field}` === expected);
		expect(found, codes(report.problems).join()).toBeDefined();
		for (const part of sentence) expect(describeProblem(found!, 'en')).toContain(part);
		expect(await snapshot()).toEqual(before);
	});

	it('rejects a CSV service whose organisation is missing', async () => {
		const before = await snapshot();
		const report = await run(await readImportFolder('tests/fixtures/openreferral-malformed/csv-missing-organization'), 'malformed');
		expect(report.outcome).toBe('rejected');
		const found = report.problems.find((p) => p.code === 'organization_not_found')!;
		expect(found).toMatchObject({ field: 'organization_id', record: { name: 'Bereavement Café', file: 'services.csv', row: 3 } });
		expect(describeProblem(found, 'en')).toBe(
			'Service b0000000… "Bereavement Café" (services.csv, row 3): its organisation 0f0e0d0c-0000-4000-8000-0000000009ff (organization_id) is neither in these files nor imported earlier from this source.'
		);
		expect(await snapshot()).toEqual(before);
	});

	it('imports the good records of a mixed file in valid_only mode and reports the bad', async () => {
		const report = await run([await malformed('mixed.json')], 'mixed', 'valid_only');
		expect(report.outcome).toBe('imported');
		expect(report.counts).toMatchObject({ organisationsAdded: 1, servicesAdded: 1, recordsSkipped: 1 });
		expect(codes(report.problems)).toEqual(['error:not_an_email:email']);
		expect(await q(`select title_en, status from offers where source = 'mixed'`)).toEqual([{ title_en: 'Good Morning Café', status: 'pending' }]);
		const [place] = await q(`select outcode from locations where source = 'mixed'`);
		expect(place).toMatchObject({ outcode: expect.stringMatching(/^CF4\d$/) });
	});

	it('logs every import, rejected ones too', async () => {
		const rows = await q<{ source: string; outcome: string; problems: { problem: string }[] }>(
			`select source, outcome, problems from openreferral_imports where source in ('malformed', 'mixed') order by created_at`);
		expect(rows.filter((r) => r.outcome === 'rejected').length).toBe(7);
		expect(rows.find((r) => r.source === 'mixed')).toMatchObject({ outcome: 'imported' });
		expect(rows[0]!.problems[0]!.problem).toContain('Walk and Talk');
	});
});
