import { nameBasedId } from '../ids';
import type { OfferRow, ScheduleRow } from './directory-rows';
import { optional, translations } from './hsds-fields';
import { costLabels, exceptionNotes, isoLanguageCode, languageName, waitingListAlert } from './labels';
import type { OrganizationSummary } from './hsds-organization';
import { kindTermId, outcomeTermId, type TaxonomyTerm } from './taxonomies';

// An offer as an HSDS service (docs/openreferral.md, Publishing).

/** The service's one-to-one fields (service_list.json) with its organisation, Welsh and our own fields. */
export function serviceSummary(o: OfferRow, organization: OrganizationSummary, origin: string) {
	const alert = o.capacity === 'waiting_list' ? waitingListAlert : null;
	// The waiting-list sentence is ours; its Welsh goes with the group's own Welsh, when there is some.
	const hasWelsh = !!(o.title_cy || o.description_cy || o.cost_note_cy);
	return {
		id: o.id,
		organization_id: o.organisation_id,
		name: o.title_en,
		description: o.description_en,
		...optional('url', o.website),
		...optional('email', o.contact_email),
		status: 'active' as const,
		fees: o.cost_note_en || costLabels[o.cost],
		...optional('minimum_age', o.minimum_age),
		...optional('maximum_age', o.maximum_age),
		...optional('assured_date', o.approved_at?.toISOString().slice(0, 10)),
		...optional('alert', alert?.en),
		last_modified: o.updated_at.toISOString(),
		organization,
		...translations({ name: o.title_cy, description: o.description_cy, fees: o.cost_note_cy, alert: hasWelsh ? alert?.cy : null }),
		'x-what-matters': {
			kind: o.kind,
			access: o.access,
			attendance: o.attendance,
			who_for: o.who_for,
			capacity: o.capacity,
			page: `${origin}/offers/${o.id}`
		}
	};
}

export function schedule(s: ScheduleRow) {
	return {
		id: s.id,
		service_id: s.offer_id,
		freq: s.freq,
		interval: s.interval,
		byday: s.byday.join(','),
		opens_at: s.opens_at,
		closes_at: s.closes_at,
		...optional('valid_from', s.valid_from),
		...optional('valid_to', s.valid_to),
		...optional('description', s.note_en),
		...optional('notes', exceptionNotes(s)),
		...translations({ description: s.note_cy }),
		// HSDS has no field for exceptions; the notes say them in words, this says them exactly.
		...(s.except_months.length || s.except_dates.length
			? { 'x-what-matters': { except_months: s.except_months, except_dates: s.except_dates } }
			: {})
	};
}

export const languages = (o: OfferRow) =>
	o.languages.map((code) => ({
		id: nameBasedId('language', o.id, code),
		service_id: o.id,
		name: languageName(code),
		code: isoLanguageCode(code)
	}));

export const costOptions = (o: OfferRow) => [{
	id: nameBasedId('cost_option', o.id),
	service_id: o.id,
	option: costLabels[o.cost],
	...(o.cost === 'free' ? { amount: 0 } : {}),
	...optional('amount_description', o.cost_note_en),
	...translations({ amount_description: o.cost_note_cy })
}];

export function contacts(o: OfferRow) {
	if (!o.contact_email && !o.contact_phone) return [];
	const phones = o.contact_phone ? [{ id: nameBasedId('phone', o.id), number: o.contact_phone }] : [];
	return [{ id: nameBasedId('contact', o.id), service_id: o.id, ...optional('email', o.contact_email), phones }];
}

/** One attribute per outcome the offer serves, and one for its kind. */
export function attributes(o: OfferRow, outcomeIds: string[], terms: Map<string, TaxonomyTerm>) {
	const termIds = [...outcomeIds.map(outcomeTermId), kindTermId(o.kind)];
	return termIds.flatMap((termId) => {
		const term = terms.get(termId);
		return term
			? [{ id: nameBasedId('attribute', o.id, termId), link_id: o.id, link_type: 'service', taxonomy_term_id: termId, taxonomy_term: term }]
			: [];
	});
}
