import { z } from 'zod';
import { districtOf, type PlaceQuery } from '../../domain/place';
import type { Tx } from '../db/types';

export interface Place {
	lat: number;
	lng: number;
	/** What we show back: "CF10 (Butetown, Cardiff)" or "Pontypridd". */
	label: string;
	outcode: string | null;
}

const districtRow = z.object({ outcode: z.string(), lat: z.number(), lng: z.number(), town: z.string(), region: z.string() });

/** Turns a parsed postcode, district or town into a point via the postcode-district centroids. */
export async function findPlace(tx: Tx, query: PlaceQuery): Promise<Place | null> {
	switch (query.kind) {
		case 'postcode':
		case 'outcode': {
			const outcode = query.outcode;
			const rows = await tx.query(
				`select outcode, lat, lng, town, region from postcode_districts where outcode = any($1) order by outcode = $2 desc limit 1`,
				[[outcode, districtOf(outcode)], outcode]
			);
			if (!rows[0]) return null;
			const row = districtRow.parse(rows[0]);
			const label = query.kind === 'postcode' ? query.postcode : row.outcode;
			return { lat: row.lat, lng: row.lng, outcode: row.outcode, label: `${label} (${placeName(row.town, row.region)})` };
		}
		case 'town': {
			// A town or area name: the middle of every district that carries it.
			const rows = await tx.query<{ lat: number | null; lng: number | null; name: string | null; outcode: string | null }>(
				`select avg(lat)::float8 as lat, avg(lng)::float8 as lng, min(name) as name,
				        case when count(*) = 1 then min(outcode) end as outcode
				   from (select lat, lng, outcode,
				                case when lower(town) = lower($1) then town else region end as name
				           from postcode_districts
				          where lower(town) = lower($1) or lower(region) = lower($1)) matches`,
				[query.name]
			);
			const row = rows[0];
			if (!row || row.lat === null || row.lng === null) return null;
			return { lat: row.lat, lng: row.lng, outcode: row.outcode, label: row.name ?? query.name };
		}
		default:
			return null;
	}
}

function placeName(town: string, region: string) {
	return town && region && town !== region ? `${town}, ${region}` : town || region;
}

/** The district a point falls in (nearest centroid), for "use my location" and map clicks. */
export async function nearestDistrict(tx: Tx, lat: number, lng: number): Promise<Place | null> {
	const rows = await tx.query(
		`select outcode, lat, lng, town, region from postcode_districts
		  order by extensions.ll_to_earth(lat, lng) <-> extensions.ll_to_earth($1, $2) limit 1`,
		[lat, lng]
	);
	if (!rows[0]) return null;
	const row = districtRow.parse(rows[0]);
	return { lat, lng, outcode: row.outcode, label: `${row.outcode} (${placeName(row.town, row.region)})` };
}
