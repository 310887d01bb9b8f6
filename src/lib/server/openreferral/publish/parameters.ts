import { z } from 'zod';
import { parsePlaceQuery, type PlaceQuery } from '$lib/domain/place';
import { weekdays, type Weekday } from '$lib/domain/schedule';
import { isUuid } from '../ids';
import { BadParameter } from './http';
import { defaultPerPage, maxPerPage, type Paging } from './paging';

// The query parameters of the API, parsed with zod. A value the API cannot use is refused with a
// sentence that names the parameter and the value, never guessed at or ignored.

/** Without a proximity, a postcode search reaches this far (metres). */
export const defaultProximity = 10_000;
const maxProximity = 500_000;

const number = (pattern: RegExp, min: number, max: number) =>
	z.string().regex(pattern).transform(Number).pipe(z.number().min(min).max(max));
const wholeNumber = (min: number, max: number) => number(/^\d{1,9}$/, min, max);
const decimal = (min: number, max: number) => number(/^\d{1,9}(\.\d+)?$/, min, max);

const dayNames = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'];
const day = z.string().transform((value, context): Weekday => {
	const upper = value.trim().toUpperCase();
	const found = weekdays.find((code, index) => upper === code || upper === dayNames[index]);
	if (!found) {
		context.addIssue({ code: 'custom', message: 'not a day' });
		return z.NEVER;
	}
	return found;
});

/** 'HH:MM' or 'HH:MM:SS', answered as 'HH:MM:SS' to compare with a schedule's times. */
const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/).transform((value) => (value.length === 5 ? `${value}:00` : value));

const uuid = z.string().refine(isUuid);

const postcode = z.string().transform((value, context) => {
	const query = parsePlaceQuery(value);
	if (query.kind !== 'postcode' && query.kind !== 'outcode') {
		context.addIssue({ code: 'custom', message: 'not a postcode' });
		return z.NEVER;
	}
	return query;
});

/** One parameter: absent (or empty) is undefined; present must parse, or the request is refused. */
function read<T>(search: URLSearchParams, name: string, schema: z.ZodType<T, string>, expected: string): T | undefined {
	const raw = search.get(name);
	if (raw === null || raw.trim() === '') return undefined;
	// PostgreSQL text cannot hold a NUL: refused here rather than failing the query.
	if (raw.includes('\u0000')) throw new BadParameter(name, `The parameter ${name} must not contain a NUL character.`);
	const parsed = schema.safeParse(raw.trim());
	if (!parsed.success) throw new BadParameter(name, `The parameter ${name} takes ${expected}; "${raw}" is not one.`);
	return parsed.data;
}

export function pagingOf(search: URLSearchParams): Paging {
	return {
		page: read(search, 'page', wholeNumber(1, 1_000_000), 'a whole number from 1') ?? 1,
		perPage: read(search, 'per_page', wholeNumber(1, maxPerPage), `a whole number from 1 to ${maxPerPage}`) ?? defaultPerPage
	};
}

export interface ServiceFilters {
	search?: string;
	taxonomyTermId?: string;
	taxonomyId?: string;
	organizationId?: string;
	minimumAge?: number;
	maximumAge?: number;
	day?: Weekday;
	startTime?: string;
	endTime?: string;
}

export function serviceFiltersOf(search: URLSearchParams): ServiceFilters {
	const anId = 'an id (a UUID)';
	const age = 'an age in years, from 0 to 150';
	const clock = 'a time of day as HH:MM or HH:MM:SS';
	return {
		search: read(search, 'search', z.string().max(200), 'text of at most 200 characters'),
		taxonomyTermId: read(search, 'taxonomy_term_id', uuid, anId),
		taxonomyId: read(search, 'taxonomy_id', uuid, anId),
		organizationId: read(search, 'organization_id', uuid, anId),
		minimumAge: read(search, 'minimum_age', decimal(0, 150), age),
		maximumAge: read(search, 'maximum_age', decimal(0, 150), age),
		day: read(search, 'day', day, 'a day, as MO to SU or Monday to Sunday'),
		startTime: read(search, 'start_time', time, clock),
		endTime: read(search, 'end_time', time, clock)
	};
}

export interface Nearness {
	/** The postcode as it was asked for, to name it when it is not known. */
	asked: string;
	place: Extract<PlaceQuery, { kind: 'postcode' | 'outcode' }>;
	/** Metres from the postcode district's centre. */
	proximity: number;
}

export function nearnessOf(search: URLSearchParams): Nearness | undefined {
	const place = read(search, 'postcode', postcode, 'a UK postcode or postcode district (such as CF10 1EP or CF10)');
	const proximity = read(search, 'proximity', decimal(1, maxProximity), `a distance in metres, from 1 to ${maxProximity}`);
	if (!place) {
		if (proximity !== undefined) throw new BadParameter('proximity', 'The parameter proximity needs a postcode to measure from.');
		return undefined;
	}
	return { asked: search.get('postcode')!.trim(), place, proximity: proximity ?? defaultProximity };
}

export const taxonomyIdOf = (search: URLSearchParams) => read(search, 'taxonomy_id', uuid, 'an id (a UUID)');
