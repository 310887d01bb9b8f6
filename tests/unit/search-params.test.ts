import { describe, expect, it } from 'vitest';
import { nearestDistance, parseSearchParams, searchQueryString, textSearchPatterns } from '../../src/lib/domain/search';

const parse = (query: string, known?: string[]) =>
	parseSearchParams(new URLSearchParams(query), known ? new Set(known) : undefined);

describe('parseSearchParams', () => {
	it('reads a full search', () => {
		const { filters, problems } = parse(
			'outcome=seeing-people&outcome=skills&where=CF10+1AA&distance=5&free=1&day=TU&welsh=on&attendance=in_person&wheelchair=true&q=choir&page=2&sort=best_match'
		);
		expect(problems).toEqual([]);
		expect(filters).toEqual({
			outcomes: ['seeing-people', 'skills'],
			where: 'CF10 1AA',
			point: null,
			distance: 5,
			free: true,
			day: 'TU',
			welsh: true,
			attendance: 'in_person',
			wheelchair: true,
			evening: false,
			children: false,
			text: 'choir',
			page: 2,
			sort: 'best_match'
		});
	});

	it('gives defaults for an empty search', () => {
		const { filters, problems } = parse('');
		expect(problems).toEqual([]);
		expect(filters).toMatchObject({ outcomes: [], distance: 10, page: 1, attendance: 'any', sort: 'nearest', day: null });
	});

	it('drops unknown outcomes with a problem and keeps the known ones', () => {
		const { filters, problems } = parse('outcome=seeing-people&outcome=made-up&outcome=DROP%20TABLE', ['seeing-people']);
		expect(filters.outcomes).toEqual(['seeing-people']);
		expect(problems.filter((p) => p.code === 'unknown_outcome')).toHaveLength(2);
	});

	it('caps the number of outcomes', () => {
		const ids = Array.from({ length: 20 }, (_, i) => `outcome-${String.fromCharCode(97 + i)}`);
		const { filters, problems } = parse(ids.map((id) => `outcome=${id}`).join('&'));
		expect(filters.outcomes).toHaveLength(15);
		expect(problems).toContainEqual({ field: 'outcome', code: 'too_many_outcomes' });
	});

	it('clamps distance to an offered choice and says so', () => {
		expect(parse('distance=9999').filters.distance).toBe(50);
		expect(parse('distance=9999').problems).toContainEqual({ field: 'distance', code: 'adjusted', value: 50 });
		expect(parse('distance=-3').filters.distance).toBe(1);
		expect(parse('distance=abc').filters.distance).toBe(10);
		expect(parse('distance=4').filters.distance).toBe(5);
		expect(nearestDistance(17)).toBe(10);
	});

	it('clamps the page number', () => {
		expect(parse('page=0').filters.page).toBe(1);
		expect(parse('page=-5').problems).toContainEqual({ field: 'page', code: 'adjusted' });
		expect(parse('page=99999999').filters.page).toBe(500);
		expect(parse('page=1.5').filters.page).toBe(1);
		expect(parse('page=%F0%9F%99%82').filters.page).toBe(1);
	});

	it('accepts a point only inside the UK', () => {
		expect(parse('lat=51.48&lng=-3.18').filters.point).toEqual({ lat: 51.48, lng: -3.18 });
		expect(parse('lat=40.7&lng=-74').problems).toContainEqual({ field: 'point', code: 'outside_uk' });
		expect(parse('lat=abc&lng=1').problems).toContainEqual({ field: 'point', code: 'not_a_point' });
		expect(parse('lat=51').problems).toContainEqual({ field: 'point', code: 'not_a_point' });
		expect(parse('lat=Infinity&lng=1').filters.point).toBeNull();
	});

	it('reads days in English, Welsh and RRULE form', () => {
		expect(parse('day=TU').filters.day).toBe('TU');
		expect(parse('day=tue').filters.day).toBe('TU');
		expect(parse('day=Mercher').filters.day).toBe('WE');
		expect(parse('day=someday').problems).toContainEqual({ field: 'day', code: 'unknown_day' });
		expect(parse('day=someday').filters.day).toBeNull();
	});

	it('shortens very long text without splitting an emoji', () => {
		const { filters, problems } = parse(`q=${encodeURIComponent('🙂'.repeat(150))}`);
		expect([...filters.text]).toHaveLength(100);
		expect(filters.text).toBe('🙂'.repeat(100));
		expect(problems).toContainEqual({ field: 'text', code: 'shortened' });
	});

	it('keeps a too-long place to show back, with a problem', () => {
		const { filters, problems } = parse(`where=${'a'.repeat(10_000)}`);
		expect(filters.where.length).toBeLessThanOrEqual(200);
		expect(problems).toContainEqual({ field: 'where', code: 'too_long' });
	});

	it('keeps Welsh diacritics', () => {
		expect(parse('q=c%C3%B4r+%C5%B5yr').filters.text).toBe('côr ŵyr');
	});

	it('ignores unknown attendance and sort values', () => {
		expect(parse('attendance=teleport&sort=random').filters).toMatchObject({ attendance: 'any', sort: 'nearest' });
	});
});

describe('textSearchPatterns', () => {
	it('escapes LIKE wildcards so they match literally', () => {
		expect(textSearchPatterns('100% fun_club')).toEqual(['%100\\% %'.replace(' ', ''), '%fun\\_club%']);
	});
	it('ignores single letters and keeps at most eight words', () => {
		expect(textSearchPatterns('a walk')).toEqual(['%walk%']);
		expect(textSearchPatterns('one two three four five six seven eight nine ten')).toHaveLength(8);
	});
	it('lower-cases', () => {
		expect(textSearchPatterns('Côr')).toEqual(['%côr%']);
	});
});

describe('searchQueryString', () => {
	it('round-trips through the parser', () => {
		const query = 'outcome=seeing-people&where=SA1&distance=5&free=1&day=WE&welsh=1&attendance=online&wheelchair=1&q=choir&sort=best_match&page=3';
		const { filters } = parse(query);
		expect(parse(searchQueryString(filters)).filters).toEqual(filters);
		expect(searchQueryString(filters, { page: 1 })).not.toContain('page=');
	});
});

describe('control characters', () => {
	it('are taken out of text, so a NUL byte never reaches the database', () => {
		const { filters } = parseSearchParams(new URLSearchParams('q=a%00b&where=CF10%001AA'));
		expect(filters.text).toBe('a b');
		expect(filters.where).toBe('CF10 1AA');
	});
	it('accept the usual ways of saying yes and no for a flag', () => {
		for (const yes of ['1', 'on', 'true', 'yes']) expect(parseSearchParams(new URLSearchParams(`free=${yes}`)).filters.free).toBe(true);
		for (const no of ['0', 'off', 'false', 'no', 'banana', '']) expect(parseSearchParams(new URLSearchParams(`free=${no}`)).filters.free).toBe(false);
	});
});
