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
 * The conditions the service filters make over `offers o` (ORUK's literal meanings: minimum_age
 * at least the value, maximum_age at most it; a day, start and end time that one schedule meets).
 * A term or taxonomy we do not have matches nothing.
 */
export function offerConditions(filters: ServiceFilters, terms: TaxonomyTerm[], p: SqlParameters): string[] {
	const conditions: string[] = [];
	// search_text is the lower-cased titles and descriptions in English and Welsh.
	for (const pattern of textSearchPatterns(filters.search ?? '')) conditions.push(`o.search_text like ${p.add(pattern)}`);
	if (filters.taxonomyTermId) {
		const meaning = meaningOf(terms, filters.taxonomyTermId);
		if (!meaning) conditions.push('false');
		else if ('kind' in meaning) conditions.push(`o.kind = ${p.add(meaning.kind)}`);
		else conditions.push(`exists (select 1 from offer_outcomes oo where oo.offer_id = o.id and oo.outcome_id = ${p.add(meaning.outcomeId)})`);
	}
	// Every offer has a kind, so the kinds taxonomy leaves every offer in; a taxonomy we do not have, none.
	if (filters.taxonomyId === outcomeTaxonomyId) {
		conditions.push(`exists (select 1 from offer_outcomes oo join outcomes t on t.id = oo.outcome_id
		                          where oo.offer_id = o.id and t.category <> 'process')`);
	} else if (filters.taxonomyId && filters.taxonomyId !== kindTaxonomyId) {
		conditions.push('false');
	}
	if (filters.organizationId) conditions.push(`o.organisation_id = ${p.add(filters.organizationId)}`);
	// Ages may be asked for as decimals (10.5); without the cast the parameter would be read as smallint and refused.
	if (filters.minimumAge !== undefined) conditions.push(`o.minimum_age >= ${p.add(filters.minimumAge)}::numeric`);
	if (filters.maximumAge !== undefined) conditions.push(`o.maximum_age <= ${p.add(filters.maximumAge)}::numeric`);
	const schedule: string[] = [];
	// Monthly rules name the day after an ordinal ('1TU', '-1FR'): the last two letters are the day.
	if (filters.day) schedule.push(`exists (select 1 from unnest(s.byday) d where right(d, 2) = ${p.add(filters.day)})`);
	if (filters.startTime) schedule.push(`s.opens_at >= ${p.add(filters.startTime)}::time`);
	if (filters.endTime) schedule.push(`s.closes_at <= ${p.add(filters.endTime)}::time`);
	if (schedule.length) conditions.push(`exists (select 1 from schedules s where s.offer_id = o.id and ${schedule.join(' and ')})`);
	return conditions;
}
