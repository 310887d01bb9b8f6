import { z } from 'zod';

// The admin's Open Referral forms: an upload (files, where they come from, what to do about bad
// records) and a taxonomy-term → outcome mapping. Pure, so the rules are unit-tested.

/** adapter-node's default request limit (BODY_SIZE_LIMIT): beyond it the page cannot take a file. */
export const uploadLimitBytes = 512 * 1024;

export const importModes = ['all_or_nothing', 'valid_only'] as const;
export type ImportMode = (typeof importModes)[number];

export type UploadProblem = 'files_missing' | 'files_too_big' | 'source_missing' | 'source_too_long';

export interface UploadValues {
	source: string;
	mode: ImportMode;
}

export function checkUpload(input: { source: string; mode: string; fileSizes: number[] }):
	| { ok: true; data: UploadValues }
	| { ok: false; values: UploadValues; problems: Partial<Record<'files' | 'source', UploadProblem>> } {
	const source = input.source.trim();
	const mode = z.enum(importModes).catch('all_or_nothing').parse(input.mode);
	const problems: Partial<Record<'files' | 'source', UploadProblem>> = {};
	const sizes = input.fileSizes.filter((size) => size > 0);
	if (sizes.length === 0) problems.files = 'files_missing';
	else if (sizes.reduce((sum, size) => sum + size, 0) > uploadLimitBytes) problems.files = 'files_too_big';
	if (!source) problems.source = 'source_missing';
	else if (source.length > 100) problems.source = 'source_too_long';
	const values = { source: input.source.slice(0, 200), mode };
	return Object.keys(problems).length ? { ok: false, values, problems } : { ok: true, data: { source, mode } };
}

export type MappingProblem = 'term_missing' | 'term_too_long' | 'taxonomy_too_long' | 'outcome_missing';

export interface MappingValues {
	taxonomy: string;
	term: string;
	outcomeId: string;
}

export function checkMapping(input: MappingValues, outcomeIds: readonly string[]):
	| { ok: true; data: MappingValues }
	| { ok: false; values: MappingValues; problems: Partial<Record<keyof MappingValues, MappingProblem>> } {
	const taxonomy = input.taxonomy.trim();
	const term = input.term.trim();
	const problems: Partial<Record<keyof MappingValues, MappingProblem>> = {};
	if (!term) problems.term = 'term_missing';
	else if (term.length > 200) problems.term = 'term_too_long';
	if (taxonomy.length > 200) problems.taxonomy = 'taxonomy_too_long';
	if (!outcomeIds.includes(input.outcomeId)) problems.outcomeId = 'outcome_missing';
	const values = { taxonomy: input.taxonomy.slice(0, 300), term: input.term.slice(0, 300), outcomeId: input.outcomeId };
	return Object.keys(problems).length ? { ok: false, values, problems } : { ok: true, data: { taxonomy, term, outcomeId: input.outcomeId } };
}

/** "512 KB", "1.3 MB": how big the chosen files are, in the words of the message. */
export function sizeInWords(bytes: number): string {
	return bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KB` : `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
