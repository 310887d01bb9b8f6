import { isInUk } from '../../../domain/geo';
import { parsePlaceQuery } from '../../../domain/place';
import type { Tx } from '../../db/types';
import { findPlace, nearestDistrict } from '../../repos/places';
import { placeCell } from '../../place-cell';
import type { PlaceToFind } from './map-service';
import type { ImportProblem } from './types';

// A location goes on the map by its coordinates, or failing those by its postcode district's
// middle, as a group's own place does (repos/listings.ts). Outcode and H3 cell feed the area statistics.

export interface LocationFields {
	name: string;
	address: string;
	town: string;
	postcode: string | null;
	outcode: string | null;
	lat: number;
	lng: number;
	h3: string;
	accessibility: string[];
}

export interface PlacedLocation {
	sourceId: string;
	fields: LocationFields;
}

type Warn = (field: string, code: ImportProblem['code'], params: ImportProblem['params']) => void;

/**
 * The district nearest each point an import has asked about. nearestDistrict() reads every district
 * (there is no index on their distance), some 30 ms, so an import of thousands of places asks once
 * per point and a re-import reuses the district its locations already have.
 */
export type DistrictCache = Map<string, string | null>;
export const districtKey = (lat: number, lng: number) => `${lat},${lng}`;

export async function placeLocation(tx: Tx, place: PlaceToFind, warn: Warn, districts: DistrictCache = new Map()): Promise<PlacedLocation | null> {
	const parsed = place.postcode ? parsePlaceQuery(place.postcode) : null;
	const postcode = parsed?.kind === 'postcode' ? parsed.postcode : null;
	const outcode = parsed?.kind === 'postcode' || parsed?.kind === 'outcode' ? parsed.outcode : null;
	let point = place.point;
	if (point && !isInUk(point.lat, point.lng)) {
		warn(`${place.field}.latitude`, 'location_outside_uk', { location: place.name, latitude: point.lat, longitude: point.lng });
		return null;
	}
	let district = outcode;
	if (!point) {
		const found = parsed && outcode ? await findPlace(tx, parsed) : null;
		if (!found) {
			warn(`${place.field}.addresses`, 'location_not_placed', { location: place.name, postcode: place.postcode ?? '' });
			return null;
		}
		point = { lat: found.lat, lng: found.lng };
	} else if (!district) {
		const key = districtKey(point.lat, point.lng);
		if (!districts.has(key)) districts.set(key, (await nearestDistrict(tx, point.lat, point.lng))?.outcode ?? null);
		district = districts.get(key) ?? null;
	}
	return {
		sourceId: place.sourceId,
		fields: {
			name: place.name, address: place.address, town: place.town, postcode, outcode: district,
			lat: point.lat, lng: point.lng, h3: placeCell(point.lat, point.lng), accessibility: place.accessibility
		}
	};
}
