import { json } from '@sveltejs/kit';
import { parsePlaceQuery } from '$lib/domain/place';
import { findPlace } from '$lib/server/repos/places';
import type { RequestHandler } from './$types';

// Postcode → the middle of its district, for putting a new place on the map. Public data only.
export const GET: RequestHandler = async ({ url, locals }) => {
	const query = parsePlaceQuery(url.searchParams.get('postcode')?.slice(0, 20) ?? '');
	if (query.kind !== 'postcode' && query.kind !== 'outcode') return json({ problem: 'postcode_invalid' }, { status: 404 });
	const place = await locals.withClaims((tx) => findPlace(tx, query));
	if (!place) return json({ problem: 'postcode_unknown' }, { status: 404 });
	return json({ lat: place.lat, lng: place.lng, label: place.label });
};
