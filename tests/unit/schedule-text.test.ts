import { afterEach, describe, expect, it } from 'vitest';
import { overwriteGetLocale } from '$lib/paraglide/runtime';
import { describeSchedule } from '$lib/i18n';
import { currentSchedules, type Schedule } from '$lib/domain/schedule';

const weekly = (byday: string[], extra: Partial<Schedule> = {}): Schedule => ({
	freq: 'WEEKLY', interval: 1, byday, opens_at: '10:00:00', closes_at: '12:00:00', ...extra
});
const inLocale = (locale: 'en' | 'cy') => overwriteGetLocale(() => locale);
afterEach(() => inLocale('en'));

describe('describeSchedule', () => {
	it('says weekly times in plain English', () => {
		inLocale('en');
		expect(describeSchedule(weekly(['TU', 'TH']))).toBe('Tuesdays and Thursdays, 10:00–12:00');
		expect(describeSchedule(weekly(['MO'], { interval: 2 }))).toBe('Every other week on Monday, 10:00–12:00');
		expect(describeSchedule({ ...weekly(['1WE']), freq: 'MONTHLY' })).toBe('The first Wednesday of the month, 10:00–12:00');
		expect(describeSchedule({ ...weekly(['-1FR']), freq: 'MONTHLY' })).toBe('The last Friday of the month, 10:00–12:00');
	});

	it('says them in Welsh', () => {
		inLocale('cy');
		expect(describeSchedule(weekly(['TU', 'TH']))).toBe('Bob dydd Mawrth a dydd Iau, 10:00–12:00');
		expect(describeSchedule({ ...weekly(['-1FR']), freq: 'MONTHLY' })).toBe('Dydd Gwener olaf y mis, 10:00–12:00');
	});

	it('mentions an end date, and leaves out schedules that have ended', () => {
		inLocale('en');
		expect(describeSchedule(weekly(['TU'], { valid_to: '2099-03-31' }))).toBe('Tuesdays, 10:00–12:00 (until 31 March 2099)');
		expect(currentSchedules([weekly(['TU'], { valid_to: '2020-01-01' }), weekly(['WE'])], '2026-11-22')).toHaveLength(1);
	});
});
