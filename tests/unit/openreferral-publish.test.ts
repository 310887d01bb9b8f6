// The pure parts of the Open Referral API: query parameters, the page envelope, and the mapping
// of our rows to HSDS objects (docs/openreferral.md).
import { describe, expect, it } from 'vitest';
import { BadParameter } from '../../src/lib/server/openreferral/publish/http';
import { pageOf, pageOfAll } from '../../src/lib/server/openreferral/publish/paging';
import { nearnessOf, pagingOf, serviceFiltersOf } from '../../src/lib/server/openreferral/publish/parameters';
import { exceptionNotes } from '../../src/lib/server/openreferral/publish/labels';
import { contacts, costOptions, languages, schedule, serviceSummary } from '../../src/lib/server/openreferral/publish/hsds-service';
import { location } from '../../src/lib/server/openreferral/publish/hsds-location';
import { organizationIdentifiers, organizationSummary } from '../../src/lib/server/openreferral/publish/hsds-organization';
import type { OfferRow, OrganisationRow } from '../../src/lib/server/openreferral/publish/directory-rows';
import { hsdsValidator } from '../../src/lib/server/openreferral/schemas';

const query = (text: string) => new URLSearchParams(text);

function refusal(fn: () => unknown): BadParameter {
	try {
		fn();
	} catch (error) {
		if (error instanceof BadParameter) return error;
		throw error;
	}
	throw new Error('not refused');
}

describe('query parameters', () => {
	it('page from 1 and per_page from 1 to 200, 1 and 50 when absent', () => {
		expect(pagingOf(query(''))).toEqual({ page: 1, perPage: 50 });
		expect(pagingOf(query('page=3&per_page=200'))).toEqual({ page: 3, perPage: 200 });
		expect(refusal(() => pagingOf(query('per_page=201'))).parameter).toBe('per_page');
		expect(refusal(() => pagingOf(query('page=0'))).message).toBe('The parameter page takes a whole number from 1; "0" is not one.');
	});

	it('days as codes or names in any case, times with or without seconds', () => {
		expect(serviceFiltersOf(query('day=tuesday&start_time=09:30&end_time=17:00:30'))).toMatchObject({
			day: 'TU', startTime: '09:30:00', endTime: '17:00:30'
		});
		expect(serviceFiltersOf(query('day=SU')).day).toBe('SU');
		expect(refusal(() => serviceFiltersOf(query('day=Tues'))).parameter).toBe('day');
		expect(refusal(() => serviceFiltersOf(query('end_time=24:00'))).parameter).toBe('end_time');
	});

	it('ages as numbers, ids as UUIDs; empty values count as absent', () => {
		expect(serviceFiltersOf(query('minimum_age=18&maximum_age=64.5&search='))).toMatchObject({ minimumAge: 18, maximumAge: 64.5, search: undefined });
		expect(refusal(() => serviceFiltersOf(query('minimum_age=-1'))).parameter).toBe('minimum_age');
		expect(refusal(() => serviceFiltersOf(query('organization_id=42'))).parameter).toBe('organization_id');
	});

	it('a postcode or district, with a proximity that defaults to 10 km and needs a postcode', () => {
		expect(nearnessOf(query(''))).toBeUndefined();
		expect(nearnessOf(query('postcode=cf10 1ep'))).toMatchObject({ asked: 'cf10 1ep', place: { kind: 'postcode', outcode: 'CF10' }, proximity: 10_000 });
		expect(nearnessOf(query('postcode=NP20&proximity=2500'))).toMatchObject({ place: { kind: 'outcode', outcode: 'NP20' }, proximity: 2500 });
		expect(refusal(() => nearnessOf(query('postcode=Cardiff'))).parameter).toBe('postcode');
		expect(refusal(() => nearnessOf(query('postcode=CF10&proximity=0'))).parameter).toBe('proximity');
		expect(refusal(() => nearnessOf(query('proximity=100'))).parameter).toBe('proximity');
	});
});

describe('the page envelope', () => {
	it('counts pages by rounding up, and says when nothing matched', () => {
		expect(pageOf(['a', 'b'], 5, { page: 1, perPage: 2 })).toMatchObject({ total_pages: 3, size: 2, first_page: true, last_page: false, empty: false });
		expect(pageOf([], 0, { page: 1, perPage: 50 })).toMatchObject({ total_pages: 0, first_page: true, last_page: true, empty: true });
		expect(pageOfAll(['a', 'b', 'c', 'd', 'e'], { page: 3, perPage: 2 })).toMatchObject({ contents: ['e'], last_page: true, page_number: 3 });
		expect(pageOfAll(['a'], { page: 4, perPage: 2 })).toMatchObject({ contents: [], size: 0, last_page: true, empty: false });
	});
});

const organisation: OrganisationRow = {
	id: '6a8b5c1e-2f3d-4a5b-8c7d-9e0f1a2b3c4d', name: 'Aberdare Shed', name_cy: null, description_en: 'A shed', description_cy: null,
	email: null, website: 'https://shed.example.org', charity_number: '1123456', company_number: null
};
const offer: OfferRow = {
	id: '1b2c3d4e-5f60-4718-9a2b-3c4d5e6f7a8b', organisation_id: organisation.id, title_en: 'Woodwork', title_cy: null,
	description_en: 'Tools and tea', description_cy: null, kind: 'mens_shed', cost: 'free', cost_note_en: null, cost_note_cy: null,
	languages: ['en', 'bsl'], who_for: ['men'], access: 'drop_in', attendance: 'in_person', capacity: 'waiting_list',
	contact_email: null, contact_phone: '01685 000000', website: null, minimum_age: null, maximum_age: null, approved_at: null,
	updated_at: new Date('2026-11-01T10:00:00Z')
};
const origin = 'https://whatmatters.example';

describe('services', () => {
	const organization = organizationSummary(organisation, origin);

	it('carry only the fields they have; without Welsh, no x-translations, even with a waiting list', () => {
		const service = serviceSummary(offer, organization, origin);
		expect(hsdsValidator('service_list')(service)).toBe(true);
		expect(service).toMatchObject({ fees: 'Free', alert: 'There is a waiting list at present.', last_modified: '2026-11-01T10:00:00.000Z' });
		expect(Object.keys(service)).not.toEqual(expect.arrayContaining(['url', 'email', 'minimum_age', 'assured_date']));
		expect(service['x-translations']).toBeUndefined();
	});

	it('with Welsh, carry it and the waiting list sentence in Welsh', () => {
		const service = serviceSummary({ ...offer, description_cy: 'Offer a the' }, organization, origin);
		expect(service['x-translations']).toEqual({ cy: { description: 'Offer a the', alert: 'Mae rhestr aros ar hyn o bryd.' } });
	});

	it('name languages, British Sign Language by its ISO 639-3 code', () => {
		expect(languages(offer).map(({ name, code }) => [name, code])).toEqual([['English', 'en'], ['British Sign Language', 'bfi']]);
	});

	it('have one cost option and a contact only when there is a way to get in touch', () => {
		expect(costOptions(offer)).toMatchObject([{ option: 'Free', amount: 0 }]);
		expect(costOptions({ ...offer, cost: 'low_cost', cost_note_en: '£2' })[0]).not.toHaveProperty('amount');
		expect(contacts(offer)).toMatchObject([{ phones: [{ number: '01685 000000' }] }]);
		expect(contacts({ ...offer, contact_phone: null })).toEqual([]);
	});

	it('say in notes the months and coming dates a schedule does not run', () => {
		expect(exceptionNotes({ except_months: [8, 12], except_dates: ['2026-01-01', '2026-12-24'] }, '2026-06-01'))
			.toBe('Not in August and December. Not on 24 December 2026.');
		expect(exceptionNotes({ except_months: [], except_dates: ['2026-01-01'] }, '2026-06-01')).toBeUndefined();
		expect(schedule({
			id: offer.id, offer_id: offer.id, freq: 'MONTHLY', interval: 1, byday: ['1TU', '-1FR'], opens_at: '10:00:00', closes_at: '12:00:00',
			valid_from: null, valid_to: '2027-01-31', note_en: null, note_cy: 'Nodyn', except_months: [], except_dates: []
		})).toEqual({
			id: offer.id, service_id: offer.id, freq: 'MONTHLY', interval: 1, byday: '1TU,-1FR', opens_at: '10:00:00', closes_at: '12:00:00',
			valid_to: '2027-01-31', 'x-translations': { cy: { description: 'Nodyn' } }
		});
	});
});

describe('organisations and places', () => {
	it('give identifiers for the numbers they have', () => {
		expect(organizationIdentifiers(organisation)).toMatchObject([{ identifier_scheme: 'GB-CHC', identifier_type: 'Charity number', identifier: '1123456' }]);
	});

	it('give a place an address with the region, or empty strings where nothing is known', () => {
		const place = location({
			id: offer.id, name: 'Village Hall', address: '', town: '', postcode: null, outcode: null, lat: 51.7, lng: -3.4,
			accessibility: ['quiet_space'], region: ''
		});
		expect(place.addresses[0]).toMatchObject({ address_1: 'Village Hall', city: '', state_province: '', postal_code: '', country: 'GB' });
		expect(place.accessibility).toMatchObject([{ accessibility: 'quiet_space', description: 'Quiet space' }]);
	});
});
