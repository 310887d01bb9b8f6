import { parse as parsePostcode, validOutcode, toDistrict } from 'postcode';

/** What someone typed into "Where are you?", understood. */
export type PlaceQuery =
	| { kind: 'empty' }
	| { kind: 'postcode'; postcode: string; outcode: string; district: string }
	| { kind: 'outcode'; outcode: string }
	| { kind: 'town'; name: string }
	| { kind: 'unrecognised'; input: string };

export const maxPlaceLength = 60;

// Letters in any script (Welsh ŵ ŷ â included), spaces, hyphens, apostrophes and full stops: "St. Davids", "Merthyr Tudful".
const townPattern = /^[\p{L}][\p{L}\p{M} .'’-]{1,58}$/u;

export function parsePlaceQuery(raw: string): PlaceQuery {
	const input = raw.normalize('NFC').trim().replace(/\s+/g, ' ');
	if (!input) return { kind: 'empty' };
	const postcode = parsePostcode(input);
	if (postcode.valid) {
		return {
			kind: 'postcode',
			postcode: postcode.postcode,
			outcode: postcode.outcode,
			district: postcode.district
		};
	}
	const compact = input.replace(/\s/g, '').toUpperCase();
	if (validOutcode(compact)) return { kind: 'outcode', outcode: compact };
	if (townPattern.test(input)) return { kind: 'town', name: input };
	return { kind: 'unrecognised', input };
}

/** Sub-districts (EC1A) are not in the centroid table; their district (EC1) is. */
export function districtOf(outcode: string): string {
	return toDistrict(`${outcode} 1AA`) ?? outcode;
}
