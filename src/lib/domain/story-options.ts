// "Stories of what helped": the limits, choices and form shape, free of zod and of the checks
// (src/lib/domain/story.ts) so pages can use them without shipping the checks to the browser.
// The numbers match the check constraints in supabase/migrations/…10_peer_support_network.sql.

export const storyLimits = { bodyMin: 40, body: 1500, signedAs: 40, reportNote: 500, moderationNote: 500 } as const;

/** Only outcomes a person lives (quality of life, change) are what a story helped with; process ones are how support felt. */
export const storyOutcomeCategories = ['quality_of_life', 'change'] as const;

export const storyLanguages = ['en', 'cy'] as const;
export type StoryLanguage = (typeof storyLanguages)[number];

export const storyStatuses = ['pending', 'published', 'declined', 'taken_down'] as const;
export type StoryStatus = (typeof storyStatuses)[number];

export const storyReportReasons = ['contact_details', 'identifies_someone', 'hurtful', 'untrue', 'other'] as const;
export type StoryReportReason = (typeof storyReportReasons)[number];

/** The story form's text fields; `outcome` comes as a list. `website` is the trap only programs fill in. */
export const storyFields = ['body', 'signed_as', 'language', 'consent', 'website'] as const;
export type StoryField = (typeof storyFields)[number] | 'outcome';

export type StoryDraft = Record<(typeof storyFields)[number], string> & { outcome: string[] };

export type StoryProblem =
	| 'body_missing'
	| 'body_too_short'
	| 'too_long'
	| 'contact_details'
	| 'outcome_missing'
	| 'consent_missing'
	| 'looks_automated'
	| 'reason_missing';
