import type { ErrorObject } from 'ajv';
import { hsdsValidator } from '../schemas';
import { problem, refOf, type SourceRecord } from './records';
import type { ImportProblem, ProblemCode } from './types';

// The compiled Open Referral UK schemas, with each ajv error turned into a problem that names
// the field as a path in the record (`service_at_locations[0].location.latitude`).

export function schemaProblems(record: SourceRecord): ImportProblem[] {
	const validate = hsdsValidator(record.type);
	if (validate(record.data)) return [];
	return (validate.errors ?? []).map((error) => problemOf(record, error));
}

const formatCodes: Record<string, ProblemCode> = {
	email: 'not_an_email', uri: 'not_a_url', uuid: 'not_a_uuid', date: 'not_a_date', 'date-time': 'not_a_date', time: 'not_a_date'
};

function problemOf(record: SourceRecord, error: ErrorObject): ImportProblem {
	const ref = refOf(record);
	const field = fieldPath(error.instancePath);
	const value = shown(valueAt(record.data, error.instancePath));
	const params = error.params as Record<string, unknown>;
	switch (error.keyword) {
		case 'required':
			return problem(ref, joinField(field, String(params.missingProperty)), 'required');
		case 'type':
			return problem(ref, field, 'wrong_type', { expected: String(params.type), value });
		case 'format':
			return problem(ref, field, formatCodes[String(params.format)] ?? 'not_valid', { value, detail: error.message ?? '' });
		case 'enum':
			return problem(ref, field, 'not_allowed_value', { value, allowed: (params.allowedValues as unknown[]).join(', ') });
		case 'minimum':
		case 'maximum':
		case 'exclusiveMinimum':
		case 'exclusiveMaximum':
			return problem(ref, field, 'out_of_range', { value, limit: Number(params.limit) });
		default:
			return problem(ref, field, 'not_valid', { value, detail: error.message ?? error.keyword });
	}
}

/** `/service_at_locations/0/location/latitude` → `service_at_locations[0].location.latitude` */
export function fieldPath(pointer: string): string | null {
	const steps = pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
	const path = steps.reduce((path, step) => (/^\d+$/.test(step) ? `${path}[${step}]` : joinField(path, step)!), '');
	return path || null;
}

const joinField = (path: string | null, field: string) => (path ? `${path}.${field}` : field);

function valueAt(data: unknown, pointer: string): unknown {
	return pointer.split('/').slice(1).reduce<unknown>((value, step) => (value as Record<string, unknown> | undefined)?.[step], data);
}

/** A value as a problem quotes it: short, and on one line. */
export function shown(value: unknown): string {
	let textValue: string;
	try {
		textValue = typeof value === 'string' ? value : JSON.stringify(value) ?? '';
	} catch {
		// Nesting deep enough to overflow the stack (JSON.parse copes; JSON.stringify does not).
		textValue = Array.isArray(value) ? '[…]' : '{…}';
	}
	const line = textValue.replace(/\s+/g, ' ');
	return line.length > 60 ? `${line.slice(0, 59)}…` : line;
}
