import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsImport from 'ajv-formats';
import organization from './schema/compiled/organization.json' with { type: 'json' };
import organizationList from './schema/compiled/organization_list.json' with { type: 'json' };
import service from './schema/compiled/service.json' with { type: 'json' };
import serviceList from './schema/compiled/service_list.json' with { type: 'json' };
import serviceAtLocation from './schema/compiled/service_at_location.json' with { type: 'json' };
import serviceAtLocationList from './schema/compiled/service_at_location_list.json' with { type: 'json' };
import taxonomy from './schema/taxonomy.json' with { type: 'json' };
import taxonomyTerm from './schema/taxonomy_term.json' with { type: 'json' };

// The compiled Open Referral UK schemas (schema/README.md), compiled once per process with ajv.
// strict: false because the files carry Frictionless data-package keys ajv does not know.

export const hsdsSchemas = {
	organization,
	organization_list: organizationList,
	service,
	service_list: serviceList,
	service_at_location: serviceAtLocation,
	service_at_location_list: serviceAtLocationList,
	taxonomy,
	taxonomy_term: taxonomyTerm
} as const;
export type HsdsSchemaName = keyof typeof hsdsSchemas;

// ajv-formats is CommonJS; its default export arrives wrapped under some bundlers.
const addFormats = ((addFormatsImport as unknown as { default?: typeof addFormatsImport }).default ?? addFormatsImport);

let ajv: Ajv | undefined;
const compiled = new Map<HsdsSchemaName, ValidateFunction>();

export function hsdsValidator(name: HsdsSchemaName): ValidateFunction {
	let validate = compiled.get(name);
	if (!validate) {
		if (!ajv) {
			ajv = new Ajv({ strict: false, allErrors: true });
			addFormats(ajv);
			// taxonomy.json refers to taxonomy_term.json by file name.
			ajv.addSchema(taxonomyTerm, 'taxonomy_term.json');
		}
		validate = name === 'taxonomy_term' ? ajv.getSchema('taxonomy_term.json')! : ajv.compile(hsdsSchemas[name]);
		compiled.set(name, validate);
	}
	return validate;
}

export type HsdsError = ErrorObject;
