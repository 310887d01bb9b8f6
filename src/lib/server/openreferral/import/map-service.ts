import { accessibilityFeatures, languageCodes, offerKinds, type Cost } from '../../../domain/directory';
import { parseByday } from '../../../domain/schedule';
import { nameBasedId } from '../ids';
import { contactOf, limits, webAddressOf, welshOf, whatMattersOf } from './check-tables';
import { idOf, numberOf, objects, refOf, text, warning, type SourceRecord } from './records';
import type { Hsds, ImportProblem } from './types';

// An HSDS service as an offer, per docs/openreferral.md "Importing". What our tables cannot hold
// (a place outside the UK, a daily rule) is left out with a warning; the offer imports without it.

export interface TermMapping {
	taxonomy: string;
	term: string;
	outcome_id: string;
}

export interface OfferFields {
	title_en: string;
	title_cy: string | null;
	description_en: string;
	description_cy: string | null;
	kind: string;
	cost: Cost;
	cost_note_en: string | null;
	cost_note_cy: string | null;
	languages: string[];
	who_for: string[];
	access: string;
	attendance: string;
	capacity: string;
	contact_email: string | null;
	contact_phone: string | null;
	website: string | null;
	minimum_age: number | null;
	maximum_age: number | null;
}

export interface ScheduleFields {
	freq: 'WEEKLY' | 'MONTHLY';
	interval: number;
	byday: string[];
	opens_at: string;
	closes_at: string;
	valid_from: string | null;
	valid_to: string | null;
	note_en: string | null;
	note_cy: string | null;
	except_months: number[];
	except_dates: string[];
}

/** A physical HSDS location, before it is placed on the map. */
export interface PlaceToFind {
	sourceId: string;
	field: string;
	name: string;
	address: string;
	town: string;
	postcode: string | null;
	point: { lat: number; lng: number } | null;
	accessibility: string[];
}

export interface MappedService {
	offer: OfferFields;
	schedules: ScheduleFields[];
	/** Outcomes its terms map to; empty means a moderator tags it. */
	outcomes: string[];
	/** Names of the terms no mapping turned into an outcome. */
	unmappedTerms: string[];
	places: PlaceToFind[];
	problems: ImportProblem[];
}

const outcomeTaxonomy = nameBasedId('taxonomy', 'outcomes');
const kindTaxonomy = nameBasedId('taxonomy', 'offer-kinds');
const languageAliases: Record<string, string> = { bfi: 'bsl', cym: 'cy', wel: 'cy', eng: 'en' };

export function mapService(record: SourceRecord, mappings: TermMapping[], searchableOutcomes: Set<string>): MappedService {
	const service = record.data;
	const problems: ImportProblem[] = [];
	const warn = (field: string, code: ImportProblem['code'], params: ImportProblem['params'] = {}) => problems.push(warning(refOf(record), field, code, params));
	const welsh = welshOf(service);
	const ours = whatMattersOf(service);
	const terms = termsOf(service, mappings, searchableOutcomes);
	const { places, online } = placesOf(service, warn);
	const cost = costOf(service, warn);
	const contact = contactOf(service);
	const offer: OfferFields = {
		title_en: text(service, 'name')!,
		title_cy: text(welsh, 'name'),
		description_en: text(service, 'description')!,
		description_cy: text(welsh, 'description'),
		kind: (ours.kind as string | undefined) ?? terms.kind ?? 'activity',
		...cost,
		languages: languagesOf(service),
		who_for: (ours.who_for as string[] | undefined) ?? ['everyone'],
		access: (ours.access as string | undefined) ?? 'self_referral',
		attendance: (ours.attendance as string | undefined) ?? (online ? (places.length ? 'both' : 'online') : 'in_person'),
		capacity: (ours.capacity as string | undefined) ?? 'taking_new',
		contact_email: contact.email,
		contact_phone: contact.phone,
		website: webAddressOf(service, 'url'),
		minimum_age: numberOf(service, 'minimum_age'),
		maximum_age: numberOf(service, 'maximum_age')
	};
	return { offer, schedules: schedulesOf(service, warn), outcomes: terms.outcomes, unmappedTerms: terms.unmapped, places, problems };
}

type Warn = (field: string, code: ImportProblem['code'], params?: ImportProblem['params']) => void;

function termsOf(service: Hsds, mappings: TermMapping[], searchable: Set<string>) {
	const outcomes = new Set<string>();
	const unmapped = new Set<string>();
	let kind: string | null = null;
	for (const attribute of objects(service.attributes)) {
		const term = attribute.taxonomy_term;
		if (typeof term !== 'object' || term === null) continue;
		const t = term as Hsds;
		const code = text(t, 'term');
		const taxonomyId = text(t, 'taxonomy_id');
		// Our own taxonomies: the term's code is the outcome or the kind.
		if (code && (taxonomyId === outcomeTaxonomy || idOf(t) === nameBasedId('outcome', code)) && searchable.has(code)) {
			outcomes.add(code);
			continue;
		}
		if (code && (taxonomyId === kindTaxonomy || idOf(t) === nameBasedId('offer-kind', code)) && (offerKinds as readonly string[]).includes(code)) {
			kind ??= code;
			continue;
		}
		const taxonomies = [taxonomyId, text(t, 'taxonomy')].filter(Boolean).map((s) => s!.toLowerCase());
		const names = [idOf(t), code, text(t, 'name')].filter(Boolean).map((s) => s!.toLowerCase());
		const mapped = mappings
			.filter((m) => (m.taxonomy === '' || taxonomies.includes(m.taxonomy.toLowerCase())) && names.includes(m.term.toLowerCase()))
			.map((m) => m.outcome_id)
			.filter((id) => searchable.has(id));
		if (mapped.length) mapped.forEach((id) => outcomes.add(id));
		else if (text(t, 'name') ?? code) unmapped.add((text(t, 'name') ?? code)!);
	}
	return { outcomes: [...outcomes].sort(), unmapped: [...unmapped].slice(0, 50), kind };
}

function languagesOf(service: Hsds): string[] {
	const codes = objects(service.languages)
		.map((l) => text(l, 'code')?.toLowerCase())
		.map((code) => (code ? (languageAliases[code] ?? code) : null))
		.filter((code): code is string => !!code && (languageCodes as readonly string[]).includes(code));
	return codes.length ? [...new Set(codes)] : ['en'];
}

const costWords: Record<string, Cost> = { free: 'free', 'low cost': 'low_cost', paid: 'paid' };

function costOf(service: Hsds, warn: Warn): Pick<OfferFields, 'cost' | 'cost_note_en' | 'cost_note_cy'> {
	const options = objects(service.cost_options);
	if (options.length) {
		const index = Math.max(0, options.findIndex((o) => (numberOf(o, 'amount') ?? 0) > 0 || costWordOf(o) === 'paid' || costWordOf(o) === 'low_cost'));
		const option = options[index]!;
		const amount = numberOf(option, 'amount') ?? 0;
		const cost: Cost = costWordOf(option) ?? (amount > 0 ? 'paid' : 'free');
		// "Free" / "Low cost" / "Paid" is what the cost field says already; any other option names who it is for.
		const named = costWordOf(option) ? null : text(option, 'option');
		const price = amount > 0 ? priceOf(amount, text(option, 'currency')) : null;
		const note = [named, [price, text(option, 'amount_description')].filter(Boolean).join(' ')].filter(Boolean).join(': ');
		const field = `cost_options[${index}].amount_description`;
		return { cost, cost_note_en: shortened(note || null, limits.costNote, field, warn), cost_note_cy: shortened(text(welshOf(option), 'amount_description'), limits.costNote, field, warn) };
	}
	const fees = text(service, 'fees');
	if (!fees || /\bfree\b/i.test(fees)) return { cost: 'free', cost_note_en: null, cost_note_cy: null };
	return { cost: 'paid', cost_note_en: shortened(fees, limits.costNote, 'fees', warn), cost_note_cy: shortened(text(welshOf(service), 'fees'), limits.costNote, 'fees', warn) };
}

const costWordOf = (option: Hsds): Cost | null => costWords[text(option, 'option')?.toLowerCase() ?? ''] ?? null;
const priceOf = (amount: number, currency: string | null) => {
	const figure = Number.isInteger(amount) ? String(amount) : amount.toFixed(2);
	return !currency || currency.toUpperCase() === 'GBP' ? `£${figure}` : `${figure} ${currency}`;
};

/** A note (often put together from several fields) may run over its column: it is cut, and the report says so. */
function shortened(note: string | null, limit: number, field: string, warn: Warn): string | null {
	if (!note || [...note].length <= limit) return note;
	warn(field, 'text_shortened', { limit });
	return `${[...note].slice(0, limit - 1).join('')}…`;
}

function placesOf(service: Hsds, warn: Warn): { places: PlaceToFind[]; online: boolean } {
	const places: PlaceToFind[] = [];
	let online = false;
	objects(service.service_at_locations).forEach((at, i) => {
		const location = at.location;
		if (typeof location !== 'object' || location === null) return;
		const l = location as Hsds;
		const field = `service_at_locations[${i}].location`;
		const type = text(l, 'location_type') ?? 'physical';
		const addresses = objects(l.addresses);
		const address = addresses.find((a) => text(a, 'address_type') === 'physical') ?? addresses[0];
		const name = text(l, 'name') ?? text(address, 'address_1') ?? text(address, 'postal_code') ?? text(service, 'name')!;
		if (type === 'virtual') {
			online = true;
			return;
		}
		if (type !== 'physical') return warn(field, 'location_not_physical', { location: name, locationType: type });
		const fields = {
			name, address: [text(address, 'address_1'), text(address, 'address_2')].filter(Boolean).join(', '), town: text(address, 'city') ?? ''
		};
		for (const [key, limit] of [['name', limits.placeName], ['address', limits.address], ['town', limits.town]] as const) {
			if ([...fields[key]].length > limit) return warn(`${field}.${key === 'town' ? 'addresses.city' : key}`, 'too_long', { limit, length: [...fields[key]].length });
		}
		const lat = numberOf(l, 'latitude');
		const lng = numberOf(l, 'longitude');
		places.push({
			sourceId: idOf(l)!,
			field,
			...fields,
			postcode: text(address, 'postal_code'),
			point: lat !== null && lng !== null ? { lat, lng } : null,
			accessibility: [...new Set(objects(l.accessibility).map((a) => text(a, 'accessibility')).filter((a): a is string => (accessibilityFeatures as readonly (string | null)[]).includes(a)))]
		});
	});
	return { places, online };
}

const timePattern = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?/;
const datePattern = /^\d{4}-\d{2}-\d{2}$/;
/** '2027-02-30' has the shape of a date but is none; the date column would refuse the whole import. */
const isCalendarDate = (value: string) => {
	const date = new Date(`${value}T00:00:00Z`);
	return datePattern.test(value) && !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
};

/**
 * Months and dates a rule does not run, from our `x-what-matters` extension (HSDS has no field for
 * them); values we cannot hold are dropped, as the notes still say them in words.
 */
function exceptionsOf(s: Hsds): Pick<ScheduleFields, 'except_months' | 'except_dates'> {
	const ours = whatMattersOf(s);
	const months = Array.isArray(ours.except_months) ? ours.except_months : [];
	const dates = Array.isArray(ours.except_dates) ? ours.except_dates : [];
	return {
		except_months: [...new Set(months.filter((m): m is number => Number.isInteger(m) && m >= 1 && m <= 12))].sort((a, b) => a - b),
		except_dates: [...new Set(dates.filter((d): d is string => typeof d === 'string' && isCalendarDate(d)))].sort().slice(0, 60)
	};
}

function schedulesOf(service: Hsds, warn: Warn): ScheduleFields[] {
	const found = [
		...objects(service.schedules).map((s, i) => ({ s, field: `schedules[${i}]` })),
		...objects(service.service_at_locations).flatMap((at, i) => objects(at.schedules).map((s, j) => ({ s, field: `service_at_locations[${i}].schedules[${j}]` })))
	];
	const seen = new Set<string>();
	const schedules: ScheduleFields[] = [];
	for (const { s, field } of found) {
		const id = idOf(s);
		if (id && seen.has(id)) continue;
		if (id) seen.add(id);
		const freq = text(s, 'freq')?.toUpperCase() ?? '';
		if (freq !== 'WEEKLY' && freq !== 'MONTHLY') {
			warn(`${field}.freq`, 'schedule_unsupported_frequency', { freq });
			continue;
		}
		// A day named twice is one day; the table holds at most seven.
		const byday = [...new Set((text(s, 'byday') ?? '').split(',').map((d) => d.trim().toUpperCase()).filter(Boolean))];
		const rules = byday.map(parseByday);
		if (!byday.length || byday.length > 7 || rules.some((r) => !r || (freq === 'WEEKLY') !== (r.ordinal === undefined))) {
			warn(`${field}.byday`, 'schedule_without_days', { byday: byday.join(','), bymonthday: text(s, 'bymonthday') ?? '' });
			continue;
		}
		const opens = timePattern.exec(text(s, 'opens_at') ?? '');
		const closes = timePattern.exec(text(s, 'closes_at') ?? '');
		if (!opens || !closes) {
			warn(`${field}.${opens ? 'closes_at' : 'opens_at'}`, 'schedule_without_times');
			continue;
		}
		const [opensAt, closesAt] = [opens, closes].map((m) => `${m[1]}:${m[2]}:${m[3] ?? '00'}`) as [string, string];
		if (closesAt <= opensAt) {
			warn(`${field}.closes_at`, 'schedule_times_reversed', { opens: opensAt.slice(0, 5), closes: closesAt.slice(0, 5) });
			continue;
		}
		const interval = numberOf(s, 'interval') ?? 1;
		if (!Number.isInteger(interval) || interval < 1 || interval > 12) {
			warn(`${field}.interval`, 'out_of_range', { value: interval, limit: 12 });
			continue;
		}
		const [validFrom, validTo] = ['valid_from', 'valid_to'].map((f) => text(s, f)?.slice(0, 10) ?? null).map((d) => (d && isCalendarDate(d) ? d : null));
		if (validFrom && validTo && validTo < validFrom) {
			warn(`${field}.valid_to`, 'schedule_dates_reversed', { from: validFrom, to: validTo });
			continue;
		}
		schedules.push({
			freq, interval, byday, opens_at: opensAt, closes_at: closesAt, valid_from: validFrom ?? null, valid_to: validTo ?? null,
			...exceptionsOf(s),
			note_en: shortened(text(s, 'description'), limits.scheduleNote, `${field}.description`, warn),
			note_cy: shortened(text(welshOf(s), 'description'), limits.scheduleNote, `${field}.x-translations.cy.description`, warn)
		});
	}
	return schedules;
}
