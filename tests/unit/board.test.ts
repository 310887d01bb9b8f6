// The board's checks (src/lib/domain/board.ts): what a post and a reply may carry, what the
// writer is told, and "Remove them for me".
import { describe, expect, it } from 'vitest';
import { checkPost, checkReply, emptyPost, postcodeDistrict, readBoardFilters, withoutContactDetails, type PostDraft } from '../../src/lib/domain/board';

const draft = (over: Partial<PostDraft> = {}): PostDraft => ({
	...emptyPost(), kind: 'need', topic: 'room', title: 'A room on Thursdays', body: 'For fifteen people, six till eight.', ...over
});

describe('checkPost', () => {
	it('accepts a tidy post and tidies it', () => {
		const checked = checkPost(draft({ title: '  A room   on Thursdays ', body: 'For fifteen people,\r\nsix till eight.  ', district: ' cf44 ' }));
		expect(checked).toEqual({
			ok: true,
			data: { kind: 'need', topic: 'room', title: 'A room on Thursdays', body: 'For fifteen people,\nsix till eight.', district: 'CF44' }
		});
	});

	it('names each missing or unknown choice and each field that is too short or too long', () => {
		const checked = checkPost({ kind: 'wish', topic: '', title: 'Hi', body: 'Short', district: '' });
		expect(checked.ok).toBe(false);
		if (checked.ok) return;
		expect(checked.problems).toEqual({ kind: 'kind_missing', topic: 'topic_missing', title: 'title_short', body: 'body_short' });
		const long = checkPost(draft({ title: 'x'.repeat(121), body: 'y'.repeat(1501) }));
		expect(long.ok || long.problems).toEqual({ title: 'too_long', body: 'too_long' });
		const empty = checkPost(draft({ title: ' ', body: '' }));
		expect(empty.ok || empty.problems).toEqual({ title: 'title_missing', body: 'body_missing' });
	});

	it('counts characters, not UTF-16 units: Welsh and emoji are one each', () => {
		expect(checkPost(draft({ title: 'ŵŷâ' })).ok).toBe(true);
		expect(checkPost(draft({ title: '🙂'.repeat(120) })).ok).toBe(true);
	});

	it('finds contact details and links, says which field and what kind, in the order they appear', () => {
		const checked = checkPost(draft({
			title: 'Call 01685 123456',
			body: 'Email jo@shed.example.org or see www.shed.cymru, or message @aberdareshed.'
		}));
		expect(checked.ok).toBe(false);
		if (checked.ok) return;
		expect(checked.problems).toMatchObject({ title: 'contact_details', body: 'contact_details' });
		expect(checked.found).toEqual([
			{ field: 'title', kind: 'phone', text: '01685 123456' },
			{ field: 'body', kind: 'email', text: 'jo@shed.example.org' },
			{ field: 'body', kind: 'link', text: 'www.shed.cymru' },
			{ field: 'body', kind: 'handle', text: '@aberdareshed' }
		]);
	});

	it('checks the postcode district, taking the district from a whole postcode', () => {
		expect(postcodeDistrict('cf44 7ab')).toBe('CF44');
		expect(postcodeDistrict('SW1A')).toBe('SW1A');
		expect(postcodeDistrict('')).toBeNull();
		const checked = checkPost(draft({ district: 'Aberdare' }));
		expect(checked.ok || checked.problems).toEqual({ district: 'district_invalid' });
	});
});

describe('Remove them for me', () => {
	it('takes out only the contact details and links, keeping every other word and choice', () => {
		const before = draft({ title: 'Minibus: ring 01685 123456', body: 'Free on Wednesdays.\nEmail jo@shed.example.org to book.', district: 'CF44' });
		const after = withoutContactDetails(before, '[removed]');
		expect(after).toEqual({ ...before, title: 'Minibus: ring [removed]', body: 'Free on Wednesdays.\nEmail [removed] to book.' });
		expect(checkPost(after).ok).toBe(true);
	});

	it('keeps the punctuation after a link', () => {
		const after = withoutContactDetails(draft({ body: 'See www.shed.cymru, or https://example.org/room. Thanks!' }), '[removed]');
		expect(after.body).toBe('See [removed], or [removed]. Thanks!');
	});
});

describe('checkReply', () => {
	it('welcomes a phone number: a reply is private between two groups', () => {
		expect(checkReply('  Ring me on 01632 960123 \r\n')).toEqual({ ok: true, body: 'Ring me on 01632 960123' });
	});

	it('refuses links, listing them', () => {
		expect(checkReply('Have a look at https://example.org/room')).toEqual({ ok: false, problem: 'links_in_reply', links: ['https://example.org/room'] });
	});

	it('welcomes an email address too, but not a link beside it', () => {
		expect(checkReply('Write to jo@shed.example.org')).toEqual({ ok: true, body: 'Write to jo@shed.example.org' });
		expect(checkReply('Write to jo@shed.example.org or see shed.example.org')).toMatchObject({ ok: false, problem: 'links_in_reply' });
	});

	it('needs some words, and no more than the limit', () => {
		expect(checkReply('   ')).toMatchObject({ ok: false, problem: 'reply_missing' });
		expect(checkReply('a'.repeat(1501))).toMatchObject({ ok: false, problem: 'too_long' });
		expect(checkReply('a'.repeat(1500)).ok).toBe(true);
	});
});

describe('readBoardFilters', () => {
	it('keeps known kinds and topics and ignores anything else', () => {
		expect(readBoardFilters(new URLSearchParams('kind=offer&topic=transport'))).toEqual({ kind: 'offer', topic: 'transport' });
		expect(readBoardFilters(new URLSearchParams('kind=<script>&topic=rooms'))).toEqual({ kind: null, topic: null });
	});
});
