import { z } from 'zod';
import { districtOf, type PlaceQuery } from '../../domain/place';
import { placeNameVariants } from '../../domain/welsh-place-names';
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
			// A town or area name, in English or Welsh: the middle of every district that carries it.
			// Exact names win; failing that, a name that starts with what was typed ("Merthyr").
			const names = placeNameVariants(query.name);
			const prefixes = [...query.name].length >= 4 ? names.map((name) => `${name}%`) : [];
			const rows = await tx.query<{ name: string; lat: number; lng: number; outcode: string | null }>(
				`select name, avg(lat)::float8 as lat, avg(lng)::float8 as lng,
				        case when count(*) = 1 then min(outcode) end as outcode
				   from (select d.lat, d.lng, d.outcode, d.region, d.country, m.name, m.rank
				           from postcode_districts d
				          cross join lateral (select regexp_replace(d.region, '^The ', '') as area) r
				          cross join lateral (values
				                (d.town, case when lower(d.town) = any($1) then 0 when lower(d.town) like any($2) then 1 end),
				                (r.area, case when lower(r.area) = any($1) then 0 when lower(r.area) like any($2) then 1 end)
				          ) m(name, rank)
				          where m.rank is not null and m.name <> '') matches
				  -- One name can be several places (Newport in Gwent, Shropshire, the Isle of Wight…): never
				  -- average them. Prefer an exact name, then Wales (where the service starts), then the biggest.
				  group by name, region
				  order by min(rank), bool_or(country = 'Wales') desc, count(*) desc, length(name)
				  limit 1`,
				[names, prefixes]
			);
			const row = rows[0];
			return row ? { lat: row.lat, lng: row.lng, outcode: row.outcode, label: row.name } : null;
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
