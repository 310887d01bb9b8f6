import { m } from '$lib/paraglide/messages';
import type { ContactDetailKind } from '$lib/domain/safe-text';
import { storyLimits, type StoryProblem, type StoryReportReason, type StoryStatus } from '$lib/domain/story-options';

// The stories' words for codes: typed maps of message functions, never names computed at run
// time, so every code has its message in both languages and unused ones stay out of the bundle.

const problemMessages: Record<StoryProblem, () => string> = {
	body_missing: m.story_problem_body_missing,
	body_too_short: () => m.story_problem_body_too_short({ min: storyLimits.bodyMin }),
	too_long: m.story_problem_too_long,
	contact_details: m.story_problem_contact_details,
	outcome_missing: m.story_problem_outcome_missing,
	consent_missing: m.story_problem_consent_missing,
	looks_automated: m.story_problem_looks_automated,
	reason_missing: m.story_problem_reason_missing
};

/** A problem code from the story or report form, in the reader's language. */
export const storyProblemText = (code: string) => (problemMessages[code as StoryProblem] ?? m.story_problem_other)();

export const foundDetailMessages: Record<ContactDetailKind, (inputs: { text: string }) => string> = {
	email: m.story_found_email,
	link: m.story_found_link,
	phone: m.story_found_phone,
	handle: m.story_found_handle
};

export const storyReasonMessages: Record<StoryReportReason, () => string> = {
	contact_details: m.story_reason_contact_details,
	identifies_someone: m.story_reason_identifies_someone,
	hurtful: m.story_reason_hurtful,
	untrue: m.story_reason_untrue,
	other: m.story_reason_other
};

export const storyStatusMessages: Record<StoryStatus, () => string> = {
	pending: m.story_status_pending,
	published: m.story_status_published,
	declined: m.story_status_declined,
	taken_down: m.story_status_taken_down
};

export const storyLanguageMessages = { en: m.story_language_en, cy: m.story_language_cy } as const;

// "What helped others who wanted to …": phrased per outcome, because turning an "I want …"
// statement into the third person reads badly in both languages. A new outcome falls back to its label.
const outcomeHeadings: Record<string, () => string> = {
	'feeling-safe': m.outcome_page_heading_feeling_safe,
	'things-to-do': m.outcome_page_heading_things_to_do,
	'seeing-people': m.outcome_page_heading_seeing_people,
	'staying-well': m.outcome_page_heading_staying_well,
	'living-as-i-want': m.outcome_page_heading_living_as_i_want,
	'dealing-with-stigma': m.outcome_page_heading_dealing_with_stigma,
	'confidence-and-morale': m.outcome_page_heading_confidence_and_morale,
	skills: m.outcome_page_heading_skills,
	mobility: m.outcome_page_heading_mobility,
	'reduced-symptoms': m.outcome_page_heading_reduced_symptoms
};

export const outcomeStoriesHeading = (outcome: { id: string }, label: string) =>
	outcomeHeadings[outcome.id]?.() ?? m.outcome_page_heading_other({ label });

export const storyCountText = (count: number) =>
	count === 0 ? m.outcome_page_count_none() : count === 1 ? m.outcome_page_count_one() : m.outcome_page_count_many({ count });
