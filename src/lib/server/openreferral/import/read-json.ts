import { fileRef, isObject, problem, type SourceRecord } from './records';
import type { Hsds, ImportProblem, RecordRef } from './types';

// A JSON file holds one service or organisation, an array of them, or a page of an HSDS API
// response ({ total_items, …, contents }). Items of service_at_location lists carry their
// service, which imports with that one location.

export interface ReadResult {
	records: SourceRecord[];
	problems: ImportProblem[];
}

export function readJsonFile(name: string, content: string): ReadResult {
	let parsed: unknown;
	try {
		parsed = JSON.parse(content.replace(/^\uFEFF/, ''));
	} catch (error) {
		return { records: [], problems: [problem(fileRef(name), null, 'invalid_json', whereJsonBreaks(content, error))] };
	}
	const records: SourceRecord[] = [];
	const problems: ImportProblem[] = [];
	let items: unknown[];
	if (Array.isArray(parsed)) items = parsed;
	else if (isObject(parsed) && 'contents' in parsed) {
		const pageProblems = pagingProblems(name, parsed);
		if (pageProblems.length) return { records: [], problems: pageProblems };
		items = parsed.contents as unknown[];
	} else items = [parsed];

	items.forEach((item, index) => {
		const found = recordsIn(item, name);
		if (found) records.push(...found);
		else problems.push(problem(fileRef(name), null, 'not_hsds', { item: index + 1 }));
	});
	return { records, problems };
}

/** The services and organisations an item stands for; null when it is neither. */
function recordsIn(item: unknown, file: string): SourceRecord[] | null {
	if (!isObject(item)) return null;
	if (Array.isArray(item.services)) {
		const { services, ...organization } = item;
		return [
			{ type: 'organization', data: organization, file },
			...(services as unknown[]).filter(isObject).map((service) => serviceRecords(service, file, organization.id)).flat()
		];
	}
	if (isObject(item.service) && isObject(item.location)) {
		const { location, service, ...serviceAtLocation } = item;
		return serviceRecords({ ...service, service_at_locations: [{ ...serviceAtLocation, location }] }, file);
	}
	if ('status' in item || 'organization' in item || 'organization_id' in item) return serviceRecords(item, file);
	if ('id' in item && 'name' in item) return [{ type: 'organization', data: item, file }];
	return null;
}

/** A service, and the organisation nested in it as a record of its own (the service refers to it by id). */
function serviceRecords(service: Hsds, file: string, organizationId?: unknown): SourceRecord[] {
	const { organization, ...rest } = service;
	const data: Hsds = { ...rest };
	if (data.organization_id === undefined) {
		const id = isObject(organization) ? organization.id : organizationId;
		if (id !== undefined) data.organization_id = id;
	}
	const records: SourceRecord[] = [{ type: 'service', data, file }];
	if (isObject(organization)) records.push({ type: 'organization', data: organization, file });
	return records;
}

/** A page's paging fields describe its contents; if they disagree, the page is not what it says. */
function pagingProblems(file: string, page: Hsds): ImportProblem[] {
	const ref: RecordRef = { type: 'page', id: null, name: file, file };
	const numbers = ['total_items', 'total_pages', 'page_number', 'size'] as const;
	const flags = ['first_page', 'last_page', 'empty'] as const;
	const wrongType = [
		...(!Array.isArray(page.contents) ? [problem(ref, 'contents', 'wrong_type', { expected: 'array' })] : []),
		...numbers.filter((f) => f in page && !Number.isInteger(page[f])).map((f) => problem(ref, f, 'wrong_type', { expected: 'integer' })),
		...flags.filter((f) => f in page && typeof page[f] !== 'boolean').map((f) => problem(ref, f, 'wrong_type', { expected: 'boolean' }))
	];
	if (wrongType.length) return wrongType;

	const count = (page.contents as unknown[]).length;
	const p = page as { total_items?: number; total_pages?: number; page_number?: number; size?: number; first_page?: boolean; last_page?: boolean; empty?: boolean };
	const problems: ImportProblem[] = [];
	if (p.size !== undefined && p.size !== count) problems.push(problem(ref, 'size', 'page_size_wrong', { size: p.size, count }));
	// `empty` speaks of the whole result set (ORUK), so a page past the last one is empty of items but not `empty`.
	const emptyWrong = (p.empty === true && count > 0) || (p.empty === false && count === 0 && p.total_items === 0);
	if (emptyWrong) problems.push(problem(ref, 'empty', 'page_empty_wrong', { count }));
	if (p.total_items !== undefined && p.total_items < count) {
		problems.push(problem(ref, 'total_items', 'page_total_wrong', { totalItems: p.total_items, count }));
	} else if (p.total_items !== undefined && p.total_pages !== undefined && p.size !== undefined && p.size > 0 && p.last_page === false
		&& p.total_pages !== Math.ceil(p.total_items / p.size)) {
		// Every page but the last is full, so a full page tells how many pages there are.
		problems.push(problem(ref, 'total_pages', 'page_count_wrong', { totalItems: p.total_items, size: p.size, totalPages: p.total_pages }));
	} else if (p.total_pages === 1 && (p.page_number ?? 1) === 1 && p.total_items !== undefined && p.total_items !== count) {
		problems.push(problem(ref, 'total_items', 'page_total_wrong', { totalItems: p.total_items, count }));
	}
	if (p.page_number !== undefined && p.total_pages !== undefined) {
		// A page past the last one is allowed when it holds nothing (the API answers one so).
		const wrong = p.page_number < 1 || (p.total_pages > 0 && p.page_number > p.total_pages && count > 0)
			|| (p.first_page !== undefined && p.first_page !== (p.page_number === 1))
			|| (p.last_page !== undefined && p.total_pages > 0 && p.last_page !== (p.page_number >= p.total_pages));
		if (wrong) problems.push(problem(ref, 'page_number', 'page_position_wrong', { pageNumber: p.page_number, totalPages: p.total_pages }));
	}
	return problems;
}

/** Line and column of the first mistake JSON.parse found (its message gives a character position, or none at the end). */
function whereJsonBreaks(content: string, error: unknown): { line: number; column: number } {
	const message = error instanceof Error ? error.message : '';
	const position = Number(/position (\d+)/.exec(message)?.[1] ?? content.length);
	const before = content.slice(0, position).split('\n');
	return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}
