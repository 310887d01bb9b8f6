import { describe, expect, it } from 'vitest';
import { checkColleagueEmail, checkRecord, checkSharedDetails, checkStart, readRecordDraft, readStartDraft, wordFields } from '../../src/lib/domain/conversation';

const form = (fields: Record<string, string | string[]>) => {
	const data = new FormData();
	for (const [name, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) data.append(name, v);
	return data;
};
const known = new Set(['seeing-people', 'skills']);

describe('starting a conversation', () => {
	it('needs a reference and consent to record, and says which is missing', () => {
		expect(checkStart(readStartDraft(form({})))).toEqual({ ok: false, problems: { reference: 'reference_missing', consent_record: 'consent_record_missing' } });
		expect(checkStart(readStartDraft(form({ reference: 'JB 1', consent_record: 'no' })))).toEqual({ ok: false, problems: { consent_record: 'consent_record_missing' } });
	});

	it('tidies the reference, limits it to 60 characters, and reads the other consents', () => {
		expect(checkStart(readStartDraft(form({ reference: `  JB\t22/11 `, consent_record: 'yes', consent_share: 'yes', where: ' CF37 ' })))).toEqual({
			ok: true, data: { reference: 'JB 22/11', where: 'CF37', consentShare: true, consentContact: false }
		});
		expect(checkStart(readStartDraft(form({ reference: 'x'.repeat(61), consent_record: 'yes' })))).toEqual({ ok: false, problems: { reference: 'too_long' } });
		expect(checkStart(readStartDraft(form({ reference: '🌳'.repeat(60), consent_record: 'yes' }))).ok).toBe(true);
	});
});

describe('the record', () => {
	it('keeps Welsh, emoji and pasted line breaks, and drops invisible control characters', () => {
		const pasted = 'Mae’n bwysig i mi 🌳\r\nweld fy ffrindiau\u0007\n\n  — “proper” chat';
		const checked = checkRecord(readRecordDraft(form({ words_matters: pasted, version: '3' })), known);
		expect(checked.ok && checked.data.words.words_matters).toBe('Mae’n bwysig i mi 🌳\nweld fy ffrindiau\n\n  — “proper” chat');
		expect(checked.ok && checked.data.version).toBe(3);
	});

	it('reads outcomes with their priority, drops unknown ones, and defaults a bad priority to 2', () => {
		const checked = checkRecord(readRecordDraft(form({ outcome: ['skills', 'seeing-people', 'made-up', 'skills'], 'priority-skills': '1', 'priority-seeing-people': '9' })), known);
		expect(checked.ok && checked.data.outcomes).toEqual([{ id: 'skills', priority: 1 }, { id: 'seeing-people', priority: 2 }]);
	});

	it('says which text is too long (over 4,000 characters) and keeps what was typed in the draft', () => {
		const draft = readRecordDraft(form({ strengths: 's'.repeat(4001), words_better: 'fine' }));
		expect(checkRecord(draft, known)).toEqual({ ok: false, problems: { strengths: 'too_long' } });
		expect(draft.strengths.length).toBe(4001);
		expect(checkRecord(readRecordDraft(form({ strengths: 's'.repeat(4000) })), known).ok).toBe(true);
	});

	it('checks the follow-up date is a real day', () => {
		for (const bad of ['2026-02-30', '22/11/2026', 'tomorrow', '2026-13-01']) {
			expect(checkRecord(readRecordDraft(form({ follow_up_on: bad })), known), bad).toEqual({ ok: false, problems: { follow_up_on: 'date_invalid' } });
		}
		const checked = checkRecord(readRecordDraft(form({ follow_up_on: '2026-12-01' })), known);
		expect(checked.ok && checked.data.followUpOn).toBe('2026-12-01');
	});

	it('leaves empty text empty, and status and language at safe defaults', () => {
		const checked = checkRecord(readRecordDraft(form({ status: 'deleted', plan_language: 'fr' })), known);
		expect(checked.ok && Object.values(checked.data.words)).toEqual(wordFields.map(() => null));
		expect(checked.ok && [checked.data.status, checked.data.planLanguage]).toEqual(['draft', 'en']);
	});
});

describe('referral details and handover', () => {
	it('limits what a group is told to 1,000 characters', () => {
		expect(checkSharedDetails(' Sam, 07700 900123 ')).toEqual({ ok: true, data: 'Sam, 07700 900123' });
		expect(checkSharedDetails('')).toEqual({ ok: true, data: null });
		expect(checkSharedDetails('x'.repeat(1001))).toEqual({ ok: false, problem: 'too_long' });
	});

	it('needs a colleague\'s real email address', () => {
		expect(checkColleagueEmail(' Colleague@Example.org ')).toEqual({ ok: true, data: 'colleague@example.org' });
		expect(checkColleagueEmail('colleague')).toEqual({ ok: false, problem: 'email_invalid' });
		expect(checkColleagueEmail('')).toEqual({ ok: false, problem: 'email_invalid' });
	});
});
