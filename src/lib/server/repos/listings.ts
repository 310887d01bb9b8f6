import type { MemberRole } from '../../domain/account';
import { placeCell } from '../place-cell';
import {
	blankPlace, blankSchedule, type OfferDraft, type OfferStatus, type OrganisationStatus, type PlaceDraft, type OfferInput, type OrganisationDraft, type OrganisationInput,
	type PlaceInput, type ScheduleDraft, type ScheduleInput
} from '../../domain/listing';
import type { Tx } from '../db/types';
import { isOneOff } from '../../domain/schedule';
import { findPlace } from './places';

// A group's own listing: its organisation, offers, places and what people said about them.
// Everything runs under the caller's claims; RLS and the guards in the groups_and_moderation
// migration decide what a member may do, this module only says it in the group's words.

export type { OfferStatus, OrganisationStatus } from '../../domain/listing';

export interface GroupOrganisation extends OrganisationInput {
	id: string;
	status: OrganisationStatus;
	verified: boolean;
	moderation_note: string | null;
	link_problem: string | null;
	my_role: MemberRole | null;
}

/** The organisation as a member (or moderator) sees it; null when the caller may not. */
export async function getGroupOrganisation(tx: Tx, id: string): Promise<GroupOrganisation | null> {
	const [row] = await tx.query<GroupOrganisation>(
		`select o.id, o.name, o.name_cy, o.description_en, o.description_cy, o.email, o.phone, o.website,
		        o.charity_number, o.company_number, o.status, o.verified_at is not null as verified, o.moderation_note,
		        o.link_problem, m.role as my_role
		   from public.organisations o
		   left join public.organisation_members m on m.organisation_id = o.id and m.user_id = auth.uid()
		  where o.id = $1`,
		[id]
	);
	return row ?? null;
}

export const organisationDraftOf = (o: OrganisationInput): OrganisationDraft => ({
	name: o.name, name_cy: o.name_cy ?? '', description_en: o.description_en, description_cy: o.description_cy ?? '',
	email: o.email ?? '', phone: o.phone ?? '', website: o.website ?? '', charity_number: o.charity_number ?? '',
	company_number: o.company_number ?? ''
});

export async function registerOrganisation(tx: Tx, input: OrganisationInput): Promise<string> {
	const [row] = await tx.query<{ id: string }>(
		`select public.register_organisation(name => $1, description_en => $2, description_cy => $3, name_cy => $4,
		        email => $5, phone => $6, website => $7, charity_number => $8, company_number => $9) as id`,
		[input.name, input.description_en, input.description_cy, input.name_cy, input.email, input.phone, input.website,
			input.charity_number, input.company_number]
	);
	return row!.id;
}

/**
 * Saves the group's details. A group a moderator turned back (draft with a note) goes back to
 * the queue when it is changed; a published group's changes show at once and are in the audit log.
 */
export async function updateOrganisation(tx: Tx, id: string, input: OrganisationInput): Promise<boolean> {
	const rows = await tx.query(
		`update public.organisations set name = $2, name_cy = $3, description_en = $4, description_cy = $5, email = $6,
		        phone = $7, website = $8, charity_number = $9, company_number = $10,
		        status = case when status = 'draft' then 'pending' else status end
		  where id = $1 returning id`,
		[id, input.name, input.name_cy, input.description_en, input.description_cy, input.email, input.phone, input.website,
			input.charity_number, input.company_number]
	);
	return rows.length === 1;
}

// ---------------------------------------------------------------------------------------------
// Offers on the dashboard

export interface GroupOffer {
	id: string;
	title_en: string;
	title_cy: string | null;
	status: OfferStatus;
	moderation_note: string | null;
	approved: boolean;
	last_reviewed_at: Date | null;
	reminders_sent: number;
	out_of_date: boolean;
	link_problem: string | null;
	open_reports: number;
}

export async function listGroupOffers(tx: Tx, organisationId: string): Promise<GroupOffer[]> {
	return tx.query<GroupOffer>(
		`select o.id, o.title_en, o.title_cy, o.status, o.moderation_note, o.approved_at is not null as approved,
		        o.last_reviewed_at, o.reminders_sent, o.out_of_date_since is not null as out_of_date, o.link_problem,
		        (select count(*)::int from public.listing_reports r where r.offer_id = o.id and r.status = 'open') as open_reports
		   from public.offers o
		  where o.organisation_id = $1
		  order by o.status = 'archived', o.title_en, o.id`,
		[organisationId]
	);
}

/** Needs a look: reminded, out of date, a dead link, or turned back by a moderator. */
export const needsReview = (offer: GroupOffer) =>
	offer.status !== 'archived' && (offer.reminders_sent > 0 || offer.out_of_date || !!offer.link_problem || !!offer.moderation_note);

/** "Still running as listed": one click sets the review date (the guard makes it now). */
export async function confirmStillRunning(tx: Tx, offerId: string, organisationId: string): Promise<boolean> {
	const rows = await tx.query(
		`update public.offers set last_reviewed_at = now() where id = $1 and organisation_id = $2 returning id`,
		[offerId, organisationId]
	);
	return rows.length === 1;
}

export type StatusChange = 'pause' | 'resume' | 'archive' | 'submit' | 'withdraw';

/**
 * Moves an offer between the states a group controls. `submit` publishes at once when the
 * group is verified or the offer was approved before, and otherwise sends it for review.
 */
export async function changeOfferStatus(tx: Tx, offerId: string, organisationId: string, change: StatusChange): Promise<OfferStatus | null> {
	const [offer] = await tx.query<{ status: OfferStatus; approved: boolean; verified: boolean }>(
		`select o.status, o.approved_at is not null as approved, g.verified_at is not null as verified
		   from public.offers o join public.organisations g on g.id = o.organisation_id
		  where o.id = $1 and o.organisation_id = $2`,
		[offerId, organisationId]
	);
	if (!offer || offer.status === 'hidden') return null;
	const next: OfferStatus | null = {
		pause: offer.status === 'published' ? 'paused' : null,
		resume: offer.status === 'paused' || offer.status === 'archived' ? (offer.approved || offer.verified ? 'published' : 'pending') : null,
		archive: offer.status !== 'archived' ? 'archived' : null,
		submit: offer.status === 'draft' ? (offer.verified || offer.approved ? 'published' : 'pending') : null,
		withdraw: offer.status === 'pending' ? 'draft' : null
	}[change] as OfferStatus | null;
	if (!next) return null;
	const changed = await tx.query(`update public.offers set status = $3 where id = $1 and organisation_id = $2 returning id`, [offerId, organisationId, next]);
	return changed.length ? next : null;
}

// ---------------------------------------------------------------------------------------------
// One offer in the editor

export interface PlaceChoice {
	id: string;
	name: string;
	town: string;
	postcode: string | null;
}

export async function listPlaces(tx: Tx, organisationId: string): Promise<PlaceChoice[]> {
	return tx.query<PlaceChoice>(
		`select id, name, town, postcode from public.locations where organisation_id = $1 order by name, id`,
		[organisationId]
	);
}

export interface EditableOffer {
	id: string;
	organisation_id: string;
	status: OfferStatus;
	moderation_note: string | null;
	approved: boolean;
	draft: OfferDraft;
}

interface OfferRow {
	id: string; organisation_id: string; status: OfferStatus; moderation_note: string | null; approved: boolean; version: string;
	title_en: string; title_cy: string | null; description_en: string; description_cy: string | null; kind: string; cost: string;
	cost_note_en: string | null; cost_note_cy: string | null; access: string; capacity: string; attendance: string;
	contact_email: string | null; contact_phone: string | null; website: string | null;
	languages: string[]; who_for: string[]; outcomes: string[]; places: string[];
}

interface ScheduleRow {
	freq: 'WEEKLY' | 'MONTHLY'; interval: number; byday: string[]; opens_at: string; closes_at: string;
	valid_from: string | null; valid_to: string | null; except_months: number[]; except_dates: string[];
	note_en: string | null; note_cy: string | null;
}

/** A schedule row as the form shows it; a weekly rule valid on one day is a one-off date. */
function scheduleDraftOf(s: ScheduleRow): ScheduleDraft {
	const draft = blankSchedule();
	const oneDay = isOneOff(s);
	if (oneDay) Object.assign(draft, { kind: 'date', date: s.valid_from });
	else if (s.freq === 'MONTHLY') {
		const match = /^(-1|[1-5])([A-Z]{2})$/.exec(s.byday[0] ?? '');
		Object.assign(draft, { kind: 'monthly', ordinal: match?.[1] ?? '1', weekday: match?.[2] ?? 'MO' });
	} else Object.assign(draft, { kind: 'weekly', days: s.byday, interval: String(s.interval) });
	return {
		...draft,
		opens: s.opens_at.slice(0, 5),
		closes: s.closes_at.slice(0, 5),
		from: oneDay ? '' : (s.valid_from ?? ''),
		to: oneDay ? '' : (s.valid_to ?? ''),
		except_months: s.except_months.map(String),
		except_dates: s.except_dates.join(', '),
		note_en: s.note_en ?? '',
		note_cy: s.note_cy ?? ''
	};
}

export async function getEditableOffer(tx: Tx, offerId: string, organisationId: string): Promise<EditableOffer | null> {
	const [row] = await tx.query<OfferRow>(
		`select o.id, o.organisation_id, o.status, o.moderation_note, o.approved_at is not null as approved,
		        o.content_version::text as version,
		        o.title_en, o.title_cy, o.description_en, o.description_cy, o.kind, o.cost, o.cost_note_en, o.cost_note_cy,
		        o.access, o.capacity, o.attendance, o.contact_email, o.contact_phone, o.website, o.languages, o.who_for,
		        array(select outcome_id from public.offer_outcomes where offer_id = o.id order by 1) as outcomes,
		        array(select location_id::text from public.offer_locations where offer_id = o.id order by 1) as places
		   from public.offers o where o.id = $1 and o.organisation_id = $2`,
		[offerId, organisationId]
	);
	if (!row) return null;
	const schedules = await tx.query<ScheduleRow>(
		`select freq, interval, byday, opens_at::text, closes_at::text, valid_from::text, valid_to::text,
		        except_months::int[] as except_months, except_dates::text[] as except_dates, note_en, note_cy
		   from public.schedules where offer_id = $1 order by valid_from nulls first, opens_at, id`,
		[offerId]
	);
	const draft: OfferDraft = {
		title_en: row.title_en, title_cy: row.title_cy ?? '', description_en: row.description_en, description_cy: row.description_cy ?? '',
		kind: row.kind, cost: row.cost, cost_note_en: row.cost_note_en ?? '', cost_note_cy: row.cost_note_cy ?? '',
		access: row.access, capacity: row.capacity, attendance: row.attendance,
		contact_email: row.contact_email ?? '', contact_phone: row.contact_phone ?? '', website: row.website ?? '',
		version: row.version, outcomes: row.outcomes, who_for: row.who_for, languages: row.languages, places: row.places,
		schedules: schedules.length ? schedules.map(scheduleDraftOf) : [blankSchedule()],
		place: blankPlace()
	};
	return { id: row.id, organisation_id: row.organisation_id, status: row.status, moderation_note: row.moderation_note, approved: row.approved, draft };
}

/** Where a new place is: its dragged point, or the middle of its postcode district; null when the postcode is unknown. */
async function placePoint(tx: Tx, place: PlaceInput): Promise<{ lat: number; lng: number } | null> {
	if (place.point) return place.point;
	const found = await findPlace(tx, { kind: 'postcode', postcode: place.postcode, outcode: place.outcode, district: place.outcode });
	return found ? { lat: found.lat, lng: found.lng } : null;
}

async function addPlace(tx: Tx, organisationId: string, place: PlaceInput, point: { lat: number; lng: number }): Promise<string> {
	const [row] = await tx.query<{ id: string }>(
		`insert into public.locations (organisation_id, name, address, town, postcode, outcode, lat, lng, h3, accessibility)
		 values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning id`,
		[organisationId, place.name, place.address, place.town, place.postcode, place.outcode, point.lat, point.lng,
			placeCell(point.lat, point.lng), place.accessibility]
	);
	return row!.id;
}

export interface PlaceInUse extends PlaceChoice {
	offers: number;
}

/** The group's places and how many of its offers meet at each. */
export async function listPlacesInUse(tx: Tx, organisationId: string): Promise<PlaceInUse[]> {
	return tx.query<PlaceInUse>(
		`select l.id, l.name, l.town, l.postcode, (select count(*)::int from public.offer_locations ol where ol.location_id = l.id) as offers
		   from public.locations l where l.organisation_id = $1 order by l.name, l.id`,
		[organisationId]
	);
}

export async function getPlaceDraft(tx: Tx, placeId: string, organisationId: string): Promise<PlaceDraft | null> {
	const [row] = await tx.query<{ name: string; address: string; town: string; postcode: string | null; lat: number; lng: number; accessibility: string[] }>(
		`select name, address, town, postcode, lat, lng, accessibility from public.locations where id = $1 and organisation_id = $2`,
		[placeId, organisationId]
	);
	if (!row) return null;
	return {
		place_name: row.name, place_address: row.address, place_town: row.town, place_postcode: row.postcode ?? '',
		place_lat: String(row.lat), place_lng: String(row.lng), place_accessibility: row.accessibility
	};
}

/**
 * Saves a place. A new postcode with the marker left where it was moves the point to the new
 * district (the form without JavaScript cannot move the marker itself).
 */
export async function updatePlace(tx: Tx, placeId: string, organisationId: string, place: PlaceInput): Promise<'saved' | 'postcode_unknown' | 'gone'> {
	const [before] = await tx.query<{ postcode: string | null; lat: number; lng: number }>(
		`select postcode, lat, lng from public.locations where id = $1 and organisation_id = $2`,
		[placeId, organisationId]
	);
	if (!before) return 'gone';
	const unmoved = place.point && place.point.lat === before.lat && place.point.lng === before.lng;
	const point = place.postcode !== before.postcode && unmoved ? await placePoint(tx, { ...place, point: null }) : await placePoint(tx, place);
	if (!point) return 'postcode_unknown';
	// A published group's places are public to read; RLS lets only its members write (0 rows otherwise).
	const updated = await tx.query(
		`update public.locations set name = $3, address = $4, town = $5, postcode = $6, outcode = $7, lat = $8, lng = $9, h3 = $10, accessibility = $11
		  where id = $1 and organisation_id = $2 returning id`,
		[placeId, organisationId, place.name, place.address, place.town, place.postcode, place.outcode, point.lat, point.lng,
			placeCell(point.lat, point.lng), place.accessibility]
	);
	return updated.length ? 'saved' : 'gone';
}

/** Removes a place no offer meets at; one in use stays (the offers would lose their place). */
export async function removePlace(tx: Tx, placeId: string, organisationId: string): Promise<boolean> {
	const rows = await tx.query(
		`delete from public.locations l where l.id = $1 and l.organisation_id = $2
		    and not exists (select 1 from public.offer_locations ol where ol.location_id = l.id)
		 returning l.id`,
		[placeId, organisationId]
	);
	return rows.length === 1;
}

export type SaveOutcome =
	| { saved: true; id: string; status: OfferStatus }
	| { saved: false; reason: 'changed_meanwhile'; current: EditableOffer }
	| { saved: false; reason: 'postcode_unknown' }
	| { saved: false; reason: 'gone' };

/**
 * Creates or updates an offer with its outcomes, places and schedules in one transaction.
 * `version` is the content version the editor started from: if someone saved in between, nothing
 * is written and the caller gets the current version to show beside theirs.
 * `intent`: `draft` keeps it as it is (new ones stay drafts); `submit` publishes or sends for review.
 */
export async function saveOffer(
	tx: Tx,
	organisationId: string,
	offerId: string | null,
	input: OfferInput,
	version: string,
	intent: 'draft' | 'submit'
): Promise<SaveOutcome> {
	// Checked before anything is written, so a refused save leaves the offer exactly as it was.
	const newPoint = input.newPlace ? await placePoint(tx, input.newPlace) : null;
	if (input.newPlace && !newPoint) return { saved: false, reason: 'postcode_unknown' };
	const columns = [
		input.title_en, input.title_cy, input.description_en, input.description_cy, input.kind, input.cost, input.cost_note_en,
		input.cost_note_cy, input.access, input.capacity, input.attendance, input.contact_email, input.contact_phone, input.website,
		input.languages, input.who_for
	];
	let id: string;
	if (offerId) {
		const rows = await tx.query<{ id: string }>(
			`update public.offers set title_en = $3, title_cy = $4, description_en = $5, description_cy = $6, kind = $7, cost = $8,
			        cost_note_en = $9, cost_note_cy = $10, access = $11, capacity = $12, attendance = $13, contact_email = $14,
			        contact_phone = $15, website = $16, languages = $17, who_for = $18, content_version = content_version + 1
			  where id = $1 and organisation_id = $2 and content_version::text = $19
			 returning id`,
			[offerId, organisationId, ...columns, version]
		);
		if (!rows[0]) {
			const current = await getEditableOffer(tx, offerId, organisationId);
			return current ? { saved: false, reason: 'changed_meanwhile', current } : { saved: false, reason: 'gone' };
		}
		id = offerId;
	} else {
		const [row] = await tx.query<{ id: string }>(
			`insert into public.offers (organisation_id, title_en, title_cy, description_en, description_cy, kind, cost, cost_note_en,
			        cost_note_cy, access, capacity, attendance, contact_email, contact_phone, website, languages, who_for, status)
			 values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, 'draft') returning id`,
			[organisationId, ...columns]
		);
		id = row!.id;
	}

	// Join rows change only where they differ, so the audit log says what really changed.
	await tx.query(`delete from public.offer_outcomes where offer_id = $1 and not (outcome_id = any($2::text[]))`, [id, input.outcomes]);
	await tx.query(
		`insert into public.offer_outcomes (offer_id, outcome_id) select $1, unnest($2::text[]) on conflict do nothing`,
		[id, input.outcomes]
	);
	const places = [...input.places];
	if (input.newPlace && newPoint) places.push(await addPlace(tx, organisationId, input.newPlace, newPoint));
	await tx.query(`delete from public.offer_locations where offer_id = $1 and not (location_id = any($2::uuid[]))`, [id, places]);
	await tx.query(
		`insert into public.offer_locations (offer_id, location_id) select $1, unnest($2::uuid[]) on conflict do nothing`,
		[id, places]
	);
	await replaceSchedules(tx, id, input.schedules);

	const [{ status } = { status: 'draft' as OfferStatus }] = await tx.query<{ status: OfferStatus }>(
		`select status from public.offers where id = $1`,
		[id]
	);
	if (intent === 'submit' && status === 'draft') {
		return { saved: true, id, status: (await changeOfferStatus(tx, id, organisationId, 'submit')) ?? status };
	}
	return { saved: true, id, status };
}

async function replaceSchedules(tx: Tx, offerId: string, schedules: ScheduleInput[]) {
	await tx.query(`delete from public.schedules where offer_id = $1`, [offerId]);
	for (const s of schedules) {
		await tx.query(
			`insert into public.schedules (offer_id, freq, interval, byday, opens_at, closes_at, valid_from, valid_to,
			        except_months, except_dates, note_en, note_cy)
			 values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
			[offerId, s.freq, s.interval, s.byday, s.opens_at, s.closes_at, s.valid_from, s.valid_to, s.except_months,
				s.except_dates, s.note_en, s.note_cy]
		);
	}
}

/** A copy to start a similar offer from: a draft with the same outcomes, places and times. */
export async function duplicateOffer(tx: Tx, offerId: string, organisationId: string, copySuffix: string): Promise<string | null> {
	const [row] = await tx.query<{ id: string }>(
		`insert into public.offers (organisation_id, title_en, title_cy, description_en, description_cy, kind, cost, cost_note_en,
		        cost_note_cy, languages, who_for, access, attendance, capacity, contact_email, contact_phone, website, status)
		 select organisation_id, left(title_en || $3, 200), title_cy, description_en, description_cy, kind, cost, cost_note_en,
		        cost_note_cy, languages, who_for, access, attendance, capacity, contact_email, contact_phone, website, 'draft'
		   from public.offers where id = $1 and organisation_id = $2 and status <> 'hidden'
		 returning id`,
		[offerId, organisationId, copySuffix]
	);
	if (!row) return null;
	await tx.query(`insert into public.offer_outcomes (offer_id, outcome_id) select $2, outcome_id from public.offer_outcomes where offer_id = $1`, [offerId, row.id]);
	await tx.query(`insert into public.offer_locations (offer_id, location_id) select $2, location_id from public.offer_locations where offer_id = $1`, [offerId, row.id]);
	await tx.query(
		`insert into public.schedules (offer_id, freq, interval, byday, opens_at, closes_at, valid_from, valid_to, except_months, except_dates, note_en, note_cy)
		 select $2, freq, interval, byday, opens_at, closes_at, valid_from, valid_to, except_months, except_dates, note_en, note_cy
		   from public.schedules where offer_id = $1`,
		[offerId, row.id]
	);
	return row.id;
}

// ---------------------------------------------------------------------------------------------
// Reports and suggestions about the group's offers

export interface GroupReport {
	id: string;
	offer_id: string;
	offer_title: string;
	kind: 'suggestion' | 'problem';
	reason: string;
	message: string;
	wants_reply: boolean;
	status: 'open' | 'resolved';
	response: string | null;
	created_at: Date;
}

/** Reports about one group's offers; or, with null, those no moderator has looked at yet (whatever the group did). */
export async function listReports(tx: Tx, organisationId: string | null): Promise<(GroupReport & { organisation_name: string })[]> {
	return tx.query(
		`select r.id, r.offer_id, o.title_en as offer_title, g.name as organisation_name, r.kind, r.reason, r.message,
		        r.wants_reply, r.status, r.response, r.created_at
		   from public.listing_reports r join public.offers o on o.id = r.offer_id join public.organisations g on g.id = o.organisation_id
		  where case when $1::uuid is null then r.moderated_at is null else o.organisation_id = $1 end
		  order by r.status = 'resolved', r.created_at desc limit 100`,
		[organisationId]
	);
}

/**
 * Answers and/or resolves a report (a moderator also marks it seen). Returns the offer's title for
 * the answer's mail, which the server sends once (notify.ts mailReportAnswer); null if refused.
 */
export async function answerReport(
	tx: Tx,
	reportId: string,
	response: string | null,
	resolve: boolean,
	asModerator = false
): Promise<{ offerTitle: string } | null> {
	const [row] = await tx.query<{ offer_title: string }>(
		`update public.listing_reports r set response = coalesce($2, r.response), status = case when $3 then 'resolved' else r.status end,
		        moderated_at = case when $4 then coalesce(r.moderated_at, now()) else r.moderated_at end
		   from public.offers o where r.id = $1 and o.id = r.offer_id
		 returning o.title_en as offer_title`,
		[reportId, response, resolve, asModerator]
	);
	return row ? { offerTitle: row.offer_title } : null;
}

export interface AuditEntry {
	resource_type: string;
	field_name: string;
	action_type: string;
	previous_value: string | null;
	replacement_value: string | null;
	updated_at: Date;
	who: string | null;
}

/** The group's recent history (HSDS metadata). Names come from profiles the caller may read. */
export async function recentChanges(tx: Tx, organisationId: string, limit = 30): Promise<AuditEntry[]> {
	return tx.query<AuditEntry>(
		`select a.resource_type, a.field_name, a.action_type, left(a.previous_value, 200) as previous_value,
		        left(a.replacement_value, 200) as replacement_value, a.updated_at,
		        coalesce(nullif(p.display_name, ''), p.email) as who
		   from public.audit_log a left join public.profiles p on p.id = a.updated_by
		  where a.organisation_id = $1 order by a.id desc limit $2`,
		[organisationId, limit]
	);
}
