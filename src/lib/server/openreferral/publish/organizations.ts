import type { Tx } from '../../db/types';
import { isUuid } from '../ids';
import { publishedOffer, readOffers, readOrganisations } from './directory-rows';
import { NotFound } from './http';
import { organizationIdentifiers, organizationSummary } from './hsds-organization';
import { readMetadata } from './metadata';
import { offsetOf, pageOf, type Paging } from './paging';
import { fullServices } from './services';

export async function listOrganizations(tx: Tx, paging: Paging, origin: string) {
	const [counted] = await tx.query<{ total: number }>(`select count(*)::int as total from organisations g where g.status = 'published'`);
	const ids = await tx.query<{ id: string }>(
		`select g.id from organisations g where g.status = 'published' order by g.name, g.id limit ${paging.perPage} offset ${offsetOf(paging)}`
	);
	const organisations = await readOrganisations(tx, ids.map((row) => row.id));
	return pageOf(organisations.map((g) => organizationSummary(g, origin)), counted?.total ?? 0, paging);
}

/** An organisation with its identifiers, its published services in full, and its metadata. */
export async function getOrganization(tx: Tx, id: string, origin: string) {
	const [organisation] = isUuid(id) ? await readOrganisations(tx, [id]) : [];
	if (!organisation) throw new NotFound(`There is no published organization with the id "${id}".`);
	const offerIds = await tx.query<{ id: string }>(
		`select o.id from offers o join organisations g on g.id = o.organisation_id
		  where ${publishedOffer} and o.organisation_id = $1 order by o.title_en, o.id`,
		[organisation.id]
	);
	const [services, metadataOf] = await Promise.all([
		readOffers(tx, offerIds.map((row) => row.id)).then((offers) => fullServices(tx, offers, origin)),
		readMetadata(tx, [organisation.id])
	]);
	return {
		...organizationSummary(organisation, origin),
		organization_identifiers: organizationIdentifiers(organisation),
		services,
		metadata: metadataOf(organisation.id)
	};
}
