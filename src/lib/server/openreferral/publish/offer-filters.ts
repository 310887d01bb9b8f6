import { textSearchPatterns } from '$lib/domain/search';
import type { ServiceFilters } from './parameters';
import { kindTaxonomyId, meaningOf, outcomeTaxonomyId, type TaxonomyTerm } from './taxonomies';

/** Collects a statement's parameters and names each one ($1, $2…) as it is added. */
export function sqlParameters() {
	const values: unknown[] = [];
	return {
		values,
		add(value: unknown) {
			values.push(value);
			return `$${values.length}`;
		}
	};
}
export type SqlParameters = ReturnType<typeof sqlParameters>;

/**
 * The conditions the service filters make over `offer_search s`: one row per place of each
 * published offer of a published group (or one without a place), kept by triggers and indexed
 * for words and distance, with a read policy of `true` because it holds only public rows. The
 * normalised tables' row-level security would otherwise re-check offer → organisation for every
 * row of the directory. Filters offer_search does not carry (kind, organisation, ages, times) ask
 * `offers` and `schedules`, under their policies, for the rows left.
 *
 * ORUK's literal meanings: minimum_age at least the value, maximum_age at most it; a day, start and
 * end time that one schedule meets (a day counts while its rule has not ended). A term or taxonomy
 * we do not have matches nothing.
 */
export function offerConditions(filters: ServiceFilters, terms: TaxonomyTerm[], p: SqlParameters): string[] {
	const conditions: string[] = [];
	const offer: string[] = [];
	// search_text is the lower-cased titles and descriptions in English and Welsh (trigram-indexed).
	for (const pattern of textSearchPatterns(filters.search ?? '')) conditions.push(`s.search_text like ${p.add(pattern)}`);
	if (filters.taxonomyTermId) {
		const meaning = meaningOf(terms, filters.taxonomyTermId);
		if (!meaning) conditions.push('false');
		else if ('kind' in meaning) offer.push(`o.kind = ${p.add(meaning.kind)}`);
		else conditions.push(`s.outcome_ids @> array[${p.add(meaning.outcomeId)}::text]`);
	}
	// Offers carry only the outcomes people choose, so "in the outcomes taxonomy" is "has an outcome";
	// every offer has a kind, so the kinds taxonomy leaves every offer in; a taxonomy we do not have, none.
	if (filters.taxonomyId === outcomeTaxonomyId) conditions.push('cardinality(s.outcome_ids) > 0');
	else if (filters.taxonomyId && filters.taxonomyId !== kindTaxonomyId) conditions.push('false');
	if (filters.organizationId) offer.push(`o.organisation_id = ${p.add(filters.organizationId)}`);
	// Ages may be asked for as decimals (10.5); without the cast the parameter would be read as smallint and refused.
	if (filters.minimumAge !== undefined) offer.push(`o.minimum_age >= ${p.add(filters.minimumAge)}::numeric`);
	if (filters.maximumAge !== undefined) offer.push(`o.maximum_age <= ${p.add(filters.maximumAge)}::numeric`);
	if (offer.length) conditions.push(`exists (select 1 from offers o where o.id = s.offer_id and ${offer.join(' and ')})`);
	// offer_search keeps each offer's days (monthly rules' too) for the day alone; times need the rules.
	if (filters.day) conditions.push(`s.weekdays @> array[${p.add(filters.day)}::text]`);
	if (filters.startTime || filters.endTime) {
		const schedule: string[] = [];
		// Monthly rules name the day after an ordinal ('1TU', '-1FR'): the last two letters are the day.
		if (filters.day) schedule.push(`exists (select 1 from unnest(sc.byday) d where right(d, 2) = ${p.add(filters.day)})`);
		if (filters.startTime) schedule.push(`sc.opens_at >= ${p.add(filters.startTime)}::time`);
		if (filters.endTime) schedule.push(`sc.closes_at <= ${p.add(filters.endTime)}::time`);
		conditions.push(`exists (select 1 from schedules sc where sc.offer_id = s.offer_id and ${schedule.join(' and ')})`);
	}
	return conditions.length ? conditions : ['true'];
}
