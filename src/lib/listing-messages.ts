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

export { limits };
