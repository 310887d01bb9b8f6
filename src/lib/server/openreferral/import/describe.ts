import { m } from '../../../paraglide/messages';
import type { ImportProblem, ProblemCode, RecordRef, RecordType } from './types';

// Problems in plain sentences, in English or Welsh: the record (its type, id and name, and where
// in the files it is), then what is wrong with which field.

export type ReportLocale = 'en' | 'cy';
type Params = Record<string, string | number>;
/** Any message function; each has its own inputs, so a table of them can only say this much. */
type Message = (params: never, options: { locale: ReportLocale }) => string;
const say = (message: Message, params: Params, locale: ReportLocale) =>
	(message as unknown as (params: Params, options: { locale: ReportLocale }) => string)(params, { locale });

const problemTexts: Record<ProblemCode, Message> = {
	invalid_json: m.orImport_invalid_json, unreadable_csv: m.orImport_unreadable_csv, not_hsds: m.orImport_not_hsds,
	no_services_table: m.orImport_no_services_table, file_ignored: m.orImport_file_ignored, source_invalid: m.orImport_source_invalid,
	nothing_to_import: m.orImport_nothing_to_import, not_utf8: m.orImport_not_utf8,
	page_size_wrong: m.orImport_page_size_wrong, page_empty_wrong: m.orImport_page_empty_wrong, page_total_wrong: m.orImport_page_total_wrong,
	page_count_wrong: m.orImport_page_count_wrong, page_position_wrong: m.orImport_page_position_wrong,
	required: m.orImport_required, wrong_type: m.orImport_wrong_type, not_an_email: m.orImport_not_an_email, not_a_url: m.orImport_not_a_url,
	not_a_uuid: m.orImport_not_a_uuid, not_a_date: m.orImport_not_a_date, not_allowed_value: m.orImport_not_allowed_value,
	out_of_range: m.orImport_out_of_range, not_valid: m.orImport_not_valid,
	name_missing: m.orImport_name_missing, description_missing: m.orImport_description_missing, too_long: m.orImport_too_long,
	not_an_age: m.orImport_not_an_age, ages_reversed: m.orImport_ages_reversed, organization_missing: m.orImport_organization_missing,
	organization_not_found: m.orImport_organization_not_found, organization_invalid: m.orImport_organization_invalid,
	database_refused: m.orImport_database_refused,
	service_not_active: m.orImport_service_not_active, service_closed: m.orImport_service_closed, organization_claimed: m.orImport_organization_claimed,
	text_shortened: m.orImport_text_shortened, location_outside_uk: m.orImport_location_outside_uk, location_not_placed: m.orImport_location_not_placed,
	location_not_physical: m.orImport_location_not_physical, schedule_unsupported_frequency: m.orImport_schedule_unsupported_frequency,
	schedule_without_times: m.orImport_schedule_without_times, schedule_without_days: m.orImport_schedule_without_days,
	schedule_times_reversed: m.orImport_schedule_times_reversed, schedule_dates_reversed: m.orImport_schedule_dates_reversed
};

const recordTypes: Record<RecordType, Message> = {
	service: m.orImport_type_service, organization: m.orImport_type_organization, location: m.orImport_type_location,
	schedule: m.orImport_type_schedule, service_at_location: m.orImport_type_service_at_location, file: m.orImport_type_file, page: m.orImport_type_page
};

const expectedTypes: Record<string, Message> = {
	number: m.orImport_expected_number, integer: m.orImport_expected_integer, string: m.orImport_expected_string, array: m.orImport_expected_array,
	boolean: m.orImport_expected_boolean, object: m.orImport_expected_object, null: m.orImport_expected_null
};

/** A UUID is long; its first eight characters tell records apart in a report. */
const shortId = (id: string) => (id.length > 12 ? `${id.slice(0, 8)}…` : id);

export function describeRecord(record: RecordRef, locale: ReportLocale): string {
	const parts = [say(recordTypes[record.type], {}, locale)];
	if (record.id) parts.push(shortId(record.id));
	if (record.name) parts.push(`"${record.name}"`);
	if (record.file && record.row !== undefined) parts.push(m.orImport_where_row({ file: record.file, row: record.row }, { locale }));
	else if (record.file && record.file !== record.name) parts.push(m.orImport_where_file({ file: record.file }, { locale }));
	return parts.join(' ');
}

/** "Service ac148810… "Community Counselling": the email "nope" is not an email address." */
export function describeProblem(problem: ImportProblem, locale: ReportLocale): string {
	const expected = problem.params.expected;
	const expectedType = expected === undefined ? undefined : expectedTypes[String(expected)];
	const params = {
		...problem.params,
		field: problem.field ?? '',
		...(expected !== undefined ? { expected: expectedType ? say(expectedType, {}, locale) : String(expected) } : {})
	};
	return `${describeRecord(problem.record, locale)}: ${say(problemTexts[problem.code], params, locale)}`;
}
