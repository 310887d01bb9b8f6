import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonClaims } from '../../src/lib/server/db/types';
import { importOpenReferral, readImportFolder, type ImportFile } from '../../src/lib/server/openreferral/import';
import { getService } from '../../src/lib/server/openreferral/publish/services';
import { getOrganization } from '../../src/lib/server/openreferral/publish/organizations';
import { hsdsValidator } from '../../src/lib/server/openreferral/schemas';
import { nameBasedId } from '../../src/lib/server/openreferral/ids';
import { asService, freshDb, type TestDb } from './template';

// Import → publish → validate → compare: the official examples come out of our API with the
// fields that matter intact, and a service we publish, imported into another What Matters
// directory and published again, says exactly the same (ids, links and times aside).

const origin = 'https://whatmatters.example';
let db: TestDb;
beforeAll(async () => {
	db = await freshDb();
});
afterAll(() => db?.close());

const q = <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => asService(db, (tx) => tx.query<T>(sql, params));
const official = (name: string): ImportFile => ({ name, content: readFileSync(`tests/fixtures/openreferral/${name}`, 'utf8') });
const example = JSON.parse(official('service_full.json').content);

async function publishedService(source: string, sourceId: string) {
	const [offer] = await q<{ id: string }>('select id from offers where source = $1 and source_id = $2', [source, sourceId]);
	const service = await db.withClaims(anonClaims, (tx) => getService(tx, offer!.id, origin));
	const validate = hsdsValidator('service');
	expect(validate(service), JSON.stringify(validate.errors)).toBe(true);
	return service as unknown as Record<string, any>;
}

/** The fields of the official example our directory holds, as the example has them. */
function fieldsThatMatter(service: Record<string, any>) {
	return {
		name: service.name,
		description: service.description.trim(),
		url: service.url,
		email: service.email,
		status: service.status,
		minimum_age: service.minimum_age,
		maximum_age: service.maximum_age,
		schedules: service.schedules.map((s: Record<string, unknown>) => ({
			freq: s.freq, interval: s.interval, byday: s.byday, opens_at: s.opens_at, closes_at: s.closes_at, valid_from: s.valid_from, valid_to: s.valid_to
		})),
		organization: {
			name: service.organization.name,
			description: service.organization.description,
			email: service.organization.email,
			website: service.organization.website,
			identifiers: service.organization.organization_identifiers.map((i: Record<string, unknown>) => `${i.identifier_scheme} ${i.identifier}`)
		}
	};
}

describe('the official examples, imported and published again', () => {
	it('service_full.json keeps its name, description, links, ages, schedule and organisation, and its cost in words', async () => {
		await q(`insert into openreferral_term_mappings (term, outcome_id) values ('name', 'seeing-people')`);
		const report = await importOpenReferral(db, { files: [official('service_full.json')], source: 'Official JSON', mode: 'all_or_nothing' });
		expect(report.outcome).toBe('imported');
		const service = await publishedService('Official JSON', example.id);
		expect(fieldsThatMatter(service)).toEqual(fieldsThatMatter(example));
		expect(service.cost_options).toHaveLength(1);
		expect(service.cost_options[0].amount_description).toContain('per 1 hour session');
		// The term it came with is published as the outcome it maps to.
		expect(service.attributes.map((a: any) => a.taxonomy_term.term)).toContain('seeing-people');
	});

	it('the CSV table form publishes the same service as its JSON twin', async () => {
		const report = await importOpenReferral(db, { files: await readImportFolder('tests/fixtures/openreferral/csv'), source: 'Official CSV', mode: 'all_or_nothing' });
		expect(report.outcome).toBe('imported');
		// The CSV example's attribute points at another record, so a moderator tags it (as the page would).
		await q(`insert into offer_outcomes (offer_id, outcome_id) select id, 'seeing-people' from offers where source = 'Official CSV'`);
		await q(`update offers set status = 'published' where source = 'Official CSV'`);
		const fromCsv = await publishedService('Official CSV', example.id);
		const fromJson = await publishedService('Official JSON', example.id);
		expect(fieldsThatMatter(fromCsv)).toEqual(fieldsThatMatter(fromJson));
	});

	it('organization_full.json publishes its organisation with its identifiers', async () => {
		const organisation = JSON.parse(official('organization_full.json').content);
		const report = await importOpenReferral(db, { files: [official('organization_full.json')], source: 'Official organisation', mode: 'all_or_nothing' });
		expect(report.outcome).toBe('imported');
		const [row] = await q<{ id: string }>('select id from organisations where source = $1 and source_id = $2', ['Official organisation', organisation.id]);
		const published = (await db.withClaims(anonClaims, (tx) => getOrganization(tx, row!.id, origin))) as Record<string, any>;
		const validate = hsdsValidator('organization');
		expect(validate(published), JSON.stringify(validate.errors)).toBe(true);
		expect({ name: published.name, description: published.description, email: published.email, website: published.website })
			.toEqual({ name: organisation.name, description: organisation.description, email: organisation.email, website: organisation.website });
		expect(published.organization_identifiers.map((i: any) => i.identifier).sort())
			.toEqual(organisation.organization_identifiers.map((i: any) => i.identifier).sort());
	});
});

/** A service as another directory would compare it: no ids, links to this site, times or history. */
function withoutLocalParts(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(withoutLocalParts);
	if (!value || typeof value !== 'object') return value;
	const kept: Record<string, unknown> = {};
	for (const [key, inner] of Object.entries(value)) {
		if (key === 'id' || key.endsWith('_id') || ['uri', 'term_uri', 'page', 'last_modified', 'metadata', 'assured_date'].includes(key)) continue;
		kept[key] = withoutLocalParts(inner);
	}
	return kept;
}

describe('our own service, imported by another What Matters directory', () => {
	it('comes out the same: Welsh, vocabularies, place, schedules, languages, costs and contacts', async () => {
		const offerId = await asService(db, async (tx) => {
			const [group] = await tx.query<{ id: string }>(
				`insert into organisations (name, name_cy, description_en, description_cy, email, website, charity_number, status)
				 values ('Aberdare Walking Friends', 'Ffrindiau Cerdded Aberdâr', 'Friendly walks for all.', 'Teithiau cerdded cyfeillgar i bawb.',
				         'walks@example.org', 'https://walks.example.org', '1234567', 'published') returning id`
			);
			const [place] = await tx.query<{ id: string }>(
				`insert into locations (organisation_id, name, address, town, postcode, outcode, lat, lng, accessibility)
				 values ($1, 'Aberdare Park gates', 'Glan Road', 'Aberdare', 'CF44 8BN', 'CF44', 51.7167, -3.4450, '{wheelchair,accessible_toilet}') returning id`,
				[group!.id]
			);
			const [offer] = await tx.query<{ id: string }>(
				`insert into offers (organisation_id, title_en, title_cy, description_en, description_cy, kind, cost, cost_note_en, cost_note_cy,
				                     languages, who_for, access, attendance, capacity, contact_email, contact_phone, website, status,
				                     minimum_age, maximum_age)
				 values ($1, 'Tuesday health walk', 'Taith iechyd dydd Mawrth', 'A gentle hour round the park.', 'Awr hamddenol o gwmpas y parc.',
				         'walking_group', 'low_cost', '£1 for tea afterwards', '£1 am de wedyn', '{en,cy,bsl}', '{older_people,carers}',
				         'drop_in', 'both', 'waiting_list', 'walks@example.org', '01685 000000', 'https://walks.example.org/tuesday', 'published', 50, 99)
				 returning id`,
				[group!.id]
			);
			await tx.query(`insert into offer_locations (offer_id, location_id) values ($1, $2)`, [offer!.id, place!.id]);
			await tx.query(`insert into offer_outcomes (offer_id, outcome_id) values ($1, 'staying-well'), ($1, 'seeing-people')`, [offer!.id]);
			await tx.query(
				`insert into schedules (offer_id, freq, interval, byday, opens_at, closes_at, note_en, note_cy, except_months)
				 values ($1, 'WEEKLY', 1, '{TU}', '10:30', '11:30', 'Meet at the gates', 'Cwrdd wrth y gatiau', '{8}'),
				        ($1, 'MONTHLY', 1, '{-1FR}', '14:00', '15:00', null, null, '{}')`,
				[offer!.id]
			);
			return offer!.id;
		});
		const ours = await db.withClaims(anonClaims, (tx) => getService(tx, offerId, origin));

		const report = await importOpenReferral(db, {
			files: [{ name: 'tuesday-walk.json', content: JSON.stringify(ours) }], source: 'Another What Matters', mode: 'all_or_nothing'
		});
		expect(report.problems.filter((p) => p.severity === 'error')).toEqual([]);
		expect(report.counts).toMatchObject({ organisationsAdded: 1, servicesAdded: 1, servicesToTag: 0 });
		const theirs = await publishedService('Another What Matters', offerId);

		expect(withoutLocalParts(theirs)).toEqual(withoutLocalParts(ours));
		// The Welsh went through the extension and came back.
		expect(theirs['x-translations']).toEqual({ cy: expect.objectContaining({ name: 'Taith iechyd dydd Mawrth' }) });
	});
});

describe('name-based ids', () => {
	it('are the same in SQL (public.hsds_id) as in TypeScript, for any text', async () => {
		const samples = [
			['service_at_location', '00000000-0000-4000-8000-000000000001', 'online'],
			['service_at_location', 'd9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610', '3a19ff88-4620-4d17-9830-ac1d859eb5d5'],
			['outcome', 'seeing-people'],
			['language', 'x', 'Cymraeg – ŵ ŷ â'],
			['taxonomy', '']
		];
		for (const parts of samples) {
			const [row] = await q<{ id: string }>('select public.hsds_id($1::text[])::text as id', [parts]);
			expect(row!.id).toBe(nameBasedId(...parts));
		}
	});
});
