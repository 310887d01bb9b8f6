// Listing problems, offer states and report reasons in the reader's language. Codes come from
// src/lib/domain/listing.ts and src/lib/server/repos/listings.ts. Typed maps of message
// functions, never names computed at run time, so unused messages stay out of the bundle.
import { m } from '$lib/paraglide/messages';
import { limits, type ListingProblem, type OfferStatus, type OrganisationStatus } from '$lib/domain/listing';

export function listingProblemText(problem: ListingProblem): string {
	switch (problem) {
		case 'name_missing': return m.listing_problem_name_missing();
		case 'too_long': return m.listing_problem_too_long();
		case 'description_missing': return m.listing_problem_description_missing();
		case 'contact_missing': return m.listing_problem_contact_missing();
		case 'email_invalid': return m.listing_problem_email_invalid();
		case 'phone_letters': return m.listing_problem_phone_letters();
		case 'phone_invalid': return m.listing_problem_phone_invalid();
		case 'website_invalid': return m.listing_problem_website_invalid();
		case 'charity_number_invalid': return m.listing_problem_charity_number_invalid();
		case 'company_number_invalid': return m.listing_problem_company_number_invalid();
		case 'title_missing': return m.listing_problem_title_missing();
		case 'kind_missing': return m.listing_problem_kind_missing();
		case 'outcomes_missing': return m.listing_problem_outcomes_missing();
		case 'who_for_missing': return m.listing_problem_who_for_missing();
		case 'cost_missing': return m.listing_problem_cost_missing();
		case 'cost_note_missing': return m.listing_problem_cost_note_missing();
		case 'access_missing': return m.listing_problem_access_missing();
		case 'attendance_missing': return m.listing_problem_attendance_missing();
		case 'languages_missing': return m.listing_problem_languages_missing();
		case 'place_missing': return m.listing_problem_place_missing();
		case 'postcode_invalid': return m.listing_problem_postcode_invalid();
		case 'postcode_unknown': return m.listing_problem_postcode_unknown();
		case 'point_invalid': return m.listing_problem_point_invalid();
		case 'schedule_days_missing': return m.listing_problem_schedule_days_missing();
		case 'schedule_date_invalid': return m.listing_problem_schedule_date_invalid();
		case 'schedule_time_invalid': return m.listing_problem_schedule_time_invalid();
		case 'schedule_closes_before_opens': return m.listing_problem_schedule_closes_before_opens();
		case 'schedule_ends_before_starts': return m.listing_problem_schedule_ends_before_starts();
		case 'schedule_except_dates_invalid': return m.listing_problem_schedule_except_dates_invalid();
		case 'schedule_start_needed': return m.listing_problem_schedule_start_needed();
		case 'reason_missing': return m.listing_problem_reason_missing();
		case 'message_missing': return m.listing_problem_message_missing();
		case 'note_missing': return m.listing_problem_note_missing();
	}
}

/** The summary at the top of a form: each problem links to its field (`<field>-field`). */
export const listingProblemList = (problems: Record<string, ListingProblem> | undefined) =>
	Object.entries(problems ?? {}).map(([field, problem]) => ({ target: `${field}-field`, text: listingProblemText(problem) }));

/** One field's error, or null. */
export const problemFor = (problems: Record<string, ListingProblem> | undefined, field: string) => {
	const problem = problems?.[field];
	return problem ? listingProblemText(problem) : null;
};

export const offerStatusMessages: Record<OfferStatus, () => string> = {
	draft: m.offer_status_draft,
	pending: m.offer_status_pending,
	published: m.offer_status_published,
	paused: m.offer_status_paused,
	hidden: m.offer_status_hidden,
	archived: m.offer_status_archived
};

export const organisationStatusMessages: Record<OrganisationStatus, () => string> = {
	draft: m.organisation_status_draft,
	pending: m.organisation_status_pending,
	published: m.organisation_status_published,
	archived: m.organisation_status_archived
};

export const reportReasonMessages = {
	unclear: m.report_reason_unclear,
	contact_wrong: m.report_reason_contact_wrong,
	not_running: m.report_reason_not_running,
	not_in_area: m.report_reason_not_in_area,
	something_else: m.report_reason_something_else
} as const;

export const reportKindMessages = { suggestion: m.report_kind_suggestion, problem: m.report_kind_problem } as const;

/** Offer and group fields named as their forms name them (the conflict table, recent changes). */
export const fieldNames: Record<string, () => string> = {
	title_en: m.offer_field_title_en, title_cy: m.offer_field_title_cy, description_en: m.offer_field_description_en,
	description_cy: m.offer_field_description_cy, kind: m.offer_field_kind, cost: m.offer_field_cost,
	cost_note_en: m.offer_field_cost_note_en, cost_note_cy: m.offer_field_cost_note_cy, access: m.offer_field_access,
	capacity: m.offer_field_capacity, attendance: m.offer_field_attendance, contact_email: m.field_contact_email,
	contact_phone: m.field_contact_phone, website: m.field_website, outcomes: m.offer_field_outcomes,
	who_for: m.offer_field_who_for, languages: m.offer_field_languages, places: m.offer_field_places, schedules: m.offer_section_when,
	name: m.organisation_field_name, name_cy: m.organisation_field_name_cy, email: m.field_contact_email, phone: m.field_contact_phone,
	charity_number: m.organisation_field_charity_number, company_number: m.organisation_field_company_number,
	status: m.dashboard_change_status
};

const created = {
	organization: m.dashboard_change_created_organization, service: m.dashboard_change_created_service,
	location: m.dashboard_change_created_location, schedule: m.dashboard_change_created_schedule
} as const;
const deleted = {
	organization: m.dashboard_change_deleted_organization, service: m.dashboard_change_deleted_service,
	location: m.dashboard_change_deleted_location, schedule: m.dashboard_change_deleted_schedule
} as const;

/** One audit-log row in words: "Title: "old" → "new"", "added a time". */
export function describeChange(change: { resource_type: string; action_type: string; field_name: string; previous_value: string | null; replacement_value: string | null }): string {
	const kind = change.resource_type as keyof typeof created;
	if (change.action_type === 'create') return created[kind]?.() ?? change.resource_type;
	if (change.action_type === 'delete') return deleted[kind]?.() ?? change.resource_type;
	const field = change.resource_type === 'organization' && change.field_name === 'description_en' ? m.organisation_field_description_en
		: change.resource_type === 'organization' && change.field_name === 'description_cy' ? m.organisation_field_description_cy
		: fieldNames[change.field_name];
	return m.dashboard_change_field({ field: field?.() ?? change.field_name, before: change.previous_value ?? '—', after: change.replacement_value ?? '—' });
}

export { limits };
