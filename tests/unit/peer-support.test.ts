import { describe, expect, it } from 'vitest';
import { checkRunsOutOn, checkSafeguarding, checkSupporter, supporterDraft, type SupporterDraft } from '../../src/lib/domain/peer-support';
import { supporterLimits, type CheckDraft } from '../../src/lib/domain/peer-support-options';

const form = (fields: Record<string, string | string[]>) => {
	const data = new FormData();
	for (const [name, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) data.append(name, v);
	return data;
};
const known = ['seeing-people', 'feeling-safe', 'skills'] as const;
const draft = (over: Partial<SupporterDraft> = {}): SupporterDraft => ({
	display_name: 'Sam', been_there_en: 'I cared for my mum for six years.', been_there_cy: '',
	availability_en: '', availability_cy: '', languages: ['en'], outcomes: ['seeing-people'], ...over
});
const problemsOf = (checked: ReturnType<typeof checkSupporter> | ReturnType<typeof checkSafeguarding>) => (checked.ok ? {} : checked.problems);

describe('a peer supporter', () => {
	it('tidies what was typed and keeps the known languages and outcomes in their own order', () => {
		const checked = checkSupporter(
			draft({ display_name: '  Sam\t ', been_there_en: ' I cared for my mum.\n', languages: ['cy', 'en'], outcomes: ['skills', 'seeing-people'] }),
			known
		);
		expect(checked).toEqual({
			ok: true,
			data: {
				display_name: 'Sam', been_there_en: 'I cared for my mum.', been_there_cy: null, availability_en: '', availability_cy: null,
				languages: ['en', 'cy'], outcomes: ['seeing-people', 'skills']
			}
		});
	});

	it('needs a name and a line in English, even when they are only spaces', () => {
		expect(problemsOf(checkSupporter(draft({ display_name: '', been_there_en: '' }), known))).toEqual({
			display_name: 'name_missing', been_there_en: 'text_missing'
		});
		expect(problemsOf(checkSupporter(draft({ display_name: ' \t\n', been_there_en: '\u0007 ' }), known))).toEqual({
			display_name: 'name_missing', been_there_en: 'text_missing'
		});
	});

	it('needs at least one known language and outcome, and ignores unknown ones', () => {
		expect(problemsOf(checkSupporter(draft({ languages: [], outcomes: [] }), known))).toEqual({
			languages: 'language_missing', outcomes: 'outcome_missing'
		});
		expect(problemsOf(checkSupporter(draft({ languages: ['klingon', 'EN'], outcomes: ['world-peace', 'SKILLS'] }), known))).toEqual({
			languages: 'language_missing', outcomes: 'outcome_missing'
		});
		const checked = checkSupporter(draft({ languages: ['klingon', 'bsl', 'bsl'], outcomes: ['world-peace', 'skills'] }), known);
		expect(checked.ok && [checked.data.languages, checked.data.outcomes]).toEqual([['bsl'], ['skills']]);
	});

	it('keeps the Welsh optional: empty or only spaces is null, and Welsh is kept when given', () => {
		const without = checkSupporter(draft({ been_there_cy: '   ', availability_cy: '' }), known);
		expect(without.ok && [without.data.been_there_cy, without.data.availability_cy]).toEqual([null, null]);
		const withWelsh = checkSupporter(draft({ been_there_cy: 'Bues i’n gofalu am fy mam.', availability_cy: 'Boreau dydd Mawrth' }), known);
		expect(withWelsh.ok && [withWelsh.data.been_there_cy, withWelsh.data.availability_cy]).toEqual(['Bues i’n gofalu am fy mam.', 'Boreau dydd Mawrth']);
	});

	it('counts characters, not bytes or UTF-16 units: Welsh ŵ ŷ and emoji count once each', () => {
		const limits = {
			display_name: supporterLimits.name, been_there_en: supporterLimits.beenThere, been_there_cy: supporterLimits.beenThere,
			availability_en: supporterLimits.availability, availability_cy: supporterLimits.availability
		};
		for (const [field, limit] of Object.entries(limits)) {
			for (const letter of ['ŵ', 'ŷ', '🌳', 'a']) {
				const fits = checkSupporter(draft({ [field]: letter.repeat(limit) }), known);
				expect(fits.ok, `${field} with ${limit} × ${letter}`).toBe(true);
				expect(problemsOf(checkSupporter(draft({ [field]: letter.repeat(limit + 1) }), known)), `${field} with ${limit + 1} × ${letter}`).toEqual({
					[field]: 'too_long'
				});
			}
		}
		// 40 characters is 80 UTF-16 units and 160 bytes in emoji, and 80 bytes in ŵ.
		expect('🌳'.repeat(40).length).toBe(80);
		expect(new TextEncoder().encode('ŵ'.repeat(40)).length).toBe(80);
	});

	it('counts a w with a separate circumflex (w + U+0302) as one letter, as typed on some keyboards', () => {
		const decomposed = 'w\u0302'.repeat(supporterLimits.name);
		const checked = checkSupporter(draft({ display_name: decomposed }), known);
		expect(checked.ok && checked.data.display_name).toBe('ŵ'.repeat(supporterLimits.name));
	});

	it('finds contact details in every public field and says what it found', () => {
		const cases = {
			display_name: ['Sam @samhelps', [{ kind: 'handle', text: '@samhelps' }]],
			been_there_en: ['Call me on 07700 900123 any time', [{ kind: 'phone', text: '07700 900123' }]],
			been_there_cy: ['Ebostiwch sam@example.org neu ewch i www.example.cymru', [
				{ kind: 'email', text: 'sam@example.org' }, { kind: 'link', text: 'www.example.cymru' }
			]],
			availability_en: ['See https://example.org/peer for times.', [{ kind: 'link', text: 'https://example.org/peer' }]],
			availability_cy: ['Ffoniwch +44 29 2000 0000 gyda’r nos', [{ kind: 'phone', text: '+44 29 2000 0000' }]]
		} as const;
		for (const [field, [text, found]] of Object.entries(cases)) {
			expect(checkSupporter(draft({ [field]: text }), known), field).toEqual({
				ok: false, problems: { [field]: 'contact_details' }, found: { [field]: found }
			});
		}
		const all = checkSupporter(draft(Object.fromEntries(Object.entries(cases).map(([field, [text]]) => [field, text]))), known);
		expect(all.ok ? null : Object.keys(all.found).sort()).toEqual(Object.keys(cases).sort());
	});

	it('says a field is too long before looking for contact details in it, and reports other problems alongside', () => {
		const checked = checkSupporter(
			draft({ display_name: `sam@example.org ${'a'.repeat(supporterLimits.name)}`, been_there_en: '', languages: [] }),
			known
		);
		expect(checked).toEqual({
			ok: false, problems: { display_name: 'too_long', been_there_en: 'text_missing', languages: 'language_missing' }, found: {}
		});
	});

	it('lets ordinary words through: an @ on its own, a time, a year and a price are not contact details', () => {
		expect(checkSupporter(draft({ been_there_en: 'Since 2019 I meet people @ the hall, 10:30 till 12, £2 for tea.' }), known).ok).toBe(true);
	});
});

describe('reading the supporter form', () => {
	it('reads text and lists, with missing fields empty', () => {
		expect(supporterDraft(form({ display_name: 'Sam', languages: ['en', 'cy'], outcomes: 'skills' }))).toEqual({
			display_name: 'Sam', been_there_en: '', been_there_cy: '', availability_en: '', availability_cy: '',
			languages: ['en', 'cy'], outcomes: ['skills']
		});
	});

	it('ignores uploaded files, and caps very long text and very long lists', () => {
		const data = form({ been_there_en: 'x'.repeat(10_000), languages: Array.from({ length: 80 }, (_, i) => `l${i}`) });
		data.append('display_name', new File(['Sam'], 'name.txt'));
		data.append('outcomes', new File(['skills'], 'outcome.txt'));
		data.append('outcomes', 'skills');
		const read = supporterDraft(data);
		expect(read.display_name).toBe('');
		expect(read.been_there_en).toHaveLength(3000);
		expect(read.languages).toHaveLength(50);
		expect(read.outcomes).toEqual(['skills']);
	});

	it('round-trips to a supporter the checks accept', () => {
		const read = supporterDraft(form({ display_name: 'Siân', been_there_en: 'I’ve been there.', languages: 'cy', outcomes: 'feeling-safe' }));
		expect(checkSupporter(read, known).ok).toBe(true);
	});
});

const today = '2026-11-22';
const checks = (over: Partial<CheckDraft> = {}): CheckDraft => ({
	check_kind: 'dbs', checked_on: '2025-06-01', training: 'Peer support training with a local Mind', trained_on: '2025-05-01',
	supervisor: 'Rhian (volunteer coordinator)', confirm: 'yes', ...over
});

describe('safeguarding checks', () => {
	it('accepts a complete, current, confirmed set, tidied', () => {
		expect(checkSafeguarding(checks({ supervisor: '  Rhian\t(volunteer coordinator) ' }), today)).toEqual({
			ok: true,
			data: {
				check_kind: 'dbs', checked_on: '2025-06-01', training: 'Peer support training with a local Mind', trained_on: '2025-05-01',
				supervisor: 'Rhian (volunteer coordinator)', confirm: true
			}
		});
	});

	it('saves incomplete details without confirming: a check still in the post', () => {
		expect(checkSafeguarding({ check_kind: 'pvg', checked_on: '', training: '', trained_on: '', supervisor: '', confirm: '' }, today)).toEqual({
			ok: true, data: { check_kind: 'pvg', checked_on: null, training: null, trained_on: null, supervisor: null, confirm: false }
		});
		// An old check may be recorded too, as long as nobody confirms it.
		expect(checkSafeguarding(checks({ checked_on: '2020-01-01', confirm: 'no' }), today).ok).toBe(true);
	});

	it('always needs a known kind of check', () => {
		for (const kind of ['', 'crb', 'DBS']) {
			expect(problemsOf(checkSafeguarding(checks({ check_kind: kind, confirm: '' }), today)), kind).toEqual({ check_kind: 'check_kind_missing' });
		}
		for (const kind of ['dbs', 'pvg', 'access_ni', 'none']) expect(checkSafeguarding(checks({ check_kind: kind }), today).ok, kind).toBe(true);
	});

	it('confirming needs the date, training, when it was finished and a supervisor', () => {
		expect(problemsOf(checkSafeguarding(checks({ checked_on: '', training: ' ', trained_on: '', supervisor: '' }), today))).toEqual({
			checked_on: 'date_missing', training: 'training_missing', trained_on: 'date_missing', supervisor: 'supervisor_missing'
		});
		expect(problemsOf(checkSafeguarding(checks({ check_kind: '', checked_on: '' }), today))).toEqual({
			check_kind: 'check_kind_missing'
		});
	});

	it('with no check needed, confirming needs no check date and drops any that was typed', () => {
		expect(checkSafeguarding(checks({ check_kind: 'none', checked_on: '' }), today).ok).toBe(true);
		const old = checkSafeguarding(checks({ check_kind: 'none', checked_on: '2001-01-01' }), today);
		expect(old.ok && old.data.checked_on).toBeNull();
		expect(problemsOf(checkSafeguarding(checks({ check_kind: 'none', training: '', trained_on: '', supervisor: '' }), today))).toEqual({
			training: 'training_missing', trained_on: 'date_missing', supervisor: 'supervisor_missing'
		});
	});

	it('turns down dates still to come, confirmed or not; today is fine', () => {
		expect(problemsOf(checkSafeguarding(checks({ checked_on: '2026-11-23', trained_on: '2027-01-01', confirm: '' }), today))).toEqual({
			checked_on: 'date_future', trained_on: 'date_future'
		});
		expect(checkSafeguarding(checks({ checked_on: today, trained_on: today }), today).ok).toBe(true);
	});

	it('turns down impossible and badly written dates, without throwing', () => {
		for (const date of ['2026-02-30', '2026-02-29', '2026-04-31', '2026-02-32', '2026-13-01', '2026-00-10', '2026-01-00', '31/03/2026', '2026-3-1', '20260301', 'soon']) {
			expect(problemsOf(checkSafeguarding(checks({ checked_on: date, trained_on: date }), today)), date).toEqual({
				checked_on: 'date_invalid', trained_on: 'date_invalid'
			});
		}
		expect(checkSafeguarding(checks({ checked_on: '2024-02-29', trained_on: '2024-02-29' }), '2026-11-22').ok).toBe(true);
	});

	it('limits training and supervisor by characters, not bytes', () => {
		expect(checkSafeguarding(checks({ training: 'ŵ'.repeat(supporterLimits.training), supervisor: '🌳'.repeat(supporterLimits.supervisor) }), today).ok).toBe(true);
		expect(problemsOf(checkSafeguarding(checks({ training: 'ŷ'.repeat(supporterLimits.training + 1), supervisor: '🌳'.repeat(supporterLimits.supervisor + 1), confirm: '' }), today))).toEqual({
			training: 'too_long', supervisor: 'too_long'
		});
	});
});

/**
 * The database's rule (checks_are_current): a check is current when
 * checked_on > current_date - interval '3 years'. PostgreSQL keeps the day of the month and, when
 * that day does not exist (29 February three years back), uses the month's last day.
 */
function currentInDatabase(checkedOn: string, today: string): boolean {
	const [y, m, d] = today.split('-').map(Number) as [number, number, number];
	const lastDay = new Date(Date.UTC(y - 3, m, 0)).getUTCDate();
	const threeYearsBack = `${String(y - 3).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
	return checkedOn > threeYearsBack;
}
const confirmedOn = (checkedOn: string, day: string) => checkSafeguarding(checks({ checked_on: checkedOn, trained_on: '2020-01-01' }), day);
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

describe('when a check runs out', () => {
	it('runs out three years after its date', () => {
		expect(checkRunsOutOn('2023-11-22')).toBe('2026-11-22');
		expect(checkRunsOutOn('2023-12-31')).toBe('2026-12-31');
		expect(checkRunsOutOn('2024-01-01')).toBe('2027-01-01');
	});

	it('a check exactly three years old is out of date; one day younger is current', () => {
		expect(problemsOf(confirmedOn('2023-11-22', today))).toEqual({ checked_on: 'check_out_of_date' });
		expect(confirmedOn('2023-11-23', today).ok).toBe(true);
		expect(problemsOf(confirmedOn('2023-11-21', today))).toEqual({ checked_on: 'check_out_of_date' });
		expect([currentInDatabase('2023-11-22', today), currentInDatabase('2023-11-23', today)]).toEqual([false, true]);
	});

	it('a check dated 29 February is current up to 28 February three years on, and runs out on 1 March', () => {
		expect(checkRunsOutOn('2024-02-29')).toBe('2027-03-01');
		expect(confirmedOn('2024-02-29', '2027-02-28').ok).toBe(true);
		expect(problemsOf(confirmedOn('2024-02-29', '2027-03-01'))).toEqual({ checked_on: 'check_out_of_date' });
		expect([currentInDatabase('2024-02-29', '2027-02-28'), currentInDatabase('2024-02-29', '2027-03-01')]).toEqual([true, false]);
	});

	it('on 29 February, a check from 28 February three years before has run out, and one from 1 March has not', () => {
		expect(problemsOf(confirmedOn('2025-02-28', '2028-02-29'))).toEqual({ checked_on: 'check_out_of_date' });
		expect(confirmedOn('2025-03-01', '2028-02-29').ok).toBe(true);
		expect([currentInDatabase('2025-02-28', '2028-02-29'), currentInDatabase('2025-03-01', '2028-02-29')]).toEqual([false, true]);
	});

	it('agrees with the database for every check date and day around two leap years and a year end', () => {
		for (const start of ['2023-12-01', '2026-12-01', '2027-01-20', '2099-12-01']) {
			for (let i = 0; i < 120; i++) {
				const day = addDays(start, i);
				for (let back = 1090; back <= 1100; back++) {
					const checkedOn = addDays(day, -back);
					expect(confirmedOn(checkedOn, day).ok, `checked ${checkedOn}, today ${day}`).toBe(currentInDatabase(checkedOn, day));
				}
			}
		}
	});
});
