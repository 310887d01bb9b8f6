import { describe, expect, it } from 'vitest';
import { checkMapping, checkUpload, sizeInWords, uploadLimitBytes } from '../../src/lib/domain/openreferral-admin';

describe('the import form', () => {
	it('takes files, a source and a mode', () => {
		expect(checkUpload({ source: '  DEWIS Cymru ', mode: 'valid_only', fileSizes: [100, 200] })).toEqual({
			ok: true, data: { source: 'DEWIS Cymru', mode: 'valid_only' }
		});
	});

	it('falls back to importing nothing on problems when the mode is not one it knows', () => {
		const checked = checkUpload({ source: 'A', mode: 'everything', fileSizes: [1] });
		expect(checked.ok && checked.data.mode).toBe('all_or_nothing');
	});

	it('names each missing answer and keeps what was typed', () => {
		const checked = checkUpload({ source: '   ', mode: 'valid_only', fileSizes: [0] });
		expect(checked).toEqual({ ok: false, values: { source: '   ', mode: 'valid_only' }, problems: { files: 'files_missing', source: 'source_missing' } });
	});

	it('refuses files together over the limit, and a source name over 100 characters', () => {
		expect(checkUpload({ source: 'A', mode: '', fileSizes: [uploadLimitBytes] }).ok).toBe(true);
		const over = checkUpload({ source: 'x'.repeat(101), mode: '', fileSizes: [uploadLimitBytes, 1] });
		expect(!over.ok && over.problems).toEqual({ files: 'files_too_big', source: 'source_too_long' });
	});
});

describe('a term mapping', () => {
	const outcomes = ['seeing-people', 'things-to-do'];

	it('trims the term and taxonomy and keeps a known outcome', () => {
		expect(checkMapping({ taxonomy: ' LGA ', term: ' Befriending ', outcomeId: 'seeing-people' }, outcomes)).toEqual({
			ok: true, data: { taxonomy: 'LGA', term: 'Befriending', outcomeId: 'seeing-people' }
		});
	});

	it('names a missing term, an unknown outcome and over-long text', () => {
		const missing = checkMapping({ taxonomy: '', term: ' ', outcomeId: 'feeling-listened-to' }, outcomes);
		expect(!missing.ok && missing.problems).toEqual({ term: 'term_missing', outcomeId: 'outcome_missing' });
		const long = checkMapping({ taxonomy: 't'.repeat(201), term: 'x'.repeat(201), outcomeId: 'things-to-do' }, outcomes);
		expect(!long.ok && long.problems).toEqual({ term: 'term_too_long', taxonomy: 'taxonomy_too_long' });
	});
});

it('says file sizes in KB under a megabyte and in MB above', () => {
	expect(sizeInWords(1)).toBe('1 KB');
	expect(sizeInWords(512 * 1024)).toBe('512 KB');
	expect(sizeInWords(1.5 * 1024 * 1024)).toBe('1.5 MB');
});
