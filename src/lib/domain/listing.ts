import { z } from 'zod';
import { parse as parsePostcode } from 'postcode';
import {
	accessibilityFeatures, accessRoutes, attendanceModes, audiences, capacities, costs, languageCodes, offerKinds
} from './directory';
import { weekdays } from './schedule';

// What a group types about itself and its offers, read and checked once for every form and the
// server alike. A form comes back as a *draft* (exactly what was typed, so nothing is lost on a
// problem) and is checked into clean data or a problem code per field; pages turn codes into
// messages in the reader's language (`listingProblemText`).

export const limits = {
	name: 200, title: 200, description: 5000, costNote: 200, email: 254, phone: 20, website: 500,
	number: 20, placeName: 200, address: 500, town: 100, scheduleNote: 300, message: 2000, note: 1000,
	schedules: 12, exceptDates: 60
} as const;

export const offerStatuses = ['draft', 'pending', 'published', 'paused', 'hidden', 'archived'] as const;
export type OfferStatus = (typeof offerStatuses)[number];
export type OrganisationStatus = 'draft' | 'pending' | 'published' | 'archived';

export type ListingProblem =
	| 'name_missing' | 'too_long' | 'description_missing' | 'contact_missing'
	| 'email_invalid' | 'phone_letters' | 'phone_invalid' | 'website_invalid'
	| 'charity_number_invalid' | 'company_number_invalid'
	| 'title_missing' | 'kind_missing' | 'outcomes_missing' | 'who_for_missing' | 'cost_missing' | 'cost_note_missing'
	| 'access_missing' | 'attendance_missing' | 'languages_missing' | 'place_missing'
	| 'postcode_invalid' | 'postcode_unknown' | 'point_invalid'
	| 'schedule_days_missing' | 'schedule_date_invalid' | 'schedule_time_invalid' | 'schedule_closes_before_opens'
	| 'schedule_ends_before_starts' | 'schedule_except_dates_invalid' | 'schedule_start_needed'
	| 'reason_missing' | 'message_missing' | 'note_missing';

export type ListingProblems = Record<string, ListingProblem>;

const text = (value: FormDataEntryValue | null | undefined) => (typeof value === 'string' ? value : '');
/** Tidy one line: NFC, control characters gone, runs of space collapsed. */
const line = (value: string) => value.normalize('NFC').replace(/\p{Cc}/gu, ' ').replace(/\s+/g, ' ').trim();
/** Tidy a paragraph: keep line breaks, drop other control characters and trailing space. */
const paragraph = (value: string) =>
	value.normalize('NFC').replace(/\r\n?/g, '\n').replace(/[^\P{Cc}\n]/gu, ' ').replace(/[ \t]+\n/g, '\n').trim();
const chars = (value: string) => [...value].length;
const orNull = (value: string) => (value === '' ? null : value);

const emailSchema = z.email();

export function checkEmail(value: string): ListingProblem | null {
	if (!value) return null;
	if (chars(value) > limits.email) return 'too_long';
	return emailSchema.safeParse(value).success ? null : 'email_invalid';
}

export function checkPhone(value: string): ListingProblem | null {
	if (!value) return null;
	if (/\p{L}/u.test(value)) return 'phone_letters';
	const digits = value.replace(/\D/g, '');
	if (!/^[0-9+()\-.\s]+$/.test(value) || digits.length < 6 || digits.length > 15 || chars(value) > limits.phone) return 'phone_invalid';
	return null;
}

/** "example.org" is what people type; the listing needs "https://example.org" (scheme and host in lower case). */
export function normaliseWebsite(value: string): string {
	const trimmed = value.trim();
	if (!trimmed) return '';
	const withScheme = /^https?:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
	try {
		return new URL(withScheme).href;
	} catch {
		return withScheme; // checkWebsite says what is wrong with it
	}
}

function checkWebsite(value: string): ListingProblem | null {
	if (!value) return null;
	if (chars(value) > limits.website) return 'too_long';
	try {
		const url = new URL(value);
		if (!['http:', 'https:'].includes(url.protocol) || !url.hostname.includes('.') || /\s/.test(value)) return 'website_invalid';
		return null;
	} catch {
		return 'website_invalid';
	}
}

// England & Wales (1234567, 1234567-1), Scotland (SC012345), Northern Ireland (NIC101234 or 101234).
const charityNumber = /^(\d{6,7}(-\d{1,2})?|SC0\d{5}|NIC?\d{5,6})$/;
// Companies House: eight characters, digits or a two-letter prefix (SC, NI, OC…) and six digits.
const companyNumber = /^([0-9]{8}|[A-Z]{2}[0-9]{6})$/;

function required(problems: ListingProblems, field: string, value: string, missing: ListingProblem, max: number) {
	if (!value) problems[field] = missing;
	else if (chars(value) > max) problems[field] = 'too_long';
}
function optional(problems: ListingProblems, field: string, value: string, max: number) {
	if (chars(value) > max) problems[field] = 'too_long';
}
function note(problems: ListingProblems, field: string, problem: ListingProblem | null) {
	if (problem) problems[field] = problem;
}

export type Checked<T> = { ok: true; data: T } | { ok: false; problems: ListingProblems };
const result = <T>(problems: ListingProblems, data: T): Checked<T> =>
	Object.keys(problems).length ? { ok: false, problems } : { ok: true, data };

// ---------------------------------------------------------------------------------------------
// The group

export const organisationFields = [
	'name', 'name_cy', 'description_en', 'description_cy', 'email', 'phone', 'website', 'charity_number', 'company_number'
] as const;
export type OrganisationDraft = Record<(typeof organisationFields)[number], string>;
export interface OrganisationInput {
	name: string; name_cy: string | null; description_en: string; description_cy: string | null;
	email: string | null; phone: string | null; website: string | null;
	charity_number: string | null; company_number: string | null;
}

export function readOrganisationDraft(form: FormData): OrganisationDraft {
	return Object.fromEntries(organisationFields.map((field) => [field, text(form.get(field)).slice(0, 6000)])) as OrganisationDraft;
}

export function checkOrganisation(draft: OrganisationDraft): Checked<OrganisationInput> {
	const problems: ListingProblems = {};
	const data: OrganisationInput = {
		name: line(draft.name),
		name_cy: orNull(line(draft.name_cy)),
		description_en: paragraph(draft.description_en),
		description_cy: orNull(paragraph(draft.description_cy)),
		email: orNull(line(draft.email).toLowerCase()),
		phone: orNull(line(draft.phone)),
		website: orNull(normaliseWebsite(draft.website)),
		charity_number: orNull(line(draft.charity_number).toUpperCase().replace(/\s/g, '')),
		company_number: orNull(line(draft.company_number).toUpperCase().replace(/\s/g, ''))
	};
	required(problems, 'name', data.name, 'name_missing', limits.name);
	optional(problems, 'name_cy', data.name_cy ?? '', limits.name);
	required(problems, 'description_en', data.description_en, 'description_missing', limits.description);
	optional(problems, 'description_cy', data.description_cy ?? '', limits.description);
	note(problems, 'email', checkEmail(data.email ?? ''));
	note(problems, 'phone', checkPhone(data.phone ?? ''));
	note(problems, 'website', checkWebsite(data.website ?? ''));
	// Six or seven digit company numbers are written without their leading zeros.
	if (data.company_number && /^\d{6,7}$/.test(data.company_number)) data.company_number = data.company_number.padStart(8, '0');
	if (data.charity_number && !charityNumber.test(data.charity_number)) problems.charity_number = 'charity_number_invalid';
	if (data.company_number && !companyNumber.test(data.company_number)) problems.company_number = 'company_number_invalid';
	if (!data.email && !data.phone && !data.website && !problems.email && !problems.phone && !problems.website) problems.email = 'contact_missing';
	return result(problems, data);
}

// ---------------------------------------------------------------------------------------------
// A place (a new venue added from the offer form)

export const placeFields = ['place_name', 'place_address', 'place_town', 'place_postcode', 'place_lat', 'place_lng'] as const;
export type PlaceDraft = Record<(typeof placeFields)[number], string> & { place_accessibility: string[] };
export interface PlaceInput {
	name: string; address: string; town: string; postcode: string; outcode: string;
	/** Null when the point should come from the postcode district. */
	point: { lat: number; lng: number } | null;
	accessibility: (typeof accessibilityFeatures)[number][];
}

export const isEmptyPlace = (draft: PlaceDraft) =>
	!draft.place_name.trim() && !draft.place_address.trim() && !draft.place_postcode.trim() && !draft.place_town.trim();

export function checkPlace(draft: PlaceDraft): Checked<PlaceInput> {
	const problems: ListingProblems = {};
	const name = line(draft.place_name);
	const address = line(draft.place_address);
	const town = line(draft.place_town);
	required(problems, 'place_name', name, 'name_missing', limits.placeName);
	optional(problems, 'place_address', address, limits.address);
	optional(problems, 'place_town', town, limits.town);
	const postcode = parsePostcode(draft.place_postcode.trim());
	if (!draft.place_postcode.trim() || !postcode.valid) problems.place_postcode = 'postcode_invalid';
	const lat = Number(draft.place_lat);
	const lng = Number(draft.place_lng);
	const hasPoint = draft.place_lat.trim() !== '' && draft.place_lng.trim() !== '';
	// The same box as the locations table: the UK and Crown Dependencies.
	if (hasPoint && !(lat >= 49 && lat <= 61.5 && lng >= -9 && lng <= 2.5)) problems.place_postcode = 'point_invalid';
	return result(problems, {
		name, address, town,
		postcode: postcode.valid ? postcode.postcode : '',
		outcode: postcode.valid ? postcode.outcode : '',
		point: hasPoint ? { lat, lng } : null,
		accessibility: accessibilityFeatures.filter((feature) => draft.place_accessibility.includes(feature))
	});
}

// ---------------------------------------------------------------------------------------------
// When it runs

export const scheduleKinds = ['weekly', 'monthly', 'date'] as const;
export type ScheduleKind = (typeof scheduleKinds)[number];
export const ordinals = ['1', '2', '3', '4', '-1'] as const;

export interface ScheduleDraft {
	kind: string; days: string[]; interval: string; ordinal: string; weekday: string; date: string;
	opens: string; closes: string; from: string; to: string; except_months: string[]; except_dates: string;
	note_en: string; note_cy: string;
}
export const blankSchedule = (): ScheduleDraft => ({
	kind: '', days: [], interval: '1', ordinal: '1', weekday: 'MO', date: '', opens: '', closes: '', from: '', to: '',
	except_months: [], except_dates: '', note_en: '', note_cy: ''
});

export interface ScheduleInput {
	freq: 'WEEKLY' | 'MONTHLY'; interval: number; byday: string[]; opens_at: string; closes_at: string;
	valid_from: string | null; valid_to: string | null; except_months: number[]; except_dates: string[];
	note_en: string | null; note_cy: string | null;
}

const timePattern = /^([01]\d|2[0-3]):[0-5]\d$/;
// A real calendar date in a sensible range (the database refuses year 0, and so should we, politely).
const isIsoDate = (value: string) => /^(19|20|21)\d{2}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`))
	&& new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);

/** Nothing typed (the kind radio and the selects always send their defaults, so they do not count). */
const isBlankSchedule = (s: ScheduleDraft) =>
	![s.opens, s.closes, s.date, s.from, s.to, s.except_dates, s.note_en, s.note_cy].some((value) => value.trim())
	&& s.days.length === 0 && s.except_months.length === 0;

function checkSchedule(s: ScheduleDraft, at: string, problems: ListingProblems): ScheduleInput | null {
	const before = Object.keys(problems).length;
	const kind = scheduleKinds.find((k) => k === s.kind) ?? 'weekly';
	let byday: string[] = [];
	let validFrom = s.from.trim() || null;
	let validTo = s.to.trim() || null;
	if (kind === 'weekly') {
		byday = weekdays.filter((day) => s.days.includes(day));
		if (!byday.length) problems[`${at}_days`] = 'schedule_days_missing';
	} else if (kind === 'monthly') {
		const ordinal = ordinals.find((o) => o === s.ordinal) ?? '1';
		const weekday = weekdays.find((d) => d === s.weekday) ?? 'MO';
		byday = [`${ordinal}${weekday}`];
	} else {
		// A one-off date: a weekly rule on that weekday, in force on that day only (HSDS has no one-off rule).
		if (!isIsoDate(s.date.trim())) problems[`${at}_date`] = 'schedule_date_invalid';
		else {
			const date = s.date.trim();
			byday = [weekdays[(new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7]!];
			validFrom = date;
			validTo = date;
		}
	}
	if (!timePattern.test(s.opens.trim())) problems[`${at}_opens`] = 'schedule_time_invalid';
	if (!timePattern.test(s.closes.trim())) problems[`${at}_closes`] = 'schedule_time_invalid';
	else if (timePattern.test(s.opens.trim()) && s.closes.trim() <= s.opens.trim()) problems[`${at}_closes`] = 'schedule_closes_before_opens';
	if (kind !== 'date') {
		if (validFrom && !isIsoDate(validFrom)) problems[`${at}_from`] = 'schedule_date_invalid';
		// "Every 3 weeks" needs a first date to say which weeks.
		else if (kind === 'weekly' && Number(s.interval) > 1 && !validFrom) problems[`${at}_from`] = 'schedule_start_needed';
		if (validTo && !isIsoDate(validTo)) problems[`${at}_to`] = 'schedule_date_invalid';
		else if (validFrom && validTo && isIsoDate(validFrom) && validTo < validFrom) problems[`${at}_to`] = 'schedule_ends_before_starts';
	}
	const exceptDates = s.except_dates.split(/[\s,;]+/).map((d) => d.trim()).filter(Boolean);
	if (exceptDates.some((d) => !isIsoDate(d)) || exceptDates.length > limits.exceptDates) problems[`${at}_except_dates`] = 'schedule_except_dates_invalid';
	const noteEn = line(s.note_en);
	const noteCy = line(s.note_cy);
	optional(problems, `${at}_note_en`, noteEn, limits.scheduleNote);
	optional(problems, `${at}_note_cy`, noteCy, limits.scheduleNote);
	if (Object.keys(problems).length > before) return null;
	const interval = Math.min(12, Math.max(1, Math.trunc(Number(s.interval)) || 1));
	return {
		freq: kind === 'monthly' ? 'MONTHLY' : 'WEEKLY',
		interval: kind === 'weekly' ? interval : 1,
		byday,
		opens_at: s.opens.trim(),
		closes_at: s.closes.trim(),
		valid_from: validFrom,
		valid_to: validTo,
		except_months: [...new Set(s.except_months.map(Number).filter((n) => Number.isInteger(n) && n >= 1 && n <= 12))].sort((a, b) => a - b),
		except_dates: [...new Set(exceptDates)].sort(),
		note_en: orNull(noteEn),
		note_cy: orNull(noteCy)
	};
}

// ---------------------------------------------------------------------------------------------
// The offer

export const offerTextFields = [
	'title_en', 'title_cy', 'description_en', 'description_cy', 'kind', 'cost', 'cost_note_en', 'cost_note_cy',
	'access', 'capacity', 'attendance', 'contact_email', 'contact_phone', 'website', 'version'
] as const;
export const offerListFields = ['outcomes', 'who_for', 'languages', 'places'] as const;

export type OfferDraft = Record<(typeof offerTextFields)[number], string> &
	Record<(typeof offerListFields)[number], string[]> & { schedules: ScheduleDraft[]; place: PlaceDraft };

export interface OfferInput {
	title_en: string; title_cy: string | null; description_en: string; description_cy: string | null;
	kind: (typeof offerKinds)[number]; cost: (typeof costs)[number]; cost_note_en: string | null; cost_note_cy: string | null;
	access: (typeof accessRoutes)[number]; capacity: (typeof capacities)[number]; attendance: (typeof attendanceModes)[number];
	contact_email: string | null; contact_phone: string | null; website: string | null;
	outcomes: string[]; who_for: string[]; languages: string[]; places: string[];
	schedules: ScheduleInput[]; newPlace: PlaceInput | null;
}

export const blankPlace = (): PlaceDraft => ({
	place_name: '', place_address: '', place_town: '', place_postcode: '', place_lat: '', place_lng: '', place_accessibility: []
});

export const blankOffer = (): OfferDraft => ({
	title_en: '', title_cy: '', description_en: '', description_cy: '', kind: '', cost: '', cost_note_en: '', cost_note_cy: '',
	access: '', capacity: 'taking_new', attendance: '', contact_email: '', contact_phone: '', website: '', version: '',
	outcomes: [], who_for: [], languages: ['en'], places: [], schedules: [blankSchedule()], place: blankPlace()
});

const list = (form: FormData, name: string) => form.getAll(name).map(text).filter(Boolean).slice(0, 60);

/** Everything the offer form sent, as typed. Schedules are rows `schedule_<n>_<field>`, `schedule_count` of them. */
export function readOfferDraft(form: FormData): OfferDraft {
	const draft = blankOffer();
	for (const field of offerTextFields) draft[field] = text(form.get(field)).slice(0, 6000);
	for (const field of offerListFields) draft[field] = list(form, field);
	const count = Math.min(limits.schedules, Math.max(0, Math.trunc(Number(text(form.get('schedule_count')))) || 0));
	draft.schedules = Array.from({ length: count }, (_, i) => {
		const at = `schedule_${i}`;
		const s = blankSchedule();
		for (const field of ['kind', 'interval', 'ordinal', 'weekday', 'date', 'opens', 'closes', 'from', 'to', 'except_dates', 'note_en', 'note_cy'] as const) {
			s[field] = text(form.get(`${at}_${field}`)).slice(0, 2000);
		}
		s.days = list(form, `${at}_days`);
		s.except_months = list(form, `${at}_except_months`);
		return s;
	});
	draft.place = readPlaceDraft(form);
	return draft;
}

/** A place's fields as typed (the offer form's "new place", or the place editor). */
export function readPlaceDraft(form: FormData): PlaceDraft {
	const place = blankPlace();
	for (const field of placeFields) place[field] = text(form.get(field)).slice(0, 600);
	place.place_accessibility = list(form, 'place_accessibility');
	return place;
}

const pick = <T extends string>(allowed: readonly T[], value: string): T | null => allowed.find((a) => a === value) ?? null;

/** Checks an offer; `knownOutcomes` and `knownPlaces` are the ids the form could have offered. */
export function checkOffer(draft: OfferDraft, known: { outcomes: Set<string>; places: Set<string> }): Checked<OfferInput> {
	const problems: ListingProblems = {};
	const title_en = line(draft.title_en);
	const title_cy = line(draft.title_cy);
	const description_en = paragraph(draft.description_en);
	const description_cy = paragraph(draft.description_cy);
	required(problems, 'title_en', title_en, 'title_missing', limits.title);
	optional(problems, 'title_cy', title_cy, limits.title);
	required(problems, 'description_en', description_en, 'description_missing', limits.description);
	optional(problems, 'description_cy', description_cy, limits.description);
	const kind = pick(offerKinds, draft.kind);
	if (!kind) problems.kind = 'kind_missing';
	const outcomes = [...new Set(draft.outcomes.filter((id) => known.outcomes.has(id)))];
	if (!outcomes.length) problems.outcomes = 'outcomes_missing';
	const who_for = audiences.filter((a) => draft.who_for.includes(a));
	if (!who_for.length) problems.who_for = 'who_for_missing';
	const cost = pick(costs, draft.cost);
	if (!cost) problems.cost = 'cost_missing';
	const cost_note_en = line(draft.cost_note_en);
	const cost_note_cy = line(draft.cost_note_cy);
	optional(problems, 'cost_note_en', cost_note_en, limits.costNote);
	optional(problems, 'cost_note_cy', cost_note_cy, limits.costNote);
	// "Paid" says little on its own: how much, and whether there is help with it.
	if (cost === 'paid' && !cost_note_en && !problems.cost_note_en) problems.cost_note_en = 'cost_note_missing';
	const access = pick(accessRoutes, draft.access);
	if (!access) problems.access = 'access_missing';
	const capacity = pick(capacities, draft.capacity) ?? 'taking_new';
	const attendance = pick(attendanceModes, draft.attendance);
	if (!attendance) problems.attendance = 'attendance_missing';
	const languages = languageCodes.filter((code) => draft.languages.includes(code));
	if (!languages.length) problems.languages = 'languages_missing';
	const contact_email = line(draft.contact_email).toLowerCase();
	const contact_phone = line(draft.contact_phone);
	const website = normaliseWebsite(draft.website);
	note(problems, 'contact_email', checkEmail(contact_email));
	note(problems, 'contact_phone', checkPhone(contact_phone));
	note(problems, 'website', checkWebsite(website));

	const places = [...new Set(draft.places.filter((id) => known.places.has(id)))];
	let newPlace: PlaceInput | null = null;
	if (!isEmptyPlace(draft.place)) {
		const place = checkPlace(draft.place);
		if (place.ok) newPlace = place.data;
		else Object.assign(problems, place.problems);
	}
	if (attendance && attendance !== 'online' && !places.length && isEmptyPlace(draft.place)) problems.places = 'place_missing';

	const schedules: ScheduleInput[] = [];
	draft.schedules.forEach((s, i) => {
		if (isBlankSchedule(s)) return;
		const checked = checkSchedule(s, `schedule_${i}`, problems);
		if (checked) schedules.push(checked);
	});

	return result(problems, {
		title_en, title_cy: orNull(title_cy), description_en, description_cy: orNull(description_cy),
		kind: kind!, cost: cost!, cost_note_en: orNull(cost_note_en), cost_note_cy: orNull(cost_note_cy),
		access: access!, capacity, attendance: attendance!,
		contact_email: orNull(contact_email), contact_phone: orNull(contact_phone), website: orNull(website),
		outcomes, who_for, languages, places, schedules, newPlace
	});
}

// ---------------------------------------------------------------------------------------------
// Reports, claims and moderators' decisions

export const reportKinds = ['suggestion', 'problem'] as const;
export const reportReasons = ['unclear', 'contact_wrong', 'not_running', 'not_in_area', 'something_else'] as const;
export const reportFields = ['kind', 'reason', 'message', 'reply_email'] as const;
export type ReportDraft = Record<(typeof reportFields)[number], string>;
export interface ReportInput {
	kind: (typeof reportKinds)[number]; reason: (typeof reportReasons)[number]; message: string; reply_email: string | null;
}

export function checkReport(draft: ReportDraft): Checked<ReportInput> {
	const problems: ListingProblems = {};
	const kind = pick(reportKinds, draft.kind) ?? 'problem';
	const reason = pick(reportReasons, draft.reason);
	if (!reason) problems.reason = 'reason_missing';
	const message = paragraph(draft.message);
	const reply_email = line(draft.reply_email).toLowerCase();
	// "Something else" and suggestions need a few words to act on.
	if (!message && (reason === 'something_else' || kind === 'suggestion')) problems.message = 'message_missing';
	optional(problems, 'message', message, limits.message);
	note(problems, 'reply_email', checkEmail(reply_email));
	return result(problems, { kind, reason: reason!, message, reply_email: orNull(reply_email) });
}

export function checkMessage(value: string, field = 'message'): Checked<string> {
	const problems: ListingProblems = {};
	const message = paragraph(value);
	required(problems, field, message, 'message_missing', limits.message);
	return result(problems, message);
}

/** A moderator's reason: needed to reject or hide, so the group knows what to change. */
export function checkDecisionNote(value: string, needed: boolean): Checked<string | null> {
	const problems: ListingProblems = {};
	const reason = paragraph(value);
	if (needed && !reason) problems.note = 'note_missing';
	optional(problems, 'note', reason, limits.note);
	return result(problems, orNull(reason));
}

/** The tidying every form shares: one line, a paragraph, a length in characters (not UTF-16 units). */
export { line as tidyLine, paragraph as tidyParagraph, chars as characterCount };
