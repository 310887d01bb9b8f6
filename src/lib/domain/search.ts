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

// One zod schema a parameter. Each is checked on its own, so one bad value costs only itself.
const withoutControlCharacters = (text: string) => text.normalize('NFC').replace(/\p{Cc}/gu, ' ');
const schemas = {
	flag: z.stringbool().catch(false),
	outcome: z.string().trim().regex(/^[a-z][a-z-]{1,40}$/),
	text: z.string().transform((text) => withoutControlCharacters(text).replace(/\s+/g, ' ').trim()),
	number: z.coerce.number().finite(),
	wholeNumber: z.coerce.number().int(),
	weekday: z.enum(weekdays),
	attendance: z.enum(attendanceFilters).catch('any'),
	sort: z.enum(sortOrders).catch('nearest')
};

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
	const text = (name: string) => schemas.text.parse(params.get(name) ?? '');
	const flag = (name: string) => schemas.flag.parse(params.get(name) ?? '');

	const outcomes: string[] = [];
	for (const raw of params.getAll('outcome')) {
		const parsed = schemas.outcome.safeParse(raw.slice(0, 50));
		const value = parsed.success ? parsed.data : raw.trim().slice(0, 50);
		if (!value || outcomes.includes(value)) continue;
		if (!parsed.success || (knownOutcomeIds && !knownOutcomeIds.has(value))) {
			problems.push({ field: 'outcome', code: 'unknown_outcome', value });
		} else if (outcomes.length >= maxOutcomes) {
			if (!problems.some((p) => p.code === 'too_many_outcomes')) problems.push({ field: 'outcome', code: 'too_many_outcomes' });
		} else outcomes.push(value);
	}

	let where = text('where');
	if (where.length > maxPlaceLength) {
		problems.push({ field: 'where', code: 'too_long' });
		where = where.slice(0, 200); // kept (shortened) to show back, never searched
	}

	let point: SearchFilters['point'] = null;
	const lat = params.get('lat');
	const lng = params.get('lng');
	if (lat !== null || lng !== null) {
		const parsed = z.object({ lat: schemas.number, lng: schemas.number }).safeParse({ lat, lng });
		if (!parsed.success || !lat?.trim() || !lng?.trim()) problems.push({ field: 'point', code: 'not_a_point' });
		else if (!isInUk(parsed.data.lat, parsed.data.lng)) problems.push({ field: 'point', code: 'outside_uk' });
		else point = { lat: round(parsed.data.lat, 5), lng: round(parsed.data.lng, 5) };
	}

	let distance = defaultDistance;
	const rawDistance = params.get('distance');
	if (rawDistance) {
		const parsed = schemas.number.safeParse(rawDistance);
		const wanted = parsed.success ? parsed.data : defaultDistance;
		distance = nearestDistance(Math.max(0, wanted));
		if (!parsed.success || distance !== wanted) problems.push({ field: 'distance', code: 'adjusted', value: distance });
	}

	let day: Weekday | null = null;
	const rawDay = text('day');
	if (rawDay) {
		const parsed = schemas.weekday.safeParse(rawDay.toUpperCase());
		day = parsed.success ? parsed.data : (dayAliases[rawDay.toLowerCase().slice(0, 8)] ?? null);
		if (!day) problems.push({ field: 'day', code: 'unknown_day' });
	}

	let q = text('q');
	if ([...q].length > maxTextLength) {
		problems.push({ field: 'text', code: 'shortened' });
		q = [...q].slice(0, maxTextLength).join('').trim(); // by code point, so emoji are not split
	}

	let page = 1;
	const rawPage = params.get('page');
	if (rawPage) {
		const parsed = schemas.wholeNumber.safeParse(rawPage);
		page = parsed.success ? Math.min(Math.max(parsed.data, 1), maxPage) : 1;
		if (!parsed.success || page !== parsed.data) problems.push({ field: 'page', code: 'adjusted' });
	}

	return {
		filters: {
			outcomes,
			where,
			point,
			distance,
			free: flag('free'),
			day,
			welsh: flag('welsh'),
			attendance: schemas.attendance.parse(params.get('attendance')),
			wheelchair: flag('wheelchair'),
			evening: flag('evening'),
			children: flag('children'),
			text: q,
			page,
			sort: schemas.sort.parse(params.get('sort'))
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
