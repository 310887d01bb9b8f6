import { nameBasedId } from '../ids';
import type { LocationRow } from './directory-rows';
import { accessibilityLabel } from './labels';

export const serviceAtLocationId = (offerId: string, locationId: string | null) =>
	nameBasedId('service_at_location', offerId, locationId ?? 'online');

/** A place's one-to-one fields (service_at_location_list.json). */
export const locationSummary = (l: LocationRow) => ({
	id: l.id,
	location_type: 'physical' as const,
	name: l.name,
	latitude: l.lat,
	longitude: l.lng
});

/** A place with its address and accessibility. */
export function location(l: LocationRow) {
	return {
		...locationSummary(l),
		addresses: [{
			id: nameBasedId('address', l.id),
			location_id: l.id,
			address_1: l.address || l.name,
			city: l.town,
			state_province: l.region,
			postal_code: l.postcode ?? l.outcode ?? '',
			country: 'GB',
			address_type: 'physical'
		}],
		accessibility: l.accessibility.map((feature) => ({
			id: nameBasedId('accessibility', l.id, feature),
			location_id: l.id,
			accessibility: feature,
			description: accessibilityLabel(feature)
		}))
	};
}

/** Where an online offer (or the online half of "both") takes place. */
export const onlineLocation = (offerId: string) => ({
	id: nameBasedId('online-location', offerId),
	location_type: 'virtual' as const,
	name: 'Online',
	description: 'Takes place online.'
});
