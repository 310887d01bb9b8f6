import { accessRoutes, attendanceModes, audiences, capacities, offerKinds } from '../../../domain/directory';
import { checkEmail, limits as listingLimits } from '../../../domain/listing';
import { shown } from './check-schema';
import { isObject, objects, problem, refOf, text, type SourceRecord } from './records';
import type { Hsds, ImportProblem } from './types';

// What our tables need beyond the schemas: texts within the columns' limits, web addresses a
// browser opens, ages a person has, and our own vocabularies in the `x-what-matters` extension.

export const limits = {
	name: listingLimits.name, description: listingLimits.description, website: listingLimits.website,
	email: 320, phone: 40, identifier: listingLimits.number, costNote: listingLimits.costNote,
	placeName: listingLimits.placeName, address: listingLimits.address, town: listingLimits.town, scheduleNote: listingLimits.scheduleNote
} as const;

/** A web address with its scheme in lower case, as the website columns' check wants (`HTTP://` is valid too). */
export const webAddressOf = (record: Hsds, field: string) => text(record, field)?.replace(/^https?:\/\//i, (scheme) => scheme.toLowerCase()) ?? null;

export const welshOf = (record: Hsds | undefined) => {
	const translations = record?.['x-translations'];
	return isObject(translations) && isObject(translations.cy) ? translations.cy : undefined;
};

export const whatMattersOf = (record: Hsds) => (isObject(record['x-what-matters']) ? record['x-what-matters'] : {});

/** The contact details an offer takes: the service's own, or its first contact's. */
export function contactOf(service: Hsds): { email: string | null; phone: string | null } {
	const contacts = objects(service.contacts);
	const phones = [...objects(service.phones), ...contacts.flatMap((c) => objects(c.phones))];
	const phone = phones.map((p) => text(p, 'number')).find(Boolean) ?? null;
	return {
		email: text(service, 'email') ?? contacts.map((c) => text(c, 'email')).find(Boolean) ?? null,
		// The official examples quote phone numbers inside the cell.
		phone: phone?.replace(/^"+|"+$/g, '').trim() || null
	};
}

export function tableProblems(record: SourceRecord): ImportProblem[] {
	const ref = refOf(record);
	const data = record.data;
	const problems: ImportProblem[] = [];
	const tooLong = (field: string, value: string | null, limit: number) => {
		const length = value === null ? 0 : [...value].length;
		if (length > limit) problems.push(problem(ref, field, 'too_long', { limit, length }));
	};
	const webAddress = (field: string) => {
		const value = text(data, field);
		if (value && !/^https?:\/\//i.test(value)) problems.push(problem(ref, field, 'not_a_url', { value: shown(value) }));
		tooLong(field, value, limits.website);
	};

	problems.push(...unstorableProblems(record));
	if (typeof data.name === 'string' && !data.name.trim()) problems.push(problem(ref, 'name', 'name_missing'));
	tooLong('name', text(data, 'name'), limits.name);
	tooLong('description', text(data, 'description'), limits.description);
	tooLong('email', text(data, 'email'), limits.email);
	const welsh = welshOf(data);
	for (const [field, limit] of [['name', limits.name], ['description', limits.description]] as const) {
		const value = welsh?.[field];
		if (value !== undefined && typeof value !== 'string') problems.push(problem(ref, `x-translations.cy.${field}`, 'wrong_type', { expected: 'string', value: shown(value) }));
		tooLong(`x-translations.cy.${field}`, text(welsh, field), limit);
	}

	if (record.type === 'organization') {
		webAddress('website');
		objects(data.organization_identifiers).forEach((identifier, i) => tooLong(`organization_identifiers[${i}].identifier`, text(identifier, 'identifier'), limits.identifier));
		return problems;
	}

	if (!text(data, 'description')) problems.push(problem(ref, 'description', 'description_missing'));
	if (data.organization_id === undefined) problems.push(problem(ref, 'organization', 'organization_missing'));
	webAddress('url');
	const contact = contactOf(data);
	if (!text(data, 'email') && contact.email && checkEmail(contact.email)) {
		const index = objects(data.contacts).findIndex((c) => text(c, 'email') === contact.email);
		problems.push(problem(ref, `contacts[${index}].email`, 'not_an_email', { value: shown(contact.email) }));
	}
	tooLong('phone', contact.phone, limits.phone);
	for (const field of ['minimum_age', 'maximum_age']) {
		const age = data[field];
		if (typeof age === 'number' && !(Number.isInteger(age) && age >= 0 && age <= 120)) problems.push(problem(ref, field, 'not_an_age', { value: age }));
	}
	if (typeof data.minimum_age === 'number' && typeof data.maximum_age === 'number' && data.minimum_age > data.maximum_age) {
		problems.push(problem(ref, 'minimum_age', 'ages_reversed', { minimum: data.minimum_age, maximum: data.maximum_age }));
	}
	problems.push(...vocabularyProblems(record));
	return problems;
}

/** How deep a record may nest: HSDS needs about six levels; far more only overflows the stack later. */
const maxDepth = 32;

/**
 * Text PostgreSQL cannot store (a NUL character) and nesting no HSDS record has, found before
 * anything is written: in the database either would refuse the whole import, valid records too.
 */
function unstorableProblems(record: SourceRecord): ImportProblem[] {
	const ref = refOf(record);
	const problems: ImportProblem[] = [];
	const stack: { value: unknown; path: string; depth: number }[] = [{ value: record.data, path: '', depth: 0 }];
	while (stack.length && problems.length < 20) {
		const { value, path, depth } = stack.pop()!;
		if (typeof value === 'string') {
			if (value.includes('\u0000')) problems.push(problem(ref, path || null, 'not_valid', { value: shown(value.replaceAll('\u0000', '\uFFFD')), detail: 'contains a NUL character' }));
		} else if (typeof value === 'object' && value !== null) {
			if (depth >= maxDepth) {
				problems.push(problem(ref, path || null, 'not_valid', { value: '…', detail: `nested more than ${maxDepth} levels deep` }));
				continue;
			}
			for (const [key, child] of Object.entries(value)) {
				const childPath = Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
				if (key.includes('\u0000')) problems.push(problem(ref, path || null, 'not_valid', { value: shown(key.replaceAll('\u0000', '\uFFFD')), detail: 'contains a NUL character' }));
				stack.push({ value: child, path: childPath, depth: depth + 1 });
			}
		}
	}
	return problems;
}

const vocabularies = { kind: offerKinds, access: accessRoutes, attendance: attendanceModes, capacity: capacities } as const;

function vocabularyProblems(record: SourceRecord): ImportProblem[] {
	const ref = refOf(record);
	const ours = whatMattersOf(record.data);
	const problems: ImportProblem[] = [];
	for (const [field, allowed] of Object.entries(vocabularies) as [keyof typeof vocabularies, readonly string[]][]) {
		const value = ours[field];
		if (value !== undefined && !allowed.includes(value as string)) {
			problems.push(problem(ref, `x-what-matters.${field}`, 'not_allowed_value', { value: shown(value), allowed: allowed.join(', ') }));
		}
	}
	const whoFor = ours.who_for;
	if (whoFor !== undefined && (!Array.isArray(whoFor) || !whoFor.length || whoFor.some((w) => !(audiences as readonly unknown[]).includes(w)))) {
		const wrong = Array.isArray(whoFor) ? whoFor.filter((w) => !(audiences as readonly unknown[]).includes(w)) : whoFor;
		problems.push(problem(ref, 'x-what-matters.who_for', 'not_allowed_value', { value: shown(wrong), allowed: audiences.join(', ') }));
	}
	return problems;
}
