import { m } from '$lib/paraglide/messages';
import { formatDate } from '$lib/i18n';
import type { AccessibilityFeature, Cost, LanguageCode, OfferKind } from '$lib/domain/directory';
import { todayIso, type Schedule } from '$lib/domain/schedule';
import { accessibilityMessages, kindMessages, languageMessages } from '$lib/vocabulary-messages';

// The API speaks English, whatever language the asker's browser reads the site in; Welsh goes in
// `x-translations`. So every message is asked for in English explicitly.

type EnglishMessage = (inputs: Record<string, never>, options: { locale: 'en' }) => string;
const english = (message: () => string) => (message as EnglishMessage)({}, { locale: 'en' });

export const kindLabel = (kind: OfferKind) => english(kindMessages[kind]);
export const accessibilityLabel = (feature: AccessibilityFeature) => english(accessibilityMessages[feature]);
export const languageName = (code: LanguageCode) => english(languageMessages[code]);

/** ISO 639-1 codes, except British Sign Language, which has only an ISO 639-3 one. */
export const isoLanguageCode = (code: LanguageCode) => (code === 'bsl' ? 'bfi' : code);

export const costLabels: Record<Cost, string> = { free: 'Free', low_cost: 'Low cost', paid: 'Paid' };

/** The alert of an offer with a waiting list, in English and (for `x-translations`) Welsh. */
export const waitingListAlert = { en: m.or_api_waiting_list({}, { locale: 'en' }), cy: m.or_api_waiting_list({}, { locale: 'cy' }) };

const months = new Intl.DateTimeFormat('en-GB', { month: 'long', timeZone: 'UTC' });
const list = new Intl.ListFormat('en-GB', { type: 'conjunction' });

/** "Not in August. Not on 24 December 2026.": the months and coming dates a schedule does not run. */
export function exceptionNotes(schedule: Pick<Schedule, 'except_months' | 'except_dates'>, today = todayIso()): string | undefined {
	const parts: string[] = [];
	const monthNames = (schedule.except_months ?? []).map((month) => months.format(new Date(Date.UTC(2026, month - 1, 1))));
	if (monthNames.length) parts.push(m.schedule_not_in({ months: list.format(monthNames) }, { locale: 'en' }));
	const dates = (schedule.except_dates ?? []).filter((date) => date >= today).map((date) => formatDate(new Date(`${date}T12:00:00Z`), 'en'));
	if (dates.length) parts.push(m.schedule_not_on({ dates: list.format(dates) }, { locale: 'en' }));
	return parts.length ? `${parts.join('. ')}.` : undefined;
}
