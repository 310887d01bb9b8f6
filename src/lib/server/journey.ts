import { latLngToCell } from 'h3-js';
import { isInUk } from '../domain/geo';
import { parsePlaceQuery } from '../domain/place';
import type { JourneyAnswers } from '../domain/journey';
import type { Tx } from './db/types';
import type { PlanArea } from './repos/plans';
import { findPlace, nearestDistrict, type Place } from './repos/places';

// Where the journey's "where are you?" answer points, and the area a plan or a demand row keeps.

export type PlaceAnswer =
	| { ok: true; place: Place | null }
	| { ok: false; problem: 'unknown_place' | 'unrecognised_place' | 'outside_uk' };

export async function placeOfAnswers(tx: Tx, answers: JourneyAnswers): Promise<PlaceAnswer> {
	const where = answers.where.trim();
	if (where) {
		const query = parsePlaceQuery(where);
		const place = await findPlace(tx, query);
		if (place) return { ok: true, place };
		return { ok: false, problem: query.kind === 'unrecognised' ? 'unrecognised_place' : 'unknown_place' };
	}
	const lat = Number(answers.lat);
	const lng = Number(answers.lng);
	if (answers.lat && answers.lng && Number.isFinite(lat) && Number.isFinite(lng)) {
		if (!isInUk(lat, lng)) return { ok: false, problem: 'outside_uk' };
		return { ok: true, place: await nearestDistrict(tx, lat, lng) };
	}
	return { ok: true, place: null };
}

/** H3 resolution 7 (about 5 km²): fine enough for planning, too coarse to find a home. */
export const areaResolution = 7;

/**
 * The area a plan or a demand row keeps: the postcode district (its centre, its name), never a
 * full postcode or the device's own location. A town that spans districts keeps the town.
 */
export async function areaOf(tx: Tx, place: Place | null): Promise<PlanArea> {
	if (!place) return { district: null, label: null, lat: null, lng: null, h3: null };
	const district = place.outcode ? await findPlace(tx, { kind: 'outcode', outcode: place.outcode }) : null;
	const shown = district ?? place;
	return {
		district: place.outcode,
		label: shown.label,
		lat: shown.lat,
		lng: shown.lng,
		h3: latLngToCell(shown.lat, shown.lng, areaResolution)
	};
}
