import { describe, expect, it } from 'vitest';
import { checkModerationNote, checkStory, checkStoryReport, safeReturnPath } from '../../src/lib/domain/story';
import { stripContactDetails } from '../../src/lib/domain/safe-text';
import type { StoryDraft } from '../../src/lib/domain/story-options';

const known = ['seeing-people', 'things-to-do', 'skills'];
const body = 'The walking group got me out of the house on Tuesdays, and now I have people to chat with.';
const draft = (over: Partial<StoryDraft> = {}): StoryDraft => ({
	body, signed_as: '', language: 'en', consent: 'yes', website: '', outcome: ['seeing-people'], ...over
});

describe('checkStory', () => {
	it('accepts a story, tidied, anonymous when unsigned', () => {
		const checked = checkStory(draft({ body: `  ${body}\r\n\r\nThank you.  `, outcome: ['seeing-people', 'skills', 'seeing-people'] }), known, 'en');
		expect(checked).toEqual({
			ok: true,
			data: { body: `${body}\n\nThank you.`, signed_as: null, language: 'en', outcomes: ['seeing-people', 'skills'] }
		});
	});

	it('keeps a signature and the language chosen, and falls back to the page language', () => {
		const signed = checkStory(draft({ signed_as: '  a carer   from Merthyr ', language: 'cy' }), known, 'en');
		expect(signed.ok && signed.data).toMatchObject({ signed_as: 'a carer from Merthyr', language: 'cy' });
		const unknown = checkStory(draft({ language: 'fr' }), known, 'cy');
		expect(unknown.ok && unknown.data.language).toBe('cy');
	});

	it('drops outcomes it does not know, and asks for at least one', () => {
		expect(checkStory(draft({ outcome: ['being-listened-to', 'nonsense'] }), known, 'en')).toMatchObject({
			ok: false, problems: { outcome: 'outcome_missing' }
		});
	});

	it('asks for more than a line, and less than the limit (counting characters, not bytes)', () => {
		expect(checkStory(draft({ body: '   ' }), known, 'en')).toMatchObject({ problems: { body: 'body_missing' } });
		expect(checkStory(draft({ body: 'It helped a lot.' }), known, 'en')).toMatchObject({ problems: { body: 'body_too_short' } });
		expect(checkStory(draft({ body: 'ŵ'.repeat(1500) }), known, 'en').ok).toBe(true);
		expect(checkStory(draft({ body: 'ŵ'.repeat(1501) }), known, 'en')).toMatchObject({ problems: { body: 'too_long' } });
		expect(checkStory(draft({ signed_as: 'x'.repeat(41) }), known, 'en')).toMatchObject({ problems: { signed_as: 'too_long' } });
	});

	it('finds contact details and links and says what they are', () => {
		const checked = checkStory(draft({ body: `${body} Email me at jo@example.org or see www.walks.example.com`, signed_as: 'Jo @jowalks' }), known, 'en');
		expect(checked.ok).toBe(false);
		if (checked.ok) return;
		expect(checked.problems).toMatchObject({ body: 'contact_details', signed_as: 'contact_details' });
		expect(checked.found.map((f) => f.kind)).toEqual(['email', 'link', 'handle']);
		expect(checked.found[0]!.text).toBe('jo@example.org');
	});

	it('finds a phone number in any usual shape', () => {
		for (const phone of ['029 2087 0000', '07700 900123', '+44 7700 900123', '(029) 2087-0000']) {
			expect(checkStory(draft({ body: `${body} Ring ${phone}.` }), known, 'en'), phone).toMatchObject({ problems: { body: 'contact_details' } });
		}
	});

	it('asks for the consent tick, and notices the field only programs fill in', () => {
		expect(checkStory(draft({ consent: '' }), known, 'en')).toMatchObject({ problems: { consent: 'consent_missing' } });
		expect(checkStory(draft({ website: 'http://spam.example' }), known, 'en')).toMatchObject({ problems: { website: 'looks_automated' } });
	});

	it('passes once "Remove them for me" has taken the details out', () => {
		const written = `${body} Text me on 07700 900123 or email jo@example.org.`;
		const stripped = stripContactDetails(written, '[removed]');
		expect(stripped).toBe(`${body} Text me on [removed] or email [removed].`);
		expect(checkStory(draft({ body: stripped }), known, 'en').ok).toBe(true);
	});
});

describe('checkStoryReport', () => {
	it('needs a reason from the list; the note is optional and limited', () => {
		expect(checkStoryReport('hurtful', '  ')).toEqual({ ok: true, data: { reason: 'hurtful', note: null } });
		expect(checkStoryReport('untrue', 'It names the wrong group')).toEqual({ ok: true, data: { reason: 'untrue', note: 'It names the wrong group' } });
		expect(checkStoryReport('', '')).toEqual({ ok: false, problems: { reason: 'reason_missing' } });
		expect(checkStoryReport('spam', '')).toEqual({ ok: false, problems: { reason: 'reason_missing' } });
		expect(checkStoryReport('other', 'x'.repeat(501))).toEqual({ ok: false, problems: { note: 'too_long' } });
	});
});

describe('checkModerationNote', () => {
	it('is empty, kept, or too long', () => {
		expect(checkModerationNote('  ')).toBeNull();
		expect(checkModerationNote(' Names a neighbour ')).toBe('Names a neighbour');
		expect(checkModerationNote('x'.repeat(501))).toBe(false);
	});
});

describe('safeReturnPath', () => {
	it('goes back only to this site’s own pages', () => {
		expect(safeReturnPath('/offers/abc?back=x')).toBe('/offers/abc?back=x');
		expect(safeReturnPath('/cy/outcomes/skills')).toBe('/cy/outcomes/skills');
		for (const bad of ['https://evil.example', '//evil.example', '/\\evil.example', '', null, 'offers/abc']) {
			expect(safeReturnPath(bad, '/'), String(bad)).toBe('/');
		}
	});
});
