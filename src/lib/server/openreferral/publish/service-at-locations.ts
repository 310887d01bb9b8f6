import { z } from 'zod';
import type { Tx } from '../../db/types';
import { findPlace } from '../../repos/places';
import { isUuid } from '../ids';
import { publishedOffer, readLocations, readOffers } from './directory-rows';
import { BadParameter, NotFound } from './http';
import { locationSummary, onlineLocation, serviceAtLocationId } from './hsds-location';
import { offerConditions, sqlParameters } from './offer-filters';
import { offsetOf, pageOf, type Paging } from './paging';
import type { Nearness, ServiceFilters } from './parameters';
import { fullServices, serviceSummaries } from './services';
import { readTerms } from './taxonomies';

// A service at a location: one per place an offer meets, and one virtual "Online" place for an
// offer held online (or both). Their ids are name-based (docs/openreferral.md, Ids).

const pairRow = z.object({ offer_id: z.string(), location_id: z.string().nullable() });

/**
 * With a postcode, only places within the proximity of its district's centre, nearest first;
 * online places have no distance, so they are left out. Without one, by service name.
 */
export async function listServiceAtLocations(
	tx: Tx, filters: ServiceFilters, nearness: Nearness | undefined, paging: Paging, origin: string
) {
	const p = sqlParameters();
	const conditions = [publishedOffer, ...offerConditions(filters, await readTerms(tx, origin), p)].join(' and ');
	let distance = 'null::float8';
	let withinReach = '';
	if (nearness) {
		const centre = await findPlace(tx, nearness.place);
		if (!centre) throw new BadParameter('postcode', `The postcode "${nearness.asked}" is not one we know.`);
		distance = `extensions.earth_distance(extensions.ll_to_earth(l.lat, l.lng),
		            extensions.ll_to_earth(${p.add(centre.lat)}::float8, ${p.add(centre.lng)}::float8))`;
		withinReach = `and ${distance} <= ${p.add(nearness.proximity)}`;
	}
	const places = `
		select o.id as offer_id, l.id as location_id, o.title_en, l.name as location_name, ${distance} as distance_m
		  from offers o join organisations g on g.id = o.organisation_id
		  join offer_locations ol on ol.offer_id = o.id
		  join locations l on l.id = ol.location_id
		 where ${conditions} and o.attendance <> 'online' ${withinReach}`;
	const online = `
		select o.id, null::uuid, o.title_en, null::text, null::float8
		  from offers o join organisations g on g.id = o.organisation_id
		 where ${conditions} and o.attendance <> 'in_person'`;
	const found = nearness ? places : `${places} union all ${online}`;
	const [counted] = await tx.query<{ total: number }>(`select count(*)::int as total from (${found}) f`, p.values);
	const rows = await tx.query(
		`select offer_id, location_id from (${found}) f
		  order by distance_m, title_en, offer_id, location_name nulls last, location_id nulls last
		  limit ${paging.perPage} offset ${offsetOf(paging)}`,
		p.values
	);
	const pairs = rows.map((row) => pairRow.parse(row));
	const offers = await readOffers(tx, [...new Set(pairs.map((pair) => pair.offer_id))]);
	const [services, locations] = await Promise.all([
		serviceSummaries(tx, offers, origin),
		readLocations(tx, pairs.flatMap((pair) => (pair.location_id ? [pair.location_id] : [])))
	]);
	const serviceOf = new Map(services.map((service) => [service.id, service]));
	const locationOf = new Map(locations.map((l) => [l.id, locationSummary(l)]));
	const contents = pairs.map(({ offer_id, location_id }) => {
		const place = location_id ? locationOf.get(location_id)! : onlineLocation(offer_id);
		return { id: serviceAtLocationId(offer_id, location_id), service_id: offer_id, location_id: place.id, location: place, service: serviceOf.get(offer_id)! };
	});
	return pageOf(contents, counted?.total ?? 0, paging);
}

/**
 * One service at a location, fully nested. Its id is named from the offer and the place;
 * public.hsds_id() names it the same way in SQL, and indexes on that find the pair directly.
 */
export async function getServiceAtLocation(tx: Tx, id: string, origin: string) {
	const notFound = new NotFound(`There is no published service at a location with the id "${id}".`);
	if (!isUuid(id)) throw notFound;
	const [owner] = await tx.query<{ id: string }>(
		`select ol.offer_id as id from offer_locations ol
		  where public.hsds_id(array['service_at_location', ol.offer_id::text, ol.location_id::text]) = $1::uuid
		 union all
		 select o.id from offers o
		  where o.attendance <> 'in_person' and public.hsds_id(array['service_at_location', o.id::text, 'online']) = $1::uuid
		 limit 1`,
		[id]
	);
	const wanted = id.toLowerCase();
	const [offer] = owner ? await readOffers(tx, [owner.id]) : [];
	if (!offer) throw notFound;
	const [full] = await fullServices(tx, [offer], origin);
	if (!full) throw notFound;
	const { service_at_locations, ...service } = full;
	const found = service_at_locations.find((candidate) => candidate.id === wanted);
	if (!found) throw notFound;
	return { ...found, service };
}
