import { z } from 'zod';
import { accessibilityFeatures, audiences, languageCodes } from '$lib/domain/directory';
import type { Tx } from '../../db/types';
import { offerCore, scheduleRow as offerScheduleRow } from '../../repos/offers';
import { organisationRow as publicOrganisationRow } from '../../repos/organisations';

// The directory's rows as the API reads them, each kind in one query for a whole page of ids
// (`= any($1)`), never one query per row. RLS shows anon only published rows; the status checks
// repeat it so a signed-in member's own drafts stay out of the published API too.

export const publishedOffer = `o.status = 'published' and g.status = 'published'`;

const offerRow = offerCore.pick({
	id: true, organisation_id: true, title_en: true, title_cy: true, description_en: true, description_cy: true, kind: true,
	cost: true, cost_note_en: true, cost_note_cy: true, access: true, attendance: true, capacity: true
}).extend({
	languages: z.array(z.enum(languageCodes)),
	who_for: z.array(z.enum(audiences)),
	contact_email: z.string().nullable(),
	contact_phone: z.string().nullable(),
	website: z.string().nullable(),
	minimum_age: z.number().nullable(),
	maximum_age: z.number().nullable(),
	approved_at: z.date().nullable(),
	updated_at: z.date()
});
export type OfferRow = z.infer<typeof offerRow>;

/** Published offers by id, in the order of `ids`. */
export async function readOffers(tx: Tx, ids: string[]): Promise<OfferRow[]> {
	if (!ids.length) return [];
	const rows = await tx.query(
		`select o.id, o.organisation_id, o.title_en, o.title_cy, o.description_en, o.description_cy, o.kind, o.cost,
		        o.cost_note_en, o.cost_note_cy, o.languages, o.who_for, o.access, o.attendance, o.capacity,
		        o.contact_email, o.contact_phone, o.website, o.minimum_age, o.maximum_age, o.approved_at, o.updated_at
		   from unnest($1::uuid[]) with ordinality wanted(id, position)
		   join offers o on o.id = wanted.id
		   join organisations g on g.id = o.organisation_id
		  where ${publishedOffer}
		  order by wanted.position`,
		[ids]
	);
	return rows.map((row) => offerRow.parse(row));
}

// The public fields of an organisation the API publishes.
const organisationRow = publicOrganisationRow.pick({
	id: true, name: true, name_cy: true, description_en: true, description_cy: true, email: true, website: true,
	charity_number: true, company_number: true
});
export type OrganisationRow = z.infer<typeof organisationRow>;

/** Published organisations by id, in the order of `ids`. */
export async function readOrganisations(tx: Tx, ids: string[]): Promise<OrganisationRow[]> {
	if (!ids.length) return [];
	const rows = await tx.query(
		`select g.id, g.name, g.name_cy, g.description_en, g.description_cy, g.email, g.website, g.charity_number, g.company_number
		   from unnest($1::uuid[]) with ordinality wanted(id, position)
		   join organisations g on g.id = wanted.id
		  where g.status = 'published'
		  order by wanted.position`,
		[ids]
	);
	return rows.map((row) => organisationRow.parse(row));
}

const scheduleRow = offerScheduleRow.extend({ id: z.string() });
export type ScheduleRow = z.infer<typeof scheduleRow>;

export async function readSchedules(tx: Tx, offerIds: string[]): Promise<ScheduleRow[]> {
	if (!offerIds.length) return [];
	const rows = await tx.query(
		`select id, offer_id, freq, interval, byday, opens_at::text, closes_at::text, valid_from::text, valid_to::text,
		        note_en, note_cy, except_months::int[] as except_months, except_dates::text[] as except_dates
		   from schedules where offer_id = any($1::uuid[]) order by opens_at, id`,
		[offerIds]
	);
	return rows.map((row) => scheduleRow.parse(row));
}

const locationRow = z.object({
	id: z.string(),
	name: z.string(),
	address: z.string(),
	town: z.string(),
	postcode: z.string().nullable(),
	outcode: z.string().nullable(),
	lat: z.number(),
	lng: z.number(),
	accessibility: z.array(z.enum(accessibilityFeatures)),
	/** The postcode district's region, or '' when the district is not known. */
	region: z.string()
});
export type LocationRow = z.infer<typeof locationRow>;

const locationColumns = `l.id, l.name, l.address, l.town, l.postcode, l.outcode, l.lat, l.lng, l.accessibility,
	coalesce((select d.region from postcode_districts d where d.outcode = l.outcode), '') as region`;

/** Locations of published organisations by id. */
export async function readLocations(tx: Tx, ids: string[]): Promise<LocationRow[]> {
	if (!ids.length) return [];
	const rows = await tx.query(
		`select ${locationColumns}
		   from locations l join organisations g on g.id = l.organisation_id
		  where l.id = any($1::uuid[]) and g.status = 'published'`,
		[ids]
	);
	return rows.map((row) => locationRow.parse(row));
}

/** The places offers meet at, by name. An online-only offer has none. */
export async function readOfferLocations(tx: Tx, offerIds: string[]): Promise<(LocationRow & { offer_id: string })[]> {
	if (!offerIds.length) return [];
	const rows = await tx.query(
		`select ol.offer_id, ${locationColumns}
		   from offer_locations ol
		   join offers o on o.id = ol.offer_id
		   join locations l on l.id = ol.location_id
		   join organisations g on g.id = l.organisation_id
		  where ol.offer_id = any($1::uuid[]) and o.attendance <> 'online' and g.status = 'published'
		  order by l.name, l.id`,
		[offerIds]
	);
	return rows.map((row) => locationRow.extend({ offer_id: z.string() }).parse(row));
}

export async function readOutcomeLinks(tx: Tx, offerIds: string[]): Promise<{ offer_id: string; outcome_id: string }[]> {
	if (!offerIds.length) return [];
	return tx.query(
		`select oo.offer_id, oo.outcome_id from offer_outcomes oo join outcomes t on t.id = oo.outcome_id
		  where oo.offer_id = any($1::uuid[]) order by t.sort`,
		[offerIds]
	);
}

/** Groups rows by a key, keeping their order: a page's children, per parent. */
export function groupBy<T>(rows: T[], key: (row: T) => string): (id: string) => T[] {
	const groups = new Map<string, T[]>();
	for (const row of rows) groups.set(key(row), [...(groups.get(key(row)) ?? []), row]);
	return (id) => groups.get(id) ?? [];
}
