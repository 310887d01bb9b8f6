import type { Tx } from '../db/types';

// What admins and moderators do with imported Open Referral data: keep the taxonomy-term → outcome
// mappings, see which terms still wait for one, read the import log, and tag imported offers that
// arrived without an outcome. RLS decides who: mappings and the log are admins'; offers, moderators'.

export interface TermMapping {
	id: string;
	taxonomy: string;
	term: string;
	outcome_id: string;
	created_at: Date;
}

export async function listTermMappings(tx: Tx): Promise<TermMapping[]> {
	return tx.query<TermMapping>(
		`select id, taxonomy, term, outcome_id, created_at from public.openreferral_term_mappings
		  order by lower(taxonomy), lower(term), outcome_id`
	);
}

export interface NewTermMapping {
	taxonomy: string;
	term: string;
	outcomeId: string;
}

/**
 * Adds a mapping and applies it at once to imported offers waiting for a moderator with that term,
 * which then carry the outcome and are published (as an import publishes an offer with a mapped term).
 * Returns null when the same mapping exists already.
 */
export async function addTermMapping(tx: Tx, mapping: NewTermMapping, userId: string): Promise<{ offersTagged: number } | null> {
	const added = await tx.query(
		`insert into public.openreferral_term_mappings (taxonomy, term, outcome_id, created_by) values ($1, $2, $3, $4)
		 on conflict do nothing returning id`,
		[mapping.taxonomy, mapping.term, mapping.outcomeId, userId]
	);
	if (added.length === 0) return null;
	const waiting = await tx.query<{ id: string }>(
		`select o.id from public.offers o
		  where o.status = 'pending' and o.source is not null
		    and exists (select 1 from unnest(o.source_terms) t where lower(t) = lower($1))`,
		[mapping.term]
	);
	const ids = waiting.map((row) => row.id);
	if (ids.length === 0) return { offersTagged: 0 };
	await tx.query(
		`insert into public.offer_outcomes (offer_id, outcome_id) select unnest($1::uuid[]), $2 on conflict do nothing`,
		[ids, mapping.outcomeId]
	);
	await tx.query(
		`update public.offers o
		    set source_terms = array(select t from unnest(o.source_terms) t where lower(t) <> lower($2)),
		        status = case when exists (select 1 from public.organisations g where g.id = o.organisation_id and g.status = 'published')
		                      then 'published' else o.status end
		  where o.id = any($1::uuid[])`,
		[ids, mapping.term]
	);
	return { offersTagged: ids.length };
}

export async function removeTermMapping(tx: Tx, id: string): Promise<boolean> {
	return (await tx.query(`delete from public.openreferral_term_mappings where id = $1 returning id`, [id])).length === 1;
}

/** The source terms imported offers are waiting on, most common first: what a mapping would clear. */
export async function termsWaiting(tx: Tx, limit = 30): Promise<{ term: string; offers: number }[]> {
	return tx.query(
		`select min(t) as term, count(distinct o.id)::int as offers
		   from public.offers o, unnest(o.source_terms) t
		  where o.status = 'pending' and o.source is not null
		  group by lower(t) order by count(distinct o.id) desc, lower(t) limit $1`,
		[limit]
	);
}

export interface ImportLogEntry {
	id: string;
	source: string;
	files: string[];
	mode: 'all_or_nothing' | 'valid_only';
	outcome: 'imported' | 'rejected';
	organisations_added: number;
	organisations_updated: number;
	services_added: number;
	services_updated: number;
	services_to_tag: number;
	records_skipped: number;
	problem_count: number;
	created_at: Date;
}

export async function listImports(tx: Tx, limit = 20): Promise<ImportLogEntry[]> {
	return tx.query<ImportLogEntry>(
		`select id, source, files, mode, outcome, organisations_added, organisations_updated, services_added, services_updated,
		        services_to_tag, records_skipped, jsonb_array_length(problems) as problem_count, created_at
		   from public.openreferral_imports order by created_at desc limit $1`,
		[limit]
	);
}

/**
 * A moderator gives an imported offer its outcomes and publishes it. Only an imported offer still
 * waiting (pending, no outcome yet) qualifies; null when someone else got there first.
 */
export async function tagImportedOffer(tx: Tx, offerId: string, outcomeIds: string[]): Promise<{ organisation_id: string; title_en: string } | null> {
	const [offer] = await tx.query<{ organisation_id: string; title_en: string }>(
		`select o.organisation_id, o.title_en from public.offers o
		  where o.id = $1 and o.status = 'pending' and o.source is not null
		    and not exists (select 1 from public.offer_outcomes oo where oo.offer_id = o.id)
		  for update`,
		[offerId]
	);
	if (!offer) return null;
	await tx.query(`insert into public.offer_outcomes (offer_id, outcome_id) select $1, unnest($2::text[])`, [offerId, outcomeIds]);
	await tx.query(`update public.offers set status = 'published', source_terms = '{}', moderation_note = null where id = $1`, [offerId]);
	return offer;
}
