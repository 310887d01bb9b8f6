// Practitioners' conversations (supabase/migrations/20261122000009_practitioner_conversations.sql):
// the "what matters" record (conversations), its outcomes with a priority (conversation_outcomes),
// signposts and referrals to offers (signposts, signpost_guard), the handover log
// (conversation_transfers, transfer_conversation()), follow-up feedback (record_signpost_feedback(),
// which writes anonymous asset_feedback from migration 08), the receiving group's view and status
// moves (referrals_to(), set_referral_status()), erasure on request (erase_conversation()) and
// retention (erase_expired_conversation_text()).
//
// Every request runs through withClaims as anon, practitioner p1 (who holds conv1 and conv1b),
// practitioner p2 (who holds conv2), the owner of group A (which receives referrals), the owner of
// group B, a planner, a moderator, an admin, or the server (service_role); set-up runs as
// service_role. Like self-service-rls.test.ts: a matrix first, then scenarios. Every attempt runs in
// its own transaction and is rolled back, so one database serves the whole file and the fixture is
// the same for every case. Inside one transaction now() does not move, which the time checks rely on.
//
// What the policies enforce for an admin (who holds every role through has_role()): an admin starts
// records of their own and reads every handover row, but reads no other practitioner's record, its
// outcomes or signposts (the select policies want holder_id = auth.uid()), cannot transfer or follow
// up one, and deletes none with a statement (the delete policy is the holder's): an admin erases a
// record on request only through erase_conversation().
//
// A group has no policy on signposts at all: its members read the referrals addressed to it only
// through referrals_to() (the shared columns, never the follow-up) and move a referral's status only
// through set_referral_status(); a direct select or update of signposts finds nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anon, asService, freshDb, type TestDb, attemptOn, attemptSqlOn } from './template';
import { claimsPreamble, serviceClaims, type Claims, type Tx } from '../../src/lib/server/db/types';
import { withSavepoint } from '../../src/lib/server/db/errors';
import {
	addSignpost, eraseConversation, recordFollowUp, referralsTo, saveRecord, setReferralStatus, transferConversation
} from '../../src/lib/server/repos/conversations';

// ---------------------------------------------------------------------------------------------
// Fixture

const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

const users = {
	p1: uuid(0x3101), p2: uuid(0x3102), ownerA: uuid(0x3103), ownerB: uuid(0x3104),
	planner: uuid(0x3105), moderator: uuid(0x3106), admin: uuid(0x3107)
};
type User = keyof typeof users;
const allUsers = Object.keys(users) as User[];
const emailOf = (user: User) => `${user.toLowerCase()}@example.org`;
const displayName: Partial<Record<User, string>> = { p1: 'Pat One', p2: 'Sam Two' };

// A: published, verified. B: published. P: pending.
const orgs = { orgA: uuid(0x3201), orgB: uuid(0x3202), orgP: uuid(0x3203) };
// offerA and offerB are published; draftA is a draft; offerP is published but its group is pending.
const offers = { offerA: uuid(0x3301), offerB: uuid(0x3302), draftA: uuid(0x3303), offerP: uuid(0x3304) };
// conv1: p1's, with consent to share, in CF10. conv1b: p1's, no consent to share. conv2: p2's.
const conversations = { conv1: uuid(0x3401), conv1b: uuid(0x3402), conv2: uuid(0x3403) };
// sp1: a signpost (not a referral) in conv1 to offerA. ref1: conv1's referral to A, with details.
// ref1B: conv1's referral to B. ref1c: conv1b's referral to A, without details. ref2: p2's referral to A.
const signposts = { sp1: uuid(0x3501), ref1: uuid(0x3502), ref1B: uuid(0x3503), ref1c: uuid(0x3504), ref2: uuid(0x3505) };
// tr1: conv1 came to p1 from p2.
const transfers = { tr1: uuid(0x3601) };

const H3 = '8a195da49a4ffff';
const DETAILS_1 = 'Ann, 07700 900123, mornings';
const DETAILS_1B = 'Ann, by phone';
const DETAILS_2 = 'Bea, bea@example.org';

const ids = { ...users, ...orgs, ...offers, ...conversations, ...signposts, ...transfers };
type Key = keyof typeof ids | (string & {});
const nameOf = new Map(Object.entries(ids).map(([name, id]) => [id, name]));
/** Row keys read back as fixture names; composite keys are joined with '/'. */
const keyName = (value: string) => value.split('/').map((part) => nameOf.get(part) ?? part).join('/');

const claimsOf = (user: User): Claims => ({ role: 'authenticated', sub: users[user], email: emailOf(user) });
const actors = ['anon', ...allUsers, 'service'] as const;
type Actor = (typeof actors)[number];
const actorClaims = (actor: Actor): Claims => (actor === 'anon' ? anon : actor === 'service' ? serviceClaims : claimsOf(actor));

async function seed(tx: Tx) {
	for (const user of allUsers) {
		await tx.query('insert into auth.users (id, email) values ($1, $2)', [users[user], emailOf(user)]);
		// The profile follows auth.users (profile_follows_user); referrals_to() names the practitioner from it.
		if (displayName[user]) await tx.query('update profiles set display_name = $2 where id = $1', [users[user], displayName[user]]);
	}
	await tx.query(`insert into user_roles (user_id, role) values ($1, 'practitioner'), ($2, 'practitioner'), ($3, 'planner'), ($4, 'moderator'), ($5, 'admin')`,
		[users.p1, users.p2, users.planner, users.moderator, users.admin]);
	await tx.query(`insert into organisations (id, name, status, verified_at) values
		($1, 'Group A', 'published', now()), ($2, 'Group B', 'published', null), ($3, 'Group P', 'pending', null)`, [orgs.orgA, orgs.orgB, orgs.orgP]);
	await tx.query(`insert into organisation_members (organisation_id, user_id, role) values ($1, $2, 'owner'), ($3, $4, 'owner')`,
		[orgs.orgA, users.ownerA, orgs.orgB, users.ownerB]);
	await tx.query(`insert into offers (id, organisation_id, title_en, kind, cost, access, attendance, status) values
		($1, $2, 'Evening walk', 'walking_group', 'free', 'drop_in', 'in_person', 'published'),
		($3, $4, 'Peer support', 'peer_support', 'free', 'drop_in', 'in_person', 'published'),
		($5, $2, 'Draft idea', 'activity', 'free', 'drop_in', 'in_person', 'draft'),
		($6, $7, 'Pending group''s offer', 'activity', 'free', 'drop_in', 'in_person', 'published')`,
	[offers.offerA, orgs.orgA, offers.offerB, orgs.orgB, offers.draftA, offers.offerP, orgs.orgP]);
	await tx.query(`insert into conversations (id, holder_id, reference, consent_record_at, consent_share_at, district, h3, words_matters, strengths, notes, status) values
		($1, $2, 'Blue door', now(), now(), 'CF10', $3, 'Seeing my grandchildren', 'A good cook', 'Call on Tuesdays', 'active'),
		($4, $2, 'No share', now(), null, null, null, 'Quiet time', null, null, 'draft'),
		($5, $6, 'Green gate', now(), now(), 'CF10', null, 'Walking again', null, null, 'active')`,
	[conversations.conv1, users.p1, H3, conversations.conv1b, conversations.conv2, users.p2]);
	await tx.query(`insert into conversation_outcomes (conversation_id, outcome_id, priority) values
		($1, 'seeing-people', 1), ($1, 'skills', 2), ($2, 'feeling-safe', 1)`, [conversations.conv1, conversations.conv2]);
	// offer_title and organisation_id come from the offer (signpost_guard).
	const signpost = (key: keyof typeof signposts, conv: keyof typeof conversations, offer: keyof typeof offers, kind: string,
		details: string | null, outcome: string | null = null) =>
		tx.query(`insert into signposts (id, conversation_id, offer_id, offer_title, kind, shared_details, outcome_id) values ($1, $2, $3, '', $4, $5, $6)`,
			[signposts[key], conversations[conv], offers[offer], kind, details, outcome]);
	await signpost('sp1', 'conv1', 'offerA', 'signpost', null, 'seeing-people');
	await signpost('ref1', 'conv1', 'offerA', 'referral', DETAILS_1, 'seeing-people');
	await signpost('ref1B', 'conv1', 'offerB', 'referral', DETAILS_1B);
	await signpost('ref1c', 'conv1b', 'offerA', 'referral', null);
	await signpost('ref2', 'conv2', 'offerA', 'referral', DETAILS_2, 'feeling-safe');
	await tx.query(`insert into conversation_transfers (id, conversation_id, from_user, to_user, transferred_at) values ($1, $2, $3, $4, now() - interval '1 day')`,
		[transfers.tr1, conversations.conv1, users.p2, users.p1]);
}

// ---------------------------------------------------------------------------------------------
// Attempts that never leave a trace

let db: TestDb;

// Attempts on `db`, rolled back: tests/db/template.ts.
const attemptTx = <T>(claims: Claims, fn: (tx: Tx) => Promise<T>) => attemptOn(db, claims, fn);
const attempt = <Row = Record<string, unknown>>(claims: Claims, sql: string, params: unknown[] = []) =>
	attemptSqlOn<Row>(db, claims, sql, params);
const as = <Row = Record<string, unknown>>(user: User, sql: string, params: unknown[] = []) => attempt<Row>(claimsOf(user), sql, params);

/** Carries on in the same transaction as other claims. */
async function become(tx: Tx, claims: Claims) {
	const { sql, params } = claimsPreamble(claims);
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
/** One value from a one-row, one-column query. */
async function one<T>(tx: Tx, sql: string, params: unknown[] = []): Promise<T> {
	const rows = await tx.query<Record<string, T>>(sql, params);
	expect(rows, sql).toHaveLength(1);
	return Object.values(rows[0]!)[0] as T;
}
/** One value read as the server, then back to `claims`. */
async function asServer<T>(tx: Tx, claims: Claims, sql: string, params: unknown[] = []): Promise<T> {
	await become(tx, serviceClaims);
	const value = await one<T>(tx, sql, params);
	await become(tx, claims);
	return value;
}
/** Fixture names of the `k` column. */
const keys = (rows: { k: string }[]) => rows.map((r) => keyName(r.k)).sort();

const hintOf = (error: unknown) => (error as { hint?: string } | undefined)?.hint;
const codeOf = (error: unknown) => (error as { code?: string } | undefined)?.code;
const messageOf = (error: unknown) => (error as { message?: string } | undefined)?.message ?? String(error);

const refused = (outcome: { ok: boolean; error?: unknown }, pattern: RegExp = /row-level security|permission denied/) => {
	expect(outcome.ok, 'expected the database to refuse').toBe(false);
	expect(messageOf(outcome.error)).toMatch(pattern);
};
/** Failed with the hint the app turns into words. */
const hinted = (outcome: { ok: boolean; error?: unknown }, hint: string) => {
	expect(outcome.ok, `expected the hint ${hint}`).toBe(false);
	expect(hintOf(outcome.error), messageOf(outcome.error)).toBe(hint);
};
const deniedFunction = (name: string) => new RegExp(`permission denied for function ${name}`);

const NO_PRIVILEGE = 'no privilege'; // permission denied: the role lacks the table or column privilege
const REFUSED = 'refused'; // new row violates row-level security policy
// 42501 raised by a guard trigger (signpost_guard: "Only the practitioner changes this"). No cell expects it now that
// groups have no policy on signposts, but an attempt that meets it still reads as such.
const GUARD = 'guard';
const OK = 'ok';
const SAVED_ELSEWHERE = 'hint saved_elsewhere';
type Expected = readonly Key[] | typeof NO_PRIVILEGE | typeof REFUSED | typeof GUARD | typeof OK | typeof SAVED_ELSEWHERE;
type Op = 'select' | 'insert' | 'update' | 'delete' | 'truncate';

/** What an attempt came to, in the matrix's terms; any other error fails the test as itself. */
async function outcomeOf(actor: Actor, op: Op, sql: string): Promise<Expected> {
	const { ok, rows, error } = await attempt<{ k: string }>(actorClaims(actor), sql);
	if (!ok) {
		const message = messageOf(error);
		if (hintOf(error) === 'saved_elsewhere') return SAVED_ELSEWHERE;
		if (/permission denied/.test(message)) return NO_PRIVILEGE;
		if (/row-level security/.test(message)) return REFUSED;
		if (codeOf(error) === '42501') return GUARD;
		throw error;
	}
	if (op === 'insert' || op === 'truncate') return OK;
	return rows.map((r) => keyName(String(r.k))).sort();
}

// ---------------------------------------------------------------------------------------------
// The matrix

interface Probe { op: Op; what?: string; sql: string; expect: Partial<Record<Actor, Expected>> }

/** Every actor gets `value`, except those named. */
const everyone = (value: Expected, except: Partial<Record<Actor, Expected>> = {}): Record<Actor, Expected> =>
	({ ...Object.fromEntries(actors.map((a) => [a, value])), ...except }) as Record<Actor, Expected>;
/** anon and every signed-in user get `value` (the service role is left out). */
const requestRoles = (value: Expected): Partial<Record<Actor, Expected>> =>
	Object.fromEntries(actors.filter((a) => a !== 'service').map((a) => [a, value]));
/** Nobody but the server: every request role lacks the privilege. */
const serverOnly = (service: Expected) => everyone(NO_PRIVILEGE, { service });

const allConversations = Object.keys(conversations) as Key[];
const ofP1 = ['conv1', 'conv1b'] as const;
const allOutcomes = ['conv1/seeing-people', 'conv1/skills', 'conv2/feeling-safe'];
const allSignposts = Object.keys(signposts) as Key[];
const signpostsOfP1 = ['sp1', 'ref1', 'ref1B', 'ref1c'] as const;
const referralsToA = ['ref1', 'ref1c', 'ref2'] as const;
/** The holders see their own; nobody else (groups, planner, moderator, admin) sees a row. */
const holdersOnly = (p1: Expected, p2: Expected, service: Expected, except: Partial<Record<Actor, Expected>> = {}) =>
	everyone([], { anon: NO_PRIVILEGE, p1, p2, service, ...except });
const wordColumns = 'reference, words_matters, words_concerns, words_better, words_less_anxious, strengths, notes';

const matrix: { table: string; probes: Probe[] }[] = [
	{
		// Only the practitioner holding a record reads or changes it; an admin (a practitioner too,
		// through has_role) reads none of them and deletes none with a statement, whether it names a
		// row or not (see "admins and records" below: erase_conversation() is the admin's way).
		table: 'conversations',
		probes: [
			{ op: 'select', sql: 'select id as k from $T', expect: holdersOnly(ofP1, ['conv2'], allConversations) },
			{ op: 'select', what: 'the person’s words', sql: `select id as k, ${wordColumns} from $T`, expect: holdersOnly(ofP1, ['conv2'], allConversations) },
			{ op: 'select', what: 'every column (select *)', sql: 'select c.id as k, c.* from $T c', expect: holdersOnly(ofP1, ['conv2'], allConversations) },
			{ op: 'insert', what: 'one they hold (holder_id defaults to the caller)', sql: `insert into $T (consent_record_at, reference) values (now(), 'New')`,
				expect: { ...everyone(REFUSED, { anon: NO_PRIVILEGE, p1: OK, p2: OK, admin: OK }), service: undefined } },
			{ op: 'insert', what: 'one held by p1', sql: `insert into $T (holder_id, consent_record_at) values ('${users.p1}', now())`,
				expect: everyone(REFUSED, { anon: NO_PRIVILEGE, p1: OK, service: OK }) },
			{ op: 'update', what: 'a save (version + 1)', sql: `update $T set words_matters = 'Changed', version = version + 1 returning id as k`,
				expect: holdersOnly(ofP1, ['conv2'], allConversations) },
			{ op: 'update', what: 'a save that does not move the version', sql: `update $T set notes = 'Changed' returning id as k`,
				expect: holdersOnly(SAVED_ELSEWHERE, SAVED_ELSEWHERE, allConversations) },
			...(['holder_id', 'created_at', 'text_erased_at', 'consent_record_at', 'updated_at', 'id'] as const).map((column): Probe => ({
				op: 'update', what: `every ${column}, unchanged`, sql: `update $T set ${column} = ${column}, version = version + 1 returning id as k`,
				expect: serverOnly(allConversations)
			})),
			{ op: 'delete', sql: 'delete from $T returning id as k', expect: holdersOnly(ofP1, ['conv2'], allConversations) },
			{ op: 'truncate', sql: 'truncate $T cascade', expect: requestRoles(NO_PRIVILEGE) }
		]
	},
	{
		table: 'conversation_outcomes',
		probes: [
			{ op: 'select', sql: `select conversation_id || '/' || outcome_id as k from $T`,
				expect: holdersOnly(['conv1/seeing-people', 'conv1/skills'], ['conv2/feeling-safe'], allOutcomes) },
			{ op: 'insert', what: 'into conv1', sql: `insert into $T (conversation_id, outcome_id, priority) values ('${conversations.conv1}', 'things-to-do', 3)`,
				expect: everyone(REFUSED, { anon: NO_PRIVILEGE, p1: OK, service: OK }) },
			{ op: 'update', what: 'priority', sql: `update $T set priority = 3 returning conversation_id || '/' || outcome_id as k`,
				expect: holdersOnly(['conv1/seeing-people', 'conv1/skills'], ['conv2/feeling-safe'], allOutcomes) },
			{ op: 'update', what: 'move to conv1', sql: `update $T set conversation_id = '${conversations.conv1}' where conversation_id <> '${conversations.conv1}' returning outcome_id as k`,
				expect: holdersOnly([], REFUSED, ['feeling-safe']) },
			{ op: 'delete', sql: `delete from $T returning conversation_id || '/' || outcome_id as k`,
				expect: holdersOnly(['conv1/seeing-people', 'conv1/skills'], ['conv2/feeling-safe'], allOutcomes) },
			{ op: 'truncate', sql: 'truncate $T', expect: requestRoles(NO_PRIVILEGE) }
		]
	},
	{
		// The holder sees and manages every signpost of their records. The receiving group reads and
		// changes no row directly, not even the referrals addressed to it: it reads them through
		// referrals_to() and moves their status through set_referral_status() (see "the receiving group").
		table: 'signposts',
		probes: [
			{ op: 'select', sql: 'select id as k from $T', expect: holdersOnly(signpostsOfP1, ['ref2'], allSignposts) },
			{ op: 'select', what: 'the referrals', sql: `select id as k from $T where kind = 'referral'`,
				expect: holdersOnly(['ref1', 'ref1B', 'ref1c'], ['ref2'], ['ref1', 'ref1B', 'ref1c', 'ref2']) },
			{ op: 'select', what: 'shared_details', sql: 'select id as k, shared_details from $T where shared_details is not null',
				expect: holdersOnly(['ref1', 'ref1B'], ['ref2'], ['ref1', 'ref1B', 'ref2']) },
			{ op: 'select', what: 'the follow-up and outcome', sql: 'select id as k, rating, rated_at, outcome_id from $T where outcome_id is not null',
				expect: holdersOnly(['sp1', 'ref1'], ['ref2'], ['sp1', 'ref1', 'ref2']) },
			{ op: 'insert', what: 'a signpost in conv1', sql: `insert into $T (conversation_id, offer_id, offer_title, kind) values ('${conversations.conv1}', '${offers.offerB}', '', 'signpost')`,
				expect: everyone(REFUSED, { anon: NO_PRIVILEGE, p1: OK, service: OK }) },
			{ op: 'insert', what: 'a referral in conv2', sql: `insert into $T (conversation_id, offer_id, offer_title, kind) values ('${conversations.conv2}', '${offers.offerA}', '', 'referral')`,
				expect: everyone(REFUSED, { anon: NO_PRIVILEGE, p2: OK, service: OK }) },
			{ op: 'update', what: 'status', sql: `update $T set status = 'contacted' returning id as k`,
				expect: holdersOnly(signpostsOfP1, ['ref2'], allSignposts) },
			...([['rating', `'did_not_go'`], ['rated_at', 'current_date'], ['outcome_id', `'mobility'`], ['shared_details', 'null']] as const).map(([column, value]): Probe => ({
				op: 'update', what: column, sql: `update $T set ${column} = ${value} returning id as k`,
				expect: holdersOnly(signpostsOfP1, ['ref2'], allSignposts)
			})),
			...(['kind', 'offer_id', 'organisation_id', 'offer_title', 'conversation_id', 'status_changed_at', 'status_changed_by', 'created_at', 'id'] as const)
				.map((column): Probe => ({
					op: 'update', what: `every ${column}, unchanged`, sql: `update $T set ${column} = ${column} returning id as k`,
					expect: serverOnly(allSignposts)
				})),
			{ op: 'delete', sql: 'delete from $T returning id as k', expect: holdersOnly(signpostsOfP1, ['ref2'], allSignposts) },
			{ op: 'truncate', sql: 'truncate $T', expect: requestRoles(NO_PRIVILEGE) }
		]
	},
	{
		// The handover log: the current holder reads their record's rows, an admin reads every row;
		// only transfer_conversation() (and the server) writes it.
		table: 'conversation_transfers',
		probes: [
			{ op: 'select', sql: 'select id as k from $T', expect: holdersOnly(['tr1'], [], ['tr1'], { admin: ['tr1'] }) },
			{ op: 'insert', sql: `insert into $T (conversation_id, from_user, to_user) values ('${conversations.conv2}', '${users.p1}', '${users.p2}')`,
				expect: serverOnly(OK) },
			{ op: 'update', sql: 'update $T set to_user = from_user returning id as k', expect: serverOnly(['tr1']) },
			{ op: 'delete', sql: 'delete from $T returning id as k', expect: serverOnly(['tr1']) },
			{ op: 'truncate', sql: 'truncate $T', expect: requestRoles(NO_PRIVILEGE) }
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
			const sql = probe.sql.replaceAll('$T', table);
			expect(await outcomeOf(actor, probe.op, sql)).toEqual(typeof expected === 'string' ? expected : [...expected].sort());
		});
	});
});

// ---------------------------------------------------------------------------------------------
// The tables and functions themselves

const newTables = ['conversation_outcomes', 'conversation_transfers', 'conversations', 'signposts'];

describe('the tables and functions', () => {
	it('every new table has row-level security', async () => {
		const { rows } = await attempt(serviceClaims, `select c.relname::text as t, c.relrowsecurity as rls from pg_class c
			where c.relnamespace = 'public'::regnamespace and c.relname = any($1) order by 1`, [newTables]);
		expect(rows).toEqual(newTables.map((t) => ({ t, rls: true })));
	});

	it('anon and authenticated cannot truncate them, and anon holds no privilege on them at all', async () => {
		const { rows } = await attempt(serviceClaims, `select t || ' ' || r || ' ' || p as held
			from unnest($1::text[]) t, unnest(array['anon', 'authenticated']) r,
			     unnest(array['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) p
			where (p = 'TRUNCATE' or r = 'anon')
			  and (has_table_privilege(r, 'public.' || t, p)
			       or p in ('SELECT', 'INSERT', 'UPDATE', 'REFERENCES') and has_any_column_privilege(r, 'public.' || t, p))`, [newTables]);
		expect(rows).toEqual([]);
	});

	it.each([
		['conversations', ['consent_contact_at', 'consent_share_at', 'district', 'follow_up_on', 'h3', 'notes', 'plan_language', 'reference', 'status',
			'strengths', 'version', 'words_better', 'words_concerns', 'words_less_anxious', 'words_matters']],
		['signposts', ['follow_up_note', 'outcome_id', 'rated_at', 'rating', 'shared_details', 'status']],
		['conversation_outcomes', ['conversation_id', 'outcome_id', 'priority']],
		['conversation_transfers', []]
	])('authenticated updates only these columns of %s', async (table, columns) => {
		const { rows } = await attempt<{ c: string }>(serviceClaims, `select attname::text as c from pg_attribute
			where attrelid = $1::regclass and attnum > 0 and not attisdropped and has_column_privilege('authenticated', attrelid, attnum, 'UPDATE')`,
		[`public.${table}`]);
		expect(rows.map((r) => r.c).sort()).toEqual([...columns].sort());
	});

	it('who may call the new functions', async () => {
		const { rows } = await attempt(serviceClaims, `select r,
				has_function_privilege(r, 'public.holds_conversation(uuid)', 'EXECUTE') as holds,
				has_function_privilege(r, 'public.transfer_conversation(uuid, text)', 'EXECUTE') as transfer,
				has_function_privilege(r, 'public.record_signpost_feedback(uuid, text, text, text)', 'EXECUTE') as feedback,
				has_function_privilege(r, 'public.referrals_to(uuid)', 'EXECUTE') as referrals,
				has_function_privilege(r, 'public.set_referral_status(uuid, uuid, text)', 'EXECUTE') as status,
				has_function_privilege(r, 'public.erase_conversation(uuid)', 'EXECUTE') as erase_one,
				has_function_privilege(r, 'public.erase_expired_conversation_text(interval)', 'EXECUTE') as erase
			from unnest(array['anon', 'authenticated', 'service_role']) r order by 1`);
		expect(rows).toEqual([
			{ r: 'anon', holds: false, transfer: false, feedback: false, referrals: false, status: false, erase_one: false, erase: false },
			{ r: 'authenticated', holds: true, transfer: true, feedback: true, referrals: true, status: true, erase_one: true, erase: false },
			// service_role keeps the default EXECUTE on the others; they refuse it anyway (it holds no record,
			// belongs to no group and is no admin).
			{ r: 'service_role', holds: true, transfer: true, feedback: true, referrals: true, status: true, erase_one: true, erase: true }
		]);
	});

	it.each(['anon', ...allUsers] as const)('%s cannot run erase_expired_conversation_text() (the server’s job)', async (who) => {
		const outcome = await attemptTx(actorClaims(who), async (tx) => one<number>(tx, `select erase_expired_conversation_text(interval '-1 day')`));
		refused(outcome, deniedFunction('erase_expired_conversation_text'));
		expect(codeOf(outcome.error)).toBe('42501');
	});

	it('anon calls none of the others', async () => {
		for (const [name, sql, params] of [
			['holds_conversation', 'select holds_conversation($1)', [conversations.conv1]],
			['transfer_conversation', 'select transfer_conversation($1, $2)', [conversations.conv1, emailOf('p2')]],
			['record_signpost_feedback', 'select record_signpost_feedback($1, $2, $3, $4)', [signposts.sp1, 'helped_a_lot', null, null]],
			['referrals_to', 'select * from referrals_to($1)', [orgs.orgA]],
			['set_referral_status', 'select set_referral_status($1, $2, $3)', [signposts.ref1, orgs.orgA, 'contacted']],
			['erase_conversation', 'select erase_conversation($1)', [conversations.conv1]]
		] as const) {
			refused(await attempt(anon, sql, [...params]), deniedFunction(name));
		}
	});

	it('holds_conversation() is true only for the practitioner who holds the record', async () => {
		const result: Record<string, boolean[]> = {};
		for (const who of allUsers) {
			const { rows } = await as<{ h: boolean }>(who, `select holds_conversation(c) as h from unnest($1::uuid[]) with ordinality u(c, n) order by n`,
				[[conversations.conv1, conversations.conv1b, conversations.conv2]]);
			result[who] = rows.map((r) => r.h);
		}
		expect(result).toEqual({
			p1: [true, true, false], p2: [false, false, true], ownerA: [false, false, false], ownerB: [false, false, false],
			planner: [false, false, false], moderator: [false, false, false], admin: [false, false, false]
		});
	});
});

// ---------------------------------------------------------------------------------------------
// Conversations

describe('conversations: starting and saving', () => {
	it('a new record gets its bookkeeping from the database: holder, created_at now, version 1, never "erased"', async () => {
		const outcome = await attemptTx(claimsOf('p1'), (tx) => tx.query(`insert into conversations (reference, consent_record_at, created_at, version, text_erased_at)
			values ('Backdated', now(), now() + interval '5 years', 7, now()) returning holder_id, created_at = now() as created_now, version, text_erased_at`));
		expect(outcome.error).toBeUndefined();
		expect(outcome.value).toEqual([{ holder_id: users.p1, created_now: true, version: 1, text_erased_at: null }]);
	});

	it('recording needs consent to record (not null)', async () => {
		refused(await as('p1', `insert into conversations (reference) values ('No consent')`), /consent_record_at/);
	});

	it('a save with the current version + 1 goes through, moves updated_at and keeps created_at', async () => {
		const outcome = await attemptTx(claimsOf('p1'), async (tx) => {
			await become(tx, serviceClaims);
			await tx.query(`update conversations set created_at = now() - interval '3 days', updated_at = now() - interval '3 days', version = 4 where id = $1`,
				[conversations.conv1]);
			await become(tx, claimsOf('p1'));
			return tx.query(`update conversations set words_better = 'More walks', version = 5 where id = $1
				returning version, words_better, updated_at = now() as updated_now, created_at = now() - interval '3 days' as created_kept`, [conversations.conv1]);
		});
		expect(outcome.value).toEqual([{ version: 5, words_better: 'More walks', updated_now: true, created_kept: true }]);
	});

	it.each([
		['a stale version (a tab that is behind)', 'version = 1', 3],
		['the same version', 'version = 3', 3],
		['a version that skips one', 'version = 5', 3],
		['no version at all', 'version = version', 3]
	])("a save with %s is refused: 'saved_elsewhere', and the newer save stands", async (_, set, current) => {
		const outcome = await attemptTx(claimsOf('p1'), async (tx) => {
			await become(tx, serviceClaims);
			await tx.query(`update conversations set version = $2, words_matters = 'Newer save' where id = $1`, [conversations.conv1, current]);
			await become(tx, claimsOf('p1'));
			const error = await errorOf(tx, `update conversations set words_matters = 'Older tab', ${set} where id = $1`, [conversations.conv1]);
			return { hint: hintOf(error), code: codeOf(error), now: await tx.query(`select version, words_matters from conversations where id = $1`, [conversations.conv1]) };
		});
		expect(outcome.value).toEqual({ hint: 'saved_elsewhere', code: 'P0001', now: [{ version: current, words_matters: 'Newer save' }] });
	});

	it('two saves from version 1: the first wins, the second is refused (the repository says saved_elsewhere)', async () => {
		const input = (version: number, words: string) => ({
			words: { words_matters: words, words_concerns: null, words_better: null, words_less_anxious: null, strengths: null, notes: null },
			outcomes: [{ id: 'staying-well', priority: 1 as const }], status: 'active' as const, followUpOn: '2030-01-31', planLanguage: 'cy' as const,
			consentShare: true, consentContact: true, version
		});
		const outcome = await attemptTx(claimsOf('p1'), async (tx) => {
			const first = await saveRecord(tx, conversations.conv1, input(1, 'First tab'));
			const second = await saveRecord(tx, conversations.conv1, input(1, 'Second tab'));
			const [row] = await tx.query(`select words_matters, version, plan_language, follow_up_on::text as follow_up_on, consent_contact_at = now() as contact_now
				from conversations where id = $1`, [conversations.conv1]);
			const outcomes = await tx.query(`select outcome_id, priority from conversation_outcomes where conversation_id = $1`, [conversations.conv1]);
			return { first, second, row, outcomes };
		});
		expect(outcome.error).toBeUndefined();
		expect(outcome.value).toEqual({
			first: { ok: true, version: 2 }, second: { ok: false, reason: 'saved_elsewhere' },
			row: { words_matters: 'First tab', version: 2, plan_language: 'cy', follow_up_on: '2030-01-31', contact_now: true },
			outcomes: [{ outcome_id: 'staying-well', priority: 1 }]
		});
	});

	it('p2 saving p1’s record through the repository finds nothing (not_found) and changes nothing', async () => {
		const outcome = await attemptTx(claimsOf('p2'), async (tx) => {
			const saved = await saveRecord(tx, conversations.conv1, {
				words: { words_matters: 'Taken over', words_concerns: null, words_better: null, words_less_anxious: null, strengths: null, notes: null },
				outcomes: [], status: 'closed', followUpOn: null, planLanguage: 'en', consentShare: false, consentContact: false, version: 1
			});
			return { saved, words: await asServer<string>(tx, claimsOf('p2'), `select words_matters from conversations where id = $1`, [conversations.conv1]) };
		});
		expect(outcome.error).toBeUndefined();
		expect(outcome.value).toEqual({ saved: { ok: false, reason: 'not_found' }, words: 'Seeing my grandchildren' });
	});

	it('the holder cannot change created_at (the retention period counts from it): no column privilege, nothing changes', async () => {
		const outcome = await attemptTx(claimsOf('p1'), async (tx) => {
			const error = await errorOf(tx, `update conversations set created_at = now() + interval '10 years', version = version + 1 where id = $1`, [conversations.conv1]);
			return { code: codeOf(error), message: messageOf(error), kept: await one<boolean>(tx, `select created_at <= now() from conversations where id = $1`, [conversations.conv1]) };
		});
		expect(outcome.value).toMatchObject({ code: '42501', message: expect.stringMatching(/permission denied/), kept: true });
	});

	it('the status, language and dates keep to their vocabularies', async () => {
		for (const [set, pattern] of [
			[`status = 'archived'`, /check constraint/], [`plan_language = 'fr'`, /check constraint/], [`h3 = 'not-a-cell'`, /check constraint/],
			[`district = 'ZZ99'`, /foreign key/], [`reference = ''`, /check constraint/], [`words_matters = repeat('x', 4001)`, /check constraint/]
		] as const) {
			refused(await as('p1', `update conversations set ${set}, version = version + 1 where id = $1`, [conversations.conv1]), pattern);
		}
	});

	it('a practitioner who loses the role loses the records too (read, save, transfer, erase)', async () => {
		const outcome = await attemptTx(serviceClaims, async (tx) => {
			await tx.query(`delete from user_roles where user_id = $1`, [users.p1]);
			await become(tx, claimsOf('p1'));
			return {
				read: await tx.query(`select id from conversations`),
				signposts: await tx.query(`select id from signposts`),
				saved: await tx.query(`update conversations set notes = 'x', version = version + 1 returning id`),
				transfer: codeOf(await errorOf(tx, 'select transfer_conversation($1, $2)', [conversations.conv1, emailOf('p2')])),
				erase: codeOf(await errorOf(tx, 'select erase_conversation($1)', [conversations.conv1])),
				left: await asServer<number>(tx, claimsOf('p1'), `select count(*)::int from conversations where holder_id = $1`, [users.p1])
			};
		});
		expect(outcome.value).toEqual({ read: [], signposts: [], saved: [], transfer: '42501', erase: '42501', left: 2 });
	});
});

describe('admins and records', () => {
	it('an admin reads no practitioner’s record, outcome or signpost (has_role(practitioner) holds, holder_id = auth.uid() does not)', async () => {
		const outcome = await attemptTx(claimsOf('admin'), async (tx) => ({
			conversations: await tx.query('select * from conversations'),
			outcomes: await tx.query('select * from conversation_outcomes'),
			signposts: await tx.query('select * from signposts'),
			deletedAndReturned: await tx.query(`delete from conversations where id = $1 returning id, words_matters`, [conversations.conv1])
		}));
		expect(outcome.value).toEqual({ conversations: [], outcomes: [], signposts: [], deletedAndReturned: [] });
	});

	it('a plain delete by an admin removes nothing, whether it names a record or not (the delete policy is the holder’s)', async () => {
		const outcome = await attemptTx(claimsOf('admin'), async (tx) => {
			await tx.query(`delete from conversations where id = $1`, [conversations.conv1]);
			await tx.query(`delete from conversations`);
			await tx.query(`delete from conversation_outcomes`);
			await tx.query(`delete from signposts`);
			await become(tx, serviceClaims);
			return {
				conversations: keys(await tx.query<{ k: string }>(`select id as k from conversations`)),
				outcomes: await one<number>(tx, `select count(*)::int from conversation_outcomes`),
				signposts: await one<number>(tx, `select count(*)::int from signposts`)
			};
		});
		expect(outcome.error).toBeUndefined();
		expect(outcome.value).toEqual({ conversations: ['conv1', 'conv1b', 'conv2'], outcomes: 3, signposts: 5 });
	});

	/** As the server: what is left of each record (outcomes, signposts, handovers), by fixture name. */
	const whatIsLeft = async (tx: Tx) => {
		await become(tx, serviceClaims);
		return Object.fromEntries((await tx.query<{ k: string; outcomes: number; signposts: number; transfers: number }>(
			`select c.id as k, (select count(*)::int from conversation_outcomes o where o.conversation_id = c.id) as outcomes,
			        (select count(*)::int from signposts s where s.conversation_id = c.id) as signposts,
			        (select count(*)::int from conversation_transfers t where t.conversation_id = c.id) as transfers
			   from conversations c`
		)).map(({ k, ...left }) => [keyName(k), left]));
	};
	const untouched = {
		conv1: { outcomes: 2, signposts: 3, transfers: 1 }, conv1b: { outcomes: 0, signposts: 1, transfers: 0 },
		conv2: { outcomes: 1, signposts: 1, transfers: 0 }
	};

	it('an admin erases exactly one record on request through erase_conversation(), with its outcomes, signposts and handovers; and only that one', async () => {
		const outcome = await attemptTx(claimsOf('admin'), async (tx) => {
			const erased = await one<boolean>(tx, `select erase_conversation($1)`, [conversations.conv1]);
			const again = await one<boolean>(tx, `select erase_conversation($1)`, [conversations.conv1]);
			const unknown = await one<boolean>(tx, `select erase_conversation($1)`, [uuid(0x3499)]);
			return { erased, again, unknown, left: await whatIsLeft(tx) };
		});
		expect(outcome.error).toBeUndefined();
		expect(outcome.value).toEqual({ erased: true, again: false, unknown: false, left: { conv1b: untouched.conv1b, conv2: untouched.conv2 } });
	});

	it('the holder erases their own record through erase_conversation() too, and not another’s (42501)', async () => {
		const outcome = await attemptTx(claimsOf('p1'), async (tx) => {
			const mine = await one<boolean>(tx, `select erase_conversation($1)`, [conversations.conv1b]);
			const theirs = codeOf(await errorOf(tx, `select erase_conversation($1)`, [conversations.conv2]));
			return { mine, theirs, left: await whatIsLeft(tx) };
		});
		expect(outcome.value).toEqual({ mine: true, theirs: '42501', left: { conv1: untouched.conv1, conv2: untouched.conv2 } });
	});

	it.each([['p2'], ['ownerA'], ['ownerB'], ['planner'], ['moderator'], ['service']] as const)(
		'%s cannot erase p1’s records through erase_conversation() (42501), nor one that does not exist; nothing goes', async (who) => {
			const outcome = await attemptTx(actorClaims(who), async (tx) => {
				const codes: (string | undefined)[] = [];
				for (const id of [conversations.conv1, conversations.conv1b, uuid(0x3499)]) codes.push(codeOf(await errorOf(tx, `select erase_conversation($1)`, [id])));
				return { codes, left: await whatIsLeft(tx) };
			});
			expect(outcome.value).toEqual({ codes: ['42501', '42501', '42501'], left: untouched });
		});

	it('anon cannot call erase_conversation() at all', async () => {
		refused(await attempt(anon, `select erase_conversation($1)`, [conversations.conv1]), deniedFunction('erase_conversation'));
	});

	it('the repository erases through the function: an admin’s request, the holder’s own; false for one not theirs or not an id', async () => {
		const outcome = await attemptTx(claimsOf('p2'), async (tx) => {
			const notMine = await eraseConversation(tx, conversations.conv1);
			const notAnId = await eraseConversation(tx, 'conv1');
			const own = await eraseConversation(tx, conversations.conv2);
			await become(tx, claimsOf('admin'));
			const onRequest = await eraseConversation(tx, conversations.conv1b);
			const gone = await eraseConversation(tx, conversations.conv1b);
			return { notMine, notAnId, own, onRequest, gone, left: await whatIsLeft(tx) };
		});
		expect(outcome.error).toBeUndefined();
		expect(outcome.value).toEqual({ notMine: false, notAnId: false, own: true, onRequest: true, gone: false, left: { conv1: untouched.conv1 } });
	});

	it('deleting a record takes its outcomes, signposts and handovers with it; the anonymous feedback stays', async () => {
		const outcome = await attemptTx(claimsOf('p1'), async (tx) => {
			await tx.query(`select record_signpost_feedback($1, 'helped_a_lot', null, null)`, [signposts.sp1]);
			const deleted = keys(await tx.query<{ k: string }>(`delete from conversations where id = $1 returning id as k`, [conversations.conv1]));
			await become(tx, serviceClaims);
			return {
				deleted,
				left: await one<number>(tx, `select ((select count(*) from conversation_outcomes where conversation_id = $1)
					+ (select count(*) from signposts where conversation_id = $1) + (select count(*) from conversation_transfers where conversation_id = $1))::int`,
				[conversations.conv1]),
				feedback: await one<number>(tx, `select count(*)::int from asset_feedback where source = 'practitioner'`)
			};
		});
		expect(outcome.value).toEqual({ deleted: ['conv1'], left: 0, feedback: 1 });
	});
});

describe('conversation_outcomes', () => {
	it.each([[0], [4], [-1]])('a priority of %s is refused (1–3)', async (priority) => {
		refused(await as('p1', `insert into conversation_outcomes (conversation_id, outcome_id, priority) values ($1, 'mobility', $2)`,
			[conversations.conv1, priority]), /check constraint/);
	});

	it('priority defaults to 2; an outcome appears once per record', async () => {
		const outcome = await attemptTx(claimsOf('p1'), async (tx) => {
			const [row] = await tx.query(`insert into conversation_outcomes (conversation_id, outcome_id) values ($1, 'mobility') returning priority`, [conversations.conv1]);
			const again = await errorOf(tx, `insert into conversation_outcomes (conversation_id, outcome_id) values ($1, 'mobility')`, [conversations.conv1]);
			return { row, again: codeOf(again) };
		});
		expect(outcome.value).toEqual({ row: { priority: 2 }, again: '23505' });
	});

	it('p2 cannot slip an outcome into p1’s record', async () => {
		refused(await as('p2', `insert into conversation_outcomes (conversation_id, outcome_id, priority) values ($1, 'mobility', 1)`, [conversations.conv1]),
			/row-level security/);
	});
});

// ---------------------------------------------------------------------------------------------
// Signposts and referrals

const insertSignpost = `insert into signposts (conversation_id, offer_id, offer_title, organisation_id, kind, shared_details)
	values ($1, $2, $3, $4, $5, $6) returning organisation_id, offer_title, status, status_changed_at, shared_details`;

describe('signposts: adding one', () => {
	it('the offer decides the group and the title (whatever the insert says)', async () => {
		const { rows, error } = await as('p1', insertSignpost, [conversations.conv1, offers.offerA, 'Made up', orgs.orgB, 'signpost', null]);
		expect(error).toBeUndefined();
		expect(rows).toEqual([{ organisation_id: orgs.orgA, offer_title: 'Evening walk', status: 'suggested', status_changed_at: null, shared_details: null }]);
	});

	it.each([
		['a draft', offers.draftA], ['a pending group’s offer', offers.offerP], ['an offer that does not exist', uuid(0x3399)], ['no offer', null]
	])("a signpost to %s is refused: 'offer_not_found'", async (_, offer) => {
		for (const kind of ['signpost', 'referral']) {
			hinted(await as('p1', insertSignpost, [conversations.conv1, offer, '', null, kind, null]), 'offer_not_found');
		}
	});

	it("a practitioner who belongs to group A (and so reads its draft) cannot signpost to the draft either: 'offer_not_found'", async () => {
		const mine = uuid(0x3499);
		const outcome = await attemptTx(serviceClaims, async (tx) => {
			await tx.query(`insert into user_roles (user_id, role) values ($1, 'practitioner')`, [users.ownerA]);
			await tx.query(`insert into conversations (id, holder_id, consent_record_at) values ($1, $2, now())`, [mine, users.ownerA]);
			await become(tx, claimsOf('ownerA'));
			const readsDraft = await one<number>(tx, `select count(*)::int from offers where id = $1`, [offers.draftA]);
			const error = await errorOf(tx, insertSignpost, [mine, offers.draftA, '', null, 'referral', null]);
			const made = await tx.query(insertSignpost, [mine, offers.offerA, '', null, 'referral', null]);
			return { readsDraft, hint: hintOf(error), made: made.map((r) => r.offer_title) };
		});
		expect(outcome.value).toEqual({ readsDraft: 1, hint: 'offer_not_found', made: ['Evening walk'] });
	});

	it("a referral with details from a record without consent to share is refused: 'no_consent_to_share'", async () => {
		hinted(await as('p1', insertSignpost, [conversations.conv1b, offers.offerB, '', null, 'referral', 'Ann, 07700 900123']), 'no_consent_to_share');
	});

	it('without details, or with consent to share, the referral is made', async () => {
		const outcome = await attemptTx(claimsOf('p1'), async (tx) => [
			...(await tx.query(insertSignpost, [conversations.conv1b, offers.offerB, '', null, 'referral', null])),
			...(await tx.query(insertSignpost, [conversations.conv1, offers.offerB, '', null, 'referral', 'Ann, after 5pm']))
		]);
		expect(outcome.value).toEqual([
			{ organisation_id: orgs.orgB, offer_title: 'Peer support', status: 'suggested', status_changed_at: null, shared_details: null },
			{ organisation_id: orgs.orgB, offer_title: 'Peer support', status: 'suggested', status_changed_at: null, shared_details: 'Ann, after 5pm' }
		]);
	});

	it('a plain signpost carries no details (check constraint)', async () => {
		refused(await as('p1', insertSignpost, [conversations.conv1, offers.offerA, '', null, 'signpost', 'Ann']), /check constraint/);
	});

	it('the repository turns the hints into reasons', async () => {
		const outcome = await attemptTx(claimsOf('p1'), async (tx) => ({
			draft: await addSignpost(tx, conversations.conv1, { offerId: offers.draftA, kind: 'signpost', sharedDetails: null, outcomeId: null }),
			noConsent: await addSignpost(tx, conversations.conv1b, { offerId: offers.offerA, kind: 'referral', sharedDetails: 'Ann', outcomeId: null }),
			notMine: await addSignpost(tx, conversations.conv2, { offerId: offers.offerA, kind: 'signpost', sharedDetails: null, outcomeId: null }),
			made: await addSignpost(tx, conversations.conv1, { offerId: offers.offerB, kind: 'referral', sharedDetails: 'Ann', outcomeId: 'no-such-outcome' })
		}));
		expect(outcome.value).toEqual({
			draft: { ok: false, reason: 'offer_not_found' }, noConsent: { ok: false, reason: 'no_consent_to_share' },
			notMine: { ok: false, reason: 'not_found' }, made: { ok: true }
		});
	});

	// signpost_guard checks consent to share on UPDATE too: otherwise the holder could add the details
	// afterwards (shared_details is in the column grant) and the group would read them through referrals_to().
	it("details cannot be added afterwards to a referral without consent to share: 'no_consent_to_share'; the group sees none", async () => {
		const outcome = await attemptTx(claimsOf('p1'), async (tx) => {
			const error = await errorOf(tx, `update signposts set shared_details = 'Ann, 07700 900123' where id = $1`, [signposts.ref1c]);
			const cleared = await tx.query(`update signposts set shared_details = null where id = $1 returning id`, [signposts.ref1c]);
			await become(tx, claimsOf('ownerA'));
			const seen = await tx.query<{ shared_details: string | null }>(`select shared_details from referrals_to($1) where id = $2`, [orgs.orgA, signposts.ref1c]);
			return { hint: hintOf(error), code: codeOf(error), cleared: cleared.length, seenByGroup: seen.map((r) => r.shared_details) };
		});
		expect(outcome.value).toEqual({ hint: 'no_consent_to_share', code: 'P0001', cleared: 1, seenByGroup: [null] });
	});

	it('with consent to share, the holder may change a referral’s details', async () => {
		const { rows, error } = await as('p1', `update signposts set shared_details = 'Ann, evenings' where id = $1 returning shared_details`, [signposts.ref1]);
		expect(error).toBeUndefined();
		expect(rows).toEqual([{ shared_details: 'Ann, evenings' }]);
	});
});

describe('consent to share withdrawn', () => {
	/** Every referral's shared details, as the server, by fixture name. */
	const detailsNow = async (tx: Tx, claims: Claims) => {
		await become(tx, serviceClaims);
		const rows = await tx.query<{ k: string; shared_details: string | null }>(`select id as k, shared_details from signposts where kind = 'referral'`);
		await become(tx, claims);
		return Object.fromEntries(rows.map((r) => [keyName(r.k), r.shared_details]));
	};
	const fixtureDetails = { ref1: DETAILS_1, ref1B: DETAILS_1B, ref1c: null, ref2: DETAILS_2 };

	it('the record’s referrals lose their shared details (every group’s), and only the details: other records and columns stay', async () => {
		const outcome = await attemptTx(claimsOf('p1'), async (tx) => {
			const saved = await tx.query(`update conversations set consent_share_at = null, version = version + 1 where id = $1 returning version`, [conversations.conv1]);
			const signpostsNow = await tx.query(`select id as k, status, outcome_id, rating from signposts where conversation_id = $1 order by id`, [conversations.conv1]);
			const details = await detailsNow(tx, claimsOf('p1'));
			await become(tx, claimsOf('ownerA'));
			const seenByA = (await tx.query<ReferralRow>(referralsSql, [orgs.orgA])).map((r) => [keyName(r.id), r.shared_details]);
			await become(tx, claimsOf('ownerB'));
			const seenByB = (await tx.query<ReferralRow>(referralsSql, [orgs.orgB])).map((r) => [keyName(r.id), r.shared_details]);
			return { saved, signposts: signpostsNow.map((r) => ({ ...r, k: keyName(String(r.k)) })), details, seenByA, seenByB };
		});
		expect(outcome.error).toBeUndefined();
		expect(outcome.value).toEqual({
			saved: [{ version: 2 }],
			signposts: [
				{ k: 'sp1', status: 'suggested', outcome_id: 'seeing-people', rating: null },
				{ k: 'ref1', status: 'suggested', outcome_id: 'seeing-people', rating: null },
				{ k: 'ref1B', status: 'suggested', outcome_id: null, rating: null }
			],
			details: { ...fixtureDetails, ref1: null, ref1B: null },
			seenByA: [['ref1', null], ['ref1c', null], ['ref2', DETAILS_2]],
			seenByB: [['ref1B', null]]
		});
	});

	it("after withdrawing, details cannot be given again ('no_consent_to_share') until the person agrees again", async () => {
		const outcome = await attemptTx(claimsOf('p1'), async (tx) => {
			await tx.query(`update conversations set consent_share_at = null, version = version + 1 where id = $1`, [conversations.conv1]);
			const withdrawn = hintOf(await errorOf(tx, `update signposts set shared_details = 'Ann, again' where id = $1`, [signposts.ref1]));
			const newReferral = hintOf(await errorOf(tx, insertSignpost, [conversations.conv1, offers.offerB, '', null, 'referral', 'Ann, again']));
			await tx.query(`update conversations set consent_share_at = now(), version = version + 1 where id = $1`, [conversations.conv1]);
			const again = await tx.query(`update signposts set shared_details = 'Ann, again' where id = $1 returning shared_details`, [signposts.ref1]);
			return { withdrawn, newReferral, again };
		});
		expect(outcome.value).toEqual({ withdrawn: 'no_consent_to_share', newReferral: 'no_consent_to_share', again: [{ shared_details: 'Ann, again' }] });
	});

	it('a save that keeps the consent (or never had it) leaves the details alone; the repository’s save clears them when consent is unticked', async () => {
		const input = (consentShare: boolean, version: number) => ({
			words: { words_matters: 'Seeing my grandchildren', words_concerns: null, words_better: null, words_less_anxious: null, strengths: null, notes: null },
			outcomes: [], status: 'active' as const, followUpOn: null, planLanguage: 'en' as const, consentShare, consentContact: false, version
		});
		const outcome = await attemptTx(claimsOf('p1'), async (tx) => {
			await tx.query(`update conversations set notes = 'Kept', version = version + 1 where id = $1`, [conversations.conv1]);
			await tx.query(`update conversations set consent_share_at = now() - interval '1 day', version = version + 1 where id = $1`, [conversations.conv1]);
			await tx.query(`update conversations set consent_share_at = null, version = version + 1 where id = $1`, [conversations.conv1b]);
			const kept = await saveRecord(tx, conversations.conv1, input(true, 3));
			const afterKeeping = await detailsNow(tx, claimsOf('p1'));
			const unticked = await saveRecord(tx, conversations.conv1, input(false, 4));
			return { kept, afterKeeping, unticked, afterUnticking: await detailsNow(tx, claimsOf('p1')) };
		});
		expect(outcome.error).toBeUndefined();
		expect(outcome.value).toEqual({
			kept: { ok: true, version: 4 }, afterKeeping: fixtureDetails,
			unticked: { ok: true, version: 5 }, afterUnticking: { ...fixtureDetails, ref1: null, ref1B: null }
		});
	});

	it('another practitioner cannot withdraw it for them (nothing to update), and the details stay', async () => {
		const outcome = await attemptTx(claimsOf('p2'), async (tx) => ({
			updated: await tx.query(`update conversations set consent_share_at = null, version = version + 1 where id = $1 returning id`, [conversations.conv1]),
			details: await detailsNow(tx, claimsOf('p2'))
		}));
		expect(outcome.value).toEqual({ updated: [], details: fixtureDetails });
	});
});

interface ReferralRow { id: string; offer_id: string; offer_title: string; status: string; shared_details: string | null; practitioner_name: string | null; practitioner_email: string | null }
const referralsSql = `select id, offer_id, offer_title, status, shared_details, practitioner_name, practitioner_email from referrals_to($1) order by id`;

describe('signposts: the receiving group', () => {
	it('the owner of A reads the referrals to A through referrals_to(): what the person agreed to share and who referred; no signpost, nothing to B', async () => {
		const { rows, error } = await as<ReferralRow>('ownerA', referralsSql, [orgs.orgA]);
		expect(error).toBeUndefined();
		expect(rows.map((r) => ({ ...r, id: keyName(r.id), offer_id: keyName(r.offer_id) }))).toEqual([
			{ id: 'ref1', offer_id: 'offerA', offer_title: 'Evening walk', status: 'suggested', shared_details: DETAILS_1, practitioner_name: 'Pat One', practitioner_email: emailOf('p1') },
			{ id: 'ref1c', offer_id: 'offerA', offer_title: 'Evening walk', status: 'suggested', shared_details: null, practitioner_name: 'Pat One', practitioner_email: emailOf('p1') },
			{ id: 'ref2', offer_id: 'offerA', offer_title: 'Evening walk', status: 'suggested', shared_details: DETAILS_2, practitioner_name: 'Sam Two', practitioner_email: emailOf('p2') }
		]);
	});

	it('the owner of B reads only B’s referral; the repository reads the same', async () => {
		const outcome = await attemptTx(claimsOf('ownerB'), async (tx) => (await referralsTo(tx, orgs.orgB)).map((r) => [keyName(r.id), r.shared_details, r.practitioner_name]));
		expect(outcome.value).toEqual([['ref1B', DETAILS_1B, 'Pat One']]);
	});

	it('reading signposts directly, the owner of A finds nothing: not the referrals to A, not the plain signpost to offerA', async () => {
		const outcome = await attemptTx(claimsOf('ownerA'), async (tx) => ({
			byOffer: await tx.query(`select id from signposts where offer_id = $1`, [offers.offerA]),
			byGroup: await tx.query(`select id from signposts where organisation_id = $1`, [orgs.orgA]),
			byId: await tx.query(`select * from signposts where id = any($1)`, [[signposts.ref1, signposts.ref1c, signposts.ref2, signposts.sp1]])
		}));
		expect(outcome.value).toEqual({ byOffer: [], byGroup: [], byId: [] });
	});

	it.each([['p1'], ['p2'], ['ownerB'], ['planner'], ['moderator'], ['admin']] as const)('%s cannot call referrals_to(A) (members only, 42501)', async (who) => {
		const outcome = await as(who, referralsSql, [orgs.orgA]);
		refused(outcome, /Only the group's members read its referrals/);
		expect(codeOf(outcome.error)).toBe('42501');
	});

	// set_referral_status(referral, organisation, status) for every actor: each call names a signpost and
	// the group it is meant to be a referral to. 'true' moved it; 'false': not a referral to that group.
	const statusCalls = [
		['ref1', 'orgA'], ['ref1c', 'orgA'], ['ref2', 'orgA'], ['sp1', 'orgA'], ['ref1B', 'orgA'], ['nothing', 'orgA'], ['ref1B', 'orgB'], ['ref1', 'orgB']
	] as const;
	const signpostId = (name: string) => (name === 'nothing' ? uuid(0x3599) : signposts[name as keyof typeof signposts]);
	/** A call's result as text ('true', 'false'), or its refusal: the SQLSTATE, or NO_PRIVILEGE. */
	async function resultOf(tx: Tx, sql: string, params: unknown[]): Promise<string> {
		try {
			return String(await withSavepoint(tx, (inner) => one<unknown>(inner, sql, params)));
		} catch (error) {
			return /permission denied for function/.test(messageOf(error)) ? NO_PRIVILEGE : String(codeOf(error));
		}
	}
	const nobody = statusCalls.map(() => '42501');
	const statusMatrix: Record<Actor, { results: string[]; moved: string[] }> = {
		anon: { results: statusCalls.map(() => NO_PRIVILEGE), moved: [] },
		ownerA: { results: ['true', 'true', 'true', 'false', 'false', 'false', '42501', '42501'], moved: [...referralsToA].map((k) => `${k} by ownerA`) },
		ownerB: { results: ['42501', '42501', '42501', '42501', '42501', '42501', 'true', 'false'], moved: ['ref1B by ownerB'] },
		p1: { results: nobody, moved: [] }, p2: { results: nobody, moved: [] }, planner: { results: nobody, moved: [] },
		moderator: { results: nobody, moved: [] }, admin: { results: nobody, moved: [] }, service: { results: nobody, moved: [] }
	};

	it.each(actors.map((a) => [a, statusMatrix[a].results.join(' '), statusMatrix[a].moved.length] as const))(
		'set_referral_status() as %s → %s; %s moved', async (actor) => {
			const outcome = await attemptTx(actorClaims(actor), async (tx) => {
				const results: string[] = [];
				for (const [signpost, org] of statusCalls) results.push(await resultOf(tx, 'select set_referral_status($1, $2, $3)', [signpostId(signpost), orgs[org], 'contacted']));
				await become(tx, serviceClaims);
				const moved = await tx.query<{ k: string; by: string }>(`select id as k, status_changed_by as by from signposts
					where status <> 'suggested' or status_changed_at is not null or status_changed_by is not null`);
				return { results, moved: moved.map((r) => `${keyName(r.k)} by ${keyName(String(r.by))}`).sort() };
			});
			expect(outcome.error).toBeUndefined();
			expect(outcome.value).toEqual(statusMatrix[actor]);
		});

	it('a member moves a referral’s status through set_referral_status(): the trigger records who and when, nothing else changes, and the practitioner sees it', async () => {
		const otherColumns = `select row(conversation_id, offer_id, organisation_id, offer_title, outcome_id, kind, shared_details, rating, rated_at, created_at)::text
			from signposts where id = $1`;
		const outcome = await attemptTx(claimsOf('p1'), async (tx) => {
			await tx.query(`select record_signpost_feedback($1, 'did_not_help', null, null)`, [signposts.ref1]);
			const before = await asServer<string>(tx, claimsOf('ownerA'), otherColumns, [signposts.ref1]);
			const done = await one<boolean>(tx, `select set_referral_status($1, $2, 'contacted')`, [signposts.ref1, orgs.orgA]);
			const listed = (await tx.query<ReferralRow>(referralsSql, [orgs.orgA])).map((r) => [keyName(r.id), r.status]);
			const after = await asServer<string>(tx, claimsOf('p1'), otherColumns, [signposts.ref1]);
			const seen = await tx.query(`select status, status_changed_by, status_changed_at = now() as changed_now from signposts where id = $1`, [signposts.ref1]);
			return { done, listed, unchanged: after === before && before.includes('did_not_help'), seen };
		});
		expect(outcome.error).toBeUndefined();
		expect(outcome.value).toEqual({
			done: true, listed: [['ref1', 'contacted'], ['ref1c', 'suggested'], ['ref2', 'suggested']], unchanged: true,
			seen: [{ status: 'contacted', status_changed_by: users.ownerA, changed_now: true }]
		});
	});

	it('the status keeps to its vocabulary through the function too', async () => {
		const outcome = await attemptTx(claimsOf('ownerA'), async (tx) => ({
			unknown: await resultOf(tx, `select set_referral_status($1, $2, 'archived')`, [signposts.ref1, orgs.orgA]),
			none: await resultOf(tx, `select set_referral_status($1, $2, null)`, [signposts.ref1, orgs.orgA]),
			status: await asServer<string>(tx, claimsOf('ownerA'), `select status from signposts where id = $1`, [signposts.ref1])
		}));
		expect(outcome.value).toEqual({ unknown: '23514', none: '23502', status: 'suggested' });
	});

	it('the repository moves a referral for the group: false when it is not a referral to the group, or not an id; another group is refused (42501)', async () => {
		const outcome = await attemptTx(claimsOf('ownerA'), async (tx) => {
			const moved = await setReferralStatus(tx, orgs.orgA, signposts.ref2, 'attending');
			const signpost = await setReferralStatus(tx, orgs.orgA, signposts.sp1, 'attending');
			const elsewhere = await setReferralStatus(tx, orgs.orgA, signposts.ref1B, 'attending');
			const notAnId = await setReferralStatus(tx, orgs.orgA, 'ref2', 'attending');
			let otherGroup: string | undefined;
			try {
				await withSavepoint(tx, (inner) => setReferralStatus(inner, orgs.orgB, signposts.ref1B, 'attending'));
			} catch (error) {
				otherGroup = codeOf(error);
			}
			const statuses = await asServer<string>(tx, claimsOf('ownerA'), `select string_agg(status, ',' order by id) from signposts`);
			return { moved, signpost, elsewhere, notAnId, otherGroup, statuses };
		});
		expect(outcome.value).toEqual({
			moved: true, signpost: false, elsewhere: false, notAnId: false, otherGroup: '42501',
			// by id: sp1, ref1, ref1B, ref1c, ref2
			statuses: 'suggested,suggested,suggested,suggested,attending'
		});
	});

	it.each([
		['the status', `status = 'contacted'`], ['the rating', `rating = 'helped_a_lot'`], ['when it was rated', 'rated_at = current_date'],
		['the outcome', `outcome_id = 'mobility'`], ['the shared details', `shared_details = 'Someone else'`], ['the details, to none', 'shared_details = null'],
		['the status and the rating together', `status = 'attending', rating = 'did_not_help'`]
	])('a group member cannot change %s directly (no row to update), and nothing changes', async (_, set) => {
		const outcome = await attemptTx(claimsOf('ownerA'), async (tx) => {
			const updated: string[] = [];
			for (const who of ['ownerA', 'ownerB'] as const) {
				await become(tx, claimsOf(who));
				updated.push(...keys(await tx.query<{ k: string }>(`update signposts set ${set} where id = any($1) returning id as k`, [[signposts.ref1, signposts.ref1B]])));
			}
			const rows = await asServer<string>(tx, claimsOf('ownerA'),
				`select string_agg(row(status, status_changed_by, rating, rated_at, outcome_id, shared_details)::text, ' ' order by id) from signposts where id = any($1)`,
				[[signposts.ref1, signposts.ref1B]]);
			return { updated, rows };
		});
		expect(outcome.error).toBeUndefined();
		expect(outcome.value).toEqual({ updated: [], rows: `(suggested,,,,seeing-people,"${DETAILS_1}") (suggested,,,,,"${DETAILS_1B}")` });
	});

	it('a member cannot move a referral to another group or signpost, nor delete it', async () => {
		for (const set of [`organisation_id = '${orgs.orgB}'`, `kind = 'signpost'`, `offer_id = '${offers.offerB}'`]) {
			refused(await as('ownerA', `update signposts set ${set} where id = $1`, [signposts.ref1]), /permission denied/);
		}
		const outcome = await attemptTx(claimsOf('ownerA'), async (tx) => ({
			deleted: await tx.query(`delete from signposts where id = $1 returning id`, [signposts.ref1]),
			left: await asServer<number>(tx, claimsOf('ownerA'), `select count(*)::int from signposts where id = $1`, [signposts.ref1])
		}));
		expect(outcome.value).toEqual({ deleted: [], left: 1 });
	});

	it('the owner of B cannot move or read A’s referral (nothing changes), nor the plain signpost', async () => {
		const outcome = await attemptTx(claimsOf('ownerB'), async (tx) => ({
			updated: await tx.query(`update signposts set status = 'declined' where id = any($1) returning id`, [[signposts.ref1, signposts.sp1]]),
			read: await tx.query(`select id from signposts where id = any($1)`, [[signposts.ref1, signposts.sp1]]),
			status: await asServer<string>(tx, claimsOf('ownerB'), `select string_agg(status, ',') from signposts where id = any($1)`, [[signposts.ref1, signposts.sp1]])
		}));
		expect(outcome.value).toEqual({ updated: [], read: [], status: 'suggested,suggested' });
	});

	// The follow-up (rating, rated_at) and the person's outcome stay the practitioner's: the group has no
	// policy to read signposts with, and referrals_to() returns only the shared columns.
	it('a member of A cannot read the practitioner’s follow-up or the person’s outcome on a referral, directly or through referrals_to()', async () => {
		const outcome = await attemptTx(claimsOf('p1'), async (tx) => {
			await tx.query(`select record_signpost_feedback($1, 'did_not_help', 'seeing-people', 'They never called back')`, [signposts.ref1]);
			await become(tx, claimsOf('ownerA'));
			const direct = await tx.query(`select rating, rated_at::text, outcome_id from signposts where id = $1`, [signposts.ref1]);
			const [listed] = await tx.query(`select * from referrals_to($1) where id = $2`, [orgs.orgA, signposts.ref1]);
			return { direct, columns: Object.keys(listed ?? {}).sort() };
		});
		expect(outcome.error).toBeUndefined();
		expect(outcome.value).toEqual({
			direct: [],
			columns: ['created_at', 'id', 'offer_id', 'offer_title', 'practitioner_email', 'practitioner_name', 'shared_details', 'status', 'status_changed_at']
		});
	});
});

// ---------------------------------------------------------------------------------------------
// Handover

const transferSql = 'select transfer_conversation($1, $2)';

describe('transfer_conversation()', () => {
	it('p1 hands conv1 to p2 by email (any case, spaces): logged; p1 no longer reads any of it; p2 reads all of it; the group sees p2 as the practitioner', async () => {
		const outcome = await attemptTx(claimsOf('p1'), async (tx) => {
			await tx.query(transferSql, [conversations.conv1, '  P2@Example.ORG ']);
			const p1 = {
				record: await tx.query(`select id from conversations where id = $1`, [conversations.conv1]),
				outcomes: await tx.query(`select outcome_id from conversation_outcomes where conversation_id = $1`, [conversations.conv1]),
				signposts: await tx.query(`select id from signposts where conversation_id = $1`, [conversations.conv1]),
				transfers: await tx.query(`select id from conversation_transfers where conversation_id = $1`, [conversations.conv1]),
				again: codeOf(await errorOf(tx, transferSql, [conversations.conv1, emailOf('p2')]))
			};
			await become(tx, claimsOf('p2'));
			const p2 = {
				record: await tx.query(`select holder_id, version, words_matters from conversations where id = $1`, [conversations.conv1]),
				outcomes: await one<number>(tx, `select count(*)::int from conversation_outcomes where conversation_id = $1`, [conversations.conv1]),
				signposts: keys(await tx.query<{ k: string }>(`select id as k from signposts where conversation_id = $1`, [conversations.conv1])),
				transfers: await tx.query(`select from_user, to_user, transferred_at = now() as now from conversation_transfers
					where conversation_id = $1 order by transferred_at`, [conversations.conv1])
			};
			await become(tx, claimsOf('ownerA'));
			const group = (await tx.query<ReferralRow>(referralsSql, [orgs.orgA])).find((r) => r.id === signposts.ref1)?.practitioner_name;
			return { p1, p2, group };
		});
		expect(outcome.error).toBeUndefined();
		expect(outcome.value).toEqual({
			p1: { record: [], outcomes: [], signposts: [], transfers: [], again: '42501' },
			p2: {
				record: [{ holder_id: users.p2, version: 2, words_matters: 'Seeing my grandchildren' }],
				outcomes: 2,
				signposts: ['ref1', 'ref1B', 'sp1'],
				transfers: [{ from_user: users.p2, to_user: users.p1, now: false }, { from_user: users.p1, to_user: users.p2, now: true }]
			},
			group: 'Sam Two'
		});
	});

	it('p2 can hand it back, and the log keeps both', async () => {
		const outcome = await attemptTx(claimsOf('p1'), async (tx) => {
			await tx.query(transferSql, [conversations.conv1, emailOf('p2')]);
			await become(tx, claimsOf('p2'));
			await tx.query(transferSql, [conversations.conv1, emailOf('p1')]);
			await become(tx, claimsOf('p1'));
			return {
				version: await one<number>(tx, `select version from conversations where id = $1`, [conversations.conv1]),
				log: await one<number>(tx, `select count(*)::int from conversation_transfers where conversation_id = $1 and transferred_at = now()`, [conversations.conv1])
			};
		});
		expect(outcome.value).toEqual({ version: 3, log: 2 });
	});

	it('an admin counts as a practitioner and can receive a record (has_role gives an admin every role)', async () => {
		const outcome = await attemptTx(claimsOf('p1'), async (tx) => {
			await tx.query(transferSql, [conversations.conv1b, emailOf('admin')]);
			await become(tx, claimsOf('admin'));
			return keys(await tx.query<{ k: string }>(`select id as k from conversations`));
		});
		expect(outcome.value).toEqual(['conv1b']);
	});

	it.each([
		['a planner', emailOf('planner'), 'not_a_practitioner'], ['a group owner', emailOf('ownerA'), 'not_a_practitioner'],
		['a moderator', emailOf('moderator'), 'not_a_practitioner'], ['nobody', 'nobody@example.org', 'not_a_practitioner'],
		['no address', '', 'not_a_practitioner'], ['p1 themself', ` ${emailOf('p1').toUpperCase()}`, 'already_yours']
	])("p1 handing conv1 to %s (%j) is refused: '%s'; nothing changes", async (_, email, hint) => {
		const outcome = await attemptTx(claimsOf('p1'), async (tx) => {
			const error = await errorOf(tx, transferSql, [conversations.conv1, email]);
			return {
				hint: hintOf(error),
				holder: await one<string>(tx, `select holder_id from conversations where id = $1`, [conversations.conv1]),
				log: await asServer<number>(tx, claimsOf('p1'), `select count(*)::int from conversation_transfers`)
			};
		});
		expect(outcome.value).toEqual({ hint, holder: users.p1, log: 1 });
	});

	it('the repository turns the hints into reasons', async () => {
		const outcome = await attemptTx(claimsOf('p1'), async (tx) => ({
			planner: await transferConversation(tx, conversations.conv1, emailOf('planner')),
			self: await transferConversation(tx, conversations.conv1, emailOf('p1')),
			notMine: await transferConversation(tx, conversations.conv2, emailOf('admin')),
			done: await transferConversation(tx, conversations.conv1, emailOf('p2'))
		}));
		expect(outcome.value).toEqual({
			planner: { ok: false, reason: 'not_a_practitioner' }, self: { ok: false, reason: 'already_yours' },
			notMine: { ok: false, reason: 'not_found' }, done: { ok: true }
		});
	});

	it.each([['p2'], ['ownerA'], ['planner'], ['moderator'], ['admin']] as const)('%s cannot hand over p1’s record (42501); it stays with p1', async (who) => {
		const outcome = await attemptTx(claimsOf(who), async (tx) => {
			const error = await errorOf(tx, transferSql, [conversations.conv1, emailOf(who === 'p2' ? 'p2' : 'admin')]);
			return { code: codeOf(error), holder: await asServer<string>(tx, claimsOf(who), `select holder_id from conversations where id = $1`, [conversations.conv1]) };
		});
		expect(outcome.value).toEqual({ code: '42501', holder: users.p1 });
	});
});

// ---------------------------------------------------------------------------------------------
// Follow-up

const feedbackSql = 'select record_signpost_feedback($1, $2, $3, $4)';

describe('record_signpost_feedback()', () => {
	it('the holder says how it helped: one anonymous practitioner feedback row (offer kind, the record’s area, a Monday) with the outcome; the signpost keeps the answer and the note, the feedback no free text', async () => {
		const outcome = await attemptTx(claimsOf('p1'), async (tx) => {
			await tx.query(feedbackSql, [signposts.sp1, 'helped_a_bit', 'skills', '  Liked the group  ']);
			const signpost = await tx.query(`select rating, rated_at = current_date as today, outcome_id, follow_up_note from signposts where id = $1`, [signposts.sp1]);
			await become(tx, serviceClaims);
			const rows = await tx.query(`select f.offer_id, f.organisation_id, f.offer_kind, f.source, f.rating, f.note, f.district, f.h3,
					f.week = date_trunc('week', now())::date as this_week,
					array(select o.outcome_id from asset_feedback_outcomes o where o.feedback_id = f.id order by 1) as outcomes
				from asset_feedback f`);
			return { rows, signpost };
		});
		expect(outcome.error).toBeUndefined();
		expect(outcome.value).toEqual({
			rows: [{
				offer_id: offers.offerA, organisation_id: orgs.orgA, offer_kind: 'walking_group', source: 'practitioner', rating: 'helped_a_bit',
				note: null, district: 'CF10', h3: H3, this_week: true, outcomes: ['skills']
			}],
			signpost: [{ rating: 'helped_a_bit', today: true, outcome_id: 'skills', follow_up_note: 'Liked the group' }]
		});
	});

	it('counts an outcome only if it is one of the record’s', async () => {
		const outcome = await attemptTx(claimsOf('p1'), async (tx) => {
			const chosen = await tx.query<{ outcome_id: string }>(`select outcome_id from conversation_outcomes where conversation_id = (select conversation_id from signposts where id = $1)`, [signposts.sp1]);
			const other = ['feeling-safe', 'mobility', 'reduced-symptoms'].find((id) => !chosen.some((c) => c.outcome_id === id))!;
			await tx.query(feedbackSql, [signposts.sp1, 'helped_a_lot', other, null]);
			await become(tx, serviceClaims);
			return tx.query(`select array(select o.outcome_id from asset_feedback_outcomes o) as outcomes from asset_feedback`);
		});
		expect(outcome.value).toEqual([{ outcomes: [] }]);
	});

	it("a second time for the same signpost: 'feedback_given', and still one row", async () => {
		const outcome = await attemptTx(claimsOf('p1'), async (tx) => {
			await tx.query(feedbackSql, [signposts.ref1, 'did_not_go', null, null]);
			const again = await errorOf(tx, feedbackSql, [signposts.ref1, 'helped_a_lot', 'skills', 'Went after all']);
			return {
				hint: hintOf(again),
				rating: await one<string>(tx, `select rating from signposts where id = $1`, [signposts.ref1]),
				rows: await asServer<number>(tx, claimsOf('p1'), `select count(*)::int from asset_feedback`),
				outcomes: await asServer<number>(tx, claimsOf('p1'), `select count(*)::int from asset_feedback_outcomes`)
			};
		});
		expect(outcome.value).toEqual({ hint: 'feedback_given', rating: 'did_not_go', rows: 1, outcomes: 0 });
	});

	it('without an outcome, the signpost keeps the one it had and the feedback counts against none; a record without an area gives none', async () => {
		const outcome = await attemptTx(claimsOf('p1'), async (tx) => {
			await tx.query(feedbackSql, [signposts.ref1c, 'did_not_help', null, '   ']);
			await tx.query(feedbackSql, [signposts.ref1, 'helped_a_lot', null, null]);
			const kept = await tx.query(`select id as k, outcome_id from signposts where id = any($1) order by id`, [[signposts.ref1, signposts.ref1c]]);
			await become(tx, serviceClaims);
			return {
				kept: kept.map((r) => ({ ...r, k: keyName(String(r.k)) })),
				rows: await tx.query(`select rating, note, district, h3, (select count(*)::int from asset_feedback_outcomes o where o.feedback_id = f.id) as outcomes
					from asset_feedback f order by rating`)
			};
		});
		expect(outcome.value).toEqual({
			kept: [{ k: 'ref1', outcome_id: 'seeing-people' }, { k: 'ref1c', outcome_id: null }],
			rows: [
				{ rating: 'did_not_help', note: null, district: null, h3: null, outcomes: 0 },
				{ rating: 'helped_a_lot', note: null, district: 'CF10', h3: H3, outcomes: 0 }
			]
		});
	});

	it.each([['no rating', null], ['an unknown rating', 'great']])("%s is refused: 'rating_needed'", async (_, rating) => {
		hinted(await as('p1', feedbackSql, [signposts.sp1, rating, null, null]), 'rating_needed');
	});

	it.each([['p2'], ['ownerA'], ['ownerB'], ['planner'], ['moderator'], ['admin']] as const)('%s cannot follow up p1’s signposts (42501); no row is written', async (who) => {
		const outcome = await attemptTx(claimsOf(who), async (tx) => {
			const codes: (string | undefined)[] = [];
			for (const id of [signposts.sp1, signposts.ref1, signposts.ref1B]) codes.push(codeOf(await errorOf(tx, feedbackSql, [id, 'helped_a_lot', null, null])));
			return { codes, rows: await asServer<number>(tx, claimsOf(who), `select count(*)::int from asset_feedback`) };
		});
		expect(outcome.value).toEqual({ codes: ['42501', '42501', '42501'], rows: 0 });
	});

	it('a signpost that does not exist: 42501 (as for one not yours)', async () => {
		const outcome = await as('p1', feedbackSql, [uuid(0x3599), 'helped_a_lot', null, null]);
		expect(codeOf(outcome.error), messageOf(outcome.error)).toBe('42501');
	});

	it('the repository turns the hints into reasons', async () => {
		const outcome = await attemptTx(claimsOf('p1'), async (tx) => ({
			first: await recordFollowUp(tx, signposts.sp1, { rating: 'helped_a_lot', outcomeId: null, note: null }),
			second: await recordFollowUp(tx, signposts.sp1, { rating: 'helped_a_lot', outcomeId: null, note: null }),
			notMine: await recordFollowUp(tx, signposts.ref2, { rating: 'helped_a_lot', outcomeId: null, note: null })
		}));
		expect(outcome.value).toEqual({ first: { ok: true }, second: { ok: false, reason: 'feedback_given' }, notMine: { ok: false, reason: 'not_found' } });
	});

	it('an unknown outcome is ignored: the follow-up is recorded, the signpost keeps its outcome (or none), and the feedback counts against none', async () => {
		const outcome = await attemptTx(claimsOf('p1'), async (tx) => {
			await tx.query(feedbackSql, [signposts.sp1, 'helped_a_lot', 'no-such-outcome', null]);
			const viaRepository = await recordFollowUp(tx, signposts.ref1B, { rating: 'helped_a_bit', outcomeId: 'no-such-outcome', note: null });
			const kept = await tx.query(`select id as k, rating, outcome_id from signposts where id = any($1) order by id`, [[signposts.sp1, signposts.ref1B]]);
			await become(tx, serviceClaims);
			return {
				viaRepository,
				kept: kept.map((r) => ({ ...r, k: keyName(String(r.k)) })),
				feedback: await one<number>(tx, `select count(*)::int from asset_feedback`),
				outcomes: await one<number>(tx, `select count(*)::int from asset_feedback_outcomes`)
			};
		});
		expect(outcome.error).toBeUndefined();
		expect(outcome.value).toEqual({
			viaRepository: { ok: true },
			kept: [{ k: 'sp1', rating: 'helped_a_lot', outcome_id: 'seeing-people' }, { k: 'ref1B', rating: 'helped_a_bit', outcome_id: null }],
			feedback: 2, outcomes: 0
		});
	});
});

// ---------------------------------------------------------------------------------------------
// Retention

describe('erase_expired_conversation_text()', () => {
	/** As the server: conv1 started 400 days ago, conv2 100 days ago, sp1 rated; then erase. */
	async function eraseOld(tx: Tx, keep: string) {
		await become(tx, serviceClaims);
		await tx.query(`update conversations set created_at = now() - interval '400 days' where id = $1`, [conversations.conv1]);
		await tx.query(`update conversations set created_at = now() - interval '100 days' where id = $1`, [conversations.conv2]);
		await tx.query(`update signposts set rating = 'helped_a_lot', rated_at = current_date where id = $1`, [signposts.sp1]);
		return one<number>(tx, `select erase_expired_conversation_text($1::interval)`, [keep]);
	}

	it('erases the free text, the reference and the referrals’ shared details of records older than asked; keeps the rest; returns how many', async () => {
		const outcome = await attemptTx(serviceClaims, async (tx) => {
			const erased = await eraseOld(tx, '365 days');
			const records = await tx.query(`select id as k, ${wordColumns}, text_erased_at = now() as erased_now, version, district, h3, status,
					consent_share_at is not null as share from conversations order by id`);
			return {
				erased,
				records: records.map((r) => ({ ...r, k: keyName(String(r.k)) })),
				outcomes: await one<number>(tx, `select count(*)::int from conversation_outcomes`),
				signposts: (await tx.query(`select id as k, offer_title, rating, shared_details, outcome_id from signposts order by id`))
					.map((r) => ({ ...r, k: keyName(String(r.k)) })),
				again: await one<number>(tx, `select erase_expired_conversation_text(interval '365 days')`)
			};
		});
		expect(outcome.error).toBeUndefined();
		const none = { reference: null, words_matters: null, words_concerns: null, words_better: null, words_less_anxious: null, strengths: null, notes: null };
		expect(outcome.value).toEqual({
			erased: 1,
			records: [
				{ k: 'conv1', ...none, erased_now: true, version: 2, district: 'CF10', h3: H3, status: 'active', share: true },
				{ k: 'conv1b', ...none, reference: 'No share', words_matters: 'Quiet time', erased_now: null, version: 1, district: null, h3: null, status: 'draft', share: false },
				{ k: 'conv2', ...none, reference: 'Green gate', words_matters: 'Walking again', erased_now: null, version: 1, district: 'CF10', h3: null, status: 'active', share: true }
			],
			outcomes: 3,
			signposts: [
				{ k: 'sp1', offer_title: 'Evening walk', rating: 'helped_a_lot', shared_details: null, outcome_id: 'seeing-people' },
				{ k: 'ref1', offer_title: 'Evening walk', rating: null, shared_details: null, outcome_id: 'seeing-people' },
				{ k: 'ref1B', offer_title: 'Peer support', rating: null, shared_details: null, outcome_id: null },
				{ k: 'ref1c', offer_title: 'Evening walk', rating: null, shared_details: null, outcome_id: null },
				{ k: 'ref2', offer_title: 'Evening walk', rating: null, shared_details: DETAILS_2, outcome_id: 'feeling-safe' }
			],
			again: 0
		});
	});

	it('a shorter period takes the younger record too; the group then sees the referral without details', async () => {
		const outcome = await attemptTx(serviceClaims, async (tx) => {
			const erased = await eraseOld(tx, '30 days');
			await become(tx, claimsOf('ownerA'));
			return { erased, details: (await tx.query<ReferralRow>(referralsSql, [orgs.orgA])).map((r) => [keyName(r.id), r.shared_details]) };
		});
		expect(outcome.value).toEqual({ erased: 2, details: [['ref1', null], ['ref1c', null], ['ref2', null]] });
	});

	it('erased text stays erased: the holder’s later save cannot write it back, though the rest of the save goes through', async () => {
		const outcome = await attemptTx(serviceClaims, async (tx) => {
			await eraseOld(tx, '365 days');
			await become(tx, claimsOf('p1'));
			return tx.query(`update conversations set reference = 'Blue door', words_matters = 'Typed again', strengths = 'Still a good cook',
					notes = 'x', status = 'closed', version = version + 1 where id = $1
				returning reference, words_matters, strengths, notes, status, version, text_erased_at is not null as erased`, [conversations.conv1]);
		});
		expect(outcome.error).toBeUndefined();
		expect(outcome.value).toEqual([{ reference: null, words_matters: null, strengths: null, notes: null, status: 'closed', version: 3, erased: true }]);
	});
});

// ---------------------------------------------------------------------------------------------
// Planners

describe('planners', () => {
	it('a planner reads no row of any of the new tables, even after a handover and a follow-up, and no referral; moves and erases nothing', async () => {
		const outcome = await attemptTx(claimsOf('p1'), async (tx) => {
			await tx.query(feedbackSql, [signposts.sp1, 'helped_a_lot', 'skills', null]);
			await tx.query(transferSql, [conversations.conv1b, emailOf('p2')]);
			await become(tx, claimsOf('planner'));
			const counts: Record<string, number> = {};
			for (const table of newTables) counts[table] = await one<number>(tx, `select count(*)::int from ${table}`);
			return {
				counts, referrals: codeOf(await errorOf(tx, 'select * from referrals_to($1)', [orgs.orgA])),
				status: codeOf(await errorOf(tx, `select set_referral_status($1, $2, 'declined')`, [signposts.ref1, orgs.orgA])),
				erase: codeOf(await errorOf(tx, 'select erase_conversation($1)', [conversations.conv1]))
			};
		});
		expect(outcome.value).toEqual({
			counts: { conversation_outcomes: 0, conversation_transfers: 0, conversations: 0, signposts: 0 }, referrals: '42501', status: '42501', erase: '42501'
		});
	});
});
