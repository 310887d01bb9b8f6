// The mail a group gets when someone asks to be contacted (issue 5): in each reader's language,
// with the offer's Welsh title for Welsh readers, a link to the inbox, and none of the person's details.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueMail } from '../../src/lib/server/mail';
import { asService, freshDb, type TestDb } from './template';

let db: TestDb;
beforeAll(async () => {
	db = await freshDb();
});
afterAll(() => db?.close());

const mailFor = (language: 'en' | 'cy', offerCy: string | null) =>
	asService(db, async (tx) => {
		const to = `${language}-${offerCy ? 'cy' : 'none'}@example.org`;
		await queueMail(tx, to, { kind: 'contact_request', offer: 'Lunch Club', offerCy, link: 'https://wm.example.org/groups/g/inbox' }, language, { log: false });
		const [row] = await tx.query<{ kind: string; subject: string; body: string }>(`select kind, subject, body from outbox where to_email = $1`, [to]);
		return row!;
	});

describe('the contact request mail', () => {
	it('names the offer in the reader\'s language and links to the inbox', async () => {
		const english = await mailFor('en', 'Clwb Cinio');
		expect(english.kind).toBe('contact_request');
		expect(english.subject).toBe('Someone would like to hear from you about "Lunch Club"');
		expect(english.body).toContain('https://wm.example.org/groups/g/inbox');

		const welsh = await mailFor('cy', 'Clwb Cinio');
		expect(welsh.subject).toContain('"Clwb Cinio"');
		expect(welsh.subject).not.toContain('Lunch Club');
		expect(welsh.body).toContain('https://wm.example.org/groups/g/inbox');
	});

	it('falls back to the English title when the offer has no Welsh one', async () => {
		expect((await mailFor('cy', null)).subject).toContain('"Lunch Club"');
	});
});
