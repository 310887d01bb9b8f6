import { m } from '$lib/paraglide/messages';
import type { Concern, EasierChoice, JourneyStep, Rating } from '$lib/domain/journey-options';

// The journey's words for codes, typed maps so every code has its message in both languages.

export const questionMessages: Record<JourneyStep, () => string> = {
	matters: m.journey_q_matters,
	going_well: m.journey_q_going_well,
	concerns: m.journey_q_concerns,
	where: m.journey_q_where,
	easier: m.journey_q_easier,
	review: m.journey_q_review
};

export const concernMessages: Record<Concern, () => string> = {
	lonely: m.concern_lonely,
	little_to_do: m.concern_little_to_do,
	not_safe: m.concern_not_safe,
	health: m.concern_health,
	low_mood: m.concern_low_mood,
	getting_about: m.concern_getting_about,
	home_or_money: m.concern_home_or_money,
	treated_unfairly: m.concern_treated_unfairly,
	caring: m.concern_caring,
	learning_or_work: m.concern_learning_or_work
};

export const easierMessages: Record<EasierChoice, () => string> = {
	free: m.easier_free,
	welsh: m.easier_welsh,
	step_free: m.easier_step_free,
	evenings: m.easier_evenings,
	online: m.easier_online,
	children: m.easier_children
};

export const ratingMessages: Record<Rating, () => string> = {
	helped_a_lot: m.rating_helped_a_lot,
	helped_a_bit: m.rating_helped_a_bit,
	did_not_help: m.rating_did_not_help,
	did_not_go: m.rating_did_not_go
};

const problemMessages: Record<string, () => string> = {
	too_long: m.journey_problem_too_long,
	unknown_place: m.journey_problem_unknown_place,
	unrecognised_place: m.journey_problem_unrecognised_place,
	outside_uk: m.problem_outside_uk,
	name_missing: m.contact_problem_name_missing,
	contact_missing: m.contact_problem_contact_missing,
	email_invalid: m.contact_problem_email_invalid,
	phone_letters: m.contact_problem_phone_letters,
	phone_invalid: m.contact_problem_phone_invalid,
	consent_missing: m.contact_problem_consent_missing,
	links_in_message: m.contact_problem_links,
	looks_automated: m.contact_problem_automated,
	rating_missing: m.feedback_problem_rating_missing
};

/** A problem code from the journey, the contact form or the feedback form, in the reader's language. */
export const journeyProblemText = (code: string) => (problemMessages[code] ?? m.journey_problem_other)();
