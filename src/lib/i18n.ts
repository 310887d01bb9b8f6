// Helpers for showing content in the reader's language. UI strings come from paraglide
// (messages/*.json); content people wrote has a Welsh twin that may be missing.
import { getLocale } from '$lib/paraglide/runtime';
import { m } from '$lib/paraglide/messages';
import {
	accessibilityMessages, accessMessages, attendanceModeMessages, audienceMessages, capacityMessages, costMessages,
	dayMessages, daysMessages, kindMessages, languageMessages, ordinalMessages
} from './vocabulary-messages';
import { dayRules, isOneOff, shortTime, todayIso, type Schedule, type Weekday } from '$lib/domain/schedule';

export type Locale = 'en' | 'cy';

/** The Welsh twin when reading in Welsh and it exists; otherwise the English. */
export function inLocale(en: string, cy: string | null | undefined, locale: Locale = getLocale()): string {
	return locale === 'cy' && cy ? cy : en;
}

/** `lang` for content shown in the other language, so screen readers switch voice ("en" on a Welsh page without Welsh text). */
export function langOf(cy: string | null | undefined, locale: Locale = getLocale()): 'en' | undefined {
	return locale === 'cy' && !cy ? 'en' : undefined;
}

/** True when a Welsh reader is being shown English because no Welsh text exists. */
export function lacksWelsh(cy: string | null | undefined, locale: Locale = getLocale()): boolean {
	return locale === 'cy' && !cy;
}

const vocabularies = {
	kind: kindMessages,
	cost: costMessages,
	access: accessMessages,
	attendance_mode: attendanceModeMessages,
	capacity: capacityMessages,
	audience: audienceMessages,
	language: languageMessages,
	accessibility: accessibilityMessages,
	day: dayMessages
} as const;

/** A label for a vocabulary value, e.g. label('kind', 'lunch_club') → "Lunch club". */
export function label(group: keyof typeof vocabularies, value: string): string {
	const message = (vocabularies[group] as Record<string, () => string>)[value];
	return message ? message() : value;
}

export function joinList(items: string[]): string {
	if (items.length <= 1) return items.join('');
	return `${items.slice(0, -1).join(', ')} ${m.list_and()} ${items.at(-1)}`;
}

/** "Tuesdays and Thursdays, 10:00–12:00" / "The first Wednesday of the month, 18:00–20:00". */
export function describeSchedule(schedule: Schedule): string {
	const opens = shortTime(schedule.opens_at);
	const closes = shortTime(schedule.closes_at);
	const rules = dayRules(schedule);
	if (isOneOff(schedule)) {
		return m.schedule_once({ date: formatDate(new Date(`${schedule.valid_from}T12:00:00Z`)), opens, closes }) + exceptions(schedule);
	}
	if (schedule.freq === 'MONTHLY' && rules.length && rules.every((r) => r.ordinal !== undefined)) {
		return rules
			.map((rule) =>
				m.schedule_monthly({
					ordinal: ordinalMessages[rule.ordinal === -1 ? 'last' : (String(rule.ordinal) as '1')](),
					day: dayMessages[rule.weekday](),
					opens,
					closes
				})
			)
			.join('; ') + dates(schedule) + exceptions(schedule);
	}
	const days = joinList(rules.map((rule) => daysMessages[rule.weekday]()));
	const text =
		schedule.interval === 2
			? m.schedule_fortnightly({ days: joinList(rules.map((r) => dayMessages[r.weekday]())), opens, closes })
			: schedule.interval > 2
				? `${m.schedule_every_n_weeks({ n: schedule.interval })}: ${m.schedule_weekly({ days: joinList(rules.map((r) => dayMessages[r.weekday]())), opens, closes })}`
				: m.schedule_weekly({ days, opens, closes });
	return text + dates(schedule) + exceptions(schedule);
}

/** "Not in August." / "Not on 24 December." */
function exceptions(schedule: Schedule): string {
	const parts: string[] = [];
	const months = schedule.except_months ?? [];
	if (months.length) {
		const name = new Intl.DateTimeFormat(getLocale() === 'cy' ? 'cy-GB' : 'en-GB', { month: 'long', timeZone: 'UTC' });
		parts.push(m.schedule_not_in({ months: joinList(months.map((month) => name.format(new Date(Date.UTC(2026, month - 1, 1))))) }));
	}
	const upcoming = (schedule.except_dates ?? []).filter((date) => date >= todayIso());
	if (upcoming.length) parts.push(m.schedule_not_on({ dates: joinList(upcoming.map((date) => formatDate(new Date(`${date}T12:00:00Z`)))) }));
	return parts.length ? `. ${parts.join('. ')}.` : '';
}

function dates(schedule: Schedule): string {
	const parts: string[] = [];
	if (schedule.valid_from && schedule.valid_from > todayIso()) parts.push(m.schedule_from({ date: formatDate(new Date(schedule.valid_from)) }));
	if (schedule.valid_to) parts.push(m.schedule_until({ date: formatDate(new Date(schedule.valid_to)) }));
	return parts.length ? ` (${parts.join(', ')})` : '';
}

export const dayName = (weekday: Weekday) => dayMessages[weekday]();

const welshMonths = ['Ionawr', 'Chwefror', 'Mawrth', 'Ebrill', 'Mai', 'Mehefin', 'Gorffennaf', 'Awst', 'Medi', 'Hydref', 'Tachwedd', 'Rhagfyr'];

export function formatDate(date: Date, locale: Locale = getLocale()): string {
	const options = { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' } as const;
	// Some browsers ship without Welsh date names and would fall back to American English.
	if (locale === 'cy' && !Intl.DateTimeFormat.supportedLocalesOf(['cy']).length) {
		const parts = new Intl.DateTimeFormat('en-GB', { ...options, month: 'numeric' }).formatToParts(date);
		const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
		return `${part('day')} ${welshMonths[part('month') - 1]} ${part('year')}`;
	}
	return new Intl.DateTimeFormat(locale === 'cy' ? 'cy-GB' : 'en-GB', options).format(date);
}

const englishMonths = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const shortMonths = {
	en: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
	cy: ['Ion', 'Chwef', 'Maw', 'Ebr', 'Mai', 'Meh', 'Gorff', 'Awst', 'Medi', 'Hyd', 'Tach', 'Rhag']
};

/**
 * "January 2026" (or "Jan 2026" when short) for a YYYY-MM month. Names come from tables, not
 * Intl, so the server and every browser write the same words.
 */
export function formatMonth(month: string, locale: Locale = getLocale(), style: 'long' | 'short' = 'long'): string {
	const match = /^(\d{4})-(\d{2})/.exec(month);
	if (!match) return month;
	const index = Number(match[2]) - 1;
	const names = style === 'short' ? shortMonths[locale] : locale === 'cy' ? welshMonths : englishMonths;
	return names[index] ? `${names[index]} ${match[1]}` : month;
}

/** "14:05", the time in Wales. */
export function formatTime(date: Date): string {
	return new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'Europe/London' }).format(date);
}

/** A number as English and Welsh both write it ("1,250", "3.5"); en-GB, because not every browser knows cy. */
export function formatNumber(n: number): string {
	return n.toLocaleString('en-GB', { maximumFractionDigits: 1 });
}
