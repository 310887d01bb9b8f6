import type { Tx } from '../../db/types';
import { isUuid } from '../ids';
import {
	groupBy, readOfferLocations, readOffers, readOrganisations, readOutcomeLinks, readSchedules, type OfferRow
} from './directory-rows';
import { NotFound } from './http';
import { location, onlineLocation, serviceAtLocationId } from './hsds-location';
import { organizationIdentifiers, organizationSummary } from './hsds-organization';
import { attributes, contacts, costOptions, languages, schedule, serviceSummary } from './hsds-service';
import { readMetadata } from './metadata';
import { offerConditions, sqlParameters } from './offer-filters';
import { offsetOf, pageOf, type Paging } from './paging';
import type { ServiceFilters } from './parameters';
import { readTerms } from './taxonomies';

/**
 * Services with their one-to-one fields and organisation, for a page of offers; a full service's
 * organisation also carries its charity and company numbers.
 */
export async function serviceSummaries(tx: Tx, offers: OfferRow[], origin: string, { identifiers = false } = {}) {
	const organisations = await readOrganisations(tx, [...new Set(offers.map((o) => o.organisation_id))]);
	const organizationOf = new Map(organisations.map((g) => [
		g.id,
		identifiers ? { ...organizationSummary(g, origin), organization_identifiers: organizationIdentifiers(g) } : organizationSummary(g, origin)
	]));
	// RLS shows an offer only with its published organisation, so every offer finds it.
	return offers.map((o) => serviceSummary(o, organizationOf.get(o.organisation_id)!, origin));
}

/** Fully nested services: schedules, places, languages, costs, contacts, outcomes and kind, metadata. */
export async function fullServices(tx: Tx, offers: OfferRow[], origin: string) {
	const ids = offers.map((o) => o.id);
	const [summaries, schedules, places, outcomeLinks, terms, metadataOf] = await Promise.all([
		serviceSummaries(tx, offers, origin, { identifiers: true }),
		readSchedules(tx, ids),
		readOfferLocations(tx, ids),
		readOutcomeLinks(tx, ids),
		readTerms(tx, origin),
		readMetadata(tx, ids)
	]);
	const schedulesOf = groupBy(schedules, (s) => s.offer_id);
	const placesOf = groupBy(places, (l) => l.offer_id);
	const outcomesOf = groupBy(outcomeLinks, (link) => link.offer_id);
	const termById = new Map(terms.map((term) => [term.id, term]));
	return offers.map((o, index) => {
		const physical = placesOf(o.id).map((l) => ({
			id: serviceAtLocationId(o.id, l.id), service_id: o.id, location_id: l.id, location: location(l)
		}));
		const online = o.attendance === 'in_person'
			? []
			: [{ id: serviceAtLocationId(o.id, null), service_id: o.id, location_id: onlineLocation(o.id).id, location: onlineLocation(o.id) }];
		return {
			...summaries[index]!,
			schedules: schedulesOf(o.id).map(schedule),
			service_at_locations: [...physical, ...online],
			languages: languages(o),
			cost_options: costOptions(o),
			contacts: contacts(o),
			attributes: attributes(o, outcomesOf(o.id).map((link) => link.outcome_id), termById),
			metadata: metadataOf(o.id)
		};
	});
}
export type FullService = Awaited<ReturnType<typeof fullServices>>[number];

export async function listServices(tx: Tx, filters: ServiceFilters, paging: Paging, origin: string) {
	const p = sqlParameters();
	const conditions = offerConditions(filters, await readTerms(tx, origin), p).join(' and ');
	const where = `from offer_search s where ${conditions}`;
	// Counted by grouping (cheaper than count(distinct)); listed by name through the title index.
	const [counted] = await tx.query<{ total: number }>(`select count(*)::int as total from (select s.offer_id ${where} group by s.offer_id) m`, p.values);
	const ids = await tx.query<{ offer_id: string }>(
		`select distinct s.title_en, s.offer_id ${where} order by s.title_en, s.offer_id limit ${paging.perPage} offset ${offsetOf(paging)}`,
		p.values
	);
	const offers = await readOffers(tx, ids.map((row) => row.offer_id));
	return pageOf(await serviceSummaries(tx, offers, origin), counted?.total ?? 0, paging);
}

export async function getService(tx: Tx, id: string, origin: string) {
	const [offer] = isUuid(id) ? await readOffers(tx, [id]) : [];
	if (!offer) throw new NotFound(`There is no published service with the id "${id}".`);
	const [service] = await fullServices(tx, [offer], origin);
	return service!;
}
