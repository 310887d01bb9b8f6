import { describe, expect, it } from 'vitest';
import {
	checkDecisionNote,
	checkMessage,
	checkOffer,
	checkOrganisation,
	checkReport,
	limits,
	normaliseWebsite,
	readOfferDraft,
	type OfferInput,
	type OrganisationDraft,
	type ReportDraft
} from '../../src/lib/domain/listing';
import { isOneOff, runsOnDate, type Schedule } from '../../src/lib/domain/schedule';

// ---------------------------------------------------------------------------------------------
// Helpers

const organisation = (extra: Partial<OrganisationDraft> = {}): OrganisationDraft => ({
	name: 'Caffi Trwsio', name_cy: '', description_en: 'We mend things over tea.', description_cy: '',
	email: 'hello@example.org', phone: '', website: '', charity_number: '', company_number: '', ...extra
});
const orgProblems = (extra: Partial<OrganisationDraft>) => {
	const checked = checkOrganisation(organisation(extra));
	return checked.ok ? {} : checked.problems;
};
const orgData = (extra: Partial<OrganisationDraft>) => {
	const checked = checkOrganisation(organisation(extra));
	if (!checked.ok) throw new Error(`unexpected problems: ${JSON.stringify(checked.problems)}`);
	return checked.data;
};

type Fields = Record<string, string | string[]>;
/** A FormData as the browser would send it: one entry per value, lists repeated. */
function formData(fields: Fields): FormData {
	const form = new FormData();
	for (const [name, value] of Object.entries(fields)) {
		for (const v of Array.isArray(value) ? value : [value]) form.append(name, v);
	}
	return form;
}

const known = { outcomes: new Set(['o1', 'o2']), places: new Set(['p1', 'p2']) };

/** The smallest offer that passes: online, so it needs no place, with one weekly time. */
const baseOffer: Fields = {
	title_en: 'Repair café', description_en: 'Bring something broken.', kind: 'practical_help', cost: 'free',
	access: 'drop_in', attendance: 'online', outcomes: ['o1'], who_for: ['everyone'], languages: ['en'],
	schedule_count: '1', schedule_0_kind: 'weekly', schedule_0_days: ['TU'], schedule_0_opens: '10:00', schedule_0_closes: '12:00'
};
/** A schedule row 0 of the given shape (replaces the base one). */
const withRow = (row: Fields, extra: Fields = {}): Fields => {
	const rest = Object.fromEntries(Object.entries(baseOffer).filter(([k]) => !k.startsWith('schedule_0_')));
	const prefixed = Object.fromEntries(Object.entries(row).map(([k, v]) => [`schedule_0_${k}`, v]));
	return { ...rest, ...prefixed, ...extra };
};
const offer = (fields: Fields) => checkOffer(readOfferDraft(formData(fields)), known);
const offerProblems = (fields: Fields) => {
	const checked = offer(fields);
	return checked.ok ? {} : checked.problems;
};
const offerData = (fields: Fields): OfferInput => {
	const checked = offer(fields);
	if (!checked.ok) throw new Error(`unexpected problems: ${JSON.stringify(checked.problems)}`);
	return checked.data;
};

// ---------------------------------------------------------------------------------------------
// The group

describe('checkOrganisation', () => {
	it('accepts a minimal group and nulls the empty optional fields', () => {
		expect(checkOrganisation(organisation())).toEqual({
			ok: true,
			data: {
				name: 'Caffi Trwsio', name_cy: null, description_en: 'We mend things over tea.', description_cy: null,
				email: 'hello@example.org', phone: null, website: null, charity_number: null, company_number: null
			}
		});
	});

	it('requires a name and an English description, blanks included', () => {
		expect(orgProblems({ name: '', description_en: '' })).toEqual({ name: 'name_missing', description_en: 'description_missing' });
		expect(orgProblems({ name: ' \t\u0000 ', description_en: '\n\n  ' })).toEqual({ name: 'name_missing', description_en: 'description_missing' });
	});

	it('needs at least one way to get in touch', () => {
		expect(orgProblems({ email: '', phone: '', website: '' })).toEqual({ email: 'contact_missing' });
		expect(orgProblems({ email: '   ', phone: ' ', website: '  ' })).toEqual({ email: 'contact_missing' });
		expect(orgProblems({ email: '', phone: '029 2000 0000' })).toEqual({});
		expect(orgProblems({ email: '', website: 'example.org' })).toEqual({});
	});

	it('reports a bad contact rather than a missing one', () => {
		expect(orgProblems({ email: 'hello@', phone: '', website: '' })).toEqual({ email: 'email_invalid' });
		expect(orgProblems({ email: '', phone: 'call us', website: '' })).toEqual({ phone: 'phone_letters' });
	});

	it('lower-cases and checks the email address', () => {
		expect(orgData({ email: '  Hello@Example.ORG ' }).email).toBe('hello@example.org');
		for (const email of ['hello@', 'a@b', '@example.org', 'hello world@example.org']) {
			expect(orgProblems({ email }), email).toEqual({ email: 'email_invalid' });
		}
		const long = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.org`;
		expect(long.length).toBeGreaterThan(limits.email);
		expect(orgProblems({ email: long })).toEqual({ email: 'too_long' });
	});

	it('checks phone numbers', () => {
		expect(orgData({ phone: '+44 (0)29 2000 0000' }).phone).toBe('+44 (0)29 2000 0000');
		expect(orgData({ phone: '029-2000.0000' }).phone).toBe('029-2000.0000');
		expect(orgProblems({ phone: '029 2000 0000 ext 4' })).toEqual({ phone: 'phone_letters' });
		expect(orgProblems({ phone: 'Ffôn 02920' })).toEqual({ phone: 'phone_letters' });
		expect(orgProblems({ phone: '12345' })).toEqual({ phone: 'phone_invalid' });
		expect(orgProblems({ phone: '1234567890123456' })).toEqual({ phone: 'phone_invalid' }); // 16 digits
		expect(orgProblems({ phone: '029 2000 0000 #1' })).toEqual({ phone: 'phone_invalid' });
		expect(orgProblems({ phone: '0 2 9 2 0 0 0 0 0 0 0' })).toEqual({ phone: 'phone_invalid' }); // over 20 characters
	});

	it('adds https:// to a website typed without a scheme, tidies it as a URL, and rejects what is not a web address', () => {
		// The URL's own form: scheme and host in lower case, "/" for an empty path.
		expect(normaliseWebsite('  example.org ')).toBe('https://example.org/');
		expect(normaliseWebsite('HTTP://example.org')).toBe('http://example.org/');
		expect(normaliseWebsite('HTTP://Example.ORG')).toBe('http://example.org/');
		expect(normaliseWebsite('https://Example.org/Amdanom?Iaith=CY')).toBe('https://example.org/Amdanom?Iaith=CY'); // path and query keep their case
		expect(normaliseWebsite('example.org:8080')).toBe('https://example.org:8080/');
		expect(normaliseWebsite('   ')).toBe('');
		// What is not a URL comes back as typed (with the scheme), for the check to refuse.
		expect(normaliseWebsite('not a url')).toBe('https://not a url');
		expect(orgData({ website: 'caffitrwsio.cymru/amdanom' }).website).toBe('https://caffitrwsio.cymru/amdanom');
		expect(orgData({ website: 'http://example.org' }).website).toBe('http://example.org/');
		expect(orgData({ website: 'WWW.Example.org' }).website).toBe('https://www.example.org/');
		for (const website of ['not a url', 'ftp://x.org', 'localhost', 'javascript:alert(1)', 'https://exam ple.org', 'https://example .org/a']) {
			expect(orgProblems({ website }), website).toEqual({ website: 'website_invalid' });
		}
		// A space in the path is no longer refused: the URL parser percent-encodes it.
		expect(orgData({ website: 'https://example.org/a b' }).website).toBe('https://example.org/a%20b');
		expect(orgProblems({ website: `example.org/${'a'.repeat(limits.website)}` })).toEqual({ website: 'too_long' });
	});

	it('accepts charity numbers from England & Wales, Scotland and Northern Ireland', () => {
		for (const number of ['1234567', '1234567-1', '123456', 'SC012345', 'NIC101234', '101234']) {
			expect(orgData({ charity_number: number }).charity_number, number).toBe(number);
		}
		expect(orgData({ charity_number: ' sc 012345 ' }).charity_number).toBe('SC012345');
		for (const number of ['ABC', '12345', '1234567-123', 'SC12345', 'SC112345']) {
			expect(orgProblems({ charity_number: number }), number).toEqual({ charity_number: 'charity_number_invalid' });
		}
	});

	it('pads short company numbers and checks the rest', () => {
		expect(orgData({ company_number: '1234567' }).company_number).toBe('01234567');
		expect(orgData({ company_number: '123456' }).company_number).toBe('00123456');
		expect(orgData({ company_number: '01234567' }).company_number).toBe('01234567');
		expect(orgData({ company_number: 'SC123456' }).company_number).toBe('SC123456');
		expect(orgData({ company_number: 'oc 123456' }).company_number).toBe('OC123456');
		for (const number of ['12', '123456789', 'S1234567', 'SC12345']) {
			expect(orgProblems({ company_number: number }), number).toEqual({ company_number: 'company_number_invalid' });
		}
	});

	it('tidies control characters and runs of spaces out of one-line fields', () => {
		expect(orgData({ name: '  Caffi\u0000Trwsio \t\n  Caerdydd\u0007 ' }).name).toBe('Caffi Trwsio Caerdydd');
		expect(orgData({ name_cy: '\u001bCaffi   Trwsio' }).name_cy).toBe('Caffi Trwsio');
	});

	it('keeps line breaks in descriptions but drops other control characters and trailing space', () => {
		expect(orgData({ description_en: 'Line one   \r\nLine\u0000two\t\rLine three  ' }).description_en).toBe('Line one\nLine two\nLine three');
	});

	it('keeps Welsh letters and emoji, composing decomposed accents', () => {
		expect(orgData({ name: 'Caffi Trwsio ☕ Ŵyl' }).name).toBe('Caffi Trwsio ☕ Ŵyl');
		expect(orgData({ name: 'Caffi Trwsio ☕ W\u0302yl' }).name).toBe('Caffi Trwsio ☕ Ŵyl');
		expect(orgData({ description_cy: 'Dewch â’ch pethau 🔧' }).description_cy).toBe('Dewch â’ch pethau 🔧');
	});

	it('counts characters, not UTF-16 units, against the limits', () => {
		expect(orgProblems({ name: 'a'.repeat(limits.name) })).toEqual({});
		expect(orgProblems({ name: '☕'.repeat(limits.name) })).toEqual({});
		expect(orgProblems({ name: '🔧'.repeat(limits.name) })).toEqual({}); // 400 UTF-16 units
		expect(orgProblems({ name: 'a'.repeat(limits.name + 1) })).toEqual({ name: 'too_long' });
		expect(orgProblems({ name_cy: 'Ŵ'.repeat(limits.name + 1) })).toEqual({ name_cy: 'too_long' });
		expect(orgProblems({ description_en: 'a'.repeat(limits.description) })).toEqual({});
		expect(orgProblems({ description_en: 'a'.repeat(limits.description + 1) })).toEqual({ description_en: 'too_long' });
		expect(orgProblems({ description_cy: 'a'.repeat(limits.description + 1) })).toEqual({ description_cy: 'too_long' });
	});
});

// ---------------------------------------------------------------------------------------------
// The offer

describe('readOfferDraft + checkOffer', () => {
	it('reads a full offer into clean data, keeping only known choices', () => {
		const data = offerData({
			title_en: '  Repair\u0000café  ', title_cy: 'Caffi Trwsio', description_en: 'Bring something broken.\r\nWe have tea.',
			description_cy: 'Dewch â rhywbeth.', kind: 'practical_help', cost: 'paid', cost_note_en: '£2, free if that is hard',
			cost_note_cy: '£2', access: 'drop_in', capacity: 'waiting_list', attendance: 'both',
			contact_email: 'Repair@Example.org', contact_phone: '029 2000 0000', website: 'example.org',
			outcomes: ['o2', 'unknown', 'o1', 'o2'], who_for: ['older_people', 'aliens', 'adults'],
			languages: ['cy', 'klingon', 'en'], places: ['p2', 'p9', 'p2'],
			schedule_count: '1', schedule_0_kind: 'weekly', schedule_0_interval: '2', schedule_0_days: ['TH', 'TU', 'XX'],
			schedule_0_opens: '10:00', schedule_0_closes: '12:30', schedule_0_from: '2026-01-01', schedule_0_to: '2026-12-31',
			schedule_0_note_en: ' Upstairs ', schedule_0_note_cy: ''
		});
		expect(data).toEqual({
			title_en: 'Repair café', title_cy: 'Caffi Trwsio', description_en: 'Bring something broken.\nWe have tea.',
			description_cy: 'Dewch â rhywbeth.', kind: 'practical_help', cost: 'paid', cost_note_en: '£2, free if that is hard',
			cost_note_cy: '£2', access: 'drop_in', capacity: 'waiting_list', attendance: 'both',
			contact_email: 'repair@example.org', contact_phone: '029 2000 0000', website: 'https://example.org/',
			outcomes: ['o2', 'o1'], who_for: ['adults', 'older_people'], languages: ['en', 'cy'], places: ['p2'],
			schedules: [{
				freq: 'WEEKLY', interval: 2, byday: ['TU', 'TH'], opens_at: '10:00', closes_at: '12:30',
				valid_from: '2026-01-01', valid_to: '2026-12-31', except_months: [], except_dates: [], note_en: 'Upstairs', note_cy: null
			}],
			newPlace: null
		} satisfies OfferInput);
	});

	it('defaults an unknown capacity to taking_new and nulls empty optional fields', () => {
		const data = offerData({ ...baseOffer, capacity: 'full up' });
		expect(data.capacity).toBe('taking_new');
		expect(data).toMatchObject({ title_cy: null, description_cy: null, cost_note_en: null, contact_email: null, contact_phone: null, website: null, newPlace: null });
	});

	it('reports every missing required field of an empty form', () => {
		expect(offerProblems({})).toEqual({
			title_en: 'title_missing', description_en: 'description_missing', kind: 'kind_missing', outcomes: 'outcomes_missing',
			who_for: 'who_for_missing', cost: 'cost_missing', access: 'access_missing', attendance: 'attendance_missing',
			languages: 'languages_missing'
		});
	});

	it('needs at least one known outcome, audience and language', () => {
		expect(offerProblems({ ...baseOffer, outcomes: ['o3', ''] })).toEqual({ outcomes: 'outcomes_missing' });
		expect(offerProblems({ ...baseOffer, who_for: ['martians'] })).toEqual({ who_for: 'who_for_missing' });
		expect(offerProblems({ ...baseOffer, languages: ['tlh'] })).toEqual({ languages: 'languages_missing' });
	});

	it('rejects unknown vocabulary values', () => {
		expect(offerProblems({ ...baseOffer, kind: 'party', cost: 'cheap', access: 'walk_in', attendance: 'maybe' })).toEqual({
			kind: 'kind_missing', cost: 'cost_missing', access: 'access_missing', attendance: 'attendance_missing'
		});
	});

	it('asks how much a paid offer costs', () => {
		expect(offerProblems({ ...baseOffer, cost: 'paid' })).toEqual({ cost_note_en: 'cost_note_missing' });
		expect(offerProblems({ ...baseOffer, cost: 'paid', cost_note_en: '  ', cost_note_cy: '£2' })).toEqual({ cost_note_en: 'cost_note_missing' });
		expect(offerProblems({ ...baseOffer, cost: 'paid', cost_note_en: '£2' })).toEqual({});
		expect(offerProblems({ ...baseOffer, cost: 'low_cost' })).toEqual({});
		expect(offerProblems({ ...baseOffer, cost: 'paid', cost_note_en: 'x'.repeat(limits.costNote + 1) })).toEqual({ cost_note_en: 'too_long' });
	});

	it('checks the offer contact details', () => {
		expect(offerProblems({ ...baseOffer, contact_email: 'hello@', contact_phone: '12', website: 'not a url' })).toEqual({
			contact_email: 'email_invalid', contact_phone: 'phone_invalid', website: 'website_invalid'
		});
		expect(offerProblems({ ...baseOffer, contact_phone: 'ring Nia' })).toEqual({ contact_phone: 'phone_letters' });
	});

	it('checks title and description lengths', () => {
		expect(offerProblems({ ...baseOffer, title_en: 'a'.repeat(limits.title) })).toEqual({});
		expect(offerProblems({ ...baseOffer, title_en: 'a'.repeat(limits.title + 1), title_cy: 'a'.repeat(limits.title + 1) }))
			.toEqual({ title_en: 'too_long', title_cy: 'too_long' });
		expect(offerProblems({ ...baseOffer, description_en: 'a'.repeat(limits.description + 1) })).toEqual({ description_en: 'too_long' });
	});

	describe('where', () => {
		it('needs a place for in-person and hybrid offers, but not online ones', () => {
			expect(offerProblems({ ...baseOffer, attendance: 'in_person' })).toEqual({ places: 'place_missing' });
			expect(offerProblems({ ...baseOffer, attendance: 'both' })).toEqual({ places: 'place_missing' });
			expect(offerProblems({ ...baseOffer, attendance: 'in_person', places: ['p9'] })).toEqual({ places: 'place_missing' });
			expect(offerProblems({ ...baseOffer, attendance: 'online' })).toEqual({});
			expect(offerData({ ...baseOffer, attendance: 'in_person', places: ['p1'] }).places).toEqual(['p1']);
		});

		it('reads a new place, normalising its postcode', () => {
			const data = offerData({
				...baseOffer, attendance: 'in_person', place_name: ' Neuadd  y Pentref ', place_address: '1 Stryd Fawr',
				place_town: 'Caerdydd', place_postcode: ' cf10 1aa ', place_accessibility: ['hearing_loop', 'wheelchair', 'lift']
			});
			expect(data.places).toEqual([]);
			expect(data.newPlace).toEqual({
				name: 'Neuadd y Pentref', address: '1 Stryd Fawr', town: 'Caerdydd', postcode: 'CF10 1AA', outcode: 'CF10',
				point: null, accessibility: ['wheelchair', 'hearing_loop']
			});
		});

		it('rejects a new place with a bad postcode or no name', () => {
			expect(offerProblems({ ...baseOffer, attendance: 'in_person', place_name: 'Hall', place_postcode: 'ZZ99' }))
				.toEqual({ place_postcode: 'postcode_invalid' });
			expect(offerProblems({ ...baseOffer, attendance: 'in_person', place_name: 'Hall', place_address: '1 High St' }))
				.toEqual({ place_postcode: 'postcode_invalid' });
			expect(offerProblems({ ...baseOffer, attendance: 'in_person', place_postcode: 'CF10 1AA' }))
				.toEqual({ place_name: 'name_missing' });
		});

		it('checks a new place even for an online offer', () => {
			expect(offerProblems({ ...baseOffer, place_name: 'Hall', place_postcode: 'nope' })).toEqual({ place_postcode: 'postcode_invalid' });
		});

		it('keeps a point inside the UK and rejects one outside', () => {
			const place = { ...baseOffer, attendance: 'in_person', place_name: 'Hall', place_postcode: 'CF10 1AA' };
			expect(offerData({ ...place, place_lat: '51.4816', place_lng: '-3.1791' }).newPlace?.point).toEqual({ lat: 51.4816, lng: -3.1791 });
			expect(offerProblems({ ...place, place_lat: '48.8566', place_lng: '2.3522' })).toEqual({ place_postcode: 'point_invalid' }); // Paris
			expect(offerProblems({ ...place, place_lat: 'north', place_lng: '-3' })).toEqual({ place_postcode: 'point_invalid' });
			// Half a point is no point: it comes from the postcode district instead.
			expect(offerData({ ...place, place_lat: '51.48', place_lng: '' }).newPlace?.point).toBeNull();
		});
	});

	describe('schedules', () => {
		it('needs days for a weekly rule', () => {
			expect(offerProblems(withRow({ kind: 'weekly', opens: '10:00', closes: '12:00' }))).toEqual({ schedule_0_days: 'schedule_days_missing' });
			expect(offerProblems(withRow({ kind: 'weekly', days: ['Tuesday'], opens: '10:00', closes: '12:00' })))
				.toEqual({ schedule_0_days: 'schedule_days_missing' });
		});

		it('checks opening times', () => {
			expect(offerProblems(withRow({ kind: 'weekly', days: ['TU'], opens: '12:00', closes: '10:00' })))
				.toEqual({ schedule_0_closes: 'schedule_closes_before_opens' });
			expect(offerProblems(withRow({ kind: 'weekly', days: ['TU'], opens: '10:00', closes: '10:00' })))
				.toEqual({ schedule_0_closes: 'schedule_closes_before_opens' });
			expect(offerProblems(withRow({ kind: 'weekly', days: ['TU'], opens: '9am', closes: '24:00' })))
				.toEqual({ schedule_0_opens: 'schedule_time_invalid', schedule_0_closes: 'schedule_time_invalid' });
			expect(offerProblems(withRow({ kind: 'weekly', days: ['TU'], opens: '', closes: '12:00' })))
				.toEqual({ schedule_0_opens: 'schedule_time_invalid' });
		});

		it('checks the season it runs in', () => {
			expect(offerProblems(withRow({ kind: 'weekly', days: ['TU'], opens: '10:00', closes: '12:00', from: '2026-06-01', to: '2026-05-31' })))
				.toEqual({ schedule_0_to: 'schedule_ends_before_starts' });
			expect(offerProblems(withRow({ kind: 'weekly', days: ['TU'], opens: '10:00', closes: '12:00', from: '2026-02-30', to: 'soon' })))
				.toEqual({ schedule_0_from: 'schedule_date_invalid', schedule_0_to: 'schedule_date_invalid' });
			const open = offerData(withRow({ kind: 'weekly', days: ['TU'], opens: '10:00', closes: '12:00', from: '2026-06-01' })).schedules[0];
			expect(open).toMatchObject({ valid_from: '2026-06-01', valid_to: null });
		});

		it('holds a one-off date as a weekly rule in force on that day only', () => {
			const [schedule] = offerData(withRow({ kind: 'date', date: '2026-12-05', days: ['MO'], opens: '18:00', closes: '21:00', from: '2026-01-01', to: '2027-01-01' })).schedules;
			expect(schedule).toEqual({
				freq: 'WEEKLY', interval: 1, byday: ['SA'], opens_at: '18:00', closes_at: '21:00',
				valid_from: '2026-12-05', valid_to: '2026-12-05', except_months: [], except_dates: [], note_en: null, note_cy: null
			});
			expect(isOneOff(schedule!)).toBe(true);
			expect(runsOnDate(schedule!, new Date('2026-12-05T12:00:00Z'))).toBe(true);
			expect(runsOnDate(schedule!, new Date('2026-12-12T12:00:00Z'))).toBe(false);
			expect(runsOnDate(schedule!, new Date('2026-11-28T12:00:00Z'))).toBe(false);
		});

		it('rejects a one-off date that is not a date', () => {
			for (const date of ['', 'christmas', '2026-02-29', '05/12/2026']) {
				expect(offerProblems(withRow({ kind: 'date', date, opens: '18:00', closes: '21:00' })), date)
					.toEqual({ schedule_0_date: 'schedule_date_invalid' });
			}
		});

		it('reads a monthly rule, ignoring any weekly days and interval', () => {
			const [schedule] = offerData(withRow({ kind: 'monthly', ordinal: '-1', weekday: 'FR', days: ['TU'], interval: '3', opens: '18:00', closes: '20:00' })).schedules;
			expect(schedule).toMatchObject({ freq: 'MONTHLY', interval: 1, byday: ['-1FR'] });
			expect(isOneOff(schedule!)).toBe(false);
			expect(offerData(withRow({ kind: 'monthly', ordinal: '5', weekday: 'XX', opens: '18:00', closes: '20:00' })).schedules[0]?.byday).toEqual(['1MO']);
			expect(offerData(withRow({ kind: 'monthly', ordinal: '2', weekday: 'WE', opens: '18:00', closes: '20:00' })).schedules[0]?.byday).toEqual(['2WE']);
		});

		it('keeps the weekly interval between 1 and 12', () => {
			// An interval over 1 needs a first date (next test), so every row here has one.
			const interval = (value: string) => offerData(withRow({ kind: 'weekly', days: ['TU'], interval: value, opens: '10:00', closes: '12:00', from: '2026-01-06' })).schedules[0]?.interval;
			expect(interval('2')).toBe(2);
			expect(interval('99')).toBe(12);
			expect(interval('0')).toBe(1);
			expect(interval('-3')).toBe(1);
			expect(interval('fortnightly')).toBe(1);
			expect(interval('2.7')).toBe(2);
		});

		it('needs a first date for "every n weeks", to say which weeks', () => {
			const row = { kind: 'weekly', days: ['TU'], opens: '10:00', closes: '12:00' };
			expect(offerProblems(withRow({ ...row, interval: '2' }))).toEqual({ schedule_0_from: 'schedule_start_needed' });
			expect(offerProblems(withRow({ ...row, interval: '12', to: '2026-12-31' }))).toEqual({ schedule_0_from: 'schedule_start_needed' });
			expect(offerProblems(withRow({ ...row, interval: '3', from: '  ' }))).toEqual({ schedule_0_from: 'schedule_start_needed' });
			// A first date that is not a date says so, not "start needed".
			expect(offerProblems(withRow({ ...row, interval: '2', from: 'next week' }))).toEqual({ schedule_0_from: 'schedule_date_invalid' });
			expect(offerData(withRow({ ...row, interval: '2', from: '2026-01-06' })).schedules[0]).toMatchObject({ interval: 2, valid_from: '2026-01-06', valid_to: null });
			// Every week, or what reads as every week, needs none.
			for (const interval of ['1', '', '0', 'fortnightly']) {
				expect(offerData(withRow({ ...row, interval })).schedules[0], interval).toMatchObject({ interval: 1, valid_from: null });
			}
			// Monthly rules and one-off dates take no interval, so need no first date either.
			expect(offerData(withRow({ kind: 'monthly', ordinal: '1', weekday: 'WE', interval: '3', opens: '18:00', closes: '20:00' })).schedules[0])
				.toMatchObject({ freq: 'MONTHLY', interval: 1, valid_from: null });
			expect(offerData(withRow({ kind: 'date', date: '2026-12-05', interval: '3', opens: '18:00', closes: '20:00' })).schedules[0])
				.toMatchObject({ interval: 1, valid_from: '2026-12-05' });
		});

		it('takes dates in the years 1900 to 2199 only', () => {
			const row = { kind: 'weekly', days: ['TU'], opens: '10:00', closes: '12:00' };
			for (const date of ['1900-01-01', '2026-06-30', '2199-12-31']) {
				expect(offerData(withRow({ ...row, from: date, to: '2199-12-31' })).schedules[0], date).toMatchObject({ valid_from: date });
				expect(offerData(withRow({ kind: 'date', date, opens: '10:00', closes: '12:00' })).schedules[0], date).toMatchObject({ valid_from: date, valid_to: date });
				expect(offerData(withRow({ ...row, except_dates: date })).schedules[0]?.except_dates, date).toEqual([date]);
			}
			for (const date of ['0000-01-01', '0001-01-01', '1899-12-31', '2200-01-01', '9999-12-31']) {
				expect(offerProblems(withRow({ ...row, from: date })), date).toEqual({ schedule_0_from: 'schedule_date_invalid' });
				expect(offerProblems(withRow({ ...row, to: date })), date).toEqual({ schedule_0_to: 'schedule_date_invalid' });
				expect(offerProblems(withRow({ kind: 'date', date, opens: '10:00', closes: '12:00' })), date).toEqual({ schedule_0_date: 'schedule_date_invalid' });
				expect(offerProblems(withRow({ ...row, except_dates: `2026-12-24, ${date}` })), date).toEqual({ schedule_0_except_dates: 'schedule_except_dates_invalid' });
			}
		});

		it('treats an unknown kind as weekly', () => {
			expect(offerData(withRow({ kind: 'yearly', days: ['SU'], opens: '10:00', closes: '12:00' })).schedules[0]).toMatchObject({ freq: 'WEEKLY', byday: ['SU'] });
		});

		it('keeps only real months to skip, in order', () => {
			const [schedule] = offerData(withRow({ kind: 'weekly', days: ['TU'], opens: '10:00', closes: '12:00', except_months: ['8', '13', 'x', '0', '1', '8'] })).schedules;
			expect(schedule?.except_months).toEqual([1, 8]);
			const [only] = offerData(withRow({ kind: 'weekly', days: ['TU'], opens: '10:00', closes: '12:00', except_months: ['8', '13', 'x'] })).schedules;
			expect(only?.except_months).toEqual([8]);
		});

		it('reads dates to skip in any order and rejects what is not a date', () => {
			const row = { kind: 'weekly', days: ['TH'], opens: '10:00', closes: '12:00' };
			expect(offerData(withRow({ ...row, except_dates: '2026-12-31, 2026-12-24' })).schedules[0]?.except_dates).toEqual(['2026-12-24', '2026-12-31']);
			expect(offerData(withRow({ ...row, except_dates: ' 2026-12-31;2026-12-24\n2026-12-31 ' })).schedules[0]?.except_dates).toEqual(['2026-12-24', '2026-12-31']);
			expect(offerProblems(withRow({ ...row, except_dates: 'christmas' }))).toEqual({ schedule_0_except_dates: 'schedule_except_dates_invalid' });
			expect(offerProblems(withRow({ ...row, except_dates: '2026-12-24, 2026-13-01' }))).toEqual({ schedule_0_except_dates: 'schedule_except_dates_invalid' });
			const tooMany = Array.from({ length: limits.exceptDates + 1 }, (_, i) => new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10)).join(',');
			expect(offerProblems(withRow({ ...row, except_dates: tooMany }))).toEqual({ schedule_0_except_dates: 'schedule_except_dates_invalid' });
		});

		it('tidies and limits schedule notes', () => {
			expect(offerData(withRow({ kind: 'weekly', days: ['TU'], opens: '10:00', closes: '12:00', note_en: ' Not  in\tholidays ', note_cy: 'Dim yn ystod gwyliau' })).schedules[0])
				.toMatchObject({ note_en: 'Not in holidays', note_cy: 'Dim yn ystod gwyliau' });
			expect(offerProblems(withRow({ kind: 'weekly', days: ['TU'], opens: '10:00', closes: '12:00', note_cy: 'a'.repeat(limits.scheduleNote + 1) })))
				.toEqual({ schedule_0_note_cy: 'too_long' });
		});

		it('ignores a row with nothing in it and needs no schedule at all', () => {
			expect(offerData({ ...withRow({}), schedule_count: '1' }).schedules).toEqual([]);
			expect(offerData({ ...withRow({}), schedule_count: '0' }).schedules).toEqual([]);
			expect(offerData({ ...baseOffer, schedule_count: 'lots' }).schedules).toEqual([]);
		});

		// The form always posts a row's kind radio (weekly is checked by default) and its selects, so a row left
		// untouched arrives like this; an offer with no regular times could never be saved without JavaScript.
		it('ignores a row left untouched as the form posts it (kind radio and selects at their defaults)', () => {
			const untouched = withRow({ kind: 'weekly', interval: '1', ordinal: '1', weekday: 'MO', date: '', opens: '', closes: '', from: '', to: '', except_dates: '', note_en: '', note_cy: '' });
			expect(offer(untouched)).toMatchObject({ ok: true, data: { schedules: [] } });
		});

		it('reads only schedule_count rows, at most twelve', () => {
			const rows: Fields = { schedule_count: '20' };
			for (let i = 0; i < 20; i++) Object.assign(rows, { [`schedule_${i}_kind`]: 'weekly', [`schedule_${i}_days`]: ['WE'], [`schedule_${i}_opens`]: '10:00', [`schedule_${i}_closes`]: '11:00' });
			expect(readOfferDraft(formData(rows)).schedules).toHaveLength(limits.schedules);
			expect(offerData({ ...withRow({}), ...rows }).schedules).toHaveLength(12);
			expect(offerData({ ...withRow({}), ...rows, schedule_count: '2' }).schedules).toHaveLength(2);
		});

		it('names problems by row, skipping blank rows without renumbering', () => {
			const fields = {
				...withRow({ kind: 'weekly', days: ['TU'], opens: '10:00', closes: '12:00' }), schedule_count: '3',
				schedule_2_kind: 'weekly', schedule_2_opens: '14:00', schedule_2_closes: '13:00'
			};
			expect(offerProblems(fields)).toEqual({ schedule_2_days: 'schedule_days_missing', schedule_2_closes: 'schedule_closes_before_opens' });
			expect(offerProblems({ ...fields, schedule_1_kind: 'date', schedule_1_date: 'christmas', schedule_1_opens: '10:00', schedule_1_closes: '11:00' }))
				.toEqual({ schedule_1_date: 'schedule_date_invalid', schedule_2_days: 'schedule_days_missing', schedule_2_closes: 'schedule_closes_before_opens' });
		});

		it('keeps the good rows in order', () => {
			const data = offerData({
				...withRow({ kind: 'monthly', ordinal: '1', weekday: 'WE', opens: '18:00', closes: '20:00' }), schedule_count: '3',
				schedule_2_kind: 'weekly', schedule_2_days: ['SA'], schedule_2_opens: '09:00', schedule_2_closes: '10:00'
			});
			expect(data.schedules.map((s) => s.byday)).toEqual([['1WE'], ['SA']]);
		});
	});
});

// ---------------------------------------------------------------------------------------------
// Reports, messages and decisions

describe('checkReport', () => {
	const report = (extra: Partial<ReportDraft>): ReportDraft => ({ kind: 'problem', reason: 'contact_wrong', message: '', reply_email: '', ...extra });

	it('accepts a problem report with only a reason', () => {
		expect(checkReport(report({}))).toEqual({ ok: true, data: { kind: 'problem', reason: 'contact_wrong', message: '', reply_email: null } });
	});

	it('requires a known reason', () => {
		expect(checkReport(report({ reason: '' }))).toEqual({ ok: false, problems: { reason: 'reason_missing' } });
		expect(checkReport(report({ reason: 'spam' }))).toEqual({ ok: false, problems: { reason: 'reason_missing' } });
	});

	it('needs a message for "something else" and for suggestions', () => {
		expect(checkReport(report({ reason: 'something_else', message: '  \n ' }))).toEqual({ ok: false, problems: { message: 'message_missing' } });
		expect(checkReport(report({ kind: 'suggestion', reason: 'unclear' }))).toEqual({ ok: false, problems: { message: 'message_missing' } });
		expect(checkReport(report({ kind: 'suggestion', reason: 'unclear', message: ' Say when it starts. ' })))
			.toEqual({ ok: true, data: { kind: 'suggestion', reason: 'unclear', message: 'Say when it starts.', reply_email: null } });
	});

	it('limits the message', () => {
		expect(checkReport(report({ message: 'a'.repeat(limits.message) })).ok).toBe(true);
		expect(checkReport(report({ message: 'a'.repeat(limits.message + 1) }))).toEqual({ ok: false, problems: { message: 'too_long' } });
	});

	it('takes an optional reply address, lower-cased and checked', () => {
		expect(checkReport(report({ reply_email: ' Nia@Example.ORG ' }))).toMatchObject({ ok: true, data: { reply_email: 'nia@example.org' } });
		expect(checkReport(report({ reply_email: 'nia@' }))).toEqual({ ok: false, problems: { reply_email: 'email_invalid' } });
		expect(checkReport(report({ reply_email: 'a@b' }))).toEqual({ ok: false, problems: { reply_email: 'email_invalid' } });
	});

	it('treats an unknown kind as a problem report', () => {
		expect(checkReport(report({ kind: 'complaint' }))).toMatchObject({ ok: true, data: { kind: 'problem' } });
		expect(checkReport(report({ kind: '' }))).toMatchObject({ ok: true, data: { kind: 'problem' } });
		// …so an unknown kind does not need a message the way a suggestion does.
		expect(checkReport(report({ kind: 'Suggestion', reason: 'unclear' }))).toMatchObject({ ok: true, data: { kind: 'problem' } });
	});
});

describe('checkDecisionNote', () => {
	it('is needed to reject or hide', () => {
		expect(checkDecisionNote('', true)).toEqual({ ok: false, problems: { note: 'note_missing' } });
		expect(checkDecisionNote(' \n\t ', true)).toEqual({ ok: false, problems: { note: 'note_missing' } });
		expect(checkDecisionNote('  Add a postcode.  ', true)).toEqual({ ok: true, data: 'Add a postcode.' });
	});

	it('is optional otherwise, and null when empty', () => {
		expect(checkDecisionNote('', false)).toEqual({ ok: true, data: null });
		expect(checkDecisionNote('Looks good', false)).toEqual({ ok: true, data: 'Looks good' });
	});

	it('is limited in length either way', () => {
		expect(checkDecisionNote('a'.repeat(limits.note), false)).toEqual({ ok: true, data: 'a'.repeat(limits.note) });
		expect(checkDecisionNote('a'.repeat(limits.note + 1), false)).toEqual({ ok: false, problems: { note: 'too_long' } });
		expect(checkDecisionNote('a'.repeat(limits.note + 1), true)).toEqual({ ok: false, problems: { note: 'too_long' } });
	});
});

describe('checkMessage', () => {
	it('requires a message, under the given field name', () => {
		expect(checkMessage('')).toEqual({ ok: false, problems: { message: 'message_missing' } });
		expect(checkMessage('   ', 'reply')).toEqual({ ok: false, problems: { reply: 'message_missing' } });
	});

	it('tidies it and limits its length', () => {
		expect(checkMessage(' Diolch!\r\nNia  ')).toEqual({ ok: true, data: 'Diolch!\nNia' });
		expect(checkMessage('a'.repeat(limits.message + 1))).toEqual({ ok: false, problems: { message: 'too_long' } });
	});
});

// ---------------------------------------------------------------------------------------------
// Schedules on dates

describe('runsOnDate and isOneOff', () => {
	const weekly = (byday: string[], extra: Partial<Schedule> = {}): Schedule => ({
		freq: 'WEEKLY', interval: 1, byday, opens_at: '10:00', closes_at: '12:00', ...extra
	});
	const utc = (iso: string) => new Date(`${iso}T12:00:00Z`);

	it('skips the months it does not run', () => {
		const notAugust = weekly(['SA'], { except_months: [8] });
		expect(runsOnDate(notAugust, utc('2026-08-01'))).toBe(false); // a Saturday in August
		expect(runsOnDate(notAugust, utc('2026-08-29'))).toBe(false);
		expect(runsOnDate(notAugust, utc('2026-07-25'))).toBe(true);
		expect(runsOnDate(notAugust, utc('2026-09-05'))).toBe(true);
		expect(runsOnDate(weekly(['SA'], { except_months: [] }), utc('2026-08-01'))).toBe(true);
	});

	it('skips the dates it does not run', () => {
		const thursdays = weekly(['TH'], { except_dates: ['2026-12-24', '2026-12-31'] });
		expect(runsOnDate(thursdays, utc('2026-12-24'))).toBe(false);
		expect(runsOnDate(thursdays, utc('2026-12-31'))).toBe(false);
		expect(runsOnDate(thursdays, utc('2026-12-17'))).toBe(true);
		expect(runsOnDate(thursdays, utc('2027-01-07'))).toBe(true);
	});

	it('applies exceptions to monthly rules too', () => {
		const lastFriday = { ...weekly(['-1FR']), freq: 'MONTHLY' as const, except_months: [12] };
		expect(runsOnDate(lastFriday, utc('2026-11-27'))).toBe(true);
		expect(runsOnDate(lastFriday, utc('2026-12-25'))).toBe(false);
		expect(runsOnDate({ ...lastFriday, except_months: [], except_dates: ['2026-11-27'] }, utc('2026-11-27'))).toBe(false);
	});

	it('knows a one-off date: a weekly rule on that date\'s weekday, in force on that day only', () => {
		// 2026-12-05 is a Saturday.
		expect(isOneOff({ freq: 'WEEKLY', byday: ['SA'], valid_from: '2026-12-05', valid_to: '2026-12-05' })).toBe(true);
		expect(isOneOff({ freq: 'WEEKLY', byday: ['MO'], valid_from: '2026-12-05', valid_to: '2026-12-05' })).toBe(false);
		expect(isOneOff({ freq: 'WEEKLY', byday: ['SA', 'SU'], valid_from: '2026-12-05', valid_to: '2026-12-05' })).toBe(false);
		expect(isOneOff({ freq: 'WEEKLY', byday: ['SA'], valid_from: '2026-12-05', valid_to: '2026-12-06' })).toBe(false);
		expect(isOneOff({ freq: 'WEEKLY', byday: ['SA'], valid_from: '2026-12-05', valid_to: null })).toBe(false);
		expect(isOneOff({ freq: 'WEEKLY', byday: ['SA'], valid_from: null, valid_to: null })).toBe(false);
		expect(isOneOff({ freq: 'MONTHLY', byday: ['1SA'], valid_from: '2026-12-05', valid_to: '2026-12-05' })).toBe(false);
	});
});
