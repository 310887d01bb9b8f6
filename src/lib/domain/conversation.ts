import { characterCount, checkEmail, tidyLine, tidyParagraph } from './listing';
import {
	conversationLimits, conversationStatuses, priorities, wordFields, type ConversationProblem, type ConversationStatus,
	type WordField
} from './conversation-options';

export * from './conversation-options';

// Reading and checking what a practitioner types during a conversation. A draft keeps exactly
// what was typed (so nothing is lost on a problem); a check turns it into clean data or a problem
// code per field. Pasted text keeps its line breaks and loses invisible control characters.

const text = (value: FormDataEntryValue | null) => (typeof value === 'string' ? value : '');
const isoDate = /^\d{4}-\d{2}-\d{2}$/;
const validDate = (value: string) =>
	isoDate.test(value) && Number(value.slice(0, 4)) >= 1900 && Number(value.slice(0, 4)) <= 2100 &&
	!Number.isNaN(Date.parse(`${value}T12:00:00Z`)) && new Date(`${value}T12:00:00Z`).toISOString().startsWith(value);

export interface StartDraft { reference: string; where: string; consent_record: string; consent_share: string; consent_contact: string }
export interface StartInput { reference: string; where: string; consentShare: boolean; consentContact: boolean }

export const readStartDraft = (form: FormData): StartDraft => ({
	reference: text(form.get('reference')).slice(0, 500),
	where: text(form.get('where')).slice(0, 300),
	consent_record: text(form.get('consent_record')),
	consent_share: text(form.get('consent_share')),
	consent_contact: text(form.get('consent_contact'))
});

export function checkStart(draft: StartDraft): { ok: true; data: StartInput } | { ok: false; problems: Record<string, ConversationProblem> } {
	const problems: Record<string, ConversationProblem> = {};
	const reference = tidyLine(draft.reference);
	if (!reference) problems.reference = 'reference_missing';
	else if (characterCount(reference) > conversationLimits.reference) problems.reference = 'too_long';
	if (draft.consent_record !== 'yes') problems.consent_record = 'consent_record_missing';
	if (Object.keys(problems).length) return { ok: false, problems };
	return { ok: true, data: { reference, where: tidyLine(draft.where), consentShare: draft.consent_share === 'yes', consentContact: draft.consent_contact === 'yes' } };
}

export type RecordDraft = Record<WordField, string> & {
	outcomes: { id: string; priority: number }[];
	status: string;
	follow_up_on: string;
	plan_language: string;
	consent_share: string;
	consent_contact: string;
	version: string;
};

export interface RecordInput {
	words: Record<WordField, string | null>;
	outcomes: { id: string; priority: 1 | 2 | 3 }[];
	status: ConversationStatus;
	followUpOn: string | null;
	planLanguage: 'en' | 'cy';
	consentShare: boolean;
	consentContact: boolean;
	version: number;
}

export function readRecordDraft(form: FormData): RecordDraft {
	const words = Object.fromEntries(wordFields.map((field) => [field, text(form.get(field)).slice(0, conversationLimits.words * 2)])) as Record<WordField, string>;
	const ids = [...new Set(form.getAll('outcome').map(text).filter((id) => /^[a-z][a-z-]{1,40}$/.test(id)))].slice(0, 15);
	return {
		...words,
		outcomes: ids.map((id) => {
			const priority = Number(text(form.get(`priority-${id}`)));
			return { id, priority: (priorities as readonly number[]).includes(priority) ? priority : 2 };
		}),
		status: text(form.get('status')),
		follow_up_on: text(form.get('follow_up_on')).trim().slice(0, 20),
		plan_language: text(form.get('plan_language')),
		consent_share: text(form.get('consent_share')),
		consent_contact: text(form.get('consent_contact')),
		version: text(form.get('version'))
	};
}

export function checkRecord(
	draft: RecordDraft,
	known: ReadonlySet<string>
): { ok: true; data: RecordInput } | { ok: false; problems: Record<string, ConversationProblem> } {
	const problems: Record<string, ConversationProblem> = {};
	const words = {} as Record<WordField, string | null>;
	for (const field of wordFields) {
		const value = tidyParagraph(draft[field]);
		if (characterCount(value) > conversationLimits.words) problems[field] = 'too_long';
		words[field] = value || null;
	}
	if (draft.follow_up_on && !validDate(draft.follow_up_on)) problems.follow_up_on = 'date_invalid';
	if (Object.keys(problems).length) return { ok: false, problems };
	return {
		ok: true,
		data: {
			words,
			outcomes: draft.outcomes.filter((o) => known.has(o.id)).map((o) => ({ id: o.id, priority: o.priority as 1 | 2 | 3 })),
			status: conversationStatuses.find((s) => s === draft.status) ?? 'draft',
			followUpOn: draft.follow_up_on || null,
			planLanguage: draft.plan_language === 'cy' ? 'cy' : 'en',
			consentShare: draft.consent_share === 'yes',
			consentContact: draft.consent_contact === 'yes',
			// A version out of range cannot be the record's: the save is refused as "saved elsewhere".
			version: Math.min(Math.max(Number.parseInt(draft.version, 10) || 0, 0), 2_000_000_000)
		}
	};
}

/** What a referral tells the group, only with the person's consent to share. */
export function checkSharedDetails(value: string): { ok: true; data: string | null } | { ok: false; problem: ConversationProblem } {
	const details = tidyParagraph(value);
	if (characterCount(details) > conversationLimits.shared) return { ok: false, problem: 'too_long' };
	return { ok: true, data: details || null };
}

export function checkColleagueEmail(value: string): { ok: true; data: string } | { ok: false; problem: ConversationProblem } {
	const email = tidyLine(value).toLowerCase();
	if (!email || checkEmail(email)) return { ok: false, problem: 'email_invalid' };
	return { ok: true, data: email };
}
