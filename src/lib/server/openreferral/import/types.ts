// The shapes an import works with: the files it is given, the HSDS records read from them, the
// problems it finds and the report it gives back.

export interface ImportFile {
	/** The file's name decides how it is read: `*.csv` is a table of the CSV form, anything else JSON. */
	name: string;
	content: string;
}

import type { ImportMode } from '../../../domain/openreferral-admin';
export type { ImportMode };

/** An HSDS object as it arrived: checked against the schemas before anything reads a field. */
export type Hsds = Record<string, unknown>;

export type RecordType =
	| 'file' | 'page' | 'organization' | 'service' | 'location' | 'schedule' | 'service_at_location';

/** Which record a problem is about, in the words of the file it came from. */
export interface RecordRef {
	type: RecordType;
	id: string | null;
	name: string | null;
	file?: string;
	/** The row of a CSV file, counting the header as row 1 (as a spreadsheet does). */
	row?: number;
}

export interface ImportProblem {
	record: RecordRef;
	/** The HSDS field, as a path within the record: `service_at_locations[0].location.latitude`. */
	field: string | null;
	code: ProblemCode;
	params: Record<string, string | number>;
	/** Errors make the record invalid; warnings say what was left out of a record that imports. */
	severity: 'error' | 'warning';
}

export const problemCodes = [
	// Files and pages
	'invalid_json', 'unreadable_csv', 'not_hsds', 'file_ignored', 'source_invalid', 'nothing_to_import', 'not_utf8',
	'no_services_table', 'page_size_wrong', 'page_empty_wrong', 'page_total_wrong', 'page_count_wrong', 'page_position_wrong',
	// The schemas
	'required', 'wrong_type', 'not_an_email', 'not_a_url', 'not_a_uuid', 'not_a_date', 'not_allowed_value',
	'out_of_range', 'not_valid',
	// What our tables need
	'name_missing', 'description_missing', 'too_long', 'not_an_age', 'ages_reversed',
	'organization_missing', 'organization_not_found', 'organization_invalid', 'database_refused',
	// Left out or left alone (warnings)
	'service_not_active', 'service_closed', 'organization_claimed', 'text_shortened',
	'location_outside_uk', 'location_not_placed', 'location_not_physical',
	'schedule_unsupported_frequency', 'schedule_without_times', 'schedule_without_days', 'schedule_times_reversed',
	'schedule_dates_reversed'
] as const;
export type ProblemCode = (typeof problemCodes)[number];

export type ImportProgress =
	| { step: 'reading'; files: number }
	| { step: 'validating'; records: number }
	| { step: 'writing'; done: number; total: number }
	| { step: 'done'; outcome: ImportOutcome };

export type ImportOutcome = 'imported' | 'rejected';

export interface ImportCounts {
	organisationsAdded: number;
	organisationsUpdated: number;
	organisationsUnchanged: number;
	servicesAdded: number;
	servicesUpdated: number;
	servicesUnchanged: number;
	/** Imported as pending: none of their terms maps to an outcome, so a moderator tags them. */
	servicesToTag: number;
	/** Invalid records left out (valid_only), services that are not active, and services of an invalid organisation. */
	recordsSkipped: number;
	/** Organisations someone has claimed: they and their offers belong to their group now. */
	claimedLeftAlone: number;
}

export interface ImportReport {
	outcome: ImportOutcome;
	source: string;
	mode: ImportMode;
	counts: ImportCounts;
	problems: ImportProblem[];
}

export const noCounts = (): ImportCounts => ({
	organisationsAdded: 0, organisationsUpdated: 0, organisationsUnchanged: 0,
	servicesAdded: 0, servicesUpdated: 0, servicesUnchanged: 0, servicesToTag: 0,
	recordsSkipped: 0, claimedLeftAlone: 0
});
