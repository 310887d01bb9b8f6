// The groups' board (issue 7): its kinds, topics and limits, free of zod and of the contact-details
// check, so pages can build their forms and filters without shipping the checks to the browser.
// Kept in step with the board_posts and board_replies constraints in the peer-support migration.

export const postKinds = ['need', 'offer'] as const;
export type PostKind = (typeof postKinds)[number];

export const postTopics = ['room', 'volunteers', 'transport', 'equipment', 'joint_session', 'skills', 'other'] as const;
export type PostTopic = (typeof postTopics)[number];

export const postStatuses = ['open', 'closed', 'taken_down'] as const;
export type PostStatus = (typeof postStatuses)[number];

export const boardLimits = { titleMin: 3, title: 120, bodyMin: 10, body: 1500, reply: 1500 } as const;

/** How far "near you" reaches, in kilometres (about fifteen miles: a short drive in the valleys). */
export const nearbyKm = 25;

export const postFields = ['kind', 'topic', 'title', 'body', 'district'] as const;
export type PostField = (typeof postFields)[number];
export type PostDraft = Record<PostField, string>;
export const emptyPost = (): PostDraft => ({ kind: '', topic: '', title: '', body: '', district: '' });

export type PostProblem =
	| 'kind_missing' | 'topic_missing' | 'title_missing' | 'title_short' | 'body_missing' | 'body_short' | 'too_long'
	| 'contact_details' | 'district_invalid' | 'district_unknown';
export type ReplyProblem = 'reply_missing' | 'too_long' | 'links_in_reply';

/** The board's filters, from the address (GET, so they work without JavaScript); unknown values are ignored. */
export function readBoardFilters(params: URLSearchParams): { kind: PostKind | null; topic: PostTopic | null } {
	const kind = postKinds.find((k) => k === params.get('kind')) ?? null;
	const topic = postTopics.find((t) => t === params.get('topic')) ?? null;
	return { kind, topic };
}
