import { characterCount, tidyLine, tidyParagraph } from './listing';
import { findContactDetails, type FoundDetail } from './safe-text';
import {
	storyLanguages, storyLimits, storyReportReasons, type StoryDraft, type StoryField, type StoryLanguage, type StoryProblem,
	type StoryReportReason
} from './story-options';

// The checks a story and a report go through before the server sends them to the database, which
// has the same rules as its last word. Each problem is a code the page turns into words.

export interface StoryInput {
	body: string;
	/** null: shown without a name (the default). */
	signed_as: string | null;
	language: StoryLanguage;
	outcomes: string[];
}

export type StoryChecked =
	| { ok: true; data: StoryInput }
	| { ok: false; problems: Partial<Record<StoryField, StoryProblem>>; found: FoundDetail[] };

/**
 * Checks a story as written. `knownOutcomes` are the outcomes a story may be tagged with; others are
 * dropped quietly. Contact details and links are listed in `found`, so the page can say what they are.
 */
export function checkStory(draft: StoryDraft, knownOutcomes: readonly string[], pageLanguage: StoryLanguage): StoryChecked {
	const problems: Partial<Record<StoryField, StoryProblem>> = {};
	const body = tidyParagraph(draft.body);
	const signed = tidyLine(draft.signed_as);
	const outcomes = [...new Set(draft.outcome)].filter((id) => knownOutcomes.includes(id));
	const language = storyLanguages.find((l) => l === draft.language) ?? pageLanguage;
	const found = [...findContactDetails(body), ...findContactDetails(signed)];

	if (!body) problems.body = 'body_missing';
	else if (characterCount(body) < storyLimits.bodyMin) problems.body = 'body_too_short';
	else if (characterCount(body) > storyLimits.body) problems.body = 'too_long';
	else if (findContactDetails(body).length) problems.body = 'contact_details';
	if (characterCount(signed) > storyLimits.signedAs) problems.signed_as = 'too_long';
	else if (findContactDetails(signed).length) problems.signed_as = 'contact_details';
	if (!outcomes.length) problems.outcome = 'outcome_missing';
	if (draft.consent !== 'yes') problems.consent = 'consent_missing';
	// A field people never see: only a program fills it in. Said plainly, in case a person did.
	if (draft.website.trim()) problems.website = 'looks_automated';

	if (Object.keys(problems).length) return { ok: false, problems, found };
	return { ok: true, data: { body, signed_as: signed || null, language, outcomes } };
}

export type StoryReportChecked =
	| { ok: true; data: { reason: StoryReportReason; note: string | null } }
	| { ok: false; problems: Partial<Record<'reason' | 'note', StoryProblem>> };

/** "Report this story": a reason from the list and, if they wish, a few words for the moderators. */
export function checkStoryReport(reason: string, note: string): StoryReportChecked {
	const chosen = storyReportReasons.find((r) => r === reason);
	const words = tidyParagraph(note);
	const problems: Partial<Record<'reason' | 'note', StoryProblem>> = {};
	if (!chosen) problems.reason = 'reason_missing';
	if (characterCount(words) > storyLimits.reportNote) problems.note = 'too_long';
	if (!chosen || problems.note) return { ok: false, problems };
	return { ok: true, data: { reason: chosen, note: words || null } };
}

/** A moderator's optional note for the writer's sake; null when empty, false when too long. */
export function checkModerationNote(note: string): string | null | false {
	const words = tidyParagraph(note);
	if (characterCount(words) > storyLimits.moderationNote) return false;
	return words || null;
}

/** Where to go back to after a moderator takes a story down from a public page: this site's own pages only. */
export function safeReturnPath(value: string | null | undefined, fallback = '/'): string {
	// A tab or newline is dropped by browsers ("/\t/x" becomes "//x", another site), so none is allowed.
	if (!value || !value.startsWith('/') || value.startsWith('//') || /[\x00-\x1f\\]/.test(value) || value.length > 500) return fallback;
	return value;
}
