// Schedules follow HSDS 3.0: an RRULE-like freq + byday, with opening times.
// byday values: 'TU' (every Tuesday) or, monthly, '1TU' (first Tuesday) / '-1FR' (last Friday).

export const weekdays = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type Weekday = (typeof weekdays)[number];

/** A schedule row as the database holds it (HSDS names), used unchanged from repo to page. */
export interface Schedule {
	freq: 'WEEKLY' | 'MONTHLY';
	interval: number;
	byday: string[];
	opens_at: string; // 'HH:MM' or 'HH:MM:SS'
	closes_at: string;
	valid_from?: string | null; // 'YYYY-MM-DD'
	valid_to?: string | null;
	/** Months it does not run, 1–12 ("not in August"). */
	except_months?: number[];
	/** Dates it does not run, 'YYYY-MM-DD'. */
	except_dates?: string[];
}

/** A weekly rule in force on one day only: how a one-off date is held (HSDS has no one-off rule). */
export const isOneOff = (s: Pick<Schedule, 'freq' | 'valid_from' | 'valid_to' | 'byday'>) =>
	s.freq === 'WEEKLY' && !!s.valid_from && s.valid_from === s.valid_to && s.byday.length === 1
	&& s.byday[0] === weekdays[(new Date(`${s.valid_from}T00:00:00Z`).getUTCDay() + 6) % 7];

export interface DayRule {
	weekday: Weekday;
	/** 1–5 for "first…fifth", -1 for "last" (the only ordinals the schema allows); absent for every week. */
	ordinal?: number;
}

const bydayPattern = /^(-1|[1-5])?(MO|TU|WE|TH|FR|SA|SU)$/;

export function parseByday(value: string): DayRule | null {
	const match = bydayPattern.exec(value.trim().toUpperCase());
	if (!match) return null;
	const weekday = match[2] as Weekday;
	return match[1] ? { weekday, ordinal: Number(match[1]) } : { weekday };
}

export function dayRules(schedule: Pick<Schedule, 'byday'>): DayRule[] {
	return schedule.byday.map(parseByday).filter((rule): rule is DayRule => rule !== null);
}

/** Does this schedule ever run on the given weekday? ("open on Tuesday") */
export function runsOn(schedule: Pick<Schedule, 'byday'>, weekday: Weekday): boolean {
	return dayRules(schedule).some((rule) => rule.weekday === weekday);
}

/** Is it in force on a date, given valid_from / valid_to? Dates are ISO 'YYYY-MM-DD'. */
export function inForceOn(schedule: Pick<Schedule, 'valid_from' | 'valid_to'>, isoDate: string): boolean {
	if (schedule.valid_from && isoDate < schedule.valid_from) return false;
	if (schedule.valid_to && isoDate > schedule.valid_to) return false;
	return true;
}

export const todayIso = () => new Date().toISOString().slice(0, 10);

/** Schedules not yet ended (one that ended yesterday would send someone to an empty hall); later starts stay. */
export function currentSchedules<S extends Pick<Schedule, 'valid_to'>>(schedules: S[], on = todayIso()): S[] {
	return schedules.filter((schedule) => inForceOn({ valid_to: schedule.valid_to }, on));
}

/** Does the schedule run on this calendar date? Handles "first Tuesday" and "last Friday". */
export function runsOnDate(schedule: Schedule, date: Date): boolean {
	const iso = date.toISOString().slice(0, 10);
	if (!inForceOn(schedule, iso)) return false;
	if (schedule.except_months?.includes(date.getUTCMonth() + 1) || schedule.except_dates?.includes(iso)) return false;
	const weekday = weekdays[(date.getUTCDay() + 6) % 7]!;
	const dayOfMonth = date.getUTCDate();
	const daysInMonth = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
	return dayRules(schedule).some((rule) => {
		if (rule.weekday !== weekday) return false;
		if (schedule.freq === 'WEEKLY' || rule.ordinal === undefined) return true;
		if (rule.ordinal > 0) return Math.ceil(dayOfMonth / 7) === rule.ordinal;
		return Math.ceil((daysInMonth - dayOfMonth + 1) / 7) === -rule.ordinal;
	});
}

/** '10:00:00' → '10:00'. */
export const shortTime = (time: string) => time.slice(0, 5);
