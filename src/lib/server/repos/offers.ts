import { z } from 'zod';
import {
	accessRoutes, attendanceModes, capacities, costs, offerKinds
} from '../../domain/directory';
import { milesToMetres } from '../../domain/geo';
import { pageSize, textSearchPatterns, type SearchFilters } from '../../domain/search';
import type { Tx } from '../db/types';

const scheduleRow = z.object({
	offer_id: z.string(),
	freq: z.enum(['WEEKLY', 'MONTHLY']),
	interval: z.number(),
	byday: z.array(z.string()),
	opens_at: z.string(),
	closes_at: z.string(),
	valid_from: z.string().nullable(),
	valid_to: z.string().nullable(),
	note_en: z.string().nullable(),
	note_cy: z.string().nullable()
});
export type ScheduleRow = z.infer<typeof scheduleRow>;

const offerSummaryRow = z.object({
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
	offers: OfferSummary[];
	page: number;
	pageCount: number;
}

const summaryColumns = `
	o.id, o.organisation_id, g.name as organisation_name, g.name_cy as organisation_name_cy,
	o.title_en, o.title_cy, o.description_en, o.description_cy, o.kind, o.cost, o.cost_note_en, o.cost_note_cy,
	o.languages, o.access, o.attendance, o.capacity, o.is_demo`;

/**
 * The directory search (DESIGN.md §3): offers serving any of the chosen outcomes (ranked by
 * how many), nearest first by earthdistance over the GiST index, with the filters and a page.
 * Runs under the caller's claims, so RLS decides what is visible.
 *
 * Two steps in one statement: `page` finds and orders the offers (touching only what ordering
 * needs), then the page's twenty rows get their group, nearest venue and other details.
 */
export async function searchOffers(
	tx: Tx,
	filters: SearchFilters,
	point: { lat: number; lng: number } | null
): Promise<SearchResult> {
	const params: unknown[] = [];
	const p = (value: unknown) => {
		params.push(value);
		return `$${params.length}`;
	};
	const place = 'extensions.ll_to_earth(l.lat, l.lng)';
	const here = point ? `extensions.ll_to_earth(${p(point.lat)}::float8, ${p(point.lng)}::float8)` : null;
	// Online offers are open wherever you are, so the distance limit does not apply to them.
	const bounded = here !== null && filters.attendance !== 'online';

	const conditions = [`o.status = 'published'`];
	if (filters.free) conditions.push(`o.cost = 'free'`);
	if (filters.welsh) conditions.push(`'cy' = any(o.languages)`);
	if (filters.attendance === 'in_person') conditions.push(`o.attendance in ('in_person', 'both')`);
	if (filters.attendance === 'online') conditions.push(`o.attendance in ('online', 'both')`);
	if (filters.day) {
		conditions.push(`exists (select 1 from schedules s where s.offer_id = o.id
			and exists (select 1 from unnest(s.byday) d where right(d, 2) = ${p(filters.day)}))`);
	}
	if (filters.wheelchair) {
		// Online-only offers need no venue; everything else needs a wheelchair-accessible one.
		conditions.push(`(o.attendance = 'online' or exists (select 1 from offer_locations ol join locations l on l.id = ol.location_id
			where ol.offer_id = o.id and l.accessibility @> '{wheelchair}'))`);
	}
	for (const pattern of textSearchPatterns(filters.text)) conditions.push(`o.search_text like ${p(pattern)}`);

	const outcomeJoin = filters.outcomes.length
		? `join lateral (select count(*)::int as matched from offer_outcomes oo
		                  where oo.offer_id = o.id and oo.outcome_id = any(${p(filters.outcomes)}::text[])) m on m.matched > 0`
		: `cross join (select 0 as matched) m`;

	let near = '';
	let nearJoin = '';
	let distance = 'null::float8';
	if (bounded) {
		const radius = p(milesToMetres(filters.distance));
		near = `with near as (
			select ol.offer_id, min(extensions.earth_distance(${place}, ${here})) as distance_m
			  from locations l join offer_locations ol on ol.location_id = l.id
			 where extensions.earth_box(${here}, ${radius}) @> ${place}
			   and extensions.earth_distance(${place}, ${here}) <= ${radius}
			 group by ol.offer_id)`;
		nearJoin = 'join near on near.offer_id = o.id';
		distance = 'near.distance_m';
	} else if (here) {
		distance = `(select min(extensions.earth_distance(${place}, ${here}))
		               from offer_locations ol join locations l on l.id = ol.location_id where ol.offer_id = o.id)`;
	}

	const order = (d: string, matched: string, title: string) =>
		filters.sort === 'best_match' ? `${matched} desc, ${d} asc nulls last, ${title}` : `${d} asc nulls last, ${matched} desc, ${title}`;

	const sql = `
		${near ? `${near},` : 'with'} page as (
			select o.id, ${distance} as distance_m, m.matched, o.title_en, count(*) over ()::int as total
			  from offers o ${nearJoin} ${outcomeJoin}
			 where ${conditions.join(' and ')}
			 order by ${order('distance_m', 'm.matched', 'o.title_en')}
			 limit ${p(pageSize)} offset ${p((filters.page - 1) * pageSize)})
		select ${summaryColumns}, page.distance_m, page.matched, page.total,
		       venue.name as location_name, venue.town as location_town, venue.lat, venue.lng, venue.wheelchair
		  from page
		  join offers o on o.id = page.id
		  join organisations g on g.id = o.organisation_id
		  left join lateral (
		        select l.name, l.town, l.lat, l.lng, l.accessibility @> '{wheelchair}' as wheelchair
		          from offer_locations ol join locations l on l.id = ol.location_id
		         where ol.offer_id = o.id
		         order by ${here ? `extensions.earth_distance(${place}, ${here})` : 'l.name'} limit 1) venue on true
		 order by ${order('page.distance_m', 'page.matched', 'page.title_en')}`;

	const rows = await tx.query<Record<string, unknown> & { total: number }>(sql, params);
	const total = rows[0]?.total ?? (filters.page > 1 ? await countOnly(tx, sql, params) : 0);
	const offers = rows.map((row) => offerSummaryRow.parse(row));
	const details = await outcomesAndSchedules(tx, offers.map((o) => o.id));
	return {
		total,
		page: filters.page,
		pageCount: Math.max(1, Math.ceil(total / pageSize)),
		offers: offers.map((offer) => ({ ...offer, ...details(offer.id) }))
	};
}

/** A page past the end has no rows to carry the total; ask once more so the page can say how many there are. */
async function countOnly(tx: Tx, sql: string, params: unknown[]): Promise<number> {
	const firstPage = [...params];
	firstPage[firstPage.length - 1] = 0; // the offset is the last parameter
	const rows = await tx.query<{ total: number }>(sql, firstPage);
	return rows[0]?.total ?? 0;
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
			`select offer_id, freq, interval, byday, opens_at::text, closes_at::text, valid_from::text, valid_to::text, note_en, note_cy
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

const offerDetailRow = z.object({
	id: z.string(),
	organisation_id: z.string(),
	organisation_name: z.string(),
	organisation_name_cy: z.string().nullable(),
	organisation_verified: z.boolean(),
	title_en: z.string(),
	title_cy: z.string().nullable(),
	description_en: z.string(),
	description_cy: z.string().nullable(),
	kind: z.enum(offerKinds),
	cost: z.enum(costs),
	cost_note_en: z.string().nullable(),
	cost_note_cy: z.string().nullable(),
	languages: z.array(z.string()),
	who_for: z.array(z.string()),
	access: z.enum(accessRoutes),
	attendance: z.enum(attendanceModes),
	capacity: z.enum(capacities),
	contact_email: z.string().nullable(),
	contact_phone: z.string().nullable(),
	website: z.string().nullable(),
	organisation_email: z.string().nullable(),
	organisation_phone: z.string().nullable(),
	organisation_website: z.string().nullable(),
	last_reviewed_at: z.date().nullable(),
	is_demo: z.boolean()
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
		        o.last_reviewed_at, o.is_demo
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
