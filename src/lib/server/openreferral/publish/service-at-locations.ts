import { z } from 'zod';
import type { Tx } from '../../db/types';
import { findPlace } from '../../repos/places';
import { isUuid } from '../ids';
import { readLocations, readOffers } from './directory-rows';
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
	const conditions = offerConditions(filters, await readTerms(tx, origin), p).join(' and ');
	let distance = 'null::float8';
	let withinReach = '';
	if (nearness) {
		const centre = await findPlace(tx, nearness.place);
		if (!centre) throw new BadParameter('postcode', `The postcode "${nearness.asked}" is not one we know.`);
		const point = `extensions.ll_to_earth(${p.add(centre.lat)}::float8, ${p.add(centre.lng)}::float8)`;
		distance = `extensions.earth_distance(s.earth, ${point})`;
		// The box lets the GiST index on s.earth find the candidates; the distance trims the corners.
		withinReach = `and s.earth operator(extensions.<@) extensions.earth_box(${point}, ${p.add(nearness.proximity)}::float8)
		               and ${distance} <= ${p.add(nearness.proximity)}`;
	}
	const places = `
		select s.offer_id, s.location_id, s.title_en, ${distance} as distance_m
		  from offer_search s
		 where ${conditions} and s.location_id is not null and s.attendance <> 'online' ${withinReach}`;
	const online = `
		select s.offer_id, null::uuid, min(s.title_en), null::float8
		  from offer_search s
		 where ${conditions} and s.attendance <> 'in_person'
		 group by s.offer_id`;
	const found = nearness ? places : `${places} union all ${online}`;
	const [counted] = await tx.query<{ total: number }>(`select count(*)::int as total from (${found}) f`, p.values);
	const rows = await tx.query(
		`select offer_id, location_id from (${found}) f
		  order by distance_m, title_en, offer_id, location_id nulls last
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
 * public.service_at_location_offer() finds the offer through an index on the same name in SQL.
 */
export async function getServiceAtLocation(tx: Tx, id: string, origin: string) {
	const notFound = new NotFound(`There is no published service at a location with the id "${id}".`);
	if (!isUuid(id)) throw notFound;
	const [owner] = await tx.query<{ id: string | null }>('select public.service_at_location_offer($1::uuid) as id', [id]);
	const wanted = id.toLowerCase();
	const [offer] = owner?.id ? await readOffers(tx, [owner.id]) : [];
	if (!offer) throw notFound;
	const [full] = await fullServices(tx, [offer], origin);
	if (!full) throw notFound;
	const { service_at_locations, ...service } = full;
	const found = service_at_locations.find((candidate) => candidate.id === wanted);
	if (!found) throw notFound;
	return { ...found, service };
}
