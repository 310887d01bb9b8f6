import { characterCount, tidyLine, tidyParagraph } from './listing';
import { findContactDetails, hasWebLink, stripContactDetails, type FoundDetail } from './safe-text';
import {
	boardLimits, postKinds, postTopics,
	type PostDraft, type PostKind, type PostProblem, type PostTopic, type ReplyProblem
} from './board-options';

export * from './board-options';

// Checks for what groups write on the board. A post is read by every group in the network, so it
// carries no contact details or links: the check says what it found, so the writer knows why, and
// can have them taken out. A reply is private between two groups, so a phone number or an email
// to arrange things is welcome there; a link still is not (it is how spam travels).

export interface PostInput {
	kind: PostKind;
	topic: PostTopic;
	title: string;
	body: string;
	district: string | null;
}

/** A contact detail found in one field of a post, for the explanation next to the form. */
export interface FoundInPost extends FoundDetail {
	field: 'title' | 'body';
}

export type PostChecked =
	| { ok: true; data: PostInput }
	| { ok: false; problems: Partial<Record<keyof PostDraft, PostProblem>>; found: FoundInPost[] };

/** "cf44", " CF44 " → "CF44"; a whole postcode ("CF44 7AB") gives its district. Null when it isn't one. */
export function postcodeDistrict(value: string): string | null {
	const compact = value.trim().toUpperCase().replace(/\s+/g, ' ');
	if (!compact) return null;
	const match = /^([A-Z]{1,2}[0-9][0-9A-Z]?)(?: ?[0-9][A-Z]{2})?$/.exec(compact);
	return match ? match[1]! : null;
}

export function checkPost(draft: PostDraft): PostChecked {
	const problems: Partial<Record<keyof PostDraft, PostProblem>> = {};
	const kind = postKinds.find((k) => k === draft.kind);
	const topic = postTopics.find((t) => t === draft.topic);
	const title = tidyLine(draft.title);
	const body = tidyParagraph(draft.body);
	if (!kind) problems.kind = 'kind_missing';
	if (!topic) problems.topic = 'topic_missing';
	if (!title) problems.title = 'title_missing';
	else if (characterCount(title) < boardLimits.titleMin) problems.title = 'title_short';
	else if (characterCount(title) > boardLimits.title) problems.title = 'too_long';
	if (!body) problems.body = 'body_missing';
	else if (characterCount(body) < boardLimits.bodyMin) problems.body = 'body_short';
	else if (characterCount(body) > boardLimits.body) problems.body = 'too_long';
	const found: FoundInPost[] = [
		...findContactDetails(title).map((d) => ({ ...d, field: 'title' as const })),
		...findContactDetails(body).map((d) => ({ ...d, field: 'body' as const }))
	];
	for (const detail of found) problems[detail.field] ??= 'contact_details';
	const district = postcodeDistrict(draft.district);
	if (draft.district.trim() && !district) problems.district = 'district_invalid';
	if (Object.keys(problems).length || !kind || !topic) return { ok: false, problems, found };
	return { ok: true, data: { kind, topic, title, body, district } };
}

/** "Remove them for me": the title and details without contact details or links, everything else as typed. */
export function withoutContactDetails(draft: PostDraft, removed: string): PostDraft {
	return { ...draft, title: stripContactDetails(draft.title, removed), body: stripContactDetails(draft.body, removed) };
}

export type ReplyChecked = { ok: true; body: string } | { ok: false; problem: ReplyProblem; links: string[] };

export function checkReply(value: string): ReplyChecked {
	const body = tidyParagraph(value);
	if (!body) return { ok: false, problem: 'reply_missing', links: [] };
	if (characterCount(body) > boardLimits.reply) return { ok: false, problem: 'too_long', links: [] };
	if (hasWebLink(body)) {
		const links = findContactDetails(body).filter((d) => d.kind === 'link').map((d) => d.text);
		return { ok: false, problem: 'links_in_reply', links };
	}
	return { ok: true, body };
}

/** Long text is kept past its limit (up to twice it), so the writer sees how much to trim. */
export const keptText = (value: FormDataEntryValue | null, limit: number) =>
	typeof value === 'string' ? [...value.normalize('NFC')].slice(0, limit * 2).join('') : '';
