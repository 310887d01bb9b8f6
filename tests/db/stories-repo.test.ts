// "Stories of what helped" through src/lib/server/repos/stories.ts, as the app runs it: the server
// sends stories and reports as service_role (submit_story, report_story), everyone reads published
// stories as anon, a moderator publishes, declines, takes down and keeps up (RLS and story_guard
// in supabase/migrations/20261122000010_peer_support_network.sql). Set-up runs as service_role.
// One database for the file; tests run in order and each works on stories of its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anon, asService, freshDb, someone, type TestDb } from './template';
import { addOffer, addOrganisation, cardiff } from './fixtures';
import type { Claims, Tx } from '../../src/lib/server/db/types';
import type { StoryInput } from '../../src/lib/domain/story';
import {
	decideStory, getPublishedStory, keepStoryUp, publishedStories, reportStory, storyCountsByOutcome, storyModerationQueue,
	submitStory, takeDownStory
} from '../../src/lib/server/repos/stories';

const moderatorId = '00000000-0000-4000-8000-000000003101';
const moderator: Claims = { role: 'authenticated', sub: moderatorId, email: 'moderator@example.org' };

let db: TestDb;
let groupA: string;
let groupB: string;
let offerA: string;
let offerA2: string;
let draftOffer: string;
let pendingGroup: string;

const hash = (n: number) => n.toString(16).padStart(64, '0');
const story = (over: Partial<StoryInput> = {}): StoryInput => ({
	body: 'Going to the Tuesday lunch club got me out of the house, and now I look forward to the week.',
	signed_as: null, language: 'en', outcomes: ['seeing-people'], ...over
});
const as = <T>(claims: Claims, fn: (tx: Tx) => Promise<T>) => db.withClaims(claims, fn);
const server = <T>(fn: (tx: Tx) => Promise<T>) => asService(db, fn);
const submit = (input: StoryInput, about: { offerId?: string | null; organisationId?: string | null } = {}, sender = 1) =>
	server((tx) => submitStory(tx, input, { offerId: about.offerId ?? null, organisationId: about.organisationId ?? null }, hash(sender)));
const statusOf = async (id: string) => (await server((tx) => tx.query<{ status: string }>('select status from stories where id = $1', [id])))[0]?.status;

beforeAll(async () => {
	db = await freshDb();
	await server(async (tx) => {
		await tx.query('insert into auth.users (id, email) values ($1, $2)', [moderatorId, moderator.email]);
		await tx.query(`insert into user_roles (user_id, role) values ($1, 'moderator')`, [moderatorId]);
		groupA = await addOrganisation(tx, 'Group A');
		groupB = await addOrganisation(tx, 'Group B');
		pendingGroup = await addOrganisation(tx, 'Pending group', 'pending');
		offerA = await addOffer(tx, groupA, { title: 'Lunch club', at: cardiff, outcomes: ['seeing-people'] });
		offerA2 = await addOffer(tx, groupA, { title: 'Walking group', at: cardiff, outcomes: ['staying-well'] });
		draftOffer = await addOffer(tx, groupB, { title: 'Draft', at: cardiff, outcomes: ['skills'], status: 'draft' });
	});
});
afterAll(async () => db?.close());

describe('sending a story', () => {
	it('keeps it waiting, unseen, with its outcomes and the offer’s group filled in', async () => {
		const sent = await submit(story({ outcomes: ['seeing-people', 'confidence-and-morale', 'being-listened-to', 'nonsense'] }), { offerId: offerA });
		expect(sent.ok).toBe(true);
		const id = sent.ok ? sent.id : '';
		expect(await statusOf(id)).toBe('pending');
		const [row] = await server((tx) => tx.query<{ organisation_id: string; outcomes: string[] }>(
			`select organisation_id, array(select outcome_id from story_outcomes where story_id = s.id order by outcome_id) as outcomes
			   from stories s where id = $1`, [id]));
		expect(row!.organisation_id).toBe(groupA);
		// Process outcomes and unknown ids are dropped: a story helped with what a person lives.
		expect(row!.outcomes).toEqual(['confidence-and-morale', 'seeing-people']);
		expect(await as(anon, (tx) => getPublishedStory(tx, id))).toBeNull();
		expect(await as(anon, (tx) => publishedStories(tx, { offerId: offerA }))).toEqual([]);
	});

	it('says "not found" for an offer or group not in the directory, or an id that is not one', async () => {
		expect(await submit(story(), { offerId: draftOffer }, 2)).toEqual({ ok: false, reason: 'not_found' });
		expect(await submit(story(), { organisationId: pendingGroup }, 2)).toEqual({ ok: false, reason: 'not_found' });
		expect(await submit(story(), { offerId: 'not-a-uuid' }, 2)).toEqual({ ok: false, reason: 'not_found' });
	});

	it('refuses contact details the page somehow missed, as a reason rather than an error', async () => {
		const sent = await submit(story({ body: 'Ring me any time on 029 2087 0000 and I will tell you all about the club.' }), {}, 3);
		expect(sent).toEqual({ ok: false, reason: 'contact_details' });
	});

	it('takes three stories an hour from one sender', async () => {
		for (let i = 0; i < 3; i++) expect((await submit(story(), {}, 4)).ok).toBe(true);
		expect(await submit(story(), {}, 4)).toEqual({ ok: false, reason: 'too_many_requests' });
		expect((await submit(story(), {}, 5)).ok).toBe(true);
	});
});

describe('moderating and showing stories', () => {
	let aboutOffer: string;
	let aboutOtherOffer: string;
	let aboutGroup: string;
	let welsh: string;

	beforeAll(async () => {
		const ids: string[] = [];
		for (const [input, about] of [
			[story({ signed_as: 'Megan' }), { offerId: offerA }],
			[story({ outcomes: ['staying-well'] }), { offerId: offerA2 }],
			[story({ outcomes: ['things-to-do'] }), { organisationId: groupA }],
			[story({ body: 'Mae’r clwb cinio wedi rhoi ffrindiau newydd i mi, a rhywbeth i edrych ymlaen ato bob wythnos.', language: 'cy' }), { organisationId: groupB }]
		] as const) {
			const sent = await submit(input, about, 10 + ids.length);
			ids.push(sent.ok ? sent.id : '');
		}
		[aboutOffer, aboutOtherOffer, aboutGroup, welsh] = ids as [string, string, string, string];
	});

	it('shows the moderator what is waiting, oldest first; nobody else sees it', async () => {
		const queue = await as(moderator, (tx) => storyModerationQueue(tx));
		expect(queue.waiting.map((s) => s.id)).toEqual(expect.arrayContaining([aboutOffer, aboutOtherOffer, aboutGroup, welsh]));
		const first = queue.waiting.find((s) => s.id === aboutOffer)!;
		expect(first).toMatchObject({ signed_as: 'Megan', offer_title: 'Lunch club', organisation_name: 'Group A', outcome_ids: ['seeing-people'] });
		expect((await as(someone, (tx) => storyModerationQueue(tx))).waiting).toEqual([]);
	});

	it('lets only a moderator publish or decline, once', async () => {
		expect(await as(someone, (tx) => decideStory(tx, aboutOffer, 'published', null))).toBe(false);
		for (const id of [aboutOffer, aboutOtherOffer, aboutGroup, welsh]) {
			expect(await as(moderator, (tx) => decideStory(tx, id, 'published', null))).toBe(true);
		}
		expect(await as(moderator, (tx) => decideStory(tx, aboutOffer, 'declined', 'Too late'))).toBe(false);
		expect(await as(moderator, (tx) => decideStory(tx, 'not-a-uuid', 'published', null))).toBe(false);
		expect(await statusOf(aboutOffer)).toBe('published');
		const declined = await submit(story(), {}, 40);
		const id = declined.ok ? declined.id : '';
		expect(await as(moderator, (tx) => decideStory(tx, id, 'declined', 'It names a neighbour'))).toBe(true);
		const [row] = await server((tx) => tx.query<{ status: string; moderated_by: string; moderation_note: string }>(
			'select status, moderated_by, moderation_note from stories where id = $1', [id]));
		expect(row).toEqual({ status: 'declined', moderated_by: moderatorId, moderation_note: 'It names a neighbour' });
	});


	it('shows published stories beside the offer, then the group’s others, and by outcome', async () => {
		const onOffer = await as(anon, (tx) => publishedStories(tx, { offerId: offerA }));
		expect(onOffer.map((s) => s.id)).toEqual([aboutOffer]);
		expect(onOffer[0]).toMatchObject({ signed_as: 'Megan', offer_title: 'Lunch club', organisation_name: 'Group A', language: 'en' });
		const groupOthers = await as(anon, (tx) => publishedStories(tx, { organisationId: groupA, exceptOfferId: offerA }));
		expect(groupOthers.map((s) => s.id).sort()).toEqual([aboutOtherOffer, aboutGroup].sort());
		const seeing = await as(anon, (tx) => publishedStories(tx, { outcomeId: 'seeing-people' }));
		expect(seeing.map((s) => s.id).sort()).toEqual([aboutOffer, welsh].sort());
		expect((await as(anon, (tx) => publishedStories(tx, { offerId: 'nope' })))).toEqual([]);
		const counts = await as(anon, (tx) => storyCountsByOutcome(tx));
		expect(counts).toMatchObject({ 'seeing-people': 2, 'staying-well': 1, 'things-to-do': 1 });
		expect((await as(anon, (tx) => getPublishedStory(tx, welsh)))?.language).toBe('cy');
	});

	it('never shows anon when a story was written or who moderated it', async () => {
		const columns = ['created_at', 'moderated_by', 'moderation_note', 'sender_hash'];
		for (const column of columns) {
			await expect(as(anon, (tx) => tx.query(`select ${column} from stories limit 1`))).rejects.toThrow();
		}
		const [story] = await as(anon, (tx) => publishedStories(tx, { offerId: offerA }));
		for (const column of columns) expect(story).not.toHaveProperty(column);
	});

	it('takes a report once per sender, five an hour, and only for a published story', async () => {
		const note = { reason: 'identifies_someone' as const, note: 'It names my neighbour' };
		expect(await server((tx) => reportStory(tx, aboutOffer, note, hash(50)))).toEqual({ ok: true, alreadyReported: false });
		expect(await server((tx) => reportStory(tx, aboutOffer, note, hash(50)))).toEqual({ ok: true, alreadyReported: true });
		expect(await server((tx) => reportStory(tx, aboutOffer, { reason: 'hurtful', note: null }, hash(51)))).toEqual({ ok: true, alreadyReported: false });
		const pending = await submit(story(), {}, 52);
		expect(await server((tx) => reportStory(tx, pending.ok ? pending.id : '', note, hash(53)))).toEqual({ ok: false, reason: 'not_found' });
		expect(await server((tx) => reportStory(tx, 'not-a-uuid', note, hash(53)))).toEqual({ ok: false, reason: 'not_found' });
		for (const id of [aboutOtherOffer, aboutGroup, welsh]) expect((await server((tx) => reportStory(tx, id, note, hash(54)))).ok).toBe(true);
		expect((await server((tx) => reportStory(tx, aboutOffer, note, hash(54)))).ok).toBe(true);
		const more: string[] = [];
		for (const sender of [55, 56]) {
			const sent = await submit(story(), {}, sender);
			await as(moderator, (tx) => decideStory(tx, sent.ok ? sent.id : '', 'published', null));
			more.push(sent.ok ? sent.id : '');
		}
		expect((await server((tx) => reportStory(tx, more[0]!, note, hash(54)))).ok).toBe(true);
		// The sixth new report in an hour from one sender.
		expect(await server((tx) => reportStory(tx, more[1]!, note, hash(54)))).toEqual({ ok: false, reason: 'too_many_requests' });
	});

	it('shows the moderator the reported stories with their reasons', async () => {
		const { reported } = await as(moderator, (tx) => storyModerationQueue(tx));
		const first = reported.find((s) => s.id === aboutOffer)!;
		expect(first.reports.map((r) => r.reason)).toEqual(['identifies_someone', 'hurtful', 'identifies_someone']);
		expect(first.reports[0]).toMatchObject({ note: 'It names my neighbour' });
		expect(first.reports[0]!.created_at).toBeInstanceOf(Date);
		expect((await as(someone, (tx) => storyModerationQueue(tx))).reported).toEqual([]);
	});

	it('"Keep it up" resolves the reports and leaves the story shown', async () => {
		expect(await as(someone, (tx) => keepStoryUp(tx, welsh))).toBe(0);
		expect(await as(moderator, (tx) => keepStoryUp(tx, welsh))).toBe(1);
		expect(await statusOf(welsh)).toBe('published');
		const { reported } = await as(moderator, (tx) => storyModerationQueue(tx));
		expect(reported.map((s) => s.id)).not.toContain(welsh);
	});

	it('"Take down" hides the story everywhere and resolves its reports, for moderators only', async () => {
		expect(await as(someone, (tx) => takeDownStory(tx, aboutOffer))).toBe(false);
		expect(await as(moderator, (tx) => takeDownStory(tx, aboutOffer))).toBe(true);
		expect(await as(moderator, (tx) => takeDownStory(tx, aboutOffer))).toBe(false);
		expect(await statusOf(aboutOffer)).toBe('taken_down');
		expect(await as(anon, (tx) => publishedStories(tx, { offerId: offerA }))).toEqual([]);
		expect(await as(anon, (tx) => getPublishedStory(tx, aboutOffer))).toBeNull();
		const [open] = await server((tx) => tx.query<{ n: number }>(
			`select count(*)::int as n from story_reports where story_id = $1 and resolved_at is null`, [aboutOffer]));
		expect(open!.n).toBe(0);
		const [resolved] = await server((tx) => tx.query<{ resolved_by: string }>(
			`select distinct resolved_by from story_reports where story_id = $1`, [aboutOffer]));
		expect(resolved!.resolved_by).toBe(moderatorId);
		const { reported } = await as(moderator, (tx) => storyModerationQueue(tx));
		expect(reported.map((s) => s.id)).not.toContain(aboutOffer);
	});

	it('keeps a moderator from changing the writer’s words', async () => {
		await expect(as(moderator, (tx) => tx.query(`update stories set body = body || ' edited' where id = $1`, [welsh]))).rejects.toThrow();
	});
});

describe('demo stories', () => {
	it('adds published stories tagged to demo offers, two in Welsh, and some waiting', async () => {
		const { seedDemoData } = await import('../../src/lib/server/seed/demo');
		const { insertDemoStories } = await import('../../src/lib/server/seed/demo-stories');
		const demo = await freshDb();
		try {
			// The demo seed adds them with the groups, once.
			await seedDemoData(demo, { accounts: false });
			expect(await demo.withClaims({ role: 'service_role' }, (tx) => insertDemoStories(tx))).toBe(0);
			const [all] = await demo.withClaims({ role: 'service_role' }, (tx) => tx.query<{ n: number }>(`select count(*)::int as n from stories`));
			expect(all!.n).toBeGreaterThanOrEqual(10);
			const shown = await demo.withClaims(anon, (tx) => publishedStories(tx, { limit: 100 }));
			expect(shown.length).toBeGreaterThanOrEqual(8);
			expect(shown.filter((s) => s.language === 'cy')).toHaveLength(2);
			expect(shown.filter((s) => s.offer_id).length).toBeGreaterThanOrEqual(5);
			expect(shown.every((s) => s.outcome_ids.length > 0)).toBe(true);
			const [waiting] = await demo.withClaims({ role: 'service_role' }, (tx) =>
				tx.query<{ n: number }>(`select count(*)::int as n from stories where status = 'pending'`));
			expect(waiting!.n).toBeGreaterThanOrEqual(1);
		} finally {
			await demo.close();
		}
	}, 60_000);
});
