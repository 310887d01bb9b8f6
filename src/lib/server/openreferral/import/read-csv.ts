import { parse } from 'csv-parse/sync';
import { hsdsSchemas } from '../schemas';
import { fileRef, isObject, problem, warning, type SourceRecord } from './records';
import type { ReadResult } from './read-json';
import type { Hsds, ImportFile, ImportProblem } from './types';

// The CSV form: one file per HSDS table, linked by ids (services.csv, locations.csv,
// service_at_location.csv…). The files of one import form one set, assembled here into the
// nested records a JSON file would hold, so everything after reading sees one shape.

const tables = {
	services: { aliases: ['service'], schemaPath: [] },
	organizations: { aliases: ['organization'], schemaPath: ['organization'] },
	locations: { aliases: ['location'], schemaPath: ['service_at_locations', 'location'] },
	service_at_location: { aliases: ['service_at_locations'], schemaPath: ['service_at_locations'] },
	schedules: { aliases: ['schedule'], schemaPath: ['schedules'] },
	taxonomy_terms: { aliases: ['taxonomy_term'], schemaPath: ['attributes', 'taxonomy_term'] },
	attributes: { aliases: ['attribute'], schemaPath: ['attributes'] },
	addresses: { aliases: ['address'], schemaPath: ['service_at_locations', 'location', 'addresses'] },
	accessibility: { aliases: ['accessibility_for_disabilities'], schemaPath: ['service_at_locations', 'location', 'accessibility'] },
	languages: { aliases: ['language'], schemaPath: ['languages'] },
	cost_options: { aliases: ['cost_option'], schemaPath: ['cost_options'] },
	contacts: { aliases: ['contact'], schemaPath: ['contacts'] },
	phones: { aliases: ['phone'], schemaPath: [] as string[] },
	organization_identifiers: { aliases: ['organization_identifier'], schemaPath: ['organization', 'organization_identifiers'] }
} satisfies Record<string, { aliases: string[]; schemaPath: string[] }>;
type Table = keyof typeof tables;

const tableOf = (fileName: string): Table | null => {
	const base = fileName.replace(/^.*[\\/]/, '').replace(/\.csv$/i, '').toLowerCase();
	const found = Object.entries(tables).find(([name, t]) => name === base || (t.aliases as string[]).includes(base));
	return found ? (found[0] as Table) : null;
};

export const isCsvFile = (name: string) => /\.csv$/i.test(name);

interface Row {
	values: Hsds;
	file: string;
	row: number;
}

export function readCsvFiles(files: ImportFile[]): ReadResult {
	const problems: ImportProblem[] = [];
	const rows = new Map<Table, Row[]>();
	for (const file of files) {
		const table = tableOf(file.name);
		if (!table) {
			problems.push(warning(fileRef(file.name), null, 'file_ignored'));
			continue;
		}
		let parsed: Record<string, string>[];
		try {
			// Line ends vary (the official examples end their header with \r\r\n); blank lines are skipped.
			parsed = parse(file.content.replace(/\r\n?/g, '\n'), { columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), skip_empty_lines: true, bom: true });
		} catch (error) {
			problems.push(problem(fileRef(file.name), null, 'unreadable_csv', { line: (error as { lines?: number }).lines ?? 1 }));
			continue;
		}
		const seen = new Set((rows.get(table) ?? []).map((r) => r.values.id));
		// schedule.csv and schedules.csv (and the like) may both be present and repeat rows.
		const fresh = parsed
			.map((cells, index) => ({ values: typed(table, cells), file: file.name, row: index + 2 }))
			.filter((r) => r.values.id === undefined || !seen.has(r.values.id));
		rows.set(table, [...(rows.get(table) ?? []), ...fresh]);
	}
	if (problems.some((p) => p.severity === 'error')) return { records: [], problems };
	if (!rows.has('services') && !rows.has('organizations')) {
		return { records: [], problems: [...problems, problem(fileRef(files.map((f) => f.name).join(', ')), null, 'no_services_table')] };
	}
	return { records: assemble(rows), problems };
}

/** Empty cells are absent values; cells of numeric and yes/no fields become numbers and booleans when they read as one. */
function typed(table: Table, cells: Record<string, string>): Hsds {
	const types = fieldTypes(table);
	const values: Hsds = {};
	for (const [field, cell] of Object.entries(cells)) {
		const value = cell.trim();
		if (value === '') continue;
		const type = types[field];
		if ((type === 'number' || type === 'integer') && /^-?\d+(\.\d+)?$/.test(value)) values[field] = Number(value);
		else if (type === 'boolean' && /^(true|false)$/i.test(value)) values[field] = value.toLowerCase() === 'true';
		else values[field] = value;
	}
	return values;
}

const typesOfTable = new Map<Table, Record<string, string>>();
function fieldTypes(table: Table): Record<string, string> {
	let types = typesOfTable.get(table);
	if (!types) {
		let node: unknown = hsdsSchemas.service;
		for (const step of tables[table].schemaPath) {
			node = isObject(node) && isObject(node.properties) ? node.properties[step] : undefined;
			if (isObject(node) && node.type === 'array') node = node.items;
		}
		const properties = isObject(node) && isObject(node.properties) ? node.properties : {};
		types = Object.fromEntries(Object.entries(properties).map(([field, p]) => [field, isObject(p) ? String(p.type) : '']));
		typesOfTable.set(table, types);
	}
	return types;
}

function assemble(rows: Map<Table, Row[]>): SourceRecord[] {
	const valuesOf = (table: Table) => (rows.get(table) ?? []).map((r) => r.values);
	const grouped = (table: Table, key: string) => {
		const groups = new Map<unknown, Hsds[]>();
		for (const values of valuesOf(table)) {
			if (values[key] === undefined) continue;
			groups.set(values[key], [...(groups.get(values[key]) ?? []), values]);
		}
		return (id: unknown) => groups.get(id) ?? [];
	};
	const terms = new Map(valuesOf('taxonomy_terms').map((t) => [t.id, t]));
	const locations = new Map(valuesOf('locations').map((l) => [l.id, l]));
	const attributesOf = grouped('attributes', 'link_id');
	const addressesOf = grouped('addresses', 'location_id');
	const accessibilityOf = grouped('accessibility', 'location_id');
	const phonesOfContact = grouped('phones', 'contact_id');
	const phonesOfService = grouped('phones', 'service_id');
	const contactsOf = grouped('contacts', 'service_id');
	const languagesOf = grouped('languages', 'service_id');
	const costOptionsOf = grouped('cost_options', 'service_id');
	const schedulesOf = grouped('schedules', 'service_id');
	const schedulesAt = grouped('schedules', 'service_at_location_id');
	const placesOf = grouped('service_at_location', 'service_id');
	const identifiersOf = grouped('organization_identifiers', 'organization_id');

	const withChildren = (field: string, children: Hsds[]) => (children.length ? { [field]: children } : {});
	const attributes = (id: unknown) =>
		attributesOf(id).map((a) => (terms.has(a.taxonomy_term_id) ? { ...a, taxonomy_term: terms.get(a.taxonomy_term_id) } : a));

	const services: SourceRecord[] = (rows.get('services') ?? []).map(({ values, file, row }) => {
		const places = placesOf(values.id);
		const ownSchedules = schedulesOf(values.id);
		const placeSchedules = places.flatMap((p) => schedulesAt(p.id)).filter((s) => !ownSchedules.includes(s));
		const data: Hsds = {
			...values,
			...withChildren('schedules', [...ownSchedules, ...placeSchedules]),
			...withChildren('service_at_locations', places.map((p) => {
				const location = locations.get(p.location_id);
				return location
					? { ...p, location: { ...location, ...withChildren('addresses', addressesOf(location.id)), ...withChildren('accessibility', accessibilityOf(location.id)) } }
					: p;
			})),
			...withChildren('languages', languagesOf(values.id)),
			...withChildren('cost_options', costOptionsOf(values.id)),
			...withChildren('contacts', contactsOf(values.id).map((c) => ({ ...c, ...withChildren('phones', phonesOfContact(c.id)) }))),
			...withChildren('phones', phonesOfService(values.id)),
			...withChildren('attributes', attributes(values.id))
		};
		return { type: 'service', data, file, row };
	});
	const organizations: SourceRecord[] = (rows.get('organizations') ?? []).map(({ values, file, row }) => ({
		type: 'organization',
		data: { ...values, ...withChildren('organization_identifiers', identifiersOf(values.id)), ...withChildren('attributes', attributes(values.id)) },
		file,
		row
	}));
	return [...organizations, ...services];
}
