import { describe, expect, it } from 'vitest';
import { describeProblem } from '../../src/lib/server/openreferral/import/describe';
import { problemCodes, type ImportProblem } from '../../src/lib/server/openreferral/import/types';

// Every problem the import can report reads as a plain sentence in English and Welsh, naming the
// record and, where there is one, the field.

const service = { type: 'service' as const, id: 'ac148810-d857-441c-9679-408f346de14b', name: 'Community Counselling', file: 'services.csv', row: 2 };
const params = {
	line: 3, column: 7, item: 2, source: 'x'.repeat(101), size: 2, count: 1, totalItems: 10, totalPages: 3, pageNumber: 4,
	expected: 'number', value: 'twelve', allowed: 'active, inactive', limit: 200, length: 250, detail: 'a detail', minimum: 18, maximum: 12,
	organization: 'd9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610', status: 'defunct', location: 'Civic Centre', latitude: 100, longitude: 101,
	postcode: 'ABC 1234', locationType: 'postal', freq: 'DAILY', byday: '', bymonthday: '2,3', opens: '18:00', closes: '10:00', from: '2025-02-01', to: '2025-01-01'
};
const problemOf = (code: ImportProblem['code']): ImportProblem => ({ record: service, field: 'minimum_age', code, params, severity: 'error' });

describe('describing import problems', () => {
	it.each(problemCodes)('says %s in both languages, naming the record and leaving no placeholder unfilled', (code) => {
		for (const locale of ['en', 'cy'] as const) {
			const sentence = describeProblem(problemOf(code), locale);
			expect(sentence).toMatch(/^(Service|Gwasanaeth) ac148810… "Community Counselling" \(services\.csv, (row|rhes) 2\): /);
			expect(sentence).not.toMatch(/[{}]/);
			expect(sentence.length).toBeGreaterThan(60);
		}
		expect(describeProblem(problemOf(code), 'en')).not.toMatch(/\bmust\b/i);
		expect(describeProblem(problemOf(code), 'cy')).not.toBe(describeProblem(problemOf(code), 'en'));
	});

	it('gives the example sentence for a bad email', () => {
		const problem: ImportProblem = { record: { type: 'service', id: service.id, name: service.name }, field: 'email', code: 'not_an_email', params: { value: 'nope' }, severity: 'error' };
		expect(describeProblem(problem, 'en')).toBe('Service ac148810… "Community Counselling": the email "nope" is not an email address.');
	});

	it('says the expected type in the reader\'s language', () => {
		expect(describeProblem(problemOf('wrong_type'), 'en')).toContain('the minimum_age "twelve" is not a number.');
		expect(describeProblem(problemOf('wrong_type'), 'cy')).toContain('yn rhif.');
	});

	it('names a file when the problem is the file', () => {
		const problem: ImportProblem = { record: { type: 'file', id: null, name: 'broken.json', file: 'broken.json' }, field: null, code: 'invalid_json', params: { line: 1, column: 5 }, severity: 'error' };
		expect(describeProblem(problem, 'en')).toBe('File "broken.json": is not valid JSON: the first mistake is at line 1, column 5. Nothing was imported.');
	});
});
