import type { Tx } from '../db/types';
import { databaseHint, withSavepoint } from '../db/errors';
import { listReports } from './listings';

// The moderation queue and the decisions on it. Moderators read and edit every organisation and
// offer (RLS); claims are decided through decide_claim(), which also makes the claimant an owner.

export interface PendingOrganisation {
	id: string;
	name: string;
	name_cy: string | null;
	description_en: string;
	email: string | null;
	phone: string | null;
	website: string | null;
	charity_number: string | null;
	company_number: string | null;
	created_at: Date;
}

export interface PendingOffer {
	id: string;
	organisation_id: string;
	organisation_name: string;
	organisation_status: string;
	organisation_verified: boolean;
	title_en: string;
	title_cy: string | null;
	description_en: string;
	kind: string;
	cost: string;
	outcome_ids: string[];
	towns: string[];
	/** Set for an imported offer: where it came from, and its terms there no mapping turned into an outcome. */
	source: string | null;
	source_terms: string[];
	created_at: Date;
}

export interface PendingClaim {
	id: string;
	organisation_id: string;
	organisation_name: string;
	claimant_email: string | null;
	message: string;
	created_at: Date;
}

export interface HiddenOffer {
	id: string;
	title_en: string;
	organisation_name: string;
	moderation_note: string | null;
}

export async function moderationQueue(tx: Tx) {
	const [organisations, offers, claims, reports, hidden, unverified] = await Promise.all([
		tx.query<PendingOrganisation>(
			`select id, name, name_cy, description_en, email, phone, website, charity_number, company_number, created_at
			   from public.organisations where status = 'pending' order by created_at limit 50`
		),
		tx.query<PendingOffer>(
			`select o.id, o.organisation_id, g.name as organisation_name, g.status as organisation_status,
			        g.verified_at is not null as organisation_verified, o.title_en, o.title_cy, o.description_en, o.kind, o.cost,
			        array(select outcome_id from public.offer_outcomes where offer_id = o.id order by 1) as outcome_ids,
			        array(select distinct l.town from public.offer_locations ol join public.locations l on l.id = ol.location_id
			               where ol.offer_id = o.id and l.town <> '' order by 1) as towns,
			        o.source, o.source_terms, o.created_at
			   from public.offers o join public.organisations g on g.id = o.organisation_id
			  where o.status = 'pending' order by o.created_at limit 50`
		),
		tx.query<PendingClaim>(
			`select c.id, c.organisation_id, g.name as organisation_name, c.claimant_email, c.message, c.created_at
			   from public.organisation_claims c join public.organisations g on g.id = c.organisation_id
			  where c.status = 'pending' order by c.created_at limit 50`
		),
		listReports(tx, null),
		tx.query<HiddenOffer>(
			`select o.id, o.title_en, g.name as organisation_name, o.moderation_note
			   from public.offers o join public.organisations g on g.id = o.organisation_id
			  where o.status = 'hidden' order by o.updated_at desc limit 50`
		),
		tx.query<{ id: string; name: string; offers: number }>(
			`select g.id, g.name, (select count(*)::int from public.offers o where o.organisation_id = g.id and o.status = 'published') as offers
			   from public.organisations g where g.status = 'published' and g.verified_at is null
			  order by g.created_at desc limit 20`
		)
	]);
	return { organisations, offers, claims, reports, hidden, unverified };
}

/** Approve (optionally verifying) or turn back an organisation with a reason the group sees. */
export async function decideOrganisation(tx: Tx, id: string, approve: boolean, verify: boolean, note: string | null): Promise<{ name: string } | null> {
	// An approval's note goes in the mail only; a stored note means "the moderator asked for changes".
	const [row] = approve
		? await tx.query<{ name: string }>(
				`update public.organisations set status = 'published', moderation_note = null,
				        verified_at = case when $2 then coalesce(verified_at, now()) else verified_at end
				  where id = $1 and status = 'pending' returning name`,
				[id, verify]
			)
		: await tx.query<{ name: string }>(
				`update public.organisations set status = 'draft', moderation_note = $2 where id = $1 and status = 'pending' returning name`,
				[id, note]
			);
	return row ?? null;
}

export async function verifyOrganisation(tx: Tx, id: string): Promise<boolean> {
	return (await tx.query(`update public.organisations set verified_at = coalesce(verified_at, now()) where id = $1 returning id`, [id])).length === 1;
}

export async function decideOffer(tx: Tx, id: string, approve: boolean, note: string | null): Promise<{ organisation_id: string; title_en: string } | null> {
	const [row] = await tx.query<{ organisation_id: string; title_en: string }>(
		`update public.offers o set status = $2, moderation_note = case when $2 = 'published' then null else $3 end
		  where o.id = $1 and o.status = 'pending'
		    -- An offer nobody can find by an outcome is not approved: an untagged import is tagged instead.
		    and ($2 <> 'published' or exists (select 1 from public.offer_outcomes oo where oo.offer_id = o.id))
		 returning o.organisation_id, o.title_en`,
		[id, approve ? 'published' : 'draft', note]
	);
	return row ?? null;
}

/** Takes an offer out of the directory at once (a report showed harm); the group sees why. */
export async function hideOffer(tx: Tx, id: string, note: string): Promise<{ organisation_id: string; title_en: string } | null> {
	const [row] = await tx.query<{ organisation_id: string; title_en: string }>(
		`update public.offers set status_before_hidden = status, status = 'hidden', moderation_note = $2
		  where id = $1 and status <> 'hidden'
		 returning organisation_id, title_en`,
		[id, note]
	);
	// The reports about it have had a moderator's attention.
	if (row) await tx.query(`update public.listing_reports set moderated_at = now() where offer_id = $1 and moderated_at is null`, [id]);
	return row ?? null;
}

export async function restoreOffer(tx: Tx, id: string): Promise<boolean> {
	// Back to what it was, so a paused or never-approved offer is not published by being restored.
	return (await tx.query(
		`update public.offers set status = coalesce(status_before_hidden, 'draft'), status_before_hidden = null, moderation_note = null
		  where id = $1 and status = 'hidden' returning id`,
		[id]
	)).length === 1;
}

/** Decides a claim; returns who to tell and about which group, or null if it was decided already. */
export async function decideClaim(tx: Tx, id: string, approve: boolean, note: string | null) {
	try {
		await withSavepoint(tx, (tx) => tx.query(`select public.decide_claim($1, $2, $3)`, [id, approve, note]));
	} catch (error) {
		if (databaseHint(error) === 'claim_decided') return null;
		throw error;
	}
	const [claim] = await tx.query<{ claimant_email: string | null; organisation_id: string; name: string }>(
		`select c.claimant_email, c.organisation_id, g.name from public.organisation_claims c
		   join public.organisations g on g.id = c.organisation_id where c.id = $1`,
		[id]
	);
	return claim ?? null;
}
