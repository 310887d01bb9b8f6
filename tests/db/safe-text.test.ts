// The TypeScript check of public words (src/lib/domain/safe-text.ts) against the database's last
// word (public.has_contact_details, public.has_web_link in 20261122000010_peer_support_network.sql).
// The rule: whatever the database refuses, the page finds first and says what it found, so nobody
// meets a bare constraint error. Each sample states the answer that is right for the people
// writing; both sides must give it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anon, freshDb, type TestDb } from './template';
import { findContactDetails, hasWebLink, type ContactDetailKind } from '../../src/lib/domain/safe-text';

// [text, what the check finds (the kinds, in order; [] for none), has a web link]
const samples: [string, ContactDetailKind[], boolean][] = [
	// UK phone numbers, as people write them
	['Ring me on 029 2087 1234 after six', ['phone'], false],
	['07700 900123', ['phone'], false],
	['Mob: +44 7700 900123', ['phone'], false],
	['(01685) 871234', ['phone'], false],
	['+44 (0)7700 900123', ['phone'], false],
	['Text 07700-900-123 any time', ['phone'], false],
	['07700900123', ['phone'], false],
	['+447700900123.', ['phone'], false],
	['Freephone 0800 123 4567, free from mobiles', ['phone'], false],
	['Ffoniwch 01443 123456 os gwelwch yn dda', ['phone'], false],
	['Number: 0 1 2 3 4 5 6 7 8 9', ['phone'], false], // spaced out to slip through, still a number
	// email addresses (a contact detail, not a link)
	['Email jo.bloggs@example.co.uk for details', ['email'], false],
	['JO@EXAMPLE.ORG', ['email'], false],
	['merthyr.carers+group@gmail.com', ['email'], false],
	// links, with and without a scheme
	['See www.merthyrcarers.org.uk for dates', ['link'], true],
	['https://example.com/join', ['link'], true],
	['http://bit.ly/abc123', ['link'], true],
	['example.co.uk', ['link'], true],
	['Search for us on facebook.com', ['link'], true],
	['gov.wales has more', ['link'], true],
	['Find us at croeso.cymru!', ['link'], true],
	['WWW.EXAMPLE.COM', ['link'], true],
	['Type www. then our name', ['link'], true],
	['https://jo@example.com/private', ['link'], true],
	['Write to jo@example.com or see example.org', ['email', 'link'], true],
	// social media handles
	['Follow @MerthyrCarers', ['handle'], false],
	['DM us: @carers_wales', ['handle'], false],
	['Call 029 2087 1234 or email hi@example.org', ['phone', 'email'], false],
	// innocent text that must pass
	['We meet 10:30-12:00 on Tuesdays', [], false],
	['Meet @10:30 by the library', [], false],
	['Room 101, first floor', [], false],
	['It costs £5, or £2.50 concessions', [], false],
	['I went to the group from 2019 to 2021', [], false],
	['I was 60 when my wife got ill…', [], false],
	["Mae'r grŵp yn cwrdd bob dydd Mawrth am 10:30 yn Neuadd y Dref.", [], false],
	["Dw i wedi bod yno. Roedd hi'n anodd, ond fe wnes i ffrindiau.", [], false],
	['Tickets are 2 for £10; doors at 7.30pm', [], false],
	['Charity no. 1012345, company no. 01234567', [], false],
	['Open 9-5, Mon-Fri. Ages 0-18 welcome', [], false],
	['We helped 1,250 people in 2023 & 2024', [], false],
	["St. David's Day, e.g. a walk, i.e. fun", [], false],
	['a carer from Merthyr', [], false],
	['Meet at the café @ 2pm', [], false],
	['10.30am–12.00pm on 01/02/2024', [], false],
	['Dial 999 or 111 in an emergency', [], false],
	['Order 012345678901234 arrived', [], false],
	['email me through the group', [], false]
];

let db: TestDb;
let sql: Map<string, { contact: boolean; link: boolean }>;

beforeAll(async () => {
	db = await freshDb();
	const rows = await db.withClaims(anon, (tx) =>
		tx.query<{ t: string; contact: boolean; link: boolean }>(
			'select t, public.has_contact_details(t) as contact, public.has_web_link(t) as link from unnest($1::text[]) t',
			[samples.map(([text]) => text)]
		)
	);
	sql = new Map(rows.map((r) => [r.t, { contact: r.contact, link: r.link }]));
});
afterAll(async () => {
	await db?.close();
});

describe.each(samples)('%j', (text, kinds, link) => {
	it(`TypeScript finds ${kinds.join(', ') || 'nothing'}${link ? ' (a web link)' : ''}`, () => {
		expect(findContactDetails(text).map((d) => d.kind)).toEqual(kinds);
		expect(hasWebLink(text)).toBe(link);
	});
	it(`SQL: has_contact_details ${kinds.length > 0}, has_web_link ${link}`, () => {
		expect(sql.get(text)).toEqual({ contact: kinds.length > 0, link });
	});
});

describe('the edge of each rule', () => {
	// Nine or ten digits after the 0 (or +44), and then no digit: both sides draw the line in one place.
	it.each([
		['0' + '1'.repeat(8), false], ['0' + '1'.repeat(9), true], ['0' + '1'.repeat(10), true], ['0' + '1'.repeat(11), false],
		['+44' + '7'.repeat(8), false], ['+44 ' + '7'.repeat(10), true], ['x0 12 34 56 78 9y', true], ['10' + '1'.repeat(9), false]
	])('%s → %s', async (text, expected) => {
		expect(findContactDetails(text).length > 0).toBe(expected);
		expect(sql.get(text) ?? (await sqlOf(text)).contact).toBe(expected);
	});
	it.each([['a@bc', false], ['A @bc', true], ['x.@bc', false], ['(@bc)', true], ['@b', false], ['my_site.com', false], ['a-b.com', true], ['site.comx', false]])(
		'%s → contact details: %s',
		async (text, expected) => {
			expect(findContactDetails(text).length > 0).toBe(expected);
			expect((await sqlOf(text)).contact).toBe(expected);
		}
	);
});

async function sqlOf(text: string) {
	const [row] = await db.withClaims(anon, (tx) =>
		tx.query<{ contact: boolean; link: boolean }>('select public.has_contact_details($1) as contact, public.has_web_link($1) as link', [text])
	);
	return row!;
}
