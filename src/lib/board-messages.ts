import { m } from '$lib/paraglide/messages';
import type { ContactDetailKind } from '$lib/domain/safe-text';
import type { PostKind, PostProblem, PostStatus, PostTopic, ReplyProblem } from '$lib/domain/board-options';

// The board's words for codes: typed maps, so every code has its message in both languages.

export const postKindMessages: Record<PostKind, () => string> = {
	need: m.board_kind_need,
	offer: m.board_kind_offer
};

/** The longer wording for the choice in the form. */
export const postKindChoiceMessages: Record<PostKind, () => string> = {
	need: m.board_kind_need_long,
	offer: m.board_kind_offer_long
};

export const postTopicMessages: Record<PostTopic, () => string> = {
	room: m.board_topic_room,
	volunteers: m.board_topic_volunteers,
	transport: m.board_topic_transport,
	equipment: m.board_topic_equipment,
	joint_session: m.board_topic_joint_session,
	skills: m.board_topic_skills,
	other: m.board_topic_other
};

export const postStatusMessages: Record<PostStatus, () => string> = {
	open: m.board_status_open,
	closed: m.board_status_closed,
	taken_down: m.board_status_taken_down
};

export const contactKindMessages: Record<ContactDetailKind, () => string> = {
	phone: m.board_found_phone,
	email: m.board_found_email,
	link: m.board_found_link,
	handle: m.board_found_handle
};

export const postFieldMessages: Record<'title' | 'body', () => string> = {
	title: m.board_field_title,
	body: m.board_field_body
};

export const postProblemMessages: Record<PostProblem, () => string> = {
	kind_missing: m.board_problem_kind_missing,
	topic_missing: m.board_problem_topic_missing,
	title_missing: m.board_problem_title_missing,
	title_short: m.board_problem_title_short,
	body_missing: m.board_problem_body_missing,
	body_short: m.board_problem_body_short,
	too_long: m.board_problem_too_long,
	contact_details: m.board_problem_contact_details,
	district_invalid: m.board_problem_district_invalid,
	district_unknown: m.board_problem_district_unknown
};

export const replyProblemMessages: Record<ReplyProblem, () => string> = {
	reply_missing: m.board_problem_reply_missing,
	too_long: m.board_problem_reply_too_long,
	links_in_reply: m.board_problem_links_in_reply
};

/** A post problem code in the reader's language; a code from elsewhere reads as a general one. */
export const postProblemText = (code: string) => (postProblemMessages[code as PostProblem] ?? m.board_problem_other)();
export const replyProblemText = (code: string) => (replyProblemMessages[code as ReplyProblem] ?? m.board_problem_other)();
