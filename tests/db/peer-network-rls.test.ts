// The peer-support network (supabase/migrations/20261122000010_peer_support_network.sql): peer
// supporters and their safeguarding checks, brokered introductions, stories of what helped, the
// groups' board with its replies, and nearby_groups.
//
// Every request runs through withClaims as anon, a signed-in stranger, the owner and editor of group
// A, a named introduction coordinator of A (an editor), the owner of B, the owner of C (a third
// group), the owner of P (a group not yet published), a moderator, a planner, an admin, a
// practitioner, or the server (service_role); set-up runs as service_role. As in
// self-service-rls.test.ts: a matrix first, then scenarios; every attempt runs in its own
// transaction and is rolled back, so the fixture is the same for every case, and now() does not
// move inside one (the limit tests rely on it).
//
// Tests marked "REGRESSION" failed against the migration as first committed (bc4aa1a) and pass with
// the fixes made alongside this file; see the comment at each.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anon, asService, freshDb, type TestDb, attemptOn, attemptSqlOn } from './template';
import { cardiff, cathays, newport, swansea } from './fixtures';
import { claimsPreamble, serviceClaims, type Claims, type Tx } from '../../src/lib/server/db/types';
import { withSavepoint } from '../../src/lib/server/db/errors';

// ---------------------------------------------------------------------------------------------
// Fixture

const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

const users = {
	stranger: uuid(0x3101), ownerA: uuid(0x3102), editorA: uuid(0x3103), coordA: uuid(0x3104), ownerB: uuid(0x3105),
	ownerC: uuid(0x3106), ownerP: uuid(0x3107), moderator: uuid(0x3108), planner: uuid(0x3109), admin: uuid(0x310a),
	practitioner: uuid(0x310b)
};
type User = keyof typeof users;
const allUsers = Object.keys(users) as User[];
const emailOf = (user: User) => `${user.toLowerCase()}@example.org`;

// A (Cardiff), B (Cathays, ~3 km), C (Newport, ~18 km): published. P (Cathays): pending. F (Swansea, ~55 km): published, nobody's.
const orgs = { orgA: uuid(0x3201), orgB: uuid(0x3202), orgC: uuid(0x3203), orgP: uuid(0x3204), orgF: uuid(0x3205) };
const offers = { offerA: uuid(0x3301), offerB: uuid(0x3302), offerC: uuid(0x3303), offerP: uuid(0x3304), offerF: uuid(0x3305) };
// supA, supB, supP: published with current, confirmed checks (supP's group is pending). supA2: A's draft, checks current.
const supporters = { supA: uuid(0x3401), supA2: uuid(0x3402), supB: uuid(0x3403), supP: uuid(0x3404) };
const intros = { introA: uuid(0x3501), introB: uuid(0x3502) };
const stories = { storyPub: uuid(0x3601), storyPending: uuid(0x3602) };
const reports = { reportPub: uuid(0x3701) };
// postA, postB open; postBDown: B's, taken down. An exchange on postA between A and B: replyFromB, replyFromA.
const posts = { postA: uuid(0x3801), postB: uuid(0x3802), postBDown: uuid(0x3803) };
const replies = { replyFromB: uuid(0x3901), replyFromA: uuid(0x3902) };

const senderHash = (n: number) => n.toString(16).padStart(64, '0');

const ids = { ...users, ...orgs, ...offers, ...supporters, ...intros, ...stories, ...reports, ...posts, ...replies };
type Key = keyof typeof ids | (string & {});
const nameOf = new Map(Object.entries(ids).map(([name, id]) => [id, name]));
const keyName = (value: string) => value.split('/').map((part) => nameOf.get(part) ?? part).join('/');

const claimsOf = (user: User): Claims => ({ role: 'authenticated', sub: users[user], email: emailOf(user) });
const actors = ['anon', ...allUsers, 'service'] as const;
type Actor = (typeof actors)[number];
const actorClaims = (actor: Actor): Claims => (actor === 'anon' ? anon : actor === 'service' ? serviceClaims : claimsOf(actor));

const STORY = 'Going to the walking group got me out of the house again after a very hard year.';
const POST_BODY = 'We need a room on Tuesday mornings for about twelve people.';

/** Checks that are current (DBS 100 days ago, trained 50 days ago, a supervisor), with any changes. */
const currentChecks = (over: Record<string, unknown> = {}) => ({
	check_kind: 'dbs', checked_on: 'current_date - 100', training: `'Peer support course'`, trained_on: 'current_date - 50', supervisor: `'Sam'`, ...over
});
const checksSql = (supporter: string, over: Record<string, unknown> = {}, confirmedBy?: string) => {
	const c = currentChecks(over);
	return `insert into peer_supporter_checks (peer_supporter_id, check_kind, checked_on, training, trained_on, supervisor${confirmedBy ? ', confirmed_by, confirmed_at' : ''})
		values ('${supporter}', '${c.check_kind}', ${c.checked_on}, ${c.training}, ${c.trained_on}, ${c.supervisor}${confirmedBy ? `, '${confirmedBy}', now()` : ''})`;
};

async function seed(tx: Tx) {
	for (const user of allUsers) await tx.query('insert into auth.users (id, email) values ($1, $2)', [users[user], emailOf(user)]);
	await tx.query(`insert into user_roles (user_id, role) values ($1, 'planner'), ($2, 'moderator'), ($3, 'admin'), ($4, 'practitioner')`,
		[users.planner, users.moderator, users.admin, users.practitioner]);
	await tx.query(`insert into organisations (id, name, status) values ($1, 'Group A', 'published'), ($2, 'Group B', 'published'),
		($3, 'Group C', 'published'), ($4, 'Group P', 'pending'), ($5, 'Group F', 'published')`, [orgs.orgA, orgs.orgB, orgs.orgC, orgs.orgP, orgs.orgF]);
	await tx.query(`insert into organisation_members (organisation_id, user_id, role) values
		($1, $2, 'owner'), ($1, $3, 'editor'), ($1, $4, 'editor'), ($5, $6, 'owner'), ($7, $8, 'owner'), ($9, $10, 'owner')`,
	[orgs.orgA, users.ownerA, users.editorA, users.coordA, orgs.orgB, users.ownerB, orgs.orgC, users.ownerC, orgs.orgP, users.ownerP]);
	// A serves seeing-people and things-to-do; C both of them; B seeing-people (and skills); P and F seeing-people.
	const place = { orgA: cardiff, orgB: cathays, orgC: newport, orgP: cathays, orgF: swansea };
	const outcomes = { orgA: ['seeing-people', 'things-to-do'], orgB: ['seeing-people', 'skills'], orgC: ['things-to-do', 'seeing-people'], orgP: ['seeing-people'], orgF: ['seeing-people'] };
	for (const org of Object.keys(orgs) as (keyof typeof orgs)[]) {
		const offer = offers[org.replace('org', 'offer') as keyof typeof offers];
		await tx.query(`insert into offers (id, organisation_id, title_en, kind, cost, access, attendance, status)
			values ($1, $2, $3, 'activity', 'free', 'drop_in', 'in_person', 'published')`, [offer, orgs[org], `Offer of ${org}`]);
		for (const outcome of outcomes[org]) await tx.query('insert into offer_outcomes (offer_id, outcome_id) values ($1, $2)', [offer, outcome]);
		await tx.query(`insert into locations (organisation_id, name, town, lat, lng) values ($1, 'Hall', $2, $3, $4)`,
			[orgs[org], `Town of ${org}`, place[org].lat, place[org].lng]);
	}
	const supporter = (key: keyof typeof supporters, org: keyof typeof orgs, name: string) =>
		tx.query(`insert into peer_supporters (id, organisation_id, display_name, been_there_en, languages) values ($1, $2, $3, 'I cared for my mum for ten years.', '{en,cy}')`,
			[supporters[key], orgs[org], name]);
	await supporter('supA', 'orgA', 'Jo');
	await supporter('supA2', 'orgA', 'Sam');
	await supporter('supB', 'orgB', 'Mo');
	await supporter('supP', 'orgP', 'Al');
	await tx.query(checksSql(supporters.supA, {}, users.ownerA));
	await tx.query(checksSql(supporters.supA2, {}, users.ownerA));
	await tx.query(checksSql(supporters.supB, {}, users.ownerB));
	await tx.query(checksSql(supporters.supP, {}, users.ownerP));
	await tx.query(`update peer_supporters set status = 'published' where id = any($1)`, [[supporters.supA, supporters.supB, supporters.supP]]);
	await tx.query(`insert into peer_supporter_outcomes (peer_supporter_id, outcome_id) values ($1, 'seeing-people'), ($2, 'things-to-do'), ($3, 'skills'), ($4, 'seeing-people')`,
		[supporters.supA, supporters.supA2, supporters.supB, supporters.supP]);
	await tx.query(`insert into peer_support_settings (organisation_id, introductions_by) values ($1, 'group_reviews')`, [orgs.orgA]);
	await tx.query('insert into introduction_coordinators (organisation_id, user_id) values ($1, $2)', [orgs.orgA, users.coordA]);
	await tx.query(`insert into introductions (id, organisation_id, peer_supporter_id, requester, name, email, consent_at, sender_hash) values
		($1, $2, $3, 'person', 'Ann', 'ann@example.org', now(), $4), ($5, $6, $7, 'person', 'Bob', 'bob@example.org', now(), $8)`,
	[intros.introA, orgs.orgA, supporters.supA, senderHash(0xa1), intros.introB, orgs.orgB, supporters.supB, senderHash(0xb1)]);
	await tx.query(`insert into stories (id, body, status, published_at, sender_hash) values ($1, $2, 'published', now(), $3), ($4, $2, 'pending', null, $5)`,
		[stories.storyPub, STORY, senderHash(0x51), stories.storyPending, senderHash(0x52)]);
	await tx.query(`insert into story_outcomes (story_id, outcome_id) values ($1, 'seeing-people'), ($2, 'skills')`, [stories.storyPub, stories.storyPending]);
	await tx.query(`insert into story_reports (id, story_id, reason, sender_hash) values ($1, $2, 'hurtful', $3)`, [reports.reportPub, stories.storyPub, senderHash(0x61)]);
	await tx.query(`insert into board_posts (id, organisation_id, kind, topic, title, body, status) values
		($1, $2, 'need', 'room', 'A room for Tuesdays', $6, 'open'), ($3, $4, 'offer', 'transport', 'A minibus on Fridays', $6, 'open'),
		($5, $4, 'offer', 'other', 'Something taken down', $6, 'taken_down')`,
	[posts.postA, orgs.orgA, posts.postB, orgs.orgB, posts.postBDown, POST_BODY]);
	await tx.query(`insert into board_replies (id, post_id, with_organisation_id, from_organisation_id, body) values
		($1, $3, $4, $4, 'We have a room free on Tuesdays.'), ($2, $3, $4, $5, 'Lovely, could you ring me on 029 2087 1234?')`,
	[replies.replyFromB, replies.replyFromA, posts.postA, orgs.orgB, orgs.orgA]);
}

// ---------------------------------------------------------------------------------------------
// Attempts that never leave a trace

let db: TestDb;

// Attempts on `db`, rolled back: tests/db/template.ts.
const attemptTx = <T>(claims: Claims, fn: (tx: Tx) => Promise<T>) => attemptOn(db, claims, fn);
const attempt = <Row = Record<string, unknown>>(claims: Claims, sql: string, params: unknown[] = []) =>
	attemptSqlOn<Row>(db, claims, sql, params);
/** Carries on in the same transaction as other claims ('service', 'anon' or a user). */
async function become(tx: Tx, who: Actor) {
	const { sql, params } = claimsPreamble(actorClaims(who));
	await tx.query(sql, params);
}
/** The error a statement raises inside a savepoint (undefined if none), leaving the transaction usable. */
async function errorOf(tx: Tx, sql: string, params: unknown[] = []): Promise<unknown> {
	try {
		await withSavepoint(tx, (inner) => inner.query(sql, params));
		return undefined;
	} catch (error) {
		return error ?? new Error('unknown error');
	}
}
/** The hint (else the SQLSTATE, else 'ok') of a statement run in a savepoint. */
async function hintOf(tx: Tx, sql: string, params: unknown[] = []) {
	const error = await errorOf(tx, sql, params);
	return error === undefined ? 'ok' : ((error as { hint?: string }).hint || `code ${codeOf(error)}`);
}
async function one<T>(tx: Tx, sql: string, params: unknown[] = []): Promise<T> {
	const rows = await tx.query<Record<string, T>>(sql, params);
	expect(rows, sql).toHaveLength(1);
	return Object.values(rows[0]!)[0] as T;
}
/** The fixture names of the `k` column of a query. */
async function keys(tx: Tx, sql: string, params: unknown[] = []) {
	return (await tx.query<{ k: string }>(sql, params)).map((r) => keyName(String(r.k))).sort();
}
const codeOf = (error: unknown) => (error as { code?: string } | undefined)?.code;
const messageOf = (error: unknown) => (error as { message?: string } | undefined)?.message ?? String(error);

// ---------------------------------------------------------------------------------------------
// The matrix

const NO_PRIVILEGE = 'no privilege';
const REFUSED = 'refused';
const OK = 'ok';
type Expected = readonly Key[] | typeof NO_PRIVILEGE | typeof REFUSED | typeof OK;
type Op = 'select' | 'insert' | 'update' | 'delete' | 'truncate' | 'call';

async function outcomeOf(actor: Actor, op: Op, sql: string): Promise<Expected> {
	const { ok, rows, error } = await attempt<{ k: string }>(actorClaims(actor), sql);
	if (!ok) {
		const message = messageOf(error);
		if (/permission denied/.test(message)) return NO_PRIVILEGE;
		if (/row-level security/.test(message)) return REFUSED;
		throw error;
	}
	if (op === 'insert' || op === 'truncate' || op === 'call') return OK;
	return rows.map((r) => keyName(String(r.k))).sort();
}

interface Probe { op: Op; what?: string; sql: string; expect: Partial<Record<Actor, Expected>> }

const everyone = (value: Expected, except: Partial<Record<Actor, Expected>> = {}): Record<Actor, Expected> =>
	({ ...Object.fromEntries(actors.map((a) => [a, value])), ...except }) as Record<Actor, Expected>;
const requestRoles = (value: Expected): Partial<Record<Actor, Expected>> =>
	Object.fromEntries(actors.filter((a) => a !== 'service').map((a) => [a, value]));
const membersOfA = (value: Expected) => ({ ownerA: value, editorA: value, coordA: value });
const moderators = (value: Expected) => ({ moderator: value, admin: value, service: value });
const truncate: Probe = { op: 'truncate', sql: 'truncate $T cascade', expect: requestRoles(NO_PRIVILEGE) };

const publicSupporters: Key[] = ['supA', 'supB'];
const allSupporters = Object.keys(supporters) as Key[];

const matrix: { table: string; probes: Probe[] }[] = [
	{
		// Shown to all once checks are current and confirmed by an owner, the supporter published and the group published.
		table: 'peer_supporters',
		probes: [
			{ op: 'select', sql: 'select id as k from $T', expect: everyone(publicSupporters, {
				...membersOfA(['supA', 'supA2', 'supB']), ownerP: ['supA', 'supB', 'supP'], ...moderators(allSupporters)
			}) },
			{ op: 'insert', what: 'for group A', sql: `insert into $T (organisation_id, display_name, been_there_en) values ('${orgs.orgA}', 'Kim', 'I have been there too.')`,
				expect: everyone(REFUSED, { anon: NO_PRIVILEGE, ...membersOfA(OK), service: OK }) },
			{ op: 'update', what: 'every display name', sql: `update $T set display_name = display_name returning id as k`,
				expect: everyone([], { anon: NO_PRIVILEGE, ...membersOfA(['supA', 'supA2']), ownerB: ['supB'], ownerP: ['supP'], service: allSupporters }) },
			{ op: 'delete', sql: 'delete from $T returning id as k',
				expect: everyone([], { anon: NO_PRIVILEGE, ...membersOfA(['supA', 'supA2']), ownerB: ['supB'], ownerP: ['supP'], service: allSupporters }) },
			truncate
		]
	},
	{
		table: 'peer_supporter_outcomes',
		probes: [
			{ op: 'select', sql: 'select peer_supporter_id as k from $T', expect: everyone(publicSupporters, {
				...membersOfA(['supA', 'supA2', 'supB']), ownerP: ['supA', 'supB', 'supP'], ...moderators(allSupporters)
			}) },
			{ op: 'insert', what: 'for supA', sql: `insert into $T (peer_supporter_id, outcome_id) values ('${supporters.supA}', 'skills')`,
				expect: everyone(REFUSED, { anon: NO_PRIVILEGE, ...membersOfA(OK), service: OK }) },
			truncate
		]
	},
	{
		// Safeguarding: the group and moderators (admins included) only.
		table: 'peer_supporter_checks',
		probes: [
			{ op: 'select', sql: 'select peer_supporter_id as k from $T', expect: everyone([], {
				anon: NO_PRIVILEGE, ...membersOfA(['supA', 'supA2']), ownerB: ['supB'], ownerP: ['supP'], ...moderators(allSupporters)
			}) },
			{ op: 'select', what: 'every column', sql: 'select c.peer_supporter_id as k, c.* from $T c', expect: everyone([], {
				anon: NO_PRIVILEGE, ...membersOfA(['supA', 'supA2']), ownerB: ['supB'], ownerP: ['supP'], ...moderators(allSupporters)
			}) },
			{ op: 'update', what: 'every supervisor, unchanged', sql: 'update $T set supervisor = supervisor returning peer_supporter_id as k',
				expect: everyone([], { anon: NO_PRIVILEGE, ...membersOfA(['supA', 'supA2']), ownerB: ['supB'], ownerP: ['supP'], service: allSupporters }) },
			{ op: 'update', what: 'confirmed_by', sql: 'update $T set confirmed_by = confirmed_by returning peer_supporter_id as k',
				expect: everyone(NO_PRIVILEGE, { service: allSupporters }) },
			{ op: 'delete', sql: 'delete from $T returning peer_supporter_id as k', expect: everyone(NO_PRIVILEGE, { service: allSupporters }) },
			truncate
		]
	},
	{
		table: 'peer_support_settings',
		probes: [
			{ op: 'select', sql: 'select organisation_id as k from $T', expect: everyone([], { anon: NO_PRIVILEGE, ...membersOfA(['orgA']), ...moderators(['orgA']) }) },
			{ op: 'update', what: 'to coordinators', sql: `update $T set introductions_by = 'coordinators' returning organisation_id as k`,
				expect: everyone([], { anon: NO_PRIVILEGE, ownerA: ['orgA'], service: ['orgA'] }) },
			{ op: 'insert', what: 'for group B', sql: `insert into $T (organisation_id, introductions_by) values ('${orgs.orgB}', 'coordinators')`,
				expect: everyone(REFUSED, { anon: NO_PRIVILEGE, ownerB: OK, service: OK }) },
			truncate
		]
	},
	{
		table: 'introduction_coordinators',
		probes: [
			{ op: 'select', sql: 'select user_id as k from $T', expect: everyone([], { anon: NO_PRIVILEGE, ...membersOfA(['coordA']), ...moderators(['coordA']) }) },
			{ op: 'insert', what: 'editorA for A', sql: `insert into $T (organisation_id, user_id) values ('${orgs.orgA}', '${users.editorA}')`,
				expect: everyone(REFUSED, { anon: NO_PRIVILEGE, ownerA: OK, service: OK }) },
			{ op: 'delete', sql: 'delete from $T returning user_id as k', expect: everyone([], { anon: NO_PRIVILEGE, ownerA: ['coordA'], service: ['coordA'] }) },
			truncate
		]
	},
	{
		// Group A reviews its introductions together (the seeded setting).
		table: 'introductions',
		probes: [
			{ op: 'select', sql: 'select id as k from $T', expect: everyone([], {
				anon: NO_PRIVILEGE, ...membersOfA(['introA']), ownerB: ['introB'], ...moderators(['introA', 'introB'])
			}) },
			{ op: 'select', what: 'sender_hash', sql: 'select id as k, sender_hash from $T', expect: everyone(NO_PRIVILEGE, { service: ['introA', 'introB'] }) },
			{ op: 'update', what: 'accept every one', sql: `update $T set status = 'accepted' returning id as k`, expect: everyone([], {
				anon: NO_PRIVILEGE, ...membersOfA(['introA']), ownerB: ['introB'], service: ['introA', 'introB']
			}) },
			{ op: 'update', what: 'the message', sql: `update $T set message = 'changed' returning id as k`, expect: everyone(NO_PRIVILEGE, { service: ['introA', 'introB'] }) },
			{ op: 'insert', sql: `insert into $T (organisation_id, requester, name, email, consent_at, sender_hash) values ('${orgs.orgA}', 'person', 'Direct', 'd@example.org', now(), '${senderHash(0xd1)}')`,
				expect: everyone(NO_PRIVILEGE, { service: OK }) },
			{ op: 'delete', sql: 'delete from $T returning id as k', expect: everyone(NO_PRIVILEGE, { service: ['introA', 'introB'] }) },
			truncate
		]
	},
	{
		table: 'stories',
		probes: [
			{ op: 'select', sql: 'select id as k from $T', expect: everyone(['storyPub'], moderators(['storyPub', 'storyPending'])) },
			{ op: 'select', what: 'sender_hash', sql: 'select id as k, sender_hash from $T', expect: everyone(NO_PRIVILEGE, { service: ['storyPub', 'storyPending'] }) },
			{ op: 'update', what: 'publish every one', sql: `update $T set status = 'published' returning id as k`,
				expect: everyone([], { anon: NO_PRIVILEGE, ...moderators(['storyPub', 'storyPending']) }) },
			{ op: 'update', what: 'the body, unchanged', sql: 'update $T set body = body returning id as k', expect: everyone(NO_PRIVILEGE, { service: ['storyPub', 'storyPending'] }) },
			{ op: 'insert', sql: `insert into $T (body, sender_hash) values ('${STORY}', '${senderHash(0x53)}')`, expect: everyone(NO_PRIVILEGE, { service: OK }) },
			truncate
		]
	},
	{
		table: 'story_outcomes',
		probes: [
			{ op: 'select', sql: 'select story_id as k from $T', expect: everyone(['storyPub'], moderators(['storyPub', 'storyPending'])) },
			{ op: 'insert', sql: `insert into $T (story_id, outcome_id) values ('${stories.storyPub}', 'skills')`, expect: everyone(NO_PRIVILEGE, { service: OK }) },
			truncate
		]
	},
	{
		table: 'story_reports',
		probes: [
			{ op: 'select', sql: 'select id as k from $T', expect: everyone([], { anon: NO_PRIVILEGE, ...moderators(['reportPub']) }) },
			{ op: 'select', what: 'sender_hash', sql: 'select id as k, sender_hash from $T', expect: everyone(NO_PRIVILEGE, { service: ['reportPub'] }) },
			{ op: 'update', what: 'resolve every one', sql: 'update $T set resolved_at = now() returning id as k', expect: everyone([], { anon: NO_PRIVILEGE, ...moderators(['reportPub']) }) },
			truncate
		]
	},
	{
		// Members of any published group and moderators; a taken-down post only to its group and moderators.
		table: 'board_posts',
		probes: [
			{ op: 'select', sql: 'select id as k from $T', expect: everyone([], {
				anon: NO_PRIVILEGE, ...membersOfA(['postA', 'postB']), ownerB: ['postA', 'postB', 'postBDown'], ownerC: ['postA', 'postB'],
				...moderators(['postA', 'postB', 'postBDown'])
			}) },
			{ op: 'insert', what: 'as group A', sql: `insert into $T (organisation_id, kind, topic, title, body) values ('${orgs.orgA}', 'offer', 'volunteers', 'Volunteers to share', '${POST_BODY}')`,
				expect: everyone(REFUSED, { anon: NO_PRIVILEGE, ...membersOfA(OK), service: OK }) },
			{ op: 'insert', what: 'as group P (not published)', sql: `insert into $T (organisation_id, kind, topic, title, body) values ('${orgs.orgP}', 'offer', 'volunteers', 'Volunteers to share', '${POST_BODY}')`,
				expect: everyone(REFUSED, { anon: NO_PRIVILEGE, service: OK }) },
			{ op: 'update', what: 'close every open one', sql: `update $T set status = 'closed' where status = 'open' returning id as k`, expect: everyone([], {
				anon: NO_PRIVILEGE, ...membersOfA(['postA']), ownerB: ['postB'], ...moderators(['postA', 'postB'])
			}) },
			{ op: 'update', what: 'created_by', sql: 'update $T set created_by = created_by returning id as k', expect: everyone(NO_PRIVILEGE, { service: ['postA', 'postB', 'postBDown'] }) },
			{ op: 'delete', sql: 'delete from $T returning id as k', expect: everyone(NO_PRIVILEGE, { service: ['postA', 'postB', 'postBDown'] }) },
			truncate
		]
	},
	{
		// The exchange on postA between A and B: those two groups and moderators; C (a third group) none.
		table: 'board_replies',
		probes: [
			{ op: 'select', sql: 'select id as k from $T', expect: everyone([], {
				anon: NO_PRIVILEGE, ...membersOfA(['replyFromA', 'replyFromB']), ownerB: ['replyFromA', 'replyFromB'], ...moderators(['replyFromA', 'replyFromB'])
			}) },
			{ op: 'update', sql: `update $T set body = 'changed' returning id as k`, expect: everyone(NO_PRIVILEGE, { service: ['replyFromA', 'replyFromB'] }) },
			{ op: 'delete', sql: 'delete from $T returning id as k', expect: everyone(NO_PRIVILEGE, { service: ['replyFromA', 'replyFromB'] }) },
			truncate
		]
	}
];

beforeAll(async () => {
	db = await freshDb();
	await asService(db, seed);
});
afterAll(async () => {
	await db?.close();
});

const label = (p: Probe) => `${p.op}${p.what ? ` (${p.what})` : ''}`;
const show = (e: Expected) => (typeof e === 'string' ? e : `[${[...e].sort().join(', ')}]`);

describe.each(matrix.map((m) => [m.table, m.probes] as const))('%s', (table, probes) => {
	describe.each(probes.map((p) => [label(p), p] as const))('%s', (_, probe) => {
		const cells = actors.filter((a) => probe.expect[a] !== undefined);
		it.each(cells.map((a) => [a, show(probe.expect[a]!)] as const))('as %s → %s', async (actor) => {
			const expected = probe.expect[actor]!;
			expect(await outcomeOf(actor, probe.op, probe.sql.replaceAll('$T', table))).toEqual(typeof expected === 'string' ? expected : [...expected].sort());
		});
	});
});

const newTables = ['peer_supporters', 'peer_supporter_outcomes', 'peer_supporter_checks', 'peer_support_settings', 'introduction_coordinators',
	'introductions', 'stories', 'story_outcomes', 'story_reports', 'board_posts', 'board_replies'];

describe('the tables', () => {
	it('every new table has row-level security, and anon and authenticated cannot truncate any', async () => {
		const { rows } = await attempt<{ t: string; rls: boolean; anon: boolean; authenticated: boolean }>(serviceClaims, `select c.relname::text as t, c.relrowsecurity as rls,
				has_table_privilege('anon', c.oid, 'TRUNCATE') as anon, has_table_privilege('authenticated', c.oid, 'TRUNCATE') as authenticated
			from pg_class c where c.relnamespace = 'public'::regnamespace and c.relname = any($1) order by 1`, [newTables]);
		expect(rows).toEqual([...newTables].sort().map((t) => ({ t, rls: true, anon: false, authenticated: false })));
	});
});

// ---------------------------------------------------------------------------------------------
// Who may call which function

const functionCalls: [string, string, unknown[]][] = [
	['submit_introduction', 'select submit_introduction($1, $2, null, $3, null, $4, $5, null, null, $6, $7, $8)',
		[orgs.orgA, supporters.supA, 'person', 'Dee', 'dee@example.org', 'Hello', 'en', senderHash(0xd2)]],
	['introduction_recipients', 'select * from introduction_recipients($1)', [orgs.orgA]],
	['purge_introductions', `select purge_introductions(interval '-1 day')`, []],
	['submit_story', 'select submit_story($1, $2, null, null, null, $3, $4)', [STORY, 'en', ['skills'], senderHash(0x54)]],
	['report_story', 'select report_story($1, $2, null, $3)', [stories.storyPub, 'untrue', senderHash(0x62)]],
	['board_reply_recipients', 'select * from board_reply_recipients($1)', [replies.replyFromB]]
];

describe('function privileges', () => {
	const requesters = (['anon', ...allUsers] as const).map((a) => [a] as const);
	it.each(requesters)('%s cannot call the server’s functions (submit_introduction, submit_story, report_story, the recipients, the purge)', async (who) => {
		for (const [name, sql, params] of functionCalls) {
			const outcome = await attempt(actorClaims(who), sql, params);
			expect(outcome.ok, name).toBe(false);
			expect(messageOf(outcome.error)).toMatch(new RegExp(`permission denied for function ${name}`));
		}
	});
	it('the server calls them all', async () => {
		const outcome = await attemptTx(serviceClaims, async (tx) => {
			for (const [, sql, params] of functionCalls) await tx.query(sql, params);
			return true;
		});
		expect(outcome).toEqual({ ok: true, value: true });
	});
	it('anon cannot call nearby_groups; a member can', async () => {
		expect((await attempt(anon, 'select * from nearby_groups($1)', [orgs.orgA])).ok).toBe(false);
		expect((await attempt(claimsOf('ownerA'), 'select * from nearby_groups($1)', [orgs.orgA])).ok).toBe(true);
	});
});

// ---------------------------------------------------------------------------------------------
// Peer supporters and their checks

const publicNow = (tx: Tx) => keys(tx, 'select id as k from peer_supporters');
/** Group A adds Kim, a draft supporter (the app cannot choose the id); returns the id. */
const addKim = async (tx: Tx) =>
	(await tx.query<{ id: string }>(`insert into peer_supporters (organisation_id, display_name, been_there_en) values ('${orgs.orgA}', 'Kim', 'I have been there too.') returning id`))[0]!.id;
const confirm = (supporter: string) => `update peer_supporter_checks set confirmed_at = now() where peer_supporter_id = '${supporter}'`;
const publish = (supporter: string) => `update peer_supporters set status = 'published' where id = '${supporter}'`;

describe('peer supporters: shown only with current checks an owner confirmed', () => {
	it('an editor adds a supporter and the checks; an editor cannot confirm them (owner_confirms) nor publish before (checks_not_current); once the owner confirms and the editor publishes, anon and a stranger see them', async () => {
		const outcome = await attemptTx(claimsOf('editorA'), async (tx) => {
			const kim = await addKim(tx);
			const publicNow = async (t: Tx) => (await keys(t, 'select id as k from peer_supporters')).map((k) => (k === kim ? 'kim' : k)).sort();
			await tx.query(checksSql(kim));
			const editorConfirms = await hintOf(tx, confirm(kim));
			const editorInsertsConfirmed = await hintOf(tx, `update peer_supporter_checks set confirmed_at = now(), supervisor = 'Ali' where peer_supporter_id = '${kim}'`);
			const publishEarly = await hintOf(tx, publish(kim));
			await become(tx, 'anon');
			const anonBefore = await publicNow(tx);
			await become(tx, 'ownerA');
			const ownerConfirms = await hintOf(tx, confirm(kim));
			const confirmedBy = keyName(await one<string>(tx, `select confirmed_by from peer_supporter_checks where peer_supporter_id = $1`, [kim]));
			await become(tx, 'anon');
			const anonConfirmedDraft = await publicNow(tx);
			await become(tx, 'editorA');
			const editorPublishes = await hintOf(tx, publish(kim));
			await become(tx, 'anon');
			const anonAfter = await publicNow(tx);
			await become(tx, 'stranger');
			return { editorConfirms, editorInsertsConfirmed, publishEarly, anonBefore, ownerConfirms, confirmedBy, anonConfirmedDraft, editorPublishes, anonAfter, stranger: await publicNow(tx) };
		});
		expect(outcome.error).toBeUndefined();
		expect(outcome.value).toEqual({
			editorConfirms: 'owner_confirms', editorInsertsConfirmed: 'owner_confirms', publishEarly: 'checks_not_current', anonBefore: ['supA', 'supB'],
			ownerConfirms: 'ok', confirmedBy: 'ownerA', anonConfirmedDraft: ['supA', 'supB'], editorPublishes: 'ok',
			anonAfter: ['kim', 'supA', 'supB'], stranger: ['kim', 'supA', 'supB']
		});
	});

	// REGRESSION: peer_checks_guard was security definer, so inside it current_user was the owner and
	// acting_for_a_request() false: an editor's confirmation went through, unchecked, with whatever
	// confirmed_at they gave (five years ago here) and no confirmed_by. Fixed by making it security invoker.
	it('an editor cannot record checks as already confirmed, with any date (owner_confirms)', async () => {
		const outcome = await attemptTx(claimsOf('editorA'), async (tx) => {
			const kim = await addKim(tx);
			return hintOf(tx, `insert into peer_supporter_checks (peer_supporter_id, check_kind, checked_on, training, trained_on, supervisor, confirmed_at)
				values ($1, 'dbs', current_date - 10, 'Course', current_date - 5, 'Sam', now() - interval '5 years')`, [kim]);
		});
		expect(outcome.value).toBe('owner_confirms');
	});

	it('an owner’s confirmation is stamped with the owner and now, whatever date they send', async () => {
		const stamped = await attemptTx(claimsOf('ownerA'), async (tx) => {
			const kim = await addKim(tx);
			await tx.query(checksSql(kim));
			await tx.query(`update peer_supporter_checks set confirmed_at = now() - interval '2 years' where peer_supporter_id = $1`, [kim]);
			return tx.query(`select confirmed_by = $2 as by_owner, confirmed_at = now() as now from peer_supporter_checks where peer_supporter_id = $1`, [kim, users.ownerA]);
		});
		expect(stamped.value).toEqual([{ by_owner: true, now: true }]);
	});

	it.each([
		['a DBS check more than three years old', { checked_on: `current_date - interval '3 years 1 day'` }],
		['a DBS check dated in the future', { checked_on: 'current_date + 1' }],
		['no DBS date', { checked_on: 'null' }],
		['no training date', { trained_on: 'null' }],
		['no training named', { training: 'null' }],
		['no supervisor', { supervisor: 'null' }]
	])('the owner cannot confirm checks with %s (checks_not_current)', async (_, over) => {
		const outcome = await attemptTx(claimsOf('ownerA'), async (tx) => {
			const kim = await addKim(tx);
			await tx.query(checksSql(kim, over));
			return hintOf(tx, confirm(kim));
		});
		expect(outcome.value).toBe('checks_not_current');
	});

	it("'none' (no check needed) needs no date: the owner confirms and the supporter is shown", async () => {
		const outcome = await attemptTx(claimsOf('ownerA'), async (tx) => {
			const kim = await addKim(tx);
			await tx.query(checksSql(kim, { check_kind: 'none', checked_on: 'null' }));
			const confirmed = await hintOf(tx, confirm(kim));
			const published = await hintOf(tx, publish(kim));
			await become(tx, 'anon');
			return { confirmed, published, shown: (await publicNow(tx)).includes(kim) };
		});
		expect(outcome.value).toEqual({ confirmed: 'ok', published: 'ok', shown: true });
	});

	it('changing the details after confirmation clears it and hides the supporter, until an owner confirms again', async () => {
		const outcome = await attemptTx(claimsOf('editorA'), async (tx) => {
			await tx.query(`update peer_supporter_checks set supervisor = 'Someone new' where peer_supporter_id = $1`, [supporters.supA]);
			const cleared = await one<boolean>(tx, 'select confirmed_at is null and confirmed_by is null from peer_supporter_checks where peer_supporter_id = $1', [supporters.supA]);
			await become(tx, 'anon');
			const anonAfterChange = await publicNow(tx);
			await become(tx, 'ownerA');
			await tx.query(confirm(supporters.supA));
			await become(tx, 'anon');
			return { cleared, anonAfterChange, anonAfterConfirm: await publicNow(tx) };
		});
		expect(outcome.value).toEqual({ cleared: true, anonAfterChange: ['supB'], anonAfterConfirm: ['supA', 'supB'] });
	});

	it('checks run out by themselves: a DBS check exactly three years old is no longer current, one a day younger still is', async () => {
		// Time cannot be moved here, so the rule is asked about supA's confirmed checks with an older date.
		const withCheckedOn = (age: string) => `select checks_are_current(row(c.peer_supporter_id, c.organisation_id, c.check_kind, (current_date - interval '${age}')::date,
			c.training, c.trained_on, c.supervisor, c.confirmed_by, c.confirmed_at, c.updated_at)::peer_supporter_checks) as current
			from peer_supporter_checks c where c.peer_supporter_id = $1`;
		const outcome = await attemptTx(claimsOf('ownerA'), async (tx) => ({
			threeYears: await one<boolean>(tx, withCheckedOn('3 years'), [supporters.supA]),
			dayYounger: await one<boolean>(tx, withCheckedOn('3 years - 1 day'), [supporters.supA])
		}));
		expect(outcome.value).toEqual({ threeYears: false, dayYounger: true });
	});

	it('a paused supporter, and one whose group is unpublished, are not shown; their group and moderators still see them', async () => {
		const outcome = await attemptTx(claimsOf('ownerB'), async (tx) => {
			await tx.query(`update peer_supporters set status = 'paused' where id = $1`, [supporters.supB]);
			await become(tx, 'service');
			await tx.query(`update organisations set status = 'pending' where id = $1`, [orgs.orgA]);
			await become(tx, 'anon');
			const anonSees = await publicNow(tx);
			await become(tx, 'ownerB');
			const ownerB = await publicNow(tx);
			await become(tx, 'moderator');
			return { anonSees, ownerB, moderator: await publicNow(tx) };
		});
		expect(outcome.value).toEqual({ anonSees: [], ownerB: ['supB'], moderator: allSupporters.slice().sort() });
	});

	it.each([
		['a display name with a phone number', `update peer_supporters set display_name = 'Jo 07700 900123' where id = '${supporters.supA}'`],
		['a display name with an email', `update peer_supporters set display_name = 'jo@example.org' where id = '${supporters.supA}'`],
		['"I\'ve been there" with a phone number', `update peer_supporters set been_there_en = 'Ring me on 029 2087 1234' where id = '${supporters.supA}'`],
		['"I\'ve been there" (Welsh) with an email', `update peer_supporters set been_there_cy = 'E-bost: jo@example.org' where id = '${supporters.supA}'`],
		['availability with a link', `update peer_supporters set availability_en = 'See www.example.org' where id = '${supporters.supA}'`],
		['an unknown language', `update peer_supporters set languages = '{en,xx}' where id = '${supporters.supA}'`],
		['no language', `update peer_supporters set languages = '{}' where id = '${supporters.supA}'`]
	])('%s is refused (23514)', async (_, sql) => {
		const outcome = await attempt(claimsOf('editorA'), sql);
		expect(codeOf(outcome.error), messageOf(outcome.error)).toBe('23514');
	});

	it('the group cannot move a supporter to another group', async () => {
		const outcome = await attempt(claimsOf('ownerA'), `update peer_supporters set organisation_id = $2 where id = $1`, [supporters.supA, orgs.orgB]);
		expect(messageOf(outcome.error)).toMatch(/permission denied/);
	});

	it('another group cannot record checks for A’s supporter, nor change them (no rows)', async () => {
		const outcome = await attemptTx(claimsOf('ownerB'), async (tx) => ({
			insert: await errorOf(tx, checksSql(supporters.supA2)).then(messageOf),
			update: (await tx.query(`update peer_supporter_checks set supervisor = 'Me' where peer_supporter_id = $1 returning 1`, [supporters.supA2])).length
		}));
		expect(outcome.value?.insert).toMatch(/row-level security|violates foreign key|not-null/);
		expect(outcome.value?.update).toBe(0);
	});
});

// ---------------------------------------------------------------------------------------------
// Introductions

const submitSql = 'select submit_introduction($1, $2, null, $3, null, $4, $5, null, null, $6, $7, $8) as id';
const submit = (tx: Tx, org: string, supporter: string | null, sender: number) =>
	tx.query(submitSql, [org, supporter, 'person', 'Dee', 'dee@example.org', 'Could I meet someone?', 'en', senderHash(sender)]);
const submitHint = (tx: Tx, org: string, supporter: string | null, sender: number) =>
	hintOf(tx, submitSql, [org, supporter, 'person', 'Dee', 'dee@example.org', 'Could I meet someone?', 'en', senderHash(sender)]);
const coordinatorsMode = `update peer_support_settings set introductions_by = 'coordinators' where organisation_id = '${orgs.orgA}'`;

describe('introductions', () => {
	it("in mode 'coordinators' only owners and named coordinators read them (a plain editor reads none); moderators still do", async () => {
		const outcome = await attemptTx(claimsOf('ownerA'), async (tx) => {
			await tx.query(coordinatorsMode);
			const seen: Record<string, Key[]> = {};
			for (const who of ['ownerA', 'coordA', 'editorA', 'ownerB', 'moderator', 'admin', 'stranger', 'planner', 'practitioner', 'ownerC'] as const) {
				await become(tx, who);
				seen[who] = await keys(tx, 'select id as k from introductions');
			}
			return seen;
		});
		expect(outcome.value).toEqual({
			ownerA: ['introA'], coordA: ['introA'], editorA: [], ownerB: ['introB'], moderator: ['introA', 'introB'], admin: ['introA', 'introB'],
			stranger: [], planner: [], practitioner: [], ownerC: []
		});
	});

	it('a handler moves one on: decided_by and decided_at are set; a non-handler changes nothing', async () => {
		const outcome = await attemptTx(claimsOf('editorA'), async (tx) => {
			const moved = await tx.query<{ by: string; at: boolean }>(`update introductions set status = 'accepted' where id = $1 returning decided_by as by, decided_at = now() as at`, [intros.introA]);
			return moved.map((r) => ({ by: keyName(r.by), at: r.at }));
		});
		expect(outcome.value).toEqual([{ by: 'editorA', at: true }]);
		const inCoordinatorsMode = await attemptTx(claimsOf('ownerA'), async (tx) => {
			await tx.query(coordinatorsMode);
			await become(tx, 'editorA');
			const editor = (await tx.query(`update introductions set status = 'declined' where id = $1 returning 1`, [intros.introA])).length;
			await become(tx, 'coordA');
			const coordinator = (await tx.query(`update introductions set status = 'declined' where id = $1 returning 1`, [intros.introA])).length;
			await become(tx, 'moderator');
			const moderator = (await tx.query(`update introductions set status = 'introduced' where id = $1 returning 1`, [intros.introA])).length;
			return { editor, coordinator, moderator };
		});
		expect(inCoordinatorsMode.value).toEqual({ editor: 0, coordinator: 1, moderator: 0 });
	});

	it('only an owner changes the setting and names coordinators', async () => {
		const outcome = await attemptTx(claimsOf('editorA'), async (tx) => {
			const editorSetting = (await tx.query(`${coordinatorsMode} returning 1`)).length;
			const editorNames = messageOf(await errorOf(tx, 'insert into introduction_coordinators (organisation_id, user_id) values ($1, $2)', [orgs.orgA, users.editorA]));
			const coordRemoves = (await tx.query('delete from introduction_coordinators returning 1')).length;
			await become(tx, 'ownerA');
			const ownerSetting = (await tx.query(`${coordinatorsMode} returning updated_by as by`)).map((r) => keyName(String(r.by)));
			await tx.query('insert into introduction_coordinators (organisation_id, user_id) values ($1, $2)', [orgs.orgA, users.editorA]);
			await become(tx, 'ownerB');
			const otherOwner = messageOf(await errorOf(tx, 'insert into introduction_coordinators (organisation_id, user_id) values ($1, $2)', [orgs.orgA, users.ownerB]));
			await become(tx, 'editorA');
			return { editorSetting, editorNames, coordRemoves, ownerSetting, otherOwner, editorNowReads: await keys(tx, 'select id as k from introductions') };
		});
		expect(outcome.error).toBeUndefined();
		expect(outcome.value).toMatchObject({ editorSetting: 0, coordRemoves: 0, ownerSetting: ['ownerA'], editorNowReads: ['introA'] });
		expect(outcome.value?.editorNames).toMatch(/row-level security/);
		expect(outcome.value?.otherOwner).toMatch(/row-level security/);
	});

	it('introduction_recipients returns exactly those who handle them, in either mode', async () => {
		const outcome = await attemptTx(serviceClaims, async (tx) => {
			const recipients = async () => (await tx.query<{ email: string }>('select email from introduction_recipients($1)', [orgs.orgA])).map((r) => r.email).sort();
			const together = await recipients();
			await tx.query(coordinatorsMode);
			return { together, coordinators: await recipients() };
		});
		expect(outcome.value).toEqual({
			together: ['coorda@example.org', 'editora@example.org', 'ownera@example.org'],
			coordinators: ['coorda@example.org', 'ownera@example.org']
		});
	});

	it('the server submits one; the group reads it without the sender; a stranger does not', async () => {
		const outcome = await attemptTx(serviceClaims, async (tx) => {
			const [row] = await submit(tx, orgs.orgA, supporters.supA, 0xe1);
			const id = (row as { id: string }).id;
			await become(tx, 'editorA');
			const group = await tx.query('select name, email, status, peer_supporter_id = $2 as to_supporter from introductions where id = $1', [id, supporters.supA]);
			await become(tx, 'stranger');
			return { group, stranger: (await tx.query('select 1 from introductions where id = $1', [id])).length };
		});
		expect(outcome.value).toEqual({ group: [{ name: 'Dee', email: 'dee@example.org', status: 'new', to_supporter: true }], stranger: 0 });
	});

	it.each([
		['a supporter not published (supA2)', orgs.orgA, supporters.supA2],
		['another group’s supporter', orgs.orgA, supporters.supB],
		['a group not published', orgs.orgP, supporters.supP],
		['a group not published, no supporter', orgs.orgP, null]
	])("not_found: %s", async (_, org, supporter) => {
		const outcome = await attemptTx(serviceClaims, (tx) => submitHint(tx, org, supporter, 0xe2));
		expect(outcome.value).toBe('not_found');
	});

	it('a supporter whose checks lapsed can no longer be asked for (not_found)', async () => {
		const outcome = await attemptTx(serviceClaims, async (tx) => {
			await tx.query(`update peer_supporter_checks set confirmed_at = null where peer_supporter_id = $1`, [supporters.supA]);
			return submitHint(tx, orgs.orgA, supporters.supA, 0xe3);
		});
		expect(outcome.value).toBe('not_found');
	});

	it('too_many_requests after 5 an hour from one sender, across groups; another sender is fine', async () => {
		const outcome = await attemptTx(serviceClaims, async (tx) => {
			for (const org of [orgs.orgA, orgs.orgA, orgs.orgA, orgs.orgB, orgs.orgB]) await submit(tx, org, null, 0xe4);
			return { sixth: await submitHint(tx, orgs.orgC, null, 0xe4), other: await submitHint(tx, orgs.orgC, null, 0xe5) };
		});
		expect(outcome.value).toEqual({ sixth: 'too_many_requests', other: 'ok' });
	});

	it('too_many_requests for a 4th in a day from one sender to one group; another group is fine; a day later it is fine', async () => {
		const outcome = await attemptTx(serviceClaims, async (tx) => {
			for (let n = 0; n < 3; n++) await submit(tx, orgs.orgB, null, 0xe6);
			const fourth = await submitHint(tx, orgs.orgB, null, 0xe6);
			const otherGroup = await submitHint(tx, orgs.orgC, null, 0xe6);
			await tx.query(`update introductions set created_at = created_at - interval '25 hours' where sender_hash = $1`, [senderHash(0xe6)]);
			await tx.query(`update request_limits set at = at - interval '25 hours' where sender_hash = $1`, [senderHash(0xe6)]);
			return { fourth, otherGroup, dayLater: await submitHint(tx, orgs.orgB, null, 0xe6) };
		});
		expect(outcome.value).toEqual({ fourth: 'too_many_requests', otherGroup: 'ok', dayLater: 'ok' });
	});

	it('group_busy at 100 a day to one group, whoever sends; other groups are fine', async () => {
		const outcome = await attemptTx(serviceClaims, async (tx) => {
			await tx.query(`insert into introductions (organisation_id, requester, name, email, consent_at, sender_hash)
				select $1, 'person', 'N', 'n@example.org', now(), lpad(to_hex(n + 4096), 64, '0') from generate_series(1, 99) n`, [orgs.orgC]);
			const hundredth = await submitHint(tx, orgs.orgC, null, 0xe7);
			return { hundredth, busy: await submitHint(tx, orgs.orgC, null, 0xe8), other: await submitHint(tx, orgs.orgB, null, 0xe8) };
		});
		expect(outcome.value).toEqual({ hundredth: 'ok', busy: 'group_busy', other: 'ok' });
	});
});

// ---------------------------------------------------------------------------------------------
// Stories

const submitStory = (tx: Tx, body: string, sender: number) =>
	hintOf(tx, 'select submit_story($1, $2, null, null, null, $3, $4)', [body, 'en', ['skills', 'being-listened-to'], senderHash(sender)]);

describe('stories', () => {
	it('one the server submits is pending: nobody but moderators reads it until one publishes it', async () => {
		const outcome = await attemptTx(serviceClaims, async (tx) => {
			const [submitted] = await tx.query<{ id: string }>('select submit_story($1, $2, $3, $4, null, $5, $6) as id',
				[STORY, 'en', '  a carer from Merthyr ', offers.offerA, ['skills', 'being-listened-to'], senderHash(0x55)]);
			const id = submitted!.id;
			const row = await tx.query('select status, signed_as, organisation_id = $2 as group_from_offer from stories where id = $1', [id, orgs.orgA]);
			const outcomes = await keys(tx, 'select outcome_id as k from story_outcomes where story_id = $1', [id]);
			const seen: Record<string, number> = {};
			for (const who of ['anon', 'stranger', 'ownerA', 'planner', 'practitioner', 'moderator'] as const) {
				await become(tx, who);
				seen[who] = (await tx.query('select 1 from stories where id = $1', [id])).length;
			}
			await tx.query(`update stories set status = 'published' where id = $1`, [id]);
			await become(tx, 'anon');
			seen.anonAfter = (await tx.query('select 1 from stories where id = $1', [id])).length;
			return { row, outcomes, seen };
		});
		expect(outcome.error).toBeUndefined();
		expect(outcome.value).toEqual({
			row: [{ status: 'pending', signed_as: 'a carer from Merthyr', group_from_offer: true }], outcomes: ['skills'],
			seen: { anon: 0, stranger: 0, ownerA: 0, planner: 0, practitioner: 0, moderator: 1, anonAfter: 1 }
		});
	});

	it('when a story was sent and who moderated it are the moderators’ only', async () => {
		const outcome = await attemptTx(claimsOf('stranger'), async (tx) => ({
			column: codeOf(await errorOf(tx, 'select created_at from stories')),
			note: codeOf(await errorOf(tx, 'select moderation_note, moderated_by from stories')),
			viaFunction: (await tx.query('select id from stories_for_moderation()')).length
		}));
		expect(outcome.value).toEqual({ column: '42501', note: '42501', viaFunction: 0 });
	});

	it('a moderator publishes (moderated_by, moderated_at, published_at set) and declines', async () => {
		const outcome = await attemptTx(claimsOf('moderator'), async (tx) => {
			// The moderation details are read through stories_for_moderation(): the table's columns are not granted.
			await tx.query(`update stories set status = 'published' where id = $1`, [stories.storyPending]);
			const published = await tx.query<{ by: string }>(`select moderated_by as by, moderated_at = now() as at, published_at = now() as published
				from stories_for_moderation() where id = $1`, [stories.storyPending]);
			await tx.query(`update stories set status = 'declined', moderation_note = 'It names someone' where id = $1`, [stories.storyPending]);
			const declined = await tx.query<{ by: string }>(`select moderated_by as by, moderated_at = now() as at
				from stories_for_moderation() where id = $1`, [stories.storyPending]);
			return [...published, ...declined].map((r) => ({ ...r, by: keyName(r.by) }));
		});
		expect(outcome.value).toEqual([{ by: 'moderator', at: true, published: true }, { by: 'moderator', at: true }]);
	});

	// REGRESSION: story_guard resolved the open reports with `set resolved_by = auth.uid(), resolved_at = now()`
	// as the moderator, who may update only resolved_at of a report: taking down any reported story
	// failed with "permission denied for table story_reports". Fixed by setting only resolved_at (the
	// story_report_resolved trigger stamps resolved_by).
	it('taking a story down hides it and resolves its open reports in the moderator’s name', async () => {
		const outcome = await attemptTx(claimsOf('admin'), async (tx) => {
			const [row] = await tx.query<{ status: string }>(`update stories set status = 'taken_down' where id = $1 returning status`, [stories.storyPub]);
			const report = await tx.query<{ by: string; at: boolean }>('select resolved_by as by, resolved_at = now() as at from story_reports where id = $1', [reports.reportPub]);
			await become(tx, 'anon');
			return { status: row?.status, report: report.map((r) => ({ by: keyName(r.by), at: r.at })), anon: await keys(tx, 'select id as k from stories') };
		});
		expect(outcome.error).toBeUndefined();
		expect(outcome.value).toEqual({ status: 'taken_down', report: [{ by: 'admin', at: true }], anon: [] });
	});

	it('nobody changes the words, not even a moderator through the API role', async () => {
		const moderator = await attempt(claimsOf('moderator'), `update stories set body = $2 where id = $1`, [stories.storyPub, STORY + ' More.']);
		expect(messageOf(moderator.error)).toMatch(/permission denied/);
		const signed = await attempt(claimsOf('moderator'), `update stories set signed_as = 'Jo' where id = $1`, [stories.storyPub]);
		expect(messageOf(signed.error)).toMatch(/permission denied/);
	});

	it.each([
		['an email', `${STORY} Write to me at jo@example.org.`],
		['a phone number', `${STORY} Ring 07700 900123.`],
		['a link', `${STORY} See www.example.org.`]
	])('a story with %s is refused (23514)', async (_, body) => {
		const outcome = await attemptTx(serviceClaims, (tx) => submitStory(tx, body, 0x56));
		expect(outcome.value).toBe('code 23514');
	});

	it('3 stories an hour from one sender; the 4th: too_many_requests', async () => {
		const outcome = await attemptTx(serviceClaims, async (tx) => {
			const hints = [];
			for (let n = 0; n < 4; n++) hints.push(await submitStory(tx, STORY, 0x57));
			return hints;
		});
		expect(outcome.value).toEqual(['ok', 'ok', 'ok', 'too_many_requests']);
	});

	it('report_story: true, then false for a second open report by the same sender; another sender true; a pending story not_found', async () => {
		const outcome = await attemptTx(serviceClaims, async (tx) => {
			const report = (n: number, story = stories.storyPub) => one<boolean>(tx, 'select report_story($1, $2, $3, $4)', [story, 'identifies_someone', 'It names my neighbour', senderHash(n)]);
			const first = await report(0x63);
			const second = await report(0x63);
			const other = await report(0x64);
			const pending = await hintOf(tx, 'select report_story($1, $2, null, $3)', [stories.storyPending, 'hurtful', senderHash(0x65)]);
			return { first, second, other, pending, open: await one<number>(tx, 'select count(*)::int from story_reports where resolved_at is null') };
		});
		expect(outcome.value).toEqual({ first: true, second: false, other: true, pending: 'not_found', open: 3 });
	});
});

// ---------------------------------------------------------------------------------------------
// The board

const postSql = (org: string, title = 'Volunteers to share', body = POST_BODY): [string, unknown[]] =>
	[`insert into board_posts (organisation_id, kind, topic, title, body) values ($1, 'offer', 'volunteers', $2, $3) returning id`, [org, title, body]];
const replySql = (post: string, withOrg: string, fromOrg: string, body = 'Yes please, Tuesday works.'): [string, unknown[]] =>
	[`insert into board_replies (post_id, with_organisation_id, from_organisation_id, body) values ($1, $2, $3, $4) returning id`, [post, withOrg, fromOrg, body]];

describe('the board', () => {
	it('a member of a group only in an unpublished group reads nothing, and cannot post', async () => {
		const outcome = await attemptTx(claimsOf('ownerP'), async (tx) => ({
			reads: await keys(tx, 'select id as k from board_posts'),
			posts: messageOf(await errorOf(tx, ...postSql(orgs.orgP)))
		}));
		expect(outcome.value?.reads).toEqual([]);
		expect(outcome.value?.posts).toMatch(/row-level security/);
	});

	it('a group posts only as itself; the post is open and in the poster’s name, whatever was sent', async () => {
		const outcome = await attemptTx(claimsOf('editorA'), async (tx) => {
			const asB = messageOf(await errorOf(tx, ...postSql(orgs.orgB)));
			const [row] = await tx.query<{ id: string }>(...postSql(orgs.orgA));
			// Which member wrote is the server's to know, not other groups' (no column grant).
			const hidden = codeOf(await errorOf(tx, 'select created_by from board_posts'));
			const hiddenReply = codeOf(await errorOf(tx, 'select created_by from board_replies'));
			await become(tx, 'service');
			const stored = await tx.query<{ by: string; status: string }>('select created_by as by, status from board_posts where id = $1', [row!.id]);
			return { asB, hidden, hiddenReply, stored: stored.map((r) => ({ by: keyName(r.by), status: r.status })) };
		});
		expect(outcome.value?.asB).toMatch(/row-level security/);
		expect(outcome.value).toMatchObject({ hidden: '42501', hiddenReply: '42501' });
		expect(outcome.value?.stored).toEqual([{ by: 'editorA', status: 'open' }]);
	});

	it('five posts a day per group: the 6th is refused (too_many_posts)', async () => {
		const outcome = await attemptTx(claimsOf('ownerA'), async (tx) => {
			const hints = [];
			for (let n = 0; n < 5; n++) hints.push(await hintOf(tx, ...postSql(orgs.orgA)));
			return hints;
		});
		// postA (seeded today) is the first.
		expect(outcome.value).toEqual(['ok', 'ok', 'ok', 'ok', 'too_many_posts']);
	});

	it.each([
		['a phone number in the title', 'Ring 029 2087 1234', POST_BODY],
		['an email in the body', 'Volunteers to share', `${POST_BODY} Email jo@example.org`],
		['a link in the body', 'Volunteers to share', `${POST_BODY} See example.co.uk`],
		['a handle in the body', 'Volunteers to share', `${POST_BODY} DM @merthyrcarers`]
	])('a post with %s is refused (23514)', async (_, title, body) => {
		const outcome = await attemptTx(claimsOf('ownerA'), (tx) => hintOf(tx, ...postSql(orgs.orgA, title, body)));
		expect(outcome.value).toBe('code 23514');
	});

	it('a moderator takes a post down (hidden from other groups, seen by its group and moderators); the group cannot bring it back; the moderator cannot edit its words', async () => {
		const outcome = await attemptTx(claimsOf('moderator'), async (tx) => {
			const takenDown = (await tx.query(`update board_posts set status = 'taken_down' where id = $1 returning 1`, [posts.postA])).length;
			const edit = await hintOf(tx, `update board_posts set title = 'Something else' where id = $1`, [posts.postA]);
			const seen: Record<string, boolean> = {};
			for (const who of ['ownerA', 'ownerB', 'ownerC', 'moderator'] as const) {
				await become(tx, who);
				seen[who] = (await keys(tx, 'select id as k from board_posts')).includes('postA');
			}
			await become(tx, 'ownerA');
			const reopen = await hintOf(tx, `update board_posts set status = 'open' where id = $1`, [posts.postA]);
			const retitle = await hintOf(tx, `update board_posts set title = 'Renamed' where id = $1`, [posts.postA]);
			await become(tx, 'ownerB');
			const reopenB = await hintOf(tx, `update board_posts set status = 'open' where id = $1`, [posts.postBDown]);
			return { takenDown, edit, seen, reopen, retitle, reopenB };
		});
		expect(outcome.value).toEqual({
			takenDown: 1, edit: 'code 42501', seen: { ownerA: true, ownerB: false, ownerC: false, moderator: true },
			reopen: 'taken_down', retitle: 'taken_down', reopenB: 'taken_down'
		});
	});

	it('a group cannot take down its own post as if a moderator had, nor change its group', async () => {
		const outcome = await attemptTx(claimsOf('ownerA'), async (tx) => ({
			takeDown: await hintOf(tx, `update board_posts set status = 'taken_down' where id = $1`, [posts.postA]),
			move: messageOf(await errorOf(tx, `update board_posts set organisation_id = $2 where id = $1`, [posts.postA, orgs.orgB]))
		}));
		expect(outcome.value?.takeDown).toBe('taken_down');
		expect(outcome.value?.move).toMatch(/permission denied/);
	});

	it('replies: B answers A’s post and A answers back; a third group (C) sees none and cannot join that exchange', async () => {
		const outcome = await attemptTx(claimsOf('ownerB'), async (tx) => {
			await tx.query(...replySql(posts.postA, orgs.orgB, orgs.orgB, 'Another note from B.'));
			await become(tx, 'ownerC');
			const cReads = await keys(tx, 'select id as k from board_replies');
			const cJoins = codeOf(await errorOf(tx, ...replySql(posts.postA, orgs.orgB, orgs.orgC)));
			const cAsB = messageOf(await errorOf(tx, ...replySql(posts.postA, orgs.orgB, orgs.orgB)));
			const cOwnExchange = await hintOf(tx, ...replySql(posts.postA, orgs.orgC, orgs.orgC));
			await become(tx, 'ownerB');
			const bReads = (await tx.query('select 1 from board_replies')).length;
			await become(tx, 'editorA');
			return { cReads, cJoins, cAsB, cOwnExchange, bReads, aReads: (await tx.query('select 1 from board_replies')).length };
		});
		expect(outcome.value).toMatchObject({ cReads: [], cJoins: '23514', cOwnExchange: 'ok', bReads: 3, aReads: 4 });
		expect(outcome.value?.cAsB).toMatch(/row-level security/);
	});

	it('the post’s group answers only a group that wrote first: it cannot open an exchange with C (no_exchange)', async () => {
		const outcome = await attemptTx(claimsOf('ownerA'), async (tx) => ({
			toC: await hintOf(tx, ...replySql(posts.postA, orgs.orgC, orgs.orgA, 'Hello C, fancy joining?')),
			toB: await hintOf(tx, ...replySql(posts.postA, orgs.orgB, orgs.orgA, 'Thanks B, Tuesday it is.'))
		}));
		expect(outcome.value).toEqual({ toC: 'no_exchange', toB: 'ok' });
	});

	it('a reply may carry a phone number or an email address, not a link (23514)', async () => {
		const outcome = await attemptTx(claimsOf('ownerB'), async (tx) => ({
			phone: await hintOf(tx, ...replySql(posts.postA, orgs.orgB, orgs.orgB, 'Ring me on 07700 900123')),
			email: await hintOf(tx, ...replySql(posts.postA, orgs.orgB, orgs.orgB, 'Or email mo@example.org')),
			link: await hintOf(tx, ...replySql(posts.postA, orgs.orgB, orgs.orgB, 'Details at www.example.org'))
		}));
		expect(outcome.value).toEqual({ phone: 'ok', email: 'ok', link: 'code 23514' });
	});

	it('no replies on a taken-down post; a closed post takes no new exchange but an existing one carries on', async () => {
		const outcome = await attemptTx(claimsOf('ownerA'), async (tx) => {
			await tx.query(`update board_posts set status = 'closed' where id = $1`, [posts.postA]);
			await become(tx, 'ownerB');
			const existing = await hintOf(tx, ...replySql(posts.postA, orgs.orgB, orgs.orgB));
			await become(tx, 'ownerC');
			const fresh = await hintOf(tx, ...replySql(posts.postA, orgs.orgC, orgs.orgC));
			await become(tx, 'moderator');
			await tx.query(`update board_posts set status = 'taken_down' where id = $1`, [posts.postA]);
			await become(tx, 'ownerB');
			return { existing, fresh, takenDown: messageOf(await errorOf(tx, ...replySql(posts.postA, orgs.orgB, orgs.orgB))) };
		});
		expect(outcome.value).toMatchObject({ existing: 'ok', fresh: 'post_closed' });
		expect(outcome.value?.takenDown).toMatch(/row-level security|taken down/);
	});

	it('30 replies an hour from one person; the 31st: too_many_replies', async () => {
		const outcome = await attemptTx(claimsOf('ownerB'), async (tx) => {
			for (let n = 0; n < 30; n++) await tx.query(...replySql(posts.postA, orgs.orgB, orgs.orgB, `Note ${n}`));
			return hintOf(tx, ...replySql(posts.postA, orgs.orgB, orgs.orgB, 'One too many'));
		});
		expect(outcome.value).toBe('too_many_replies');
	});

	it('board_reply_recipients: the other group’s members', async () => {
		const outcome = await attemptTx(serviceClaims, async (tx) => {
			const to = async (reply: string) => (await tx.query<{ email: string }>('select email from board_reply_recipients($1)', [reply])).map((r) => r.email).sort();
			return { fromB: await to(replies.replyFromB), fromA: await to(replies.replyFromA) };
		});
		expect(outcome.value).toEqual({ fromB: ['coorda@example.org', 'editora@example.org', 'ownera@example.org'], fromA: ['ownerb@example.org'] });
	});
});

// ---------------------------------------------------------------------------------------------
// Nearby groups

describe('nearby_groups', () => {
	it('published groups within range that share an outcome, most shared first, never the group itself nor an unpublished one', async () => {
		const outcome = await attemptTx(claimsOf('editorA'), async (tx) => {
			const rows = await tx.query<{ id: string; shared_outcomes: string[]; distance_km: number }>('select id, shared_outcomes, distance_km from nearby_groups($1)', [orgs.orgA]);
			return rows.map((r) => ({ group: keyName(r.id), shared: [...r.shared_outcomes].sort(), near: r.distance_km < 25 }));
		});
		expect(outcome.value).toEqual([
			{ group: 'orgC', shared: ['seeing-people', 'things-to-do'], near: true },
			{ group: 'orgB', shared: ['seeing-people'], near: true }
		]);
	});

	it('a wider range takes in Swansea; a group sharing no outcome is left out', async () => {
		const outcome = await attemptTx(claimsOf('ownerB'), async (tx) => {
			await become(tx, 'service');
			await tx.query(`delete from offer_outcomes where offer_id = $1 and outcome_id = 'seeing-people'`, [offers.offerC]);
			await become(tx, 'ownerB');
			const within = async (km: number) => (await tx.query<{ id: string }>('select id from nearby_groups($1, $2)', [orgs.orgB, km])).map((r) => keyName(r.id));
			return { wide: await within(80), huge: await within(1e9) };
		});
		// Any range past 100 km is 100 km: the same groups, never a scan of the whole country.
		expect(outcome.value).toEqual({ wide: ['orgA', 'orgF'], huge: ['orgA', 'orgF'] });
	});
});
