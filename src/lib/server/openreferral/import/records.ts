import type { Hsds, ImportProblem, ProblemCode, RecordRef, RecordType } from './types';

// Reading fields of HSDS objects that have not been trusted yet, and naming records in problems.

export const isObject = (value: unknown): value is Hsds => typeof value === 'object' && value !== null && !Array.isArray(value);

export const objects = (value: unknown): Hsds[] => (Array.isArray(value) ? value.filter(isObject) : []);

/** A text field, trimmed; absent, empty or not text is null. */
export function text(record: Hsds | undefined, field: string): string | null {
	const value = record?.[field];
	return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

export const numberOf = (record: Hsds | undefined, field: string): number | null => {
	const value = record?.[field];
	return typeof value === 'number' && Number.isFinite(value) ? value : null;
};

/** The record's id as the source wrote it (ids are compared as text). */
export const idOf = (record: Hsds): string | null => {
	const id = record.id;
	return typeof id === 'string' && id.trim() !== '' ? id.trim() : typeof id === 'number' ? String(id) : null;
};

export interface SourceRecord {
	type: 'organization' | 'service';
	data: Hsds;
	file: string;
	/** For a record of the CSV form: its row in services.csv or organizations.csv. */
	row?: number;
}

export const refOf = (record: SourceRecord, type: RecordType = record.type): RecordRef => ({
	type,
	id: idOf(record.data),
	name: text(record.data, 'name'),
	file: record.file,
	...(record.row !== undefined ? { row: record.row } : {})
});

export const fileRef = (file: string): RecordRef => ({ type: 'file', id: null, name: file, file });

export const problem = (
	record: RecordRef, field: string | null, code: ProblemCode, params: ImportProblem['params'] = {}, severity: ImportProblem['severity'] = 'error'
): ImportProblem => ({ record, field, code, params, severity });

export const warning = (record: RecordRef, field: string | null, code: ProblemCode, params: ImportProblem['params'] = {}) =>
	problem(record, field, code, params, 'warning');
