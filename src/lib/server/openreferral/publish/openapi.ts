import official from '../schema/openapi.json' with { type: 'json' };
import { defaultPerPage, maxPerPage } from './paging';
import { defaultProximity } from './parameters';

// This API's own OpenAPI document, derived from Open Referral UK's (schema/openapi.json, CC BY-SA
// 4.0): the same operations and schemas, with the parameters we support, the organisation
// endpoints, our extensions and our error answers.

export const apiDetails = (origin: string) => ({
	version: 'HSDS-UK-3.0',
	profile: 'https://github.com/OpenReferralUK/uk-profile/blob/main/docs/index.md',
	openapi_url: `${origin}/openreferral/openapi.json`
});

const compiled = (name: string) => `https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/compiled/${name}.json`;
const ref = (name: string) => ({ $ref: `#/components/parameters/${name}` });

const description = `The community directory of What Matters, published as an Open Referral UK (HSDS 3.0, UK profile) API. Read only, no key, open to any site (CORS).

Only published offers (HSDS services) of published organisations are here.

**Paging.** Every list takes \`page\` (from 1, default 1) and \`per_page\` (1 to ${maxPerPage}, default ${defaultPerPage}; more is refused with 400, not cut down). \`total_pages\` is total_items / per_page rounded up, so 0 when nothing matches; \`first_page\` is page 1, \`last_page\` is page ≥ total_pages, \`empty\` says nothing matched. A page past the last answers 200 with no contents.

**Extensions.** \`x-translations\`: the Welsh of an object, \`{ "cy": { "<field>": "…" } }\` keyed by HSDS field name (name, description, fees, alert, notes, amount_description); absent when there is no Welsh. \`x-what-matters\` on services: \`kind\`, \`access\`, \`attendance\`, \`who_for\`, \`capacity\` (our vocabularies) and \`page\`, the offer's page on this site. Services also carry HSDS 3.0 core fields the UK profile leaves out: \`languages[].name/code\`, \`contacts[].email/phones\` and \`metadata\` (changes, made by a "group" or a "moderator", never named).

**Errors.** A parameter we cannot use: 400 \`{ "error": "<sentence naming the parameter and value>", "parameter": "<name>" }\`. An unknown, unpublished or malformed id: 404 \`{ "error": "…" }\`.

Derived from the Open Referral UK OpenAPI document (https://github.com/OpenReferralUK/uk-profile), © Open Referral UK and contributors, licensed CC BY-SA 4.0; this document is shared under the same licence.`;

// The official parameters we support (not minimal, full, modified_after or full_service), as we read them.
const parameters = {
	page: { ...official.components.parameters.page, description: 'Page number, from 1 (default 1).', schema: { type: 'integer', minimum: 1, default: 1 } },
	per_page: {
		...official.components.parameters.per_page,
		description: `Results per page, 1 to ${maxPerPage} (default ${defaultPerPage}); more is refused with 400.`,
		schema: { type: 'integer', minimum: 1, maximum: maxPerPage, default: defaultPerPage }
	},
	search: { ...official.components.parameters.search, description: 'Words found in the title or description, in English or Welsh.' },
	taxonomy_term_id: { ...official.components.parameters.taxonomy_term_id, description: 'Services tagged with this term: an outcome or a kind of offer.', schema: { type: 'string', format: 'uuid' } },
	taxonomy_id: { ...official.components.parameters.taxonomy_id, description: 'Services with any term of this taxonomy.', schema: { type: 'string', format: 'uuid' } },
	organization_id: { ...official.components.parameters.organization_id, description: 'Services of this organization.', schema: { type: 'string', format: 'uuid' } },
	minimum_age: { ...official.components.parameters.minimum_age, description: 'Services whose minimum_age is at least this value.' },
	maximum_age: { ...official.components.parameters.maximum_age, description: 'Services whose maximum_age is at most this value.' },
	start_time: {
		...official.components.parameters.start_time,
		description: 'Services with a schedule that opens at or after this time (HH:MM or HH:MM:SS).',
		schema: { type: 'string', pattern: '^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$' }
	},
	end_time: {
		...official.components.parameters.end_time,
		description: 'Services with a schedule that closes at or before this time (HH:MM or HH:MM:SS).',
		schema: { type: 'string', pattern: '^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$' }
	},
	day: {
		...official.components.parameters.day,
		description: 'Services with a schedule on this day: MO to SU or Monday to Sunday, any case. Monthly rules count ("1TU" is a Tuesday). With start_time and end_time, one schedule must meet all three.',
		schema: { type: 'string' }
	},
	postcode: {
		...official.components.parameters.postcode,
		description: `A full postcode or a postcode district: places within \`proximity\` of the district's centre, nearest first (online places, having no distance, are left out). An unknown postcode is refused with 400.`
	},
	proximity: {
		...official.components.parameters.proximity,
		description: `Metres from the postcode's district centre (default ${defaultProximity}); needs \`postcode\`.`,
		schema: { type: 'number', exclusiveMinimum: 0 }
	}
};

const errors = {
	'400': { description: 'A parameter we cannot use.', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
	'404': { description: 'No published record has this id.', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }
};
const notFound = { '404': errors['404'] };
const page = (schema: string) => ({
	'200': {
		description: 'One page of results.',
		content: { 'application/json': { schema: { allOf: [{ $ref: '#/components/schemas/Page' }], properties: { contents: { type: 'array', items: { $ref: schema } } } } } }
	},
	'400': errors['400']
});
const one = (schema: string) => ({ '200': { description: 'The record, fully nested.', content: { 'application/json': { schema: { $ref: schema } } } }, ...notFound });
const idParameter = (what: string) => [{ in: 'path', name: 'id', required: true, description: `The id of the ${what}.`, schema: { type: 'string', format: 'uuid' } }];
const serviceFilters = ['search', 'page', 'per_page', 'taxonomy_term_id', 'taxonomy_id', 'minimum_age', 'maximum_age', 'start_time', 'end_time', 'day'].map(ref);
const taxonomyUri = 'https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/taxonomy.json';
const termUri = 'https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/taxonomy_term.json';

export function openApiDocument(origin: string) {
	const paths = official.paths;
	return {
		openapi: '3.1.0',
		info: {
			title: 'What Matters: Open Referral UK API',
			version: '1.0.0',
			description,
			license: { name: 'Creative Commons Attribution Share-Alike 4.0', url: 'https://creativecommons.org/licenses/by-sa/4.0/' }
		},
		jsonSchemaDialect: official.jsonSchemaDialect,
		servers: [{ url: `${origin}/openreferral` }],
		paths: {
			'/': paths['/'],
			'/services': { get: { ...paths['/services'].get, parameters: [...serviceFilters, ref('organization_id')], responses: page(compiled('service_list')) } },
			'/services/{id}': { parameters: idParameter('service'), get: { ...paths['/services/{id}'].get, responses: one(compiled('service')) } },
			'/service_at_locations': {
				get: { ...paths['/service_at_locations'].get, parameters: [...serviceFilters, ref('postcode'), ref('proximity')], responses: page(compiled('service_at_location_list')) }
			},
			'/service_at_locations/{id}': {
				parameters: idParameter('service at a location'),
				get: { ...paths['/service_at_locations/{id}'].get, responses: one(compiled('service_at_location')) }
			},
			'/organizations': {
				get: {
					summary: 'Retrieve a paginated list of organizations with their one-to-one fields.',
					operationId: 'getPaginatedListOfOrganizations',
					parameters: [ref('page'), ref('per_page')],
					responses: page(compiled('organization_list'))
				}
			},
			'/organizations/{id}': {
				parameters: idParameter('organization'),
				get: {
					summary: 'Retrieve an organization with its identifiers and its services in full.',
					operationId: 'getOrganizationById',
					responses: one(compiled('organization'))
				}
			},
			'/taxonomies': { get: { ...paths['/taxonomies'].get, responses: page(taxonomyUri) } },
			'/taxonomies/{id}': { parameters: idParameter('taxonomy'), get: { ...paths['/taxonomies/{id}'].get, responses: one(taxonomyUri) } },
			'/taxonomy_terms': {
				// The official document swaps the two operation ids of the taxonomy term paths.
				get: { ...paths['/taxonomy_terms'].get, operationId: 'getPaginatedListOfTaxonomyTerms', parameters: [ref('page'), ref('per_page'), ref('taxonomy_id')], responses: page(termUri) }
			},
			'/taxonomy_terms/{id}': {
				parameters: idParameter('taxonomy term'),
				get: { ...paths['/taxonomy_terms/{id}'].get, operationId: 'getTaxonomyTermById', responses: one(termUri) }
			}
		},
		components: {
			schemas: {
				...official.components.schemas,
				Error: {
					type: 'object',
					required: ['error'],
					properties: {
						error: { type: 'string', description: 'What was wrong, in a plain English sentence that names the parameter and its value.' },
						parameter: { type: 'string', description: 'The query parameter that was refused (400 only).' }
					}
				}
			},
			parameters
		}
	};
}
