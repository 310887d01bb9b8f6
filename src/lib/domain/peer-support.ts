import { languageCodes, type LanguageCode } from './directory';
import { characterCount, tidyLine } from './listing';
import { findContactDetails, type FoundDetail } from './safe-text';
import {
	checkKinds, recheckYears, supporterFields, supporterLimits, type CheckDraft, type CheckKind
} from './peer-support-options';

// The checks behind a group's peer-supporter forms. What a supporter shows publicly carries no
// contact details (the group brokers every introduction); their safeguarding checks must be
// current before they can be shown.

export type SupporterProblem = 'name_missing' | 'text_missing' | 'too_long' | 'contact_details' | 'outcome_missing' | 'language_missing';
export type SupporterDraft = Record<(typeof supporterFields)[number], string> & { languages: string[]; outcomes: string[] };

export interface SupporterInput {
	display_name: string;
	been_there_en: string;
	been_there_cy: string | null;
	availability_en: string;
	availability_cy: string | null;
	languages: LanguageCode[];
	outcomes: string[];
}

export type SupporterChecked =
	| { ok: true; data: SupporterInput }
	| { ok: false; problems: Partial<Record<string, SupporterProblem>>; found: Partial<Record<string, FoundDetail[]>> };

export function checkSupporter(draft: SupporterDraft, knownOutcomes: readonly string[]): SupporterChecked {
	const problems: Partial<Record<string, SupporterProblem>> = {};
	const found: Partial<Record<string, FoundDetail[]>> = {};
	const text = Object.fromEntries(supporterFields.map((field) => [field, tidyLine(draft[field])])) as Record<(typeof supporterFields)[number], string>;
	const limits = {
		display_name: supporterLimits.name, been_there_en: supporterLimits.beenThere, been_there_cy: supporterLimits.beenThere,
		availability_en: supporterLimits.availability, availability_cy: supporterLimits.availability
	};
	for (const field of supporterFields) {
		if (characterCount(text[field]) > limits[field]) problems[field] = 'too_long';
		else {
			const details = findContactDetails(text[field]);
			if (details.length) {
				problems[field] = 'contact_details';
				found[field] = details;
			}
		}
	}
	if (!text.display_name && !problems.display_name) problems.display_name = 'name_missing';
	if (!text.been_there_en && !problems.been_there_en) problems.been_there_en = 'text_missing';
	const languages = languageCodes.filter((code) => draft.languages.includes(code));
	if (!languages.length) problems.languages = 'language_missing';
	const outcomes = knownOutcomes.filter((id) => draft.outcomes.includes(id));
	if (!outcomes.length) problems.outcomes = 'outcome_missing';
	if (Object.keys(problems).length) return { ok: false, problems, found };
	return {
		ok: true,
		data: {
			display_name: text.display_name, been_there_en: text.been_there_en, been_there_cy: text.been_there_cy || null,
			availability_en: text.availability_en, availability_cy: text.availability_cy || null, languages, outcomes
		}
	};
}

export type CheckProblem =
	| 'check_kind_missing' | 'date_missing' | 'date_invalid' | 'date_future' | 'check_out_of_date'
	| 'training_missing' | 'supervisor_missing' | 'too_long';

export interface ChecksInput {
	check_kind: CheckKind;
	checked_on: string | null;
	training: string | null;
	trained_on: string | null;
	supervisor: string | null;
	confirm: boolean;
}

export type ChecksChecked = { ok: true; data: ChecksInput } | { ok: false; problems: Partial<Record<keyof CheckDraft, CheckProblem>> };

const isoDate = /^\d{4}-\d{2}-\d{2}$/;
// An impossible day or month ("2026-02-30", "2026-13-01") is not a date: the first rolls over to
// March, the second is an Invalid Date, whose toISOString throws (fix: it was a 500, not date_invalid).
const realDate = (text: string) => {
	const date = new Date(`${text}T12:00:00Z`);
	// From 1900: the database has no year 0, and no check predates it.
	return isoDate.test(text) && text >= '1900-01-01' && !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
};

/** The date a check from `checkedOn` stops counting as current (recheckYears later). */
export function checkRunsOutOn(checkedOn: string): string {
	const date = new Date(`${checkedOn}T12:00:00Z`);
	date.setUTCFullYear(date.getUTCFullYear() + recheckYears);
	return date.toISOString().slice(0, 10);
}

/**
 * Safeguarding details. They may be saved incomplete (a check still in the post); confirming asks
 * for everything the role needs, current, as the database will.
 */
export function checkSafeguarding(draft: CheckDraft, today: string): ChecksChecked {
	const problems: Partial<Record<keyof CheckDraft, CheckProblem>> = {};
	const kind = checkKinds.find((k) => k === draft.check_kind);
	const checkedOn = tidyLine(draft.checked_on);
	const trainedOn = tidyLine(draft.trained_on);
	const training = tidyLine(draft.training);
	const supervisor = tidyLine(draft.supervisor);
	const confirm = draft.confirm === 'yes';
	if (!kind) problems.check_kind = 'check_kind_missing';
	for (const [field, value] of [['checked_on', checkedOn], ['trained_on', trainedOn]] as const) {
		if (!value) continue;
		if (!realDate(value)) problems[field] = 'date_invalid';
		else if (value > today) problems[field] = 'date_future';
	}
	if (characterCount(training) > supporterLimits.training) problems.training = 'too_long';
	if (characterCount(supervisor) > supporterLimits.supervisor) problems.supervisor = 'too_long';
	if (confirm) {
		if (kind && kind !== 'none' && !checkedOn) problems.checked_on ??= 'date_missing';
		if (kind && kind !== 'none' && checkedOn && !problems.checked_on && checkRunsOutOn(checkedOn) <= today) problems.checked_on = 'check_out_of_date';
		if (!training) problems.training ??= 'training_missing';
		if (!trainedOn) problems.trained_on ??= 'date_missing';
		if (!supervisor) problems.supervisor ??= 'supervisor_missing';
	}
	if (!kind || Object.keys(problems).length) return { ok: false, problems };
	return {
		ok: true,
		data: {
			check_kind: kind, checked_on: kind === 'none' ? null : checkedOn || null, training: training || null,
			trained_on: trainedOn || null, supervisor: supervisor || null, confirm
		}
	};
}

/** The supporter form as typed, for checking and for showing again after a problem. */
export function supporterDraft(form: FormData): SupporterDraft {
	const text = (field: string) => (typeof form.get(field) === 'string' ? String(form.get(field)).slice(0, 3000) : '');
	const list = (field: string) => form.getAll(field).filter((v): v is string => typeof v === 'string').slice(0, 50);
	return {
		display_name: text('display_name'), been_there_en: text('been_there_en'), been_there_cy: text('been_there_cy'),
		availability_en: text('availability_en'), availability_cy: text('availability_cy'),
		languages: list('languages'), outcomes: list('outcomes')
	};
}
