// The practitioner's conversation record: its fields, limits and choices, free of zod so pages
// can use them without shipping the checks (src/lib/domain/conversation.ts) to the browser.

export const conversationLimits = { reference: 60, words: 4000, shared: 1000, note: 500 } as const;

/** The person's words, each the answer to one of the approach's open questions (DESIGN.md §1). */
export const wordFields = ['words_matters', 'words_concerns', 'words_better', 'words_less_anxious', 'strengths', 'notes'] as const;
export type WordField = (typeof wordFields)[number];

export const conversationStatuses = ['draft', 'active', 'closed'] as const;
export type ConversationStatus = (typeof conversationStatuses)[number];

export const signpostKinds = ['signpost', 'referral'] as const;
export type SignpostKind = (typeof signpostKinds)[number];
export const signpostStatuses = ['suggested', 'contacted', 'attending', 'declined', 'not_suitable'] as const;
export type SignpostStatus = (typeof signpostStatuses)[number];

/** 1 matters most. */
export const priorities = [1, 2, 3] as const;

export type ConversationProblem =
	| 'reference_missing' | 'too_long' | 'consent_record_missing' | 'date_invalid' | 'place_unknown'
	| 'no_consent_to_share' | 'not_a_practitioner' | 'already_yours' | 'rating_missing' | 'email_invalid';
