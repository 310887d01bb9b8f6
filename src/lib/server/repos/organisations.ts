import { z } from 'zod';
import { offerKinds, costs } from '../../domain/directory';
import type { Tx } from '../db/types';

export const organisationRow = z.object({
	id: z.string(),
	name: z.string(),
	name_cy: z.string().nullable(),
	description_en: z.string(),
	description_cy: z.string().nullable(),
	email: z.string().nullable(),
	phone: z.string().nullable(),
	website: z.string().nullable(),
	charity_number: z.string().nullable(),
	company_number: z.string().nullable(),
	verified: z.boolean(),
	is_demo: z.boolean(),
	/** The directory an imported listing came from, and when. */
	source: z.string().nullable(),
	imported_at: z.date().nullable()
});

const organisationOfferRow = z.object({
	id: z.string(),
	title_en: z.string(),
	title_cy: z.string().nullable(),
	kind: z.enum(offerKinds),
	cost: z.enum(costs),
	towns: z.array(z.string())
});

export type Organisation = z.infer<typeof organisationRow> & { offers: z.infer<typeof organisationOfferRow>[] };

const uuid = z.uuid();

/** A visible organisation with its visible offers; null when it is not there or not visible. */
export async function getOrganisation(tx: Tx, id: string): Promise<Organisation | null> {
	if (!uuid.safeParse(id).success) return null;
	const rows = await tx.query(
		`select id, name, name_cy, description_en, description_cy, email, phone, website, charity_number, company_number,
		        verified_at is not null as verified, is_demo, source, imported_at
		   from organisations where id = $1 and status = 'published'`,
		[id]
	);
	if (!rows[0]) return null;
	const offers = await tx.query(
		`select o.id, o.title_en, o.title_cy, o.kind, o.cost,
		        coalesce(array(select distinct l.town from offer_locations ol join locations l on l.id = ol.location_id
		                        where ol.offer_id = o.id and l.town <> '' order by 1), '{}') as towns
		   from offers o where o.organisation_id = $1 and o.status = 'published' order by o.title_en`,
		[id]
	);
	return { ...organisationRow.parse(rows[0]), offers: offers.map((row) => organisationOfferRow.parse(row)) };
}
