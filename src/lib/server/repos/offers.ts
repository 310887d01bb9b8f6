import { z } from 'zod';
import {
	accessRoutes, attendanceModes, capacities, costs, offerKinds
} from '../../domain/directory';
import { milesToMetres } from '../../domain/geo';
import { pageSize, textSearchPatterns, type SearchFilters } from '../../domain/search';
import type { Tx } from '../db/types';

/** A schedule as the offer pages and the Open Referral API read it. */
export const scheduleRow = z.object({
	offer_id: z.string(),
	freq: z.enum(['WEEKLY', 'MONTHLY']),
	interval: z.number(),
	byday: z.array(z.string()),
	opens_at: z.string(),
	closes_at: z.string(),
	valid_from: z.string().nullable(),
	valid_to: z.string().nullable(),
	note_en: z.string().nullable(),
	note_cy: z.string().nullable(),
	except_months: z.array(z.number()),
	except_dates: z.array(z.string())
});
export type ScheduleRow = z.infer<typeof scheduleRow>;

// What every view of an offer carries; the search card, the offer page and the Open Referral API add their own.
export const offerCore = z.object({
	id: z.string(),
	organisation_id: z.string(),
	organisation_name: z.string(),
	organisation_name_cy: z.string().nullable(),
	title_en: z.string(),
	title_cy: z.string().nullable(),
	description_en: z.string(),
	description_cy: z.string().nullable(),
	kind: z.enum(offerKinds),
	cost: z.enum(costs),
	cost_note_en: z.string().nullable(),
	cost_note_cy: z.string().nullable(),
	languages: z.array(z.string()),
	access: z.enum(accessRoutes),
	attendance: z.enum(attendanceModes),
	capacity: z.enum(capacities),
	is_demo: z.boolean(),
	/** Not reviewed after three reminders: shown as "may be out of date", sorted below current offers. */
	out_of_date: z.boolean()
});

const offerSummaryRow = offerCore.extend({
	distance_m: z.number().nullable(),
	matched: z.number(),
	location_name: z.string().nullable(),
	location_town: z.string().nullable(),
	lat: z.number().nullable(),
	lng: z.number().nullable(),
	wheelchair: z.boolean().nullable()
});

export type OfferSummary = z.infer<typeof offerSummaryRow> & {
	outcomeIds: string[];
	schedules: ScheduleRow[];
};

export interface SearchResult {
	total: number;
	/** True when there are more than `countLimit` results and `total` stops there. */
	totalIsAtLeast: boolean;
	offers: OfferSummary[];
	page: number;
	pageCount: number;
}

/** Counting stops here: "more than 1,000" is all a person needs, and counting further costs time. */
export const countLimit = 1000;

const summaryColumns = `
	o.id, o.organisation_id, g.name as organisation_name, g.name_cy as organisation_name_cy,
	o.title_en, o.title_cy, o.description_en, o.description_cy, o.kind, o.cost, o.cost_note_en, o.cost_note_cy,
	o.languages, o.access, o.attendance, o.capacity, o.is_demo, o.out_of_date_since is not null as out_of_date`;

/** The stored earth point of a search row (see the offer_search migration). */
const place = 's.earth';

interface PageRow {
	offer_id: string;
	location_id: string | null;
	distance_m: number | null;
	matched: number;
}

/**
 * The directory search (DESIGN.md §3): offers serving any of the chosen outcomes (counting how
 * many), nearest first, with the filters and a page. It reads `offer_search` (published offers
 * only, see its migration) under the caller's claims. Nearest-first is a GiST KNN scan that
 * stops once the page is full; the total is counted up to `countLimit`.
 */
export async function searchOffers(
	tx: Tx,
	filters: SearchFilters,
	point: { lat: number; lng: number } | null
): Promise<SearchResult> {
	const rowsQuery = searchSql(filters, point);
	const { params, where, matched } = rowsQuery;
	const here = rowsQuery.here();
	const distance = here ? `extensions.earth_distance(${place}, ${here})` : 'null::float8';
	const wanted = filters.page * pageSize;

	// Rows are places; an offer at several places keeps its nearest (or best) one. The cut of rows
	// and the page use the same order (ties by title, then id), so pages never skip or repeat.
	// Offers that may be out of date come after every current one (issue 4).
	const nearest = here && filters.sort !== 'best_match';
	const rowOrder = nearest ? `${place} <-> ${here}, s.title_en, s.offer_id` : `s.out_of_date, matched desc, distance_m asc nulls last, s.title_en, s.offer_id`;
	const pageOrder = nearest ? 'distance_m, title_en, offer_id' : 'out_of_date, matched desc, distance_m asc nulls last, title_en, offer_id';

	async function firstRows(limit: number): Promise<{ rows: (PageRow & { out_of_date: boolean })[]; exhausted: boolean }> {
		// The planner misjudges how many rows a distance box holds and prefers a bitmap scan plus a
		// full sort; the GiST index scan in distance order (KNN) stops after the page instead.
		if (nearest) await tx.query('set local enable_bitmapscan = off');
		const rows = await tx.query<PageRow & { out_of_date: boolean; title_en: string; n: number }>(
			`with candidates as (
			   select s.offer_id, s.location_id, s.title_en, s.out_of_date, ${distance} as distance_m, ${matched} as matched
			     from offer_search s ${where}
			    order by ${rowOrder}
			    limit ${limit}),
			 per_offer as (
			   select distinct on (offer_id) *, (select count(*) from candidates)::int as n
			     from candidates order by offer_id, distance_m asc nulls last)
			 select * from per_offer order by ${pageOrder}`,
			params
		);
		if (nearest) await tx.query('set local enable_bitmapscan = on');
		return { rows, exhausted: (rows[0]?.n ?? 0) < limit };
	}

	// Nearest first is an index scan in distance order, which cannot put a flag before distance.
	// Out-of-date offers are few, so the scan reads on until it has a page of current offers (or
	// runs out); current ones then come first, and out-of-date ones only once none are left.
	const current = (rows: { out_of_date: boolean }[]) => (nearest ? rows.filter((row) => !row.out_of_date).length : rows.length);
	// Most offers have one place, so a little headroom almost always fills the page at once.
	let limit = wanted + Math.ceil(wanted / 4) + 10;
	let found = await firstRows(limit);
	while (!found.exhausted && current(found.rows) < wanted) {
		limit *= 4;
		found = await firstRows(limit);
	}
	if (nearest) {
		const fresh = found.rows.filter((row) => !row.out_of_date);
		// Out-of-date rows can only follow once every current one has been seen.
		found = { ...found, rows: found.exhausted ? [...fresh, ...found.rows.filter((row) => row.out_of_date)] : fresh };
	}
	const pageRows = found.rows.slice(wanted - pageSize, wanted);

	// When the scan above ran out of rows, it saw every result; otherwise count, up to the limit.
	let total = found.rows.length;
	let totalIsAtLeast = false;
	if (!found.exhausted) {
		const countQuery = searchSql(filters, point); // its own parameters: it needs only the conditions
		const [counted] = await tx.query<{ total: number; rows: number }>(
			`select count(distinct offer_id)::int as total, count(*)::int as rows
			   from (select s.offer_id from offer_search s ${countQuery.where} limit ${countLimit + 1}) capped`,
			countQuery.params
		);
		// Rows are places, so a capped count of rows says only that there are a great many offers.
		totalIsAtLeast = (counted?.rows ?? 0) > countLimit;
		total = totalIsAtLeast ? countLimit : (counted?.total ?? 0);
	}

	const offers = pageRows.length ? await summaries(tx, pageRows) : [];
	const details = await outcomesAndSchedules(tx, offers.map((o) => o.id));
	return {
		total,
		totalIsAtLeast,
		page: filters.page,
		pageCount: Math.max(1, Math.ceil(total / pageSize)),
		offers: offers.map((offer) => ({ ...offer, ...details(offer.id) }))
	};
}

/** The WHERE clause (and its parameters) that the filters make over `offer_search s`. */
function searchSql(filters: SearchFilters, point: { lat: number; lng: number } | null) {
	const params: unknown[] = [];
	const p = (value: unknown) => {
		params.push(value);
		return `$${params.length}`;
	};
	// The point's parameters are added only when a query uses it (a statement must use every parameter).
	let hereSql: string | null = null;
	const here = () => (hereSql ??= point ? `extensions.ll_to_earth(${p(point.lat)}::float8, ${p(point.lng)}::float8)` : null);
	const conditions: string[] = [];
	if (point) {
		// Online offers are open wherever you are, so the distance limit does not apply to them.
		if (filters.attendance !== 'online') {
			const radius = p(milesToMetres(filters.distance));
			conditions.push(`extensions.earth_box(${here()}, ${radius}) @> ${place}`, `extensions.earth_distance(${place}, ${here()}) <= ${radius}`);
		}
	}
	const outcomes = filters.outcomes.length ? p(filters.outcomes) : null;
	if (outcomes) conditions.push(`s.outcome_ids && ${outcomes}::text[]`);
	if (filters.free) conditions.push(`s.cost = 'free'`);
	if (filters.welsh) conditions.push(`'cy' = any(s.languages)`);
	if (filters.attendance === 'in_person') conditions.push(`s.attendance in ('in_person', 'both')`);
	if (filters.attendance === 'online') conditions.push(`s.attendance in ('online', 'both')`);
	// Online-only offers need no venue; everything else needs a wheelchair-accessible one.
	if (filters.wheelchair) conditions.push(`(s.wheelchair or s.attendance = 'online')`);
	if (filters.evening) conditions.push('s.evening');
	if (filters.children) conditions.push('s.children');
	if (filters.day) conditions.push(`${p(filters.day)} = any(s.weekdays)`);
	for (const pattern of textSearchPatterns(filters.text)) conditions.push(`s.search_text like ${p(pattern)}`);
	return {
		params,
		here,
		where: conditions.length ? `where ${conditions.join(' and ')}` : '',
		/** How many of the chosen outcomes a row serves. */
		matched: outcomes ? `cardinality(array(select unnest(s.outcome_ids) intersect select unnest(${outcomes}::text[])))` : '0'
	};
}

/** The cards' details for one page of search rows, in the page's order. */
async function summaries(tx: Tx, rows: PageRow[]) {
	const found = await tx.query(
		`select ${summaryColumns}, page.distance_m, page.matched,
		        l.name as location_name, l.town as location_town, l.lat, l.lng, l.accessibility @> '{wheelchair}' as wheelchair
		   from unnest($1::uuid[], $2::uuid[], $3::float8[], $4::int[]) with ordinality page(offer_id, location_id, distance_m, matched, position)
		   join offers o on o.id = page.offer_id
		   join organisations g on g.id = o.organisation_id
		   left join locations l on l.id = page.location_id
		  order by page.position`,
		[rows.map((r) => r.offer_id), rows.map((r) => r.location_id), rows.map((r) => r.distance_m), rows.map((r) => r.matched)]
	);
	return found.map((row) => offerSummaryRow.parse(row));
}

async function outcomesAndSchedules(tx: Tx, ids: string[]) {
	if (!ids.length) return () => ({ outcomeIds: [], schedules: [] });
	const [outcomeRows, scheduleRows] = await Promise.all([
		tx.query<{ offer_id: string; outcome_id: string }>(
			`select oo.offer_id, oo.outcome_id from offer_outcomes oo join outcomes t on t.id = oo.outcome_id
			  where oo.offer_id = any($1::uuid[]) order by t.sort`,
			[ids]
		),
		tx.query(
			`select offer_id, freq, interval, byday, opens_at::text, closes_at::text, valid_from::text, valid_to::text, note_en, note_cy,
			        except_months::int[] as except_months, except_dates::text[] as except_dates
			   from schedules where offer_id = any($1::uuid[]) order by opens_at`,
			[ids]
		)
	]);
	const schedules = scheduleRows.map((row) => scheduleRow.parse(row));
	return (id: string) => ({
		outcomeIds: outcomeRows.filter((r) => r.offer_id === id).map((r) => r.outcome_id),
		schedules: schedules.filter((s) => s.offer_id === id)
	});
}

const locationRow = z.object({
	id: z.string(),
	name: z.string(),
	address: z.string(),
	town: z.string(),
	postcode: z.string().nullable(),
	lat: z.number(),
	lng: z.number(),
	accessibility: z.array(z.string())
});
export type LocationRow = z.infer<typeof locationRow>;

const offerDetailRow = offerCore.extend({
	organisation_verified: z.boolean(),
	who_for: z.array(z.string()),
	contact_email: z.string().nullable(),
	contact_phone: z.string().nullable(),
	website: z.string().nullable(),
	organisation_email: z.string().nullable(),
	organisation_phone: z.string().nullable(),
	organisation_website: z.string().nullable(),
	last_reviewed_at: z.date().nullable()
});
export type OfferDetail = z.infer<typeof offerDetailRow> & {
	outcomeIds: string[];
	schedules: ScheduleRow[];
	locations: LocationRow[];
};

const uuid = z.uuid();

/** One visible offer with everything a person needs to decide to go; null when it is not there or not visible. */
export async function getOffer(tx: Tx, id: string): Promise<OfferDetail | null> {
	if (!uuid.safeParse(id).success) return null;
	const rows = await tx.query(
		`select o.id, o.organisation_id, g.name as organisation_name, g.name_cy as organisation_name_cy,
		        g.verified_at is not null as organisation_verified,
		        o.title_en, o.title_cy, o.description_en, o.description_cy, o.kind, o.cost, o.cost_note_en, o.cost_note_cy,
		        o.languages, o.who_for, o.access, o.attendance, o.capacity, o.contact_email, o.contact_phone, o.website,
		        g.email as organisation_email, g.phone as organisation_phone, g.website as organisation_website,
		        o.last_reviewed_at, o.is_demo, o.out_of_date_since is not null as out_of_date
		   from offers o join organisations g on g.id = o.organisation_id
		  where o.id = $1 and o.status = 'published'`,
		[id]
	);
	if (!rows[0]) return null;
	const offer = offerDetailRow.parse(rows[0]);
	const [details, locations] = await Promise.all([
		outcomesAndSchedules(tx, [id]),
		tx.query(
			`select l.id, l.name, l.address, l.town, l.postcode, l.lat, l.lng, l.accessibility
			   from offer_locations ol join locations l on l.id = ol.location_id
			  where ol.offer_id = $1 order by l.name`,
			[id]
		)
	]);
	return { ...offer, ...details(id), locations: locations.map((row) => locationRow.parse(row)) };
}
