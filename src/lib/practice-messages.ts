import { m } from '$lib/paraglide/messages';
import type { ConversationStatus, SignpostKind, SignpostStatus, WordField } from '$lib/domain/conversation-options';

// The practitioner pages' words for codes: typed maps, so every code has its message in both languages.

export const promptMessages: Record<WordField, { label: () => string; hint: () => string }> = {
	words_matters: { label: m.practice_prompt_matters, hint: m.practice_prompt_matters_hint },
	words_concerns: { label: m.practice_prompt_concerns, hint: m.practice_prompt_concerns_hint },
	words_better: { label: m.practice_prompt_better, hint: m.practice_prompt_better_hint },
	words_less_anxious: { label: m.practice_prompt_less_anxious, hint: m.practice_prompt_less_anxious_hint },
	strengths: { label: m.practice_prompt_strengths, hint: m.practice_prompt_strengths_hint },
	notes: { label: m.practice_prompt_notes, hint: m.practice_prompt_notes_hint }
};

export const conversationStatusMessages: Record<ConversationStatus, () => string> = {
	draft: m.practice_status_draft,
	active: m.practice_status_active,
	closed: m.practice_status_closed
};

export const signpostKindMessages: Record<SignpostKind, () => string> = {
	signpost: m.practice_kind_signpost,
	referral: m.practice_kind_referral
};

export const signpostStatusMessages: Record<SignpostStatus, () => string> = {
	suggested: m.practice_signpost_suggested,
	contacted: m.practice_signpost_contacted,
	attending: m.practice_signpost_attending,
	declined: m.practice_signpost_declined,
	not_suitable: m.practice_signpost_not_suitable
};

const problemMessages: Record<string, () => string> = {
	reference_missing: m.practice_problem_reference_missing,
	too_long: m.journey_problem_too_long,
	consent_record_missing: m.practice_problem_consent_record_missing,
	date_invalid: m.practice_problem_date_invalid,
	place_unknown: m.journey_problem_unknown_place,
	no_consent_to_share: m.practice_problem_no_consent_to_share,
	offer_not_found: m.practice_problem_offer_not_found,
	not_a_practitioner: m.practice_problem_not_a_practitioner,
	already_yours: m.practice_problem_already_yours,
	rating_missing: m.feedback_problem_rating_missing,
	email_invalid: m.contact_problem_email_invalid,
	feedback_given: m.practice_problem_feedback_given
};

export const conversationProblemText = (code: string) => (problemMessages[code] ?? m.journey_problem_other)();
