import { describe, expect, it } from 'vitest';
import { findContactDetails, hasWebLink, stripContactDetails } from '../../src/lib/domain/safe-text';

describe('stripContactDetails', () => {
	it.each([
		['Ring 07700 900123 today', 'Ring [removed] today'],
		['Ring (01685) 871234 - ask for Jo', 'Ring [removed] - ask for Jo'],
		['+44 (0)7700 900123', '[removed]'],
		['Call 029 2087 1234.', 'Call [removed].'],
		['See www.example.org.', 'See [removed].'],
		['(see https://example.com/a/b)', '(see [removed])'],
		['Our site is example.co.uk, come along', 'Our site is [removed], come along'],
		['Email jo.bloggs@example.co.uk for details', 'Email [removed] for details'],
		['https://jo@example.com/private', '[removed]'],
		['Follow @MerthyrCarers!', 'Follow [removed]!'],
		['Email jo@example.org or call 029 2087 1234', 'Email [removed] or call [removed]'],
		// The same number twice, and a number that is also part of a longer one: each in its place.
		['07700 900123 or 07700 900123', '[removed] or [removed]'],
		['Ref 0123 then 01234 567890', 'Ref 0123 then [removed]']
	])('%j → %j', (text, expected) => {
		expect(stripContactDetails(text)).toBe(expected);
	});

	it('leaves innocent text exactly as it was', () => {
		for (const text of ['We meet 10:30-12:00 in Room 101; £5 a session', "Mae'r grŵp yn cwrdd am 10:30", 'I was 60 when it started, 2019 to 2021', '']) {
			expect(stripContactDetails(text)).toBe(text);
		}
	});

	it('says "removed" in the writer’s language', () => {
		expect(stripContactDetails('Ffoniwch 01443 123456', "[wedi'i dynnu]")).toBe("Ffoniwch [wedi'i dynnu]");
	});

	it('leaves nothing the check would find, and a second pass changes nothing', () => {
		for (const text of ['Call 029 2087 1234 or see www.example.org/x or @jo', 'jo@example.com www.example.com +447700900123', '(01685) 871234 (01685) 871235']) {
			const once = stripContactDetails(text);
			expect(findContactDetails(once), once).toEqual([]);
			expect(hasWebLink(once)).toBe(false);
			expect(stripContactDetails(once)).toBe(once);
		}
	});
});

describe('findContactDetails', () => {
	it('names each detail once, by what it is, in the order written', () => {
		expect(findContactDetails('Email jo@example.com, call (01685) 871234, see example.org or @jo')).toEqual([
			{ kind: 'email', text: 'jo@example.com' },
			{ kind: 'phone', text: '(01685) 871234' },
			{ kind: 'link', text: 'example.org' },
			{ kind: 'handle', text: '@jo' }
		]);
	});
	it('an address with a scheme is a link; the email inside it is not listed again', () => {
		expect(findContactDetails('https://jo@example.com/private')).toEqual([{ kind: 'link', text: 'https://jo@example.com/private' }]);
	});
});

describe('hasWebLink', () => {
	it('an email address or a phone number is not a web link (a board reply may carry them)', () => {
		expect(hasWebLink('Email jo@example.com or ring 07700 900123')).toBe(false);
		expect(hasWebLink('Email jo@example.com or see example.org')).toBe(true);
	});
});
