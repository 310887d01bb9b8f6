import { isCsvFile, readCsvFiles } from './read-csv';
import { readJsonFile, type ReadResult } from './read-json';
import { fileRef, idOf, objects, problem } from './records';
import type { ImportFile } from './types';

/**
 * Every file of an import read into records: JSON files one by one, CSV files together as one
 * table set. A file that was not UTF-8 decodes with replacement characters and is refused whole:
 * its names and addresses would arrive garbled.
 */
export function readImportFiles(files: ImportFile[]): ReadResult {
	const garbled = files.filter((f) => f.content.includes('\uFFFD'));
	if (garbled.length) return { records: [], problems: garbled.map((f) => problem(fileRef(f.name), null, 'not_utf8')) };
	const csv = files.filter((f) => isCsvFile(f.name));
	const results = [
		...files.filter((f) => !isCsvFile(f.name)).map((f) => readJsonFile(f.name, f.content)),
		...(csv.length ? [readCsvFiles(csv)] : [])
	];
	return { records: mergeRepeats(results.flatMap((r) => r.records)), problems: results.flatMap((r) => r.problems) };
}

/**
 * A record met twice (an organisation nested in each of its services, a service in several
 * service_at_location items) is one record: the fullest copy, with every copy's locations.
 */
function mergeRepeats(records: ReadResult['records']): ReadResult['records'] {
	const byKey = new Map<string, ReadResult['records'][number]>();
	const merged: ReadResult['records'] = [];
	for (const record of records) {
		const id = idOf(record.data);
		const key = `${record.type}:${id}`;
		const first = id === null ? undefined : byKey.get(key);
		if (!first) {
			if (id !== null) byKey.set(key, record);
			merged.push(record);
			continue;
		}
		if (Object.keys(record.data).length > Object.keys(first.data).length) first.data = { ...record.data, service_at_locations: first.data.service_at_locations };
		const places = objects(record.data.service_at_locations);
		if (places.length) {
			const known = new Set(objects(first.data.service_at_locations).map(idOf));
			first.data = { ...first.data, service_at_locations: [...objects(first.data.service_at_locations), ...places.filter((p) => !known.has(idOf(p)))] };
		}
	}
	return merged;
}
