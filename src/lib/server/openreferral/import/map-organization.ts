import { webAddressOf, welshOf } from './check-tables';
import { objects, text } from './records';
import type { Hsds } from './types';

export interface OrganisationFields {
	name: string;
	name_cy: string | null;
	description_en: string;
	description_cy: string | null;
	email: string | null;
	website: string | null;
	charity_number: string | null;
	company_number: string | null;
}

const identifierOf = (organization: Hsds, scheme: string) =>
	objects(organization.organization_identifiers).filter((i) => text(i, 'identifier_scheme')?.toUpperCase() === scheme).map((i) => text(i, 'identifier')).find(Boolean) ?? null;

export function mapOrganization(organization: Hsds): OrganisationFields {
	const welsh = welshOf(organization);
	return {
		name: text(organization, 'name')!,
		name_cy: text(welsh, 'name'),
		description_en: text(organization, 'description') ?? '',
		description_cy: text(welsh, 'description'),
		email: text(organization, 'email'),
		website: webAddressOf(organization, 'website'),
		charity_number: identifierOf(organization, 'GB-CHC'),
		company_number: identifierOf(organization, 'GB-COH')
	};
}
