import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readImportFiles } from '../../src/lib/server/openreferral/import/read';

// Reading files into HSDS records: JSON in its three shapes, pages checked against their
// contents, and the CSV table form assembled into the nested records JSON would hold.

const official = (name: string) => ({ name, content: readFileSync(`tests/fixtures/openreferral/${name}`, 'utf8') });
const codes = (result: ReturnType<typeof readImportFiles>) => result.problems.map((p) => `${p.code}:${p.field}`);
const page = (fields: Record<string, unknown>, contents: unknown[]) => ({ name: 'page.json', content: JSON.stringify({ ...fields, contents }) });
const aService = (id: string) => ({ id, name: 'A', status: 'active', organization_id: 'o' });

describe('reading JSON', () => {
	it('splits an organisation from the service it is nested in', () => {
		const { records } = readImportFiles([official('service_full.json')]);
		expect(records.map((r) => r.type)).toEqual(['service', 'organization']);
		expect(records[0]!.data.organization_id).toBe('d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610');
		expect(records[0]!.data.organization).toBeUndefined();
	});

	it('reads an organisation with its services, once however often it appears', () => {
		const { records } = readImportFiles([official('organization_full.json'), official('service_full.json')]);
		expect(records.map((r) => r.type).sort()).toEqual(['organization', 'service']);
	});

	it('reads the service of a service_at_location item with that location', () => {
		const { records } = readImportFiles([official('service_at_location_list.json')]);
		const service = records.find((r) => r.type === 'service')!;
		expect((service.data.service_at_locations as { location: { name: string } }[])[0]!.location.name).toBe('MyCity Civic Center');
	});

	it.each([
		[{ size: 2, empty: false }, [aService('a')], 'page_size_wrong:size'],
		[{ size: 1, empty: true }, [aService('a')], 'page_empty_wrong:empty'],
		[{ size: 0, total_items: 0, empty: false }, [], 'page_empty_wrong:empty'],
		[{ size: 1, total_items: 0 }, [aService('a')], 'page_total_wrong:total_items'],
		[{ size: 1, total_items: 10, total_pages: 3, page_number: 1, first_page: true, last_page: false }, [aService('a')], 'page_count_wrong:total_pages'],
		[{ size: 1, total_items: 2, total_pages: 2, page_number: 2, first_page: true, last_page: true }, [aService('a')], 'page_position_wrong:page_number'],
		[{ size: '1' }, [aService('a')], 'wrong_type:size']
	])('refuses a page whose paging disagrees with its contents (%j)', (fields, contents, expected) => {
		const result = readImportFiles([page(fields, contents)]);
		expect(codes(result)).toEqual([expected]);
		expect(result.records).toEqual([]);
	});

	it('refuses a file that was not UTF-8 (it arrives with replacement characters), naming it', () => {
		const result = readImportFiles([{ name: 'latin1.csv', content: 'id,name\n1,Caf\uFFFD Cymraeg\n' }]);
		expect(result.records).toEqual([]);
		expect(result.problems).toMatchObject([{ code: 'not_utf8', severity: 'error', record: { name: 'latin1.csv' } }]);
	});

	it('accepts a page past the last one: no items, but the result set is not empty (ORUK\'s meaning of empty)', () => {
		const past = page({ total_items: 3, total_pages: 1, page_number: 2, size: 0, first_page: false, last_page: true, empty: false }, []);
		expect(codes(readImportFiles([past]))).toEqual([]);
	});

	it('accepts a consistent page, such as the first of several', () => {
		expect(codes(readImportFiles([official('service_list.json')]))).toEqual([]);
		const last = page({ total_items: 3, total_pages: 2, page_number: 2, size: 1, first_page: false, last_page: true, empty: false }, [aService('c')]);
		expect(readImportFiles([last]).records).toHaveLength(1);
	});

	it('says where JSON breaks', () => {
		const result = readImportFiles([{ name: 'broken.json', content: '{\n  "id": "a",\n  "name": }' }]);
		expect(result.problems[0]).toMatchObject({ code: 'invalid_json', params: { line: 3 } });
	});
});

describe('reading the CSV table form', () => {
	const folder = 'tests/fixtures/openreferral/csv';
	const files = readdirSync(folder).map((name) => ({ name, content: readFileSync(`${folder}/${name}`, 'utf8') }));

	it('assembles services with their locations, schedules, contacts and phones, and parses numbers', () => {
		const { records, problems } = readImportFiles(files);
		const service = records.find((r) => r.type === 'service')!;
		expect(service).toMatchObject({ file: 'services.csv', row: 2 });
		expect(service.data).toMatchObject({ minimum_age: 12, maximum_age: 100 });
		const place = (service.data.service_at_locations as { location: Record<string, unknown> }[])[0]!.location;
		expect(place).toMatchObject({ latitude: 100, longitude: 101, addresses: [expect.objectContaining({ postal_code: 'ABC 1234' })] });
		// schedule.csv and schedules.csv hold the same row.
		expect(service.data.schedules).toHaveLength(1);
		expect(service.data.contacts).toEqual([expect.objectContaining({ phones: [expect.objectContaining({ number: '"+44 1234 234567"' })] })]);
		const organisation = records.find((r) => r.type === 'organization')!;
		expect(organisation.data.organization_identifiers).toEqual([expect.objectContaining({ identifier_scheme: 'GB-COH' })]);
		expect(problems.every((p) => p.code === 'file_ignored' && p.severity === 'warning')).toBe(true);
	});

	it('keeps a cell that is not a number as text, for the schema check to report', () => {
		const { records } = readImportFiles([{ name: 'services.csv', content: 'id,name,status,minimum_age,description\na,A,active,twelve,\n' }]);
		expect(records[0]!.data).toEqual({ id: 'a', name: 'A', status: 'active', minimum_age: 'twelve' });
	});

	it('reports a table it cannot read', () => {
		const result = readImportFiles([{ name: 'services.csv', content: 'id,name\n"a,b\n' }]);
		expect(codes(result)).toEqual(['unreadable_csv:null']);
	});
});
