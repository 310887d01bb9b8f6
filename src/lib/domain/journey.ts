import { checkEmail, checkPhone, characterCount, tidyLine, tidyParagraph } from './listing';
import { defaultDistance, type SearchFilters } from './search-options';
import {
	concernIds, concerns, contactLimits, easierChoices, emptyAnswers, feedbackNoteLimit, journeyLimits, ratings,
	type Concern, type ContactDraft, type ContactProblem, type EasierChoice, type FeedbackProblem, type JourneyAnswers,
	type JourneyStep, type Rating
} from './journey-options';

export * from './journey-options';

// The self-service "what matters to you" journey (issue 5): one question a screen, every one
// skippable. The answers travel in the form itself (hidden fields), so nothing is kept on the
// server until the person saves a plan, and the journey works without JavaScript. This module
// reads the answers, turns them into outcomes and search filters, and checks what people send.

const outcomeId = /^[a-z][a-z-]{1,40}$/;
const text = (value: FormDataEntryValue | null) => (typeof value === 'string' ? value : '');
const unique = <T>(values: T[]) => [...new Set(values)];
const pickAll = <T extends string>(allowed: readonly T[], values: FormDataEntryValue[]): T[] =>
	unique(values.filter((v): v is T => typeof v === 'string' && (allowed as readonly string[]).includes(v)));
/** Long text is kept past the limit (up to twice it), so the person sees how much to trim; only beyond that is it cut. */
const kept = (value: string, limit: number) => [...value.normalize('NFC')].slice(0, limit * 2).join('');

/** Every answer the form carries, whatever step sent it; unknown values are dropped. */
export function readAnswers(form: FormData): JourneyAnswers {
	const ids = (name: string) => unique(form.getAll(name).map(text).filter((id) => outcomeId.test(id))).slice(0, 15);
	return {
		matters: ids('matters'),
		matters_words: kept(text(form.get('matters_words')), journeyLimits.words),
		going_well: kept(text(form.get('going_well')), journeyLimits.words),
		concerns: pickAll(concernIds, form.getAll('concerns')),
		concerns_words: kept(text(form.get('concerns_words')), journeyLimits.words),
		where: kept(text(form.get('where')), journeyLimits.where),
		lat: text(form.get('lat')).slice(0, 20),
		lng: text(form.get('lng')).slice(0, 20),
		easier: pickAll(easierChoices, form.getAll('easier')),
		outcomes: form.get('reviewed') === '1' ? ids('outcomes') : null,
		counted: form.get('counted') === '1',
		journey: /^[A-Za-z0-9_-]{16,40}$/.test(text(form.get('journey'))) ? text(form.get('journey')) : ''
	};
}

/** Clears what one step asked, for "Skip this question". */
export function skipStep(answers: JourneyAnswers, step: JourneyStep): JourneyAnswers {
	const cleared = emptyAnswers();
	const next = { ...answers };
	switch (step) {
		case 'matters': return { ...next, matters: cleared.matters, matters_words: '' };
		case 'going_well': return { ...next, going_well: '' };
		case 'concerns': return { ...next, concerns: cleared.concerns, concerns_words: '' };
		case 'where': return { ...next, where: '', lat: '', lng: '' };
		case 'easier': return { ...next, easier: cleared.easier };
		case 'review': return { ...next, outcomes: [] };
	}
}

export type JourneyProblem = 'too_long';

/** What is wrong with the step's answers, by field; empty when it can go on. */
export function checkStep(answers: JourneyAnswers, step: JourneyStep): Record<string, JourneyProblem> {
	const problems: Record<string, JourneyProblem> = {};
	const fields: Partial<Record<JourneyStep, (keyof JourneyAnswers)[]>> = {
		matters: ['matters_words'], going_well: ['going_well'], concerns: ['concerns_words']
	};
	for (const field of fields[step] ?? []) {
		if (characterCount(tidyParagraph(answers[field] as string)) > journeyLimits.words) problems[field] = 'too_long';
	}
	if (step === 'where' && characterCount(answers.where.trim()) > journeyLimits.where) problems.where = 'too_long';
	return problems;
}

// Words people use, in English and Welsh, that point to an outcome. Matched at the start of a
// word ("lonel" finds lonely and loneliness), or as the whole word when it ends in "$" ("pain$"
// must not find "painting"); the person sees every suggestion and can untick it.
const wordsFor: Record<string, string[]> = {
	'seeing-people': ['lonel', 'alone', 'isolat', 'friend', 'company', 'people', 'chat', 'unig', 'ffrind', 'cwmni', 'pobl', 'sgwrs'],
	'things-to-do': ['bored', 'hobb', 'activit', 'something to do', 'diflas', 'hobi', 'gweithgar'],
	'feeling-safe': ['safe', 'scared', 'afraid', 'frighten', 'unsafe', 'diogel', 'ofn'],
	'staying-well': ['health', 'fit$', 'fitness', 'exercis', 'eating', 'iechyd', 'iach', 'ymarfer'],
	'living-as-i-want': ['home$', 'homes$', 'house', 'money', 'bill', 'rent', 'cartref', 'arian', 'biliau', 'rhent'],
	'dealing-with-stigma': ['unfair', 'discriminat', 'stigma', 'racis', 'judg', 'annheg', 'gwahaniaeth'],
	'confidence-and-morale': ['confiden', 'anxi', 'low', 'depress', 'hope', 'worr', 'hyder', 'pryder', 'isel', 'gobaith'],
	skills: ['learn', 'course', 'skill', 'job', 'work', 'computer', 'dysgu', 'cwrs', 'sgil', 'swydd', 'gwaith', 'cyfrifiadur'],
	mobility: ['walk', 'mobil', 'getting about', 'bus$', 'buses', 'transport', 'cerdd', 'symud', 'bws', 'trafnidiaeth'],
	'reduced-symptoms': ['pain$', 'painful', 'pains$', 'symptom', 'tired', 'sleep', 'poen', 'blinder', 'cysgu']
};

/** Outcomes the person's own words point to, in the order of `wordsFor`. */
export function outcomesInWords(...texts: string[]): string[] {
	const words = texts.join(' ').normalize('NFC').toLowerCase();
	const tokens = words.split(/[^\p{L}']+/u).filter(Boolean);
	const found: string[] = [];
	for (const [outcome, stems] of Object.entries(wordsFor)) {
		const hit = stems.some((stem) => {
			if (stem.includes(' ')) return words.includes(stem);
			if (stem.endsWith('$')) return tokens.includes(stem.slice(0, -1));
			return tokens.some((token) => token.startsWith(stem));
		});
		if (hit) found.push(outcome);
	}
	return found;
}

/** The outcomes the answers suggest: what they chose, what their worries and their words point to. */
export function suggestedOutcomes(answers: JourneyAnswers): string[] {
	return unique([
		...answers.matters,
		...answers.concerns.flatMap((concern) => [...concerns[concern]]),
		...outcomesInWords(answers.matters_words, answers.concerns_words)
	]);
}

/** The outcomes to search for: the person's adjusted list once they have seen it, the suggestion before. */
export const chosenOutcomes = (answers: JourneyAnswers, known: ReadonlySet<string>) =>
	(answers.outcomes ?? suggestedOutcomes(answers)).filter((id) => known.has(id)).slice(0, 15);

/** The search the journey ends with: its outcomes, near the place, with what makes it easier. */
export function journeyFilters(outcomes: string[], answers: JourneyAnswers): SearchFilters {
	const easier = new Set(answers.easier);
	return {
		outcomes,
		where: '',
		point: null,
		distance: defaultDistance,
		free: easier.has('free'),
		day: null,
		welsh: easier.has('welsh'),
		attendance: easier.has('online') ? 'online' : 'any',
		wheelchair: easier.has('step_free'),
		evening: easier.has('evenings'),
		children: easier.has('children'),
		text: '',
		page: 1,
		sort: 'best_match'
	};
}

// ---------------------------------------------------------------------------------------------
// "Can someone contact me?"

/** A reply-by date from the address after sending: only a real YYYY-MM-DD (a made-up one would crash the date words). */
export function sentDate(value: string | null): string | null {
	if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
	const date = new Date(`${value}T12:00:00Z`);
	return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value ? value : null;
}

export interface ContactInput {
	name: string; email: string | null; phone: string | null; best_time: string | null; message: string;
}
export type ContactChecked = { ok: true; data: ContactInput } | { ok: false; problems: Record<string, ContactProblem> };

const linkPattern = /(https?:\/\/|www\.|\[url|<a\s)/i;

export function checkContactRequest(draft: ContactDraft): ContactChecked {
	const problems: Record<string, ContactProblem> = {};
	const name = tidyLine(draft.name);
	const email = tidyLine(draft.email).toLowerCase();
	const phone = tidyLine(draft.phone);
	const best_time = tidyLine(draft.best_time);
	const message = tidyParagraph(draft.message);
	if (!name) problems.name = 'name_missing';
	else if (characterCount(name) > contactLimits.name) problems.name = 'too_long';
	if (!email && !phone) problems.email = 'contact_missing';
	const emailProblem = checkEmail(email);
	if (emailProblem) problems.email = emailProblem === 'too_long' ? 'too_long' : 'email_invalid';
	const phoneProblem = checkPhone(phone);
	if (phoneProblem) problems.phone = phoneProblem === 'phone_letters' ? 'phone_letters' : 'phone_invalid';
	if (characterCount(best_time) > contactLimits.bestTime) problems.best_time = 'too_long';
	if (characterCount(message) > contactLimits.message) problems.message = 'too_long';
	// A web link is how most automated spam reaches a group; a person can say the same without one.
	else if (linkPattern.test(message)) problems.message = 'links_in_message';
	if (!problems.name && linkPattern.test(name)) problems.name = 'links_in_message';
	if (!problems.best_time && linkPattern.test(best_time)) problems.best_time = 'links_in_message';
	if (draft.consent !== 'yes') problems.consent = 'consent_missing';
	// A field people never see: only a program fills it in. Said plainly, in case a person did.
	if (draft.website.trim()) problems.website = 'looks_automated';
	if (Object.keys(problems).length) return { ok: false, problems };
	return { ok: true, data: { name, email: email || null, phone: phone || null, best_time: best_time || null, message } };
}

// ---------------------------------------------------------------------------------------------
// "What helped"

export type FeedbackChecked =
	| { ok: true; data: { offer: string; rating: Rating; felt: string[]; note: string | null } }
	| { ok: false; problems: Record<string, FeedbackProblem> };

export function checkFeedback(form: FormData): FeedbackChecked {
	const rating = ratings.find((r) => r === form.get('rating'));
	const note = tidyParagraph(text(form.get('note')));
	const problems: Record<string, FeedbackProblem> = {};
	if (!rating) problems.rating = 'rating_missing';
	if (characterCount(note) > feedbackNoteLimit) problems.note = 'too_long';
	if (!rating || Object.keys(problems).length) return { ok: false, problems };
	const felt = unique(form.getAll('felt').map(text).filter((id) => outcomeId.test(id))).slice(0, 5);
	return { ok: true, data: { offer: text(form.get('offer')), rating, felt, note: note || null } };
}
