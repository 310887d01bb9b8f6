import { nameBasedId } from '../ids';
import type { OrganisationRow } from './directory-rows';
import { optional, translations } from './hsds-fields';

/** The organisation's one-to-one fields (organization_list.json), and its Welsh. */
export function organizationSummary(g: OrganisationRow, origin: string) {
	return {
		id: g.id,
		name: g.name,
		description: g.description_en,
		...optional('email', g.email),
		...optional('website', g.website),
		uri: `${origin}/organisations/${g.id}`,
		...translations({ name: g.name_cy, description: g.description_cy })
	};
}
export type OrganizationSummary = ReturnType<typeof organizationSummary>;

const identifierSchemes = [
	{ scheme: 'GB-CHC', type: 'Charity number', column: 'charity_number' },
	{ scheme: 'GB-COH', type: 'Company number', column: 'company_number' }
] as const;

export function organizationIdentifiers(g: OrganisationRow) {
	return identifierSchemes.flatMap(({ scheme, type, column }) => {
		const identifier = g[column];
		return identifier
			? [{
				id: nameBasedId('organization_identifier', g.id, scheme),
				organization_id: g.id,
				identifier_scheme: scheme,
				identifier_type: type,
				identifier
			}]
			: [];
	});
}
