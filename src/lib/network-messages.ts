import { m } from '$lib/paraglide/messages';
import type { ContactDetailKind, FoundDetail } from '$lib/domain/safe-text';
import type { CheckProblem, SupporterProblem } from '$lib/domain/peer-support';
import type { CheckKind, IntroductionMode, IntroductionStatus, Requester } from '$lib/domain/peer-support-options';
import { joinList } from '$lib/i18n';

// Peer support's words for codes, as typed maps so every code has its message in both languages.

export const checkKindMessages: Record<CheckKind, () => string> = {
	dbs: m.peer_check_dbs,
	pvg: m.peer_check_pvg,
	access_ni: m.peer_check_access_ni,
	none: m.peer_check_none
};

export const introductionModeMessages: Record<IntroductionMode, () => string> = {
	group_reviews: m.peer_mode_group_reviews,
	coordinators: m.peer_mode_coordinators
};

export const introductionStatusMessages: Record<IntroductionStatus, () => string> = {
	new: m.introduction_status_new,
	accepted: m.introduction_status_accepted,
	introduced: m.introduction_status_introduced,
	declined: m.introduction_status_declined
};

export const requesterMessages: Record<Requester, () => string> = {
	person: m.introduction_requester_person,
	practitioner: m.introduction_requester_practitioner
};

const detailKindMessages: Record<ContactDetailKind, (inputs: { text: string }) => string> = {
	email: m.safe_text_email,
	phone: m.safe_text_phone,
	link: m.safe_text_link,
	handle: m.safe_text_handle
};

/** "an email address (sam@…), a phone number (029 …)": what the check found, so the writer can find it. */
export const describeFound = (found: FoundDetail[]) => joinList(found.map((d) => detailKindMessages[d.kind]({ text: d.text })));

const supporterProblemMessages: Record<Exclude<SupporterProblem, 'contact_details'>, () => string> = {
	name_missing: m.peer_problem_name_missing,
	text_missing: m.peer_problem_text_missing,
	too_long: m.peer_problem_too_long,
	outcome_missing: m.peer_problem_outcome_missing,
	language_missing: m.peer_problem_language_missing
};

export function supporterProblemText(code: SupporterProblem, found: FoundDetail[] = []): string {
	return code === 'contact_details' ? m.peer_problem_contact_details({ found: describeFound(found) }) : supporterProblemMessages[code]();
}

export const checkProblemMessages: Record<CheckProblem, () => string> = {
	check_kind_missing: m.peer_problem_check_kind_missing,
	date_missing: m.peer_problem_date_missing,
	date_invalid: m.peer_problem_date_invalid,
	date_future: m.peer_problem_date_future,
	check_out_of_date: m.peer_problem_check_out_of_date,
	training_missing: m.peer_problem_training_missing,
	supervisor_missing: m.peer_problem_supervisor_missing,
	too_long: m.peer_problem_too_long
};
