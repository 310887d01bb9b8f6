// The Open Referral UK API (/openreferral, docs/openreferral.md): the publish functions read as anon,
// and the endpoints called as SvelteKit calls them. Every answer is checked against the compiled
// UK schemas; the fixture mixes what must be published with what must never be.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anon, asService, freshDb, type TestDb } from './template';
import { cardiff, cathays, newport } from './fixtures';
import type { Claims, Tx } from '../../src/lib/server/db/types';
import { hsdsValidator, type HsdsSchemaName } from '../../src/lib/server/openreferral/schemas';
import { nameBasedId } from '../../src/lib/server/openreferral/ids';
import { listServices } from '../../src/lib/server/openreferral/publish/services';
import { listServiceAtLocations } from '../../src/lib/server/openreferral/publish/service-at-locations';
import { kindTermId, kindTaxonomyId, outcomeTaxonomyId, outcomeTermId } from '../../src/lib/server/openreferral/publish/taxonomies';
import * as apiDetailsEndpoint from '../../src/routes/openreferral/+server';
import * as openApiEndpoint from '../../src/routes/openreferral/openapi.json/+server';
import * as servicesEndpoint from '../../src/routes/openreferral/services/+server';
import * as serviceEndpoint from '../../src/routes/openreferral/services/[id]/+server';
import * as salsEndpoint from '../../src/routes/openreferral/service_at_locations/+server';
import * as salEndpoint from '../../src/routes/openreferral/service_at_locations/[id]/+server';
import * as organizationsEndpoint from '../../src/routes/openreferral/organizations/+server';
import * as organizationEndpoint from '../../src/routes/openreferral/organizations/[id]/+server';
import * as taxonomiesEndpoint from '../../src/routes/openreferral/taxonomies/+server';
import * as taxonomyEndpoint from '../../src/routes/openreferral/taxonomies/[id]/+server';
import * as termsEndpoint from '../../src/routes/openreferral/taxonomy_terms/+server';
import * as termEndpoint from '../../src/routes/openreferral/taxonomy_terms/[id]/+server';

// ---------------------------------------------------------------------------------------------
// Fixture

const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const member = uuid(0x901);
const moderator = uuid(0x902);
const orgs = { trust: uuid(0x101), befrienders: uuid(0x102), pendingGroup: uuid(0x103) };
const places = { hall: uuid(0x201), cathaysRoom: uuid(0x202), newportHub: uuid(0x203), pendingHall: uuid(0x204) };
const offers = {
	shed: uuid(0x301), chat: uuid(0x302), calls: uuid(0x303), walk: uuid(0x304),
	draft: uuid(0x311), pending: uuid(0x312), archived: uuid(0x313), ofPendingGroup: uuid(0x314)
};
const published = [offers.shed, offers.chat, offers.calls, offers.walk];
const unpublished = [offers.draft, offers.pending, offers.archived, offers.ofPendingGroup];
const origin = 'https://whatmatters.example';
/** A date every run sees as still to come. */
const nextYear = `${new Date().getUTCFullYear() + 1}-12-24`;

async function seed(tx: Tx) {
	await tx.query(`insert into auth.users (id, email) values ($1, 'member@example.org'), ($2, 'moderator@example.org')`, [member, moderator]);
	await tx.query(`insert into user_roles (user_id, role) values ($1, 'moderator')`, [moderator]);
	await tx.query(
		`insert into organisations (id, name, name_cy, description_en, description_cy, email, website, charity_number, company_number, status, verified_at) values
		 ($1, 'Aberdare Community Trust', 'Ymddiriedolaeth Gymunedol Aberdâr', 'A community trust', 'Ymddiriedolaeth gymunedol',
		  'hello@trust.example.org', 'https://trust.example.org', '1123456', '07654321', 'published', now()),
		 ($2, 'Bridgend Befrienders', null, 'Friendly calls', null, null, null, null, null, 'published', now()),
		 ($3, 'Pending Group', null, 'Not yet approved', null, null, null, null, null, 'pending', null)`,
		[orgs.trust, orgs.befrienders, orgs.pendingGroup]
	);
	await tx.query(`insert into organisation_members (organisation_id, user_id, role) values ($1, $2, 'owner')`, [orgs.trust, member]);
	await tx.query(
		`insert into locations (id, organisation_id, name, address, town, postcode, outcode, lat, lng, accessibility) values
		 ($1, $5, 'Canolfan Hall', '1 High Street', 'Cardiff', 'CF10 1EP', 'CF10', $6, $7, '{wheelchair,hearing_loop}'),
		 ($2, $5, 'Cathays Room', '', 'Cathays', null, 'CF24', $8, $9, '{}'),
		 ($3, $10, 'Newport Hub', '2 Dock Street', 'Newport', 'NP20 1AA', 'NP20', $11, $12, '{step_free}'),
		 ($4, $13, 'Pending Hall', '', 'Cardiff', null, 'CF10', $6, $7, '{}')`,
		[places.hall, places.cathaysRoom, places.newportHub, places.pendingHall, orgs.trust, cardiff.lat, cardiff.lng,
			cathays.lat, cathays.lng, orgs.befrienders, newport.lat, newport.lng, orgs.pendingGroup]
	);
	const offer = (id: string, org: string, columns: Record<string, unknown>) => {
		const names = Object.keys(columns);
		return tx.query(
			`insert into offers (id, organisation_id, ${names.join(', ')}) values ($1, $2, ${names.map((_, i) => `$${i + 3}`).join(', ')})`,
			[id, org, ...Object.values(columns)]
		);
	};
	const basics = { kind: 'activity', cost: 'free', access: 'drop_in', attendance: 'in_person', status: 'published' };
	await offer(offers.shed, orgs.trust, {
		...basics, title_en: "Men's Shed", title_cy: 'Sied Dynion', description_en: 'Woodwork and a cuppa', description_cy: 'Gwaith coed a phaned',
		kind: 'mens_shed', cost: 'low_cost', cost_note_en: '£2 a session', cost_note_cy: '£2 y sesiwn', languages: ['en', 'cy', 'bsl'],
		capacity: 'waiting_list', minimum_age: 18, maximum_age: 99, contact_email: 'shed@trust.example.org', contact_phone: '01685 000000',
		website: 'https://trust.example.org/shed', who_for: ['men', 'older_people']
	});
	await offer(offers.chat, orgs.trust, {
		...basics, title_en: 'Online Chat', description_en: 'A video chat for young people', kind: 'peer_support', attendance: 'online',
		minimum_age: 16, maximum_age: 25, access: 'self_referral'
	});
	await offer(offers.calls, orgs.befrienders, {
		...basics, title_en: 'Befriending Calls', description_en: 'A weekly phone call', kind: 'befriending', attendance: 'both',
		cost: 'paid', cost_note_en: 'Pay what you can'
	});
	await offer(offers.walk, orgs.befrienders, { ...basics, title_en: 'Walk Together', description_en: 'A Sunday stroll', kind: 'walking_group' });
	await offer(offers.draft, orgs.trust, { ...basics, title_en: 'Draft Shed', kind: 'mens_shed', status: 'draft', minimum_age: 18 });
	await offer(offers.pending, orgs.trust, { ...basics, title_en: 'Pending Shed', kind: 'mens_shed', status: 'pending' });
	await offer(offers.archived, orgs.trust, { ...basics, title_en: 'Archived Shed', kind: 'mens_shed', status: 'archived' });
	await offer(offers.ofPendingGroup, orgs.pendingGroup, { ...basics, title_en: 'Hidden Group Shed', kind: 'mens_shed' });
	await tx.query(
		`insert into offer_locations (offer_id, location_id) values ($1, $5), ($1, $6), ($2, $7), ($3, $5), ($4, $8)`,
		[offers.shed, offers.calls, offers.draft, offers.ofPendingGroup, places.hall, places.cathaysRoom, places.newportHub, places.pendingHall]
	);
	await tx.query(
		`insert into offer_outcomes (offer_id, outcome_id) values
		 ($1, 'seeing-people'), ($1, 'skills'), ($2, 'confidence-and-morale'), ($3, 'seeing-people'), ($4, 'staying-well'),
		 ($5, 'skills'), ($6, 'skills'), ($7, 'skills'), ($8, 'skills')`,
		[offers.shed, offers.chat, offers.calls, offers.walk, offers.draft, offers.pending, offers.archived, offers.ofPendingGroup]
	);
	await tx.query(
		`insert into schedules (offer_id, freq, byday, opens_at, closes_at, note_en, note_cy, except_months, except_dates) values
		 ($1, 'WEEKLY', '{TU,TH}', '10:00', '12:00', 'Bring boots', 'Dewch â esgidiau', '{}', '{}'),
		 ($1, 'MONTHLY', '{1SA}', '14:00', '16:00', null, null, '{8}', $5::date[]),
		 ($2, 'WEEKLY', '{WE}', '18:00', '19:30', null, null, '{}', '{}'),
		 ($3, 'WEEKLY', '{MO}', '09:00', '17:00', null, null, '{}', '{}'),
		 ($4, 'WEEKLY', '{SU}', '10:00', '11:00', null, null, '{}', '{}'),
		 ($6, 'MONTHLY', '{-1FR}', '10:00', '12:00', null, null, '{}', '{}')`,
		[offers.shed, offers.chat, offers.calls, offers.walk, [nextYear], offers.draft]
	);
}

/** Changes people make through the site, so the audit log has a group's and a moderator's rows. */
async function changeAsPeople(on: TestDb) {
	const asMember: Claims = { role: 'authenticated', sub: member, email: 'member@example.org' };
	const asModerator: Claims = { role: 'authenticated', sub: moderator, email: 'moderator@example.org' };
	await on.withClaims(asMember, (tx) => tx.query(`update offers set description_en = 'Woodwork, tools and a cuppa' where id = $1`, [offers.shed]));
	await on.withClaims(asMember, (tx) => tx.query(`update organisations set description_en = 'Our community trust' where id = $1`, [orgs.trust]));
	// A pause and a resume: the status field is the group's business, not published metadata.
	await on.withClaims(asMember, (tx) => tx.query(`update offers set status = 'paused' where id = $1`, [offers.shed]));
	await on.withClaims(asMember, (tx) => tx.query(`update offers set status = 'published' where id = $1`, [offers.shed]));
	await on.withClaims(asModerator, (tx) => tx.query(`update offers set contact_phone = '01685 111111' where id = $1`, [offers.shed]));
}

let db: TestDb;
beforeAll(async () => {
	db = await freshDb();
	await asService(db, seed);
	await changeAsPeople(db);
});
afterAll(() => db?.close());

// ---------------------------------------------------------------------------------------------
// Calling the endpoints as SvelteKit does, as an anonymous API client

type Endpoint = { GET: (event: never) => Response | Promise<Response> };
// Answers are JSON read back: any shape, checked by the schemas and the expectations.
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
interface Answer {
	status: number;
	headers: Headers;
	body: Json;
}
type Item = Json & { id: string; service_id: string; location_id: string };

async function call(endpoint: Endpoint, path: string, params: Record<string, string> = {}): Promise<Answer> {
	const event = { url: new URL(path, origin), params, locals: { withClaims: <T>(fn: (tx: Tx) => Promise<T>) => db.withClaims(anon, fn) } };
	const response = await endpoint.GET(event as never);
	return { status: response.status, headers: response.headers, body: await response.json() };
}

function expectValid(schema: HsdsSchemaName, value: unknown) {
	const validate = hsdsValidator(schema);
	validate(value);
	expect(validate.errors ?? [], `${schema}: ${JSON.stringify(value).slice(0, 300)}`).toEqual([]);
}

/** A page answer: 200, CORS, consistent page fields, and every item valid against its schema. */
async function page(endpoint: Endpoint, path: string, itemSchema: HsdsSchemaName) {
	const answer = await call(endpoint, path);
	expect(answer.status, JSON.stringify(answer.body)).toBe(200);
	expect(answer.headers.get('access-control-allow-origin')).toBe('*');
	const body = answer.body as { total_items: number; total_pages: number; page_number: number; size: number;
		first_page: boolean; last_page: boolean; empty: boolean; contents: Item[] };
	const perPage = Number(new URL(path, origin).searchParams.get('per_page') ?? 50);
	expect(body.size).toBe(body.contents.length);
	expect(body.total_pages).toBe(Math.ceil(body.total_items / perPage));
	expect(body.first_page).toBe(body.page_number === 1);
	expect(body.last_page).toBe(body.page_number >= body.total_pages);
	expect(body.empty).toBe(body.total_items === 0);
	expect(body.size).toBeLessThanOrEqual(perPage);
	for (const item of body.contents) expectValid(itemSchema, item);
	return body;
}
const ids = (body: { contents: { id: string }[] }) => body.contents.map((item) => item.id);
const serviceIds = (body: { contents: { service_id: string }[] }) => [...new Set(body.contents.map((item) => item.service_id))];

async function refused(endpoint: Endpoint, path: string, parameter: string) {
	const answer = await call(endpoint, path);
	expect(answer.status, JSON.stringify(answer.body)).toBe(400);
	expect(answer.headers.get('access-control-allow-origin')).toBe('*');
	expect(answer.body.parameter).toBe(parameter);
	expect(answer.body.error).toContain(parameter);
	return answer.body.error as string;
}

async function missing(endpoint: Endpoint, id: string) {
	const answer = await call(endpoint, `/openreferral/x/${id}`, { id });
	expect(answer.status).toBe(404);
	expect(answer.headers.get('access-control-allow-origin')).toBe('*');
	expect(answer.body.error).toEqual(expect.any(String));
}

// ---------------------------------------------------------------------------------------------

describe('the publish functions, read as anon', () => {
	it('list published services only, by name', async () => {
		const result = await db.withClaims(anon, (tx) => listServices(tx, {}, { page: 1, perPage: 50 }, origin));
		expect(ids(result)).toEqual([offers.calls, offers.shed, offers.chat, offers.walk]);
		for (const item of result.contents) expectValid('service_list', item);
	});

	it('list services at locations: each place, and a virtual one for online offers', async () => {
		const result = await db.withClaims(anon, (tx) => listServiceAtLocations(tx, {}, undefined, { page: 1, perPage: 50 }, origin));
		expect(result.contents.map((item) => [item.service_id, item.location.name])).toEqual([
			[offers.calls, 'Newport Hub'], [offers.calls, 'Online'], [offers.shed, 'Canolfan Hall'], [offers.shed, 'Cathays Room'],
			[offers.chat, 'Online']
		]);
	});
});

describe('api details and the OpenAPI document', () => {
	it('say which profile this is and where the document is', async () => {
		const answer = await call(apiDetailsEndpoint, '/openreferral');
		expect(answer.status).toBe(200);
		expect(answer.headers.get('access-control-allow-origin')).toBe('*');
		expect(answer.body).toEqual({
			version: 'HSDS-UK-3.0',
			profile: 'https://github.com/OpenReferralUK/uk-profile/blob/main/docs/index.md',
			openapi_url: `${origin}/openreferral/openapi.json`
		});
	});

	it('describe our API: server, parameters, extensions, errors and the licence', async () => {
		const { status, body } = await call(openApiEndpoint, '/openreferral/openapi.json');
		expect(status).toBe(200);
		expect(body.openapi).toBe('3.1.0');
		expect(body.servers).toEqual([{ url: `${origin}/openreferral` }]);
		expect(body.info.description).toContain('CC BY-SA 4.0');
		expect(body.info.description).toContain('x-translations');
		expect(body.info.description).toContain('x-what-matters');
		expect(body.info.license.url).toContain('by-sa');
		expect(Object.keys(body.paths)).toEqual(expect.arrayContaining(['/organizations', '/organizations/{id}', '/service_at_locations/{id}']));
		const parameterNames = (path: string) =>
			body.paths[path].get.parameters.map((p: { $ref: string }) => body.components.parameters[p.$ref.split('/').at(-1)!].name);
		expect(parameterNames('/service_at_locations')).toEqual(expect.arrayContaining(['postcode', 'proximity', 'day', 'start_time']));
		expect(parameterNames('/services')).toContain('organization_id');
		expect(body.components.parameters.minimal).toBeUndefined();
		expect(body.paths['/services'].get.responses['400'].content['application/json'].schema.$ref).toBe('#/components/schemas/Error');
		expect(body.components.schemas.Error.required).toEqual(['error']);
	});

	it('answer a CORS preflight', async () => {
		const response = servicesEndpoint.OPTIONS();
		expect(response.status).toBe(204);
		expect(response.headers.get('access-control-allow-origin')).toBe('*');
		expect(response.headers.get('access-control-allow-methods')).toContain('GET');
	});
});

describe('/services', () => {
	it('lists published services of published organisations, valid, with the organisation nested', async () => {
		const body = await page(servicesEndpoint, '/openreferral/services', 'service_list');
		expect(ids(body)).toEqual([offers.calls, offers.shed, offers.chat, offers.walk]);
		expect(body.total_items).toBe(4);
		const shed = body.contents.find((s) => s.id === offers.shed)!;
		expect(shed.organization).toMatchObject({ id: orgs.trust, name: 'Aberdare Community Trust', uri: `${origin}/organisations/${orgs.trust}` });
		expect(shed).toMatchObject({
			name: "Men's Shed", status: 'active', fees: '£2 a session', minimum_age: 18, maximum_age: 99,
			url: 'https://trust.example.org/shed', email: 'shed@trust.example.org', alert: 'There is a waiting list at present.',
			'x-translations': { cy: { name: 'Sied Dynion', description: 'Gwaith coed a phaned', fees: '£2 y sesiwn', alert: 'Mae rhestr aros ar hyn o bryd.' } },
			'x-what-matters': { kind: 'mens_shed', access: 'drop_in', attendance: 'in_person', who_for: ['men', 'older_people'], capacity: 'waiting_list', page: `${origin}/offers/${offers.shed}` }
		});
		expect(shed.assured_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
		const walk = body.contents.find((s) => s.id === offers.walk)!;
		expect(walk.fees).toBe('Free');
		expect(walk['x-translations']).toBeUndefined();
		expect(walk.alert).toBeUndefined();
		expect(walk.organization['x-translations']).toBeUndefined();
		expect(shed.organization['x-translations']).toEqual({ cy: { name: 'Ymddiriedolaeth Gymunedol Aberdâr', description: 'Ymddiriedolaeth gymunedol' } });
	});

	it.each([
		['search in English', 'search=woodwork', [offers.shed]],
		['search in Welsh', 'search=phaned', [offers.shed]],
		['search with two words, both needed', 'search=weekly%20phone', [offers.calls]],
		['an outcome term', `taxonomy_term_id=${outcomeTermId('skills')}`, [offers.shed]],
		['a kind term', `taxonomy_term_id=${kindTermId('mens_shed')}`, [offers.shed]],
		['a term no offer has', `taxonomy_term_id=${kindTermId('advice')}`, []],
		['a term we do not have', `taxonomy_term_id=${uuid(0xdead)}`, []],
		['the outcomes taxonomy', `taxonomy_id=${outcomeTaxonomyId}`, [offers.calls, offers.shed, offers.chat, offers.walk]],
		['the kinds taxonomy', `taxonomy_id=${kindTaxonomyId}`, [offers.calls, offers.shed, offers.chat, offers.walk]],
		['a taxonomy we do not have', `taxonomy_id=${uuid(0xbeef)}`, []],
		['an organisation', `organization_id=${orgs.befrienders}`, [offers.calls, offers.walk]],
		['a pending organisation', `organization_id=${orgs.pendingGroup}`, []],
		['minimum_age at least 16', 'minimum_age=16', [offers.shed, offers.chat]],
		['minimum_age at least 17', 'minimum_age=17', [offers.shed]],
		['minimum_age at least 18, inclusive', 'minimum_age=18', [offers.shed]],
		['maximum_age at most 25', 'maximum_age=25', [offers.chat]],
		['maximum_age at most 24', 'maximum_age=24', []],
		['both ages', 'minimum_age=16&maximum_age=30', [offers.chat]],
		['a day code', 'day=TU', [offers.shed]],
		['a day name in any case', 'day=wednesday', [offers.chat]],
		['a monthly rule\'s day', 'day=SA', [offers.shed]],
		['a day a draft has (last Friday), not a published offer', 'day=FR', []],
		['a start time', 'start_time=10:00', [offers.shed, offers.chat, offers.walk]],
		['a start time with seconds', 'start_time=14:00:00', [offers.shed, offers.chat]],
		['an end time', 'end_time=12:00', [offers.shed, offers.walk]],
		['a day and times met by one schedule', 'day=SA&start_time=13:00&end_time=16:00', [offers.shed]],
		['a day and times met only by different schedules', 'day=TU&start_time=13:00', []]
	])('filters by %s', async (_, query, expected) => {
		const body = await page(servicesEndpoint, `/openreferral/services?${query}`, 'service_list');
		expect(ids(body)).toEqual(expected);
		expect(body.total_items).toBe(expected.length);
	});

	it('pages consistently, and answers a page past the end with nothing', async () => {
		const first = await page(servicesEndpoint, '/openreferral/services?per_page=3', 'service_list');
		expect(first).toMatchObject({ total_items: 4, total_pages: 2, page_number: 1, size: 3, first_page: true, last_page: false, empty: false });
		const second = await page(servicesEndpoint, '/openreferral/services?per_page=3&page=2', 'service_list');
		expect(second).toMatchObject({ total_items: 4, total_pages: 2, page_number: 2, size: 1, first_page: false, last_page: true, empty: false });
		expect([...ids(first), ...ids(second)]).toEqual([offers.calls, offers.shed, offers.chat, offers.walk]);
		const past = await page(servicesEndpoint, '/openreferral/services?per_page=3&page=5', 'service_list');
		expect(past).toMatchObject({ total_items: 4, total_pages: 2, page_number: 5, size: 0, last_page: true, empty: false, contents: [] });
		const none = await page(servicesEndpoint, '/openreferral/services?search=zzzz', 'service_list');
		expect(none).toMatchObject({ total_items: 0, total_pages: 0, page_number: 1, size: 0, first_page: true, last_page: true, empty: true });
		await page(servicesEndpoint, '/openreferral/services?per_page=200', 'service_list');
	});

	it.each([
		['page', 'page=two'],
		['page', 'page=0'],
		['page', 'page=-1'],
		['per_page', 'per_page=0'],
		['per_page', 'per_page=201'],
		['per_page', 'per_page=1.5'],
		['minimum_age', 'minimum_age=old'],
		['maximum_age', 'maximum_age=-3'],
		['day', 'day=Caturday'],
		['day', 'day=2TU'],
		['start_time', 'start_time=25:00'],
		['end_time', 'end_time=noon'],
		['taxonomy_term_id', 'taxonomy_term_id=skills'],
		['taxonomy_id', 'taxonomy_id=1'],
		['organization_id', 'organization_id=abc']
	])('refuses a bad %s (%s) with 400, naming it', async (parameter, query) => {
		const error = await refused(servicesEndpoint, `/openreferral/services?${query}`, parameter);
		expect(error).toContain(`"${decodeURIComponent(query.split('=')[1]!)}"`);
	});
});

describe('/services/{id}', () => {
	it('gives a published service in full, valid against service.json', async () => {
		const { status, headers, body } = await call(serviceEndpoint, `/openreferral/services/${offers.shed}`, { id: offers.shed });
		expect(status).toBe(200);
		expect(headers.get('access-control-allow-origin')).toBe('*');
		expect(headers.get('cache-control')).toBe('public, max-age=60');
		expectValid('service', body);
		expect(body.contact_phone).toBeUndefined();
		expect(body.contacts).toEqual([{
			id: nameBasedId('contact', offers.shed), service_id: offers.shed, email: 'shed@trust.example.org',
			phones: [{ id: nameBasedId('phone', offers.shed), number: '01685 111111' }]
		}]);
		expect(body.languages).toEqual([
			{ id: nameBasedId('language', offers.shed, 'en'), service_id: offers.shed, name: 'English', code: 'en' },
			{ id: nameBasedId('language', offers.shed, 'cy'), service_id: offers.shed, name: 'Welsh', code: 'cy' },
			{ id: nameBasedId('language', offers.shed, 'bsl'), service_id: offers.shed, name: 'British Sign Language', code: 'bfi' }
		]);
		expect(body.cost_options).toEqual([{
			id: nameBasedId('cost_option', offers.shed), service_id: offers.shed, option: 'Low cost', amount_description: '£2 a session',
			'x-translations': { cy: { amount_description: '£2 y sesiwn' } }
		}]);
		expect(body.schedules).toEqual([
			{
				id: expect.any(String), service_id: offers.shed, freq: 'WEEKLY', interval: 1, byday: 'TU,TH', opens_at: '10:00:00', closes_at: '12:00:00',
				description: 'Bring boots', 'x-translations': { cy: { description: 'Dewch â esgidiau' } }
			},
			{
				id: expect.any(String), service_id: offers.shed, freq: 'MONTHLY', interval: 1, byday: '1SA', opens_at: '14:00:00', closes_at: '16:00:00',
				notes: `Not in August. Not on 24 December ${nextYear.slice(0, 4)}.`,
				'x-what-matters': { except_months: [8], except_dates: [`${nextYear.slice(0, 4)}-12-24`] }
			}
		]);
		expect(body.attributes.map((a: { taxonomy_term: { term: string } }) => a.taxonomy_term.term)).toEqual(['seeing-people', 'skills', 'mens_shed']);
		expect(body.attributes[0]).toMatchObject({
			id: nameBasedId('attribute', offers.shed, outcomeTermId('seeing-people')), link_id: offers.shed, link_type: 'service',
			taxonomy_term: { taxonomy: 'What Matters outcomes', term_uri: `${origin}/outcomes/seeing-people` }
		});
		const [hall, room] = body.service_at_locations;
		expect(body.service_at_locations).toHaveLength(2);
		expect(hall).toMatchObject({ id: nameBasedId('service_at_location', offers.shed, places.hall), location_id: places.hall });
		const [region] = await db.withClaims(anon, (tx) => tx.query<{ region: string }>(`select region from postcode_districts where outcode = 'CF10'`));
		expect(region?.region).toBeTruthy();
		expect(hall.location).toMatchObject({
			id: places.hall, location_type: 'physical', name: 'Canolfan Hall', latitude: cardiff.lat, longitude: cardiff.lng,
			addresses: [{
				id: nameBasedId('address', places.hall), location_id: places.hall, address_1: '1 High Street', city: 'Cardiff',
				state_province: region!.region, postal_code: 'CF10 1EP', country: 'GB', address_type: 'physical'
			}],
			accessibility: [
				{ id: nameBasedId('accessibility', places.hall, 'wheelchair'), location_id: places.hall, accessibility: 'wheelchair', description: 'Wheelchair accessible' },
				{ id: nameBasedId('accessibility', places.hall, 'hearing_loop'), location_id: places.hall, accessibility: 'hearing_loop', description: 'Hearing loop' }
			]
		});
		// No address line: the place's name stands in; no postcode: the district.
		expect(room.location.addresses[0]).toMatchObject({ address_1: 'Cathays Room', postal_code: 'CF24' });
	});

	it('carries metadata from the public audit log: roles, never people, and public fields only', async () => {
		const { body } = await call(serviceEndpoint, `/openreferral/services/${offers.shed}`, { id: offers.shed });
		const metadata = body.metadata as { field_name: string; updated_by: string; resource_id: string; id: string }[];
		expect(metadata.map((m) => [m.field_name, m.updated_by]).sort()).toEqual([['contact_phone', 'moderator'], ['description_en', 'group']]);
		expect(metadata.every((m) => m.resource_id === offers.shed)).toBe(true);
		const text = JSON.stringify(body);
		expect(text).not.toContain(member);
		expect(text).not.toContain(moderator);
		expect(text).not.toContain('"status","previous_value"');
		expect(metadata[0]).toMatchObject({ resource_type: 'service', last_action_type: 'update', last_action_date: expect.any(String) });
	});

	it('gives an online service a virtual place, a service held both ways both, and leaves x-translations out without Welsh', async () => {
		const chat = await call(serviceEndpoint, `/openreferral/services/${offers.chat}`, { id: offers.chat });
		expectValid('service', chat.body);
		expect(chat.body.service_at_locations).toEqual([{
			id: nameBasedId('service_at_location', offers.chat, 'online'), service_id: offers.chat,
			location_id: nameBasedId('online-location', offers.chat),
			location: { id: nameBasedId('online-location', offers.chat), location_type: 'virtual', name: 'Online', description: 'Takes place online.' }
		}]);
		expect(chat.body.cost_options).toEqual([{ id: nameBasedId('cost_option', offers.chat), service_id: offers.chat, option: 'Free', amount: 0 }]);
		expect(chat.body.contacts).toEqual([]);
		expect(chat.body['x-translations']).toBeUndefined();
		expect(chat.body.metadata).toEqual([]);
		const calls = await call(serviceEndpoint, `/openreferral/services/${offers.calls}`, { id: offers.calls });
		expectValid('service', calls.body);
		expect(calls.body.service_at_locations.map((s: { location: { location_type: string } }) => s.location.location_type)).toEqual(['physical', 'virtual']);
		expect(calls.body).toMatchObject({ fees: 'Pay what you can', cost_options: [{ option: 'Paid', amount_description: 'Pay what you can' }] });
		expect(calls.body.minimum_age).toBeUndefined();
		const walk = await call(serviceEndpoint, `/openreferral/services/${offers.walk}`, { id: offers.walk });
		expectValid('service', walk.body);
		expect(walk.body.service_at_locations).toEqual([]);
	});

	it.each([...unpublished, uuid(0xabc), 'not-a-uuid', "1' or '1'='1"])('answers 404 for %s', async (id) => {
		await missing(serviceEndpoint, id);
	});
});

describe('/service_at_locations', () => {
	it('lists every published place and online place, never an unpublished offer or a pending group\'s hall', async () => {
		const body = await page(salsEndpoint, '/openreferral/service_at_locations', 'service_at_location_list');
		expect(serviceIds(body)).toEqual([offers.calls, offers.shed, offers.chat]);
		expect(body.total_items).toBe(5);
		const names = body.contents.map((item) => item.location.name);
		expect(names).not.toContain('Pending Hall');
		for (const item of body.contents) {
			expect(item.id).toBe(nameBasedId('service_at_location', item.service_id, item.location.location_type === 'virtual' ? 'online' : item.location_id));
			expect(item.service.organization.id).toEqual(expect.any(String));
		}
	});

	it('finds places near a postcode, nearest first, within the default 10 km', async () => {
		const body = await page(salsEndpoint, '/openreferral/service_at_locations?postcode=CF10%201EP', 'service_at_location_list');
		// Online places have no distance, so Befriending Calls' online half is not among them.
		expect(body.contents.map((item) => item.location_id)).toEqual([places.hall, places.cathaysRoom]);
		expect(serviceIds(body)).toEqual([offers.shed]);
		const district = await page(salsEndpoint, '/openreferral/service_at_locations?postcode=cf10', 'service_at_location_list');
		expect(district.contents.map((item) => item.location_id)).toEqual([places.hall, places.cathaysRoom]);
		const wider = await page(salsEndpoint, '/openreferral/service_at_locations?postcode=CF10&proximity=50000', 'service_at_location_list');
		expect(wider.contents.map((item) => item.location_id)).toEqual([places.hall, places.cathaysRoom, places.newportHub]);
	});

	it('draws the proximity edge exactly', async () => {
		const [row] = await db.withClaims(anon, (tx) => tx.query<{ metres: number }>(
			`select extensions.earth_distance(extensions.ll_to_earth($1, $2), extensions.ll_to_earth(d.lat, d.lng)) as metres
			   from postcode_districts d where d.outcode = 'CF10'`, [cathays.lat, cathays.lng]));
		const metres = row!.metres;
		const inside = await page(salsEndpoint, `/openreferral/service_at_locations?postcode=CF10&proximity=${Math.ceil(metres)}`, 'service_at_location_list');
		expect(inside.contents.map((item) => item.location_id)).toContain(places.cathaysRoom);
		const outside = await page(salsEndpoint, `/openreferral/service_at_locations?postcode=CF10&proximity=${Math.floor(metres)}`, 'service_at_location_list');
		expect(outside.contents.map((item) => item.location_id)).not.toContain(places.cathaysRoom);
	});

	it.each([
		['day and postcode', `day=TU&postcode=CF10`, [offers.shed]],
		['a kind', `taxonomy_term_id=${kindTermId('befriending')}`, [offers.calls]],
		['an outcome no published offer near has', `taxonomy_term_id=${outcomeTermId('skills')}&postcode=NP20&proximity=1000`, []],
		['Welsh words', 'search=sied', [offers.shed]],
		['ages', 'minimum_age=16&maximum_age=25', [offers.chat]],
		['times', 'start_time=18:00&end_time=20:00', [offers.chat]]
	])('filters by %s', async (_, query, expected) => {
		const body = await page(salsEndpoint, `/openreferral/service_at_locations?${query}`, 'service_at_location_list');
		expect(serviceIds(body)).toEqual(expected);
	});

	it('pages consistently', async () => {
		const seen: string[] = [];
		for (const n of [1, 2, 3]) {
			const body = await page(salsEndpoint, `/openreferral/service_at_locations?per_page=2&page=${n}`, 'service_at_location_list');
			expect(body).toMatchObject({ total_items: 5, total_pages: 3, page_number: n });
			seen.push(...ids(body));
		}
		expect(new Set(seen).size).toBe(5);
	});

	it.each([
		['postcode', 'postcode=ZZ99%209ZZ'],
		['postcode', 'postcode=not%20a%20postcode'],
		['proximity', 'postcode=CF10&proximity=-5'],
		['proximity', 'postcode=CF10&proximity=far'],
		['proximity', 'proximity=1000'],
		['day', 'day=someday']
	])('refuses a bad %s (%s) with 400', async (parameter, query) => {
		await refused(salsEndpoint, `/openreferral/service_at_locations?${query}`, parameter);
	});

	it('names an unknown postcode', async () => {
		expect(await refused(salsEndpoint, '/openreferral/service_at_locations?postcode=ZZ99%209ZZ', 'postcode')).toContain('ZZ99 9ZZ');
	});
});

describe('/service_at_locations/{id}', () => {
	it('gives a place of a service in full, and an online one', async () => {
		const id = nameBasedId('service_at_location', offers.shed, places.hall);
		const { status, body } = await call(salEndpoint, `/openreferral/service_at_locations/${id}`, { id });
		expect(status).toBe(200);
		expectValid('service_at_location', body);
		expect(body).toMatchObject({ id, service_id: offers.shed, location_id: places.hall, location: { name: 'Canolfan Hall' }, service: { id: offers.shed } });
		expect(body.location.addresses).toHaveLength(1);
		expect(body.service.schedules).toHaveLength(2);
		const onlineId = nameBasedId('service_at_location', offers.calls, 'online');
		const online = await call(salEndpoint, `/openreferral/service_at_locations/${onlineId}`, { id: onlineId });
		expectValid('service_at_location', online.body);
		expect(online.body.location.location_type).toBe('virtual');
	});

	it.each([
		['a draft\'s place', nameBasedId('service_at_location', offers.draft, places.hall)],
		['a pending group\'s place', nameBasedId('service_at_location', offers.ofPendingGroup, places.pendingHall)],
		['an in-person offer\'s online place', nameBasedId('service_at_location', offers.shed, 'online')],
		['an unknown id', uuid(0xabc)],
		['not an id', 'hall']
	])('answers 404 for %s', async (_, id) => {
		await missing(salEndpoint, id);
	});
});

describe('/organizations', () => {
	it('lists published organisations only', async () => {
		const body = await page(organizationsEndpoint, '/openreferral/organizations', 'organization_list');
		expect(ids(body)).toEqual([orgs.trust, orgs.befrienders]);
		expect(body.contents[1]).toEqual({
			id: orgs.befrienders, name: 'Bridgend Befrienders', description: 'Friendly calls', uri: `${origin}/organisations/${orgs.befrienders}`
		});
		await refused(organizationsEndpoint, '/openreferral/organizations?per_page=abc', 'per_page');
	});

	it('gives an organisation with identifiers, published services in full and metadata', async () => {
		const { status, body } = await call(organizationEndpoint, `/openreferral/organizations/${orgs.trust}`, { id: orgs.trust });
		expect(status).toBe(200);
		expectValid('organization', body);
		expect(body.organization_identifiers).toEqual([
			{ id: nameBasedId('organization_identifier', orgs.trust, 'GB-CHC'), organization_id: orgs.trust, identifier_scheme: 'GB-CHC', identifier_type: 'Charity number', identifier: '1123456' },
			{ id: nameBasedId('organization_identifier', orgs.trust, 'GB-COH'), organization_id: orgs.trust, identifier_scheme: 'GB-COH', identifier_type: 'Company number', identifier: '07654321' }
		]);
		expect(body.services.map((s: { id: string }) => s.id)).toEqual([offers.shed, offers.chat]);
		for (const service of body.services) expectValid('service', service);
		expect(body.metadata).toMatchObject([{ field_name: 'description_en', updated_by: 'group', replacement_value: 'Our community trust' }]);
		expect(JSON.stringify(body)).not.toContain(member);
	});

	it.each([orgs.pendingGroup, uuid(0xabc), 'trust'])('answers 404 for %s', async (id) => {
		await missing(organizationEndpoint, id);
	});
});

describe('taxonomies and terms', () => {
	it('lists the two taxonomies, and gives each with its terms', async () => {
		const body = await page(taxonomiesEndpoint, '/openreferral/taxonomies', 'taxonomy');
		expect(body.contents.map((t) => t.name)).toEqual(['What Matters outcomes', 'What Matters kinds of offer']);
		const outcomes = await call(taxonomyEndpoint, `/openreferral/taxonomies/${outcomeTaxonomyId}`, { id: outcomeTaxonomyId });
		expectValid('taxonomy', outcomes.body);
		const terms = outcomes.body.taxonomy_terms as { term: string }[];
		expect(terms.map((t) => t.term)).toEqual(expect.arrayContaining(['seeing-people', 'skills']));
		// Process outcomes are not tagged on offers, so they are not terms.
		expect(terms.map((t) => t.term)).not.toContain('being-listened-to');
		const kinds = await call(taxonomyEndpoint, `/openreferral/taxonomies/${kindTaxonomyId}`, { id: kindTaxonomyId });
		expectValid('taxonomy', kinds.body);
		expect(kinds.body.taxonomy_terms).toContainEqual(expect.objectContaining({ id: kindTermId('mens_shed'), term: 'mens_shed', name: "Men's shed" }));
		await missing(taxonomyEndpoint, uuid(0xabc));
		await missing(taxonomyEndpoint, 'outcomes');
	});

	it('pages the terms, filters them by taxonomy, and gives one', async () => {
		const all = await page(termsEndpoint, '/openreferral/taxonomy_terms?per_page=10', 'taxonomy_term');
		const kinds = await page(termsEndpoint, `/openreferral/taxonomy_terms?taxonomy_id=${kindTaxonomyId}&per_page=200`, 'taxonomy_term');
		expect(kinds.total_items).toBe(17);
		expect(all.total_items).toBeGreaterThan(17);
		const none = await page(termsEndpoint, `/openreferral/taxonomy_terms?taxonomy_id=${uuid(0xabc)}`, 'taxonomy_term');
		expect(none.empty).toBe(true);
		const id = outcomeTermId('seeing-people');
		const term = await call(termEndpoint, `/openreferral/taxonomy_terms/${id}`, { id });
		expectValid('taxonomy_term', term.body);
		expect(term.body).toMatchObject({ id, term: 'seeing-people', taxonomy_id: outcomeTaxonomyId, description: expect.stringMatching(/^I /) });
		await missing(termEndpoint, uuid(0xabc));
		await refused(termsEndpoint, '/openreferral/taxonomy_terms?taxonomy_id=kinds', 'taxonomy_id');
	});
});
