import { z } from 'zod';
import { isInUk } from './geo';
import { maxPlaceLength } from './place';
import { weekdays, type Weekday } from './schedule';
import {
	attendanceFilters, defaultDistance, distanceChoices, maxOutcomes, maxPage, maxTextLength, sortOrders,
	type AttendanceFilter, type SearchFilters, type SearchProblem, type SortOrder
} from './search-options';

export * from './search-options';

// Everything a search URL can carry, parsed leniently: a bad value never fails the whole
// search. It falls back to a sane default and leaves a problem the page explains, while
// the person's own input is kept to show back to them.

const flag = (value: string | null) => value !== null && ['1', 'on', 'true', 'yes'].includes(value.toLowerCase());
const outcomeId = z.string().regex(/^[a-z][a-z-]{1,40}$/);
const number = z.coerce.number().finite();

/** Nearest offered distance to whatever number arrived (a typed URL, an old link); ties go to the wider one. */
export function nearestDistance(miles: number): number {
	return distanceChoices.reduce((best, choice) => (Math.abs(choice - miles) <= Math.abs(best - miles) ? choice : best));
}

const dayAliases: Record<string, Weekday> = {
	mon: 'MO', tue: 'TU', wed: 'WE', thu: 'TH', fri: 'FR', sat: 'SA', sun: 'SU',
	llun: 'MO', mawrth: 'TU', mercher: 'WE', iau: 'TH', gwener: 'FR', sadwrn: 'SA', sul: 'SU'
};

export function parseSearchParams(
	params: URLSearchParams,
	knownOutcomeIds?: ReadonlySet<string>
): { filters: SearchFilters; problems: SearchProblem[] } {
	const problems: SearchProblem[] = [];

	const outcomes: string[] = [];
	for (const raw of params.getAll('outcome')) {
		const value = raw.trim().slice(0, 50);
		if (!value || outcomes.includes(value)) continue;
		if (!outcomeId.safeParse(value).success || (knownOutcomeIds && !knownOutcomeIds.has(value))) {
			problems.push({ field: 'outcome', code: 'unknown_outcome', value });
		} else if (outcomes.length >= maxOutcomes) {
			if (!problems.some((p) => p.code === 'too_many_outcomes')) problems.push({ field: 'outcome', code: 'too_many_outcomes' });
		} else outcomes.push(value);
	}

	let where = (params.get('where') ?? '').normalize('NFC').trim();
	if (where.length > maxPlaceLength) {
		problems.push({ field: 'where', code: 'too_long' });
		where = where.slice(0, 200); // kept (shortened) to show back, never searched
	}

	let point: SearchFilters['point'] = null;
	const lat = params.get('lat');
	const lng = params.get('lng');
	if (lat !== null || lng !== null) {
		const parsed = z.object({ lat: number, lng: number }).safeParse({ lat, lng });
		if (!parsed.success || !lat?.trim() || !lng?.trim()) problems.push({ field: 'point', code: 'not_a_point' });
		else if (!isInUk(parsed.data.lat, parsed.data.lng)) problems.push({ field: 'point', code: 'outside_uk' });
		else point = { lat: round(parsed.data.lat, 5), lng: round(parsed.data.lng, 5) };
	}

	let distance = defaultDistance;
	const rawDistance = params.get('distance');
	if (rawDistance) {
		const parsed = number.safeParse(rawDistance);
		const wanted = parsed.success ? parsed.data : defaultDistance;
		distance = nearestDistance(Math.max(0, wanted));
		if (!parsed.success || distance !== wanted) problems.push({ field: 'distance', code: 'adjusted', value: distance });
	}

	let day: Weekday | null = null;
	const rawDay = params.get('day')?.trim();
	if (rawDay) {
		const upper = rawDay.toUpperCase();
		day = (weekdays as readonly string[]).includes(upper) ? (upper as Weekday) : (dayAliases[rawDay.toLowerCase().slice(0, 8)] ?? null);
		if (!day) problems.push({ field: 'day', code: 'unknown_day' });
	}

	const rawAttendance = params.get('attendance');
	const attendance = (attendanceFilters as readonly string[]).includes(rawAttendance ?? '') ? (rawAttendance as AttendanceFilter) : 'any';

	let text = (params.get('q') ?? '').normalize('NFC').replace(/\s+/g, ' ').trim();
	if (text.length > maxTextLength) {
		problems.push({ field: 'text', code: 'shortened' });
		text = [...text].slice(0, maxTextLength).join('').trim(); // by code point, so emoji are not split
	}

	let page = 1;
	const rawPage = params.get('page');
	if (rawPage) {
		const parsed = z.coerce.number().int().safeParse(rawPage);
		page = parsed.success ? Math.min(Math.max(parsed.data, 1), maxPage) : 1;
		if (!parsed.success || page !== parsed.data) problems.push({ field: 'page', code: 'adjusted' });
	}

	const rawSort = params.get('sort');
	const sort = (sortOrders as readonly string[]).includes(rawSort ?? '') ? (rawSort as SortOrder) : 'nearest';

	return {
		filters: {
			outcomes,
			where,
			point,
			distance,
			free: flag(params.get('free')),
			day,
			welsh: flag(params.get('welsh')),
			attendance,
			wheelchair: flag(params.get('wheelchair')),
			text,
			page,
			sort
		},
		problems
	};
}

function round(value: number, places: number) {
	const factor = 10 ** places;
	return Math.round(value * factor) / factor;
}

/** Words to match in titles and descriptions: lower-cased, LIKE wildcards escaped, at most 8. */
export function textSearchPatterns(text: string): string[] {
	return text
		.toLowerCase()
		.split(' ')
		.filter((word) => [...word].length >= 2)
		.slice(0, 8)
		.map((word) => `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
}
