// Groups helping groups (issue 7): the board repository (src/lib/server/repos/board.ts) and the
// reply mail (src/lib/server/board-mail.ts), run as the pages run them: every call goes through
// withClaims as a group member or a moderator, under the RLS and guards of
// supabase/migrations/20261122000010_peer_support_network.sql. Set-up runs as service_role.
// Tests run in order within the file and build on one another's posts.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { asService, freshDb, type TestDb } from './template';
import { addOffer, addOrganisation, cardiff, cathays, newport, swansea } from './fixtures';
import type { Claims, Tx } from '../../src/lib/server/db/types';
import type { PostInput } from '../../src/lib/domain/board';
import {
	addReply, createPost, exchangesOn, getPost, groupPosts, nearbyGroups, openPosts, recentPosts, setPostStatus
} from '../../src/lib/server/repos/board';
import { queueBoardReplyMail } from '../../src/lib/server/board-mail';

vi.mock('$lib/server/db', () => ({
	database: async () => db,
	databaseMode: async () => 'postgres' as const
}));

const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const users = { ownerA: uuid(0x3101), ownerB: uuid(0x3102), ownerC: uuid(0x3103), ownerP: uuid(0x3104), moderator: uuid(0x3105), ownerE: uuid(0x3106) };
type User = keyof typeof users;
const claimsOf = (user: User): Claims => ({ role: 'authenticated', sub: users[user], email: `${user.toLowerCase()}@example.org` });

let db: TestDb;
const as = <T>(user: User, fn: (tx: Tx) => Promise<T>) => db.withClaims(claimsOf(user), fn);
const orgs = { A: '', B: '', C: '', D: '', E: '', P: '' };

const need = (title: string, extra: Partial<PostInput> = {}): PostInput => ({
	kind: 'need', topic: 'room', title, body: 'A room for fifteen people on Thursday evenings.', district: null, ...extra
});

beforeAll(async () => {
	db = await freshDb();
	await asService(db, async (tx) => {
		for (const [user, id] of Object.entries(users)) await tx.query('insert into auth.users (id, email) values ($1, $2)', [id, `${user.toLowerCase()}@example.org`]);
		await tx.query(`update profiles set language = 'cy' where id = $1`, [users.ownerA]);
		await tx.query(`insert into user_roles (user_id, role) values ($1, 'moderator')`, [users.moderator]);
		orgs.A = await addOrganisation(tx, 'Group A');
		orgs.B = await addOrganisation(tx, 'Group B');
		orgs.C = await addOrganisation(tx, 'Group C');
		orgs.D = await addOrganisation(tx, 'Group D');
		orgs.E = await addOrganisation(tx, 'Group E');
		orgs.P = await addOrganisation(tx, 'Group P', 'pending');
		await tx.query(`insert into organisation_members (organisation_id, user_id, role) values
			($1, $2, 'owner'), ($3, $4, 'owner'), ($5, $6, 'owner'), ($7, $8, 'owner'), ($9, $10, 'owner')`,
			[orgs.A, users.ownerA, orgs.B, users.ownerB, orgs.C, users.ownerC, orgs.P, users.ownerP, orgs.E, users.ownerE]);
		// A serves two outcomes in Cardiff. C shares both (Newport, farther); B and E share one
		// (B in Cathays, nearer than E in Newport); D is in Swansea, out of reach; P is not published.
		await addOffer(tx, orgs.A, { title: 'A lunch club', at: cardiff, outcomes: ['seeing-people', 'things-to-do'] });
		await addOffer(tx, orgs.B, { title: 'B coffee morning', at: cathays, outcomes: ['seeing-people'] });
		await addOffer(tx, orgs.C, { title: 'C craft club', at: newport, outcomes: ['seeing-people', 'things-to-do', 'skills'] });
		await addOffer(tx, orgs.D, { title: 'D walk', at: swansea, outcomes: ['seeing-people', 'things-to-do'] });
		await addOffer(tx, orgs.E, { title: 'E choir', at: newport, outcomes: ['things-to-do'] });
		await addOffer(tx, orgs.P, { title: 'P pending', at: cathays, outcomes: ['seeing-people'], status: 'pending' });
		await addOffer(tx, orgs.B, { title: 'B only skills', at: cathays, outcomes: ['skills'] });
	});
});
afterAll(() => db?.close());

describe('nearby groups', () => {
	it('lists published groups in reach with outcomes in common: most in common first, then nearest', async () => {
		const nearby = await as('ownerA', (tx) => nearbyGroups(tx, orgs.A));
		expect(nearby.map((g) => g.name)).toEqual(['Group C', 'Group B', 'Group E']);
		expect(nearby[0]!.shared_outcomes.sort()).toEqual(['seeing-people', 'things-to-do']);
		// Only outcomes A serves count: B's skills offer is not "in common".
		expect(nearby[1]!.shared_outcomes).toEqual(['seeing-people']);
		expect(nearby[1]!.distance_km).toBeGreaterThan(2);
		expect(nearby[1]!.distance_km).toBeLessThan(4);
		expect(nearby[1]!.town).toBe('Test town');
	});

	it('reaches only as far as asked', async () => {
		expect((await as('ownerA', (tx) => nearbyGroups(tx, orgs.A, 5))).map((g) => g.name)).toEqual(['Group B']);
	});
});

let roomPost = '';

describe('posting on the board', () => {
	it('a published group posts; other groups in the network read it, a group waiting for approval does not', async () => {
		const posted = await as('ownerA', (tx) => createPost(tx, orgs.A, need('A room on Thursdays', { district: 'CF10' })));
		expect(posted.ok).toBe(true);
		roomPost = posted.ok ? posted.id : '';
		await as('ownerA', (tx) => createPost(tx, orgs.A, need('Volunteers for the lunch club', { kind: 'need', topic: 'volunteers' })));
		await as('ownerB', (tx) => createPost(tx, orgs.B, need('Our minibus on Wednesdays', { kind: 'offer', topic: 'transport' })));

		const board = await as('ownerB', (tx) => openPosts(tx));
		expect(board.map((p) => p.title)).toEqual(['Our minibus on Wednesdays', 'Volunteers for the lunch club', 'A room on Thursdays']);
		expect(board[2]).toMatchObject({ organisation_name: 'Group A', district: 'CF10', status: 'open', replies: 0 });
		expect(await as('ownerP', (tx) => openPosts(tx))).toEqual([]);
		expect(await as('ownerP', (tx) => getPost(tx, roomPost))).toBeNull();
	});

	it('filters by need or offer and by topic', async () => {
		expect((await as('ownerC', (tx) => openPosts(tx, { kind: 'offer' }))).map((p) => p.title)).toEqual(['Our minibus on Wednesdays']);
		expect((await as('ownerC', (tx) => openPosts(tx, { kind: 'need', topic: 'room' }))).map((p) => p.title)).toEqual(['A room on Thursdays']);
		expect(await as('ownerC', (tx) => openPosts(tx, { topic: 'equipment' }))).toEqual([]);
	});

	it('refuses a group that is not published, and a postcode district nobody knows, with a reason', async () => {
		expect(await as('ownerP', (tx) => createPost(tx, orgs.P, need('A room please')))).toEqual({ ok: false, reason: 'not_published' });
		expect(await as('ownerA', (tx) => createPost(tx, orgs.A, need('A room please', { district: 'ZZ99' })))).toEqual({ ok: false, reason: 'district_unknown' });
	});

	it('the database has the last word on contact details, as a reason rather than an error', async () => {
		const outcome = await as('ownerA', (tx) => createPost(tx, orgs.A, need('Call us', { body: 'Ring 01632 960123 any evening.' })));
		expect(outcome).toEqual({ ok: false, reason: 'contact_details' });
	});

	it('five posts a day per group, then a kind refusal (the transaction goes on)', async () => {
		const outcomes = await as('ownerA', async (tx) => {
			const results = [];
			for (const n of [3, 4, 5]) results.push(await createPost(tx, orgs.A, need(`Post number ${n}`)));
			results.push(await createPost(tx, orgs.A, need('One too many')));
			results.push(await getPost(tx, roomPost));
			return results;
		});
		expect(outcomes.slice(0, 3).every((o) => o && 'ok' in o && o.ok)).toBe(true);
		expect(outcomes[3]).toEqual({ ok: false, reason: 'too_many_posts' });
		expect(outcomes[4]).toMatchObject({ id: roomPost });
	});
});

describe('exchanges', () => {
	it('another group replies; the post\'s group reads it and answers; a third group reads nothing', async () => {
		const first = await as('ownerB', (tx) => addReply(tx, roomPost, orgs.B, orgs.B, 'We have a room free on Thursdays.'));
		expect(first.ok).toBe(true);
		const answer = await as('ownerA', (tx) => addReply(tx, roomPost, orgs.B, orgs.A, 'Lovely. Could we see it? Ring us on 01632 960123.'));
		expect(answer.ok).toBe(true);
		await as('ownerC', (tx) => addReply(tx, roomPost, orgs.C, orgs.C, 'We might have one too.'));

		const all = await as('ownerA', (tx) => exchangesOn(tx, roomPost));
		expect(all.map((e) => e.with_name)).toEqual(['Group C', 'Group B']);
		expect(all[1]!.replies.map((r) => r.from_name)).toEqual(['Group B', 'Group A']);
		expect((await as('ownerB', (tx) => exchangesOn(tx, roomPost))).map((e) => e.with_name)).toEqual(['Group B']);
		expect(await as('ownerB', (tx) => exchangesOn(tx, roomPost, orgs.C))).toEqual([]);
		expect(await as('ownerP', (tx) => exchangesOn(tx, roomPost))).toEqual([]);
		const mine = await as('ownerA', (tx) => groupPosts(tx, orgs.A));
		expect(mine.find((p) => p.id === roomPost)).toMatchObject({ replies: 3, exchanges: 2 });
	});

	it('a group cannot write as another group', async () => {
		expect(await as('ownerC', (tx) => addReply(tx, roomPost, orgs.B, orgs.B, 'Pretending to be B'))).toEqual({ ok: false, reason: 'refused' });
	});

	it('the post\'s group answers a group that replied, but cannot open an exchange with one that did not', async () => {
		expect(await as('ownerA', (tx) => addReply(tx, roomPost, orgs.E, orgs.A, 'Would you like our room?'))).toEqual({ ok: false, reason: 'refused' });
	});

	it('the database refuses links in replies, as a reason, and takes an email address', async () => {
		expect(await as('ownerB', (tx) => addReply(tx, roomPost, orgs.B, orgs.B, 'See www.example.org for the room'))).toEqual({ ok: false, reason: 'links_in_reply' });
		expect((await as('ownerB', (tx) => addReply(tx, roomPost, orgs.B, orgs.B, 'Write to jo@shed.example.org'))).ok).toBe(true);
	});

	it('mails the other group\'s members, each in their language, with a link to the post on their own pages', async () => {
		const reply = await as('ownerB', (tx) => addReply(tx, roomPost, orgs.B, orgs.B, 'Thursday at ten suits us.'));
		if (!reply.ok) throw new Error('reply refused');
		const sent = await asService(db, (tx) => queueBoardReplyMail(tx, reply.id, 'https://wm.example.org', { id: roomPost, title: 'A room on Thursdays' }, 'Group B'));
		expect(sent).toBe(1);
		const [mail] = await asService(db, (tx) => tx.query<{ to_email: string; kind: string; subject: string; body: string }>(
			`select to_email, kind, subject, body from outbox where kind = 'board_reply' order by created_at desc limit 1`));
		expect(mail).toMatchObject({ to_email: 'ownera@example.org', kind: 'board_reply' });
		expect(mail!.subject).toContain('Group B');
		expect(mail!.body).toContain(`https://wm.example.org/cy/groups/${orgs.A}/network/${roomPost}`);
		expect(mail!.body).not.toContain('Thursday at ten');
	});
});

describe('closing and taking down', () => {
	it('a closed post leaves the board but carries on its exchanges; a new group cannot start one', async () => {
		expect(await as('ownerA', (tx) => setPostStatus(tx, roomPost, 'closed', orgs.A))).toEqual({ ok: true });
		expect((await as('ownerE', (tx) => openPosts(tx))).map((p) => p.id)).not.toContain(roomPost);
		expect((await as('ownerB', (tx) => addReply(tx, roomPost, orgs.B, orgs.B, 'Still on for Thursday?'))).ok).toBe(true);
		expect(await as('ownerE', (tx) => addReply(tx, roomPost, orgs.E, orgs.E, 'Can we join?'))).toEqual({ ok: false, reason: 'post_closed' });
		expect(await as('ownerB', (tx) => setPostStatus(tx, roomPost, 'open', orgs.B))).toEqual({ ok: false, reason: 'gone' });
		expect(await as('ownerA', (tx) => setPostStatus(tx, roomPost, 'open', orgs.A))).toEqual({ ok: true });
	});

	it('a moderator takes a post down: gone from the board and closed to replies; the group cannot bring it back', async () => {
		const recent = await as('moderator', (tx) => recentPosts(tx));
		// Five from A (the sixth was refused), one from B; A's refused ones left nothing behind.
		expect(recent.length).toBe(6);
		expect(await as('moderator', (tx) => setPostStatus(tx, roomPost, 'taken_down'))).toEqual({ ok: true });
		expect(await as('ownerB', (tx) => getPost(tx, roomPost))).toBeNull();
		expect((await as('ownerC', (tx) => openPosts(tx))).map((p) => p.id)).not.toContain(roomPost);
		// The reply guard reads the post as the caller, who no longer sees it, so RLS refuses (no hint).
		expect(await as('ownerB', (tx) => addReply(tx, roomPost, orgs.B, orgs.B, 'Hello?'))).toEqual({ ok: false, reason: 'refused' });
		expect(await as('ownerA', (tx) => getPost(tx, roomPost))).toMatchObject({ status: 'taken_down' });
		expect(await as('ownerA', (tx) => setPostStatus(tx, roomPost, 'open', orgs.A))).toEqual({ ok: false, reason: 'taken_down' });
		expect(await as('moderator', (tx) => setPostStatus(tx, roomPost, 'open'))).toEqual({ ok: true });
		expect((await as('ownerC', (tx) => openPosts(tx))).map((p) => p.id)).toContain(roomPost);
	});

	it('a group that is not a moderator cannot take another group\'s post down', async () => {
		expect(await as('ownerB', (tx) => setPostStatus(tx, roomPost, 'taken_down'))).toEqual({ ok: false, reason: 'gone' });
	});
});

describe('demo board posts', () => {
	it('adds a handful of posts and one exchange between published demo groups, once', async () => {
		const demo = await freshDb();
		try {
			const { insertDemoData } = await import('../../src/lib/server/seed/demo');
			const { insertDemoBoard } = await import('../../src/lib/server/seed/demo-board');
			// The demo seed adds them with the groups (demo-network.ts).
			const added = await asService(demo, async (tx) => {
				await insertDemoData(tx);
				const [posts] = await tx.query<{ n: number }>(`select count(*)::int as n from board_posts`);
				return posts!.n;
			});
			expect(added).toBeGreaterThanOrEqual(4);
			expect(added).toBeLessThanOrEqual(6);
			expect(await asService(demo, (tx) => insertDemoBoard(tx))).toBe(0);
			const [replies] = await asService(demo, (tx) => tx.query<{ n: number }>(`select count(*)::int as n from board_replies`));
			expect(replies!.n).toBe(2);
		} finally {
			await demo.close();
		}
	}, 120_000);
});
