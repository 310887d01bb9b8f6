import { describe, expect, it } from 'vitest';
import { parseByday, runsOn, runsOnDate, type Schedule } from '../../src/lib/domain/schedule';
import { formatMiles, isInUk } from '../../src/lib/domain/geo';

const weekly = (byday: string[], extra: Partial<Schedule> = {}): Schedule => ({
	freq: 'WEEKLY', interval: 1, byday, opens_at: '10:00', closes_at: '12:00', ...extra
});
const utc = (iso: string) => new Date(`${iso}T12:00:00Z`);

describe('schedules', () => {
	it('parses RRULE BYDAY values', () => {
		expect(parseByday('TU')).toEqual({ weekday: 'TU' });
		expect(parseByday('1WE')).toEqual({ weekday: 'WE', ordinal: 1 });
		expect(parseByday('-1FR')).toEqual({ weekday: 'FR', ordinal: -1 });
		expect(parseByday('XX')).toBeNull();
		expect(parseByday('9TU')).toBeNull();
	});

	it('knows which weekdays a schedule is open on', () => {
		expect(runsOn(weekly(['TU', 'TH']), 'TU')).toBe(true);
		expect(runsOn(weekly(['TU', 'TH']), 'WE')).toBe(false);
		expect(runsOn({ byday: ['1WE'] }, 'WE')).toBe(true);
	});

	it('places weekly schedules on dates', () => {
		expect(runsOnDate(weekly(['TU']), utc('2026-11-24'))).toBe(true); // a Tuesday
		expect(runsOnDate(weekly(['TU']), utc('2026-11-25'))).toBe(false);
	});

	it('places "first Wednesday" and "last Friday" of the month', () => {
		const firstWednesday: Schedule = { ...weekly(['1WE']), freq: 'MONTHLY' };
		expect(runsOnDate(firstWednesday, utc('2026-11-04'))).toBe(true);
		expect(runsOnDate(firstWednesday, utc('2026-11-11'))).toBe(false);
		const lastFriday: Schedule = { ...weekly(['-1FR']), freq: 'MONTHLY' };
		expect(runsOnDate(lastFriday, utc('2026-11-27'))).toBe(true);
		expect(runsOnDate(lastFriday, utc('2026-11-20'))).toBe(false);
	});

	it('respects valid_from and valid_to', () => {
		const summer = weekly(['TU'], { valid_from: '2026-06-01', valid_to: '2026-08-31' });
		expect(runsOnDate(summer, utc('2026-07-07'))).toBe(true);
		expect(runsOnDate(summer, utc('2026-11-24'))).toBe(false);
	});
});

describe('geo', () => {
	it('formats distances in miles the way people say them', () => {
		expect(formatMiles(1609.344 * 2.34)).toBe('2.3');
		expect(formatMiles(1609.344 * 12.6)).toBe('13');
	});
	it('knows the UK bounds', () => {
		expect(isInUk(51.48, -3.18)).toBe(true);
		expect(isInUk(48.85, 2.35)).toBe(false);
	});
});
