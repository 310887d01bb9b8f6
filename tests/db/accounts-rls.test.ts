// Row-level security of accounts and of the directory now that groups and roles exist
// (supabase/migrations/20261122000005_accounts.sql). Every request runs through withClaims as
// anon or as a signed-in user, exactly as the app does; set-up runs as service_role.
//
// The matrix below is the contract: for each table and each actor, which rows a select sees and
// which rows an update or delete touches, and whether an insert is allowed. Every attempt runs in
// its own transaction and is rolled back, so the fixture is the same for every cell. Scenarios
// that need several people one after another (accept, then revoke; delete an account) commit, on
// a second database, with people and invitations of their own.
import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anon, asService, freshDb, type TestDb, attemptOn, attemptSqlOn } from './template';
import { serviceClaims, type Claims, type Tx } from '../../src/lib/server/db/types';

// ---------------------------------------------------------------------------------------------
// Fixture

const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const sha256 = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

const users = {
	noRole: uuid(0x101), practitioner: uuid(0x102), moderator: uuid(0x103), planner: uuid(0x104),
	admin: uuid(0x105), ownerA: uuid(0x106), editorA: uuid(0x107), ownerB: uuid(0x108)
};
type User = keyof typeof users;
const emailOf = (user: User) => `${user.toLowerCase()}@example.org`;
const allUsers = Object.keys(users) as User[];

// A: published and verified. B: published, not verified. C: pending, nobody's (a moderator's work).
const orgs = { orgA: uuid(0x201), orgB: uuid(0x202), orgC: uuid(0x203) };
const locations = { locA: uuid(0x301), locA2: uuid(0x302), locB: uuid(0x303), locC: uuid(0x304) };
// offerC is "published" but its group is pending, so the public must not see it either.
const offers = { offerA: uuid(0x401), draftA: uuid(0x402), offerB: uuid(0x403), offerC: uuid(0x404) };
const invitations = { invSite: uuid(0x601), invA: uuid(0x602), invB: uuid(0x603) };
const tokens = { invSite: 'invite-site-token', invA: 'invite-a-token', invB: 'invite-b-token' };
const invitedEmail = { invSite: 'new.practitioner@example.org', invA: 'new.editor.a@example.org', invB: 'new.editor.b@example.org' };
const mail = { mailSite: uuid(0x701), mailReset: uuid(0x702) };
const sessions = { sessNoRole: uuid(0x801), sessOwnerA: uuid(0x802) };
const hex = (c: string) => c.repeat(64);
const authTokens = { tokNoRole: hex('a') };

const ids = { ...users, ...orgs, ...locations, ...offers, ...invitations, ...mail, ...sessions, ...authTokens };
type Key = keyof typeof ids | (string & {});
/** Row keys read back as fixture names; composite keys are joined with '/'. */
const nameOf = new Map(Object.entries(ids).map(([name, id]) => [id, name]));
const keyName = (value: string) => value.split('/').map((part) => nameOf.get(part) ?? part).join('/');

const claimsOf = (user: User): Claims => ({ role: 'authenticated', sub: users[user], email: emailOf(user) });
const actors = ['anon', ...allUsers] as const;
type Actor = (typeof actors)[number];
const actorClaims = (actor: Actor): Claims => (actor === 'anon' ? anon : claimsOf(actor));

async function seed(tx: Tx) {
	for (const user of allUsers) await tx.query('insert into auth.users (id, email) values ($1, $2)', [users[user], emailOf(user)]);
	for (const role of ['practitioner', 'moderator', 'planner', 'admin'] as const) {
		await tx.query('insert into user_roles (user_id, role) values ($1, $2)', [users[role], role]);
	}
	await tx.query(`insert into organisations (id, name, status, verified_at) values
		($1, 'Group A', 'published', now()), ($2, 'Group B', 'published', null), ($3, 'Group C', 'pending', null)`,
		[orgs.orgA, orgs.orgB, orgs.orgC]);
	await tx.query(`insert into organisation_members (organisation_id, user_id, role) values
		($1, $2, 'owner'), ($1, $3, 'editor'), ($4, $5, 'owner')`, [orgs.orgA, users.ownerA, users.editorA, orgs.orgB, users.ownerB]);
	for (const [loc, org] of [['locA', 'orgA'], ['locA2', 'orgA'], ['locB', 'orgB'], ['locC', 'orgC']] as const) {
		await tx.query(`insert into locations (id, organisation_id, name, lat, lng) values ($1, $2, $3, 51.5, -3.2)`, [locations[loc], orgs[org], loc]);
	}
	for (const [offer, org, status, loc] of [
		['offerA', 'orgA', 'published', 'locA'], ['draftA', 'orgA', 'draft', 'locA'],
		['offerB', 'orgB', 'published', 'locB'], ['offerC', 'orgC', 'published', 'locC']
	] as const) {
		await tx.query(`insert into offers (id, organisation_id, title_en, kind, cost, access, attendance, status)
			values ($1, $2, $3, 'activity', 'free', 'drop_in', 'in_person', $4)`, [offers[offer], orgs[org], offer, status]);
		await tx.query(`insert into offer_outcomes (offer_id, outcome_id) values ($1, 'seeing-people')`, [offers[offer]]);
		await tx.query(`insert into offer_locations (offer_id, location_id) values ($1, $2)`, [offers[offer], locations[loc]]);
		await tx.query(`insert into schedules (offer_id, freq, byday, opens_at, closes_at) values ($1, 'WEEKLY', '{MO}', '10:00', '12:00')`, [offers[offer]]);
	}
	await tx.query(`insert into invitations (id, email, role, organisation_id, token_hash, invited_by) values
		($1, $2, 'practitioner', null, $3, $4), ($5, $6, 'editor', $7, $8, $9), ($10, $11, 'editor', $12, $13, $14)`, [
		invitations.invSite, invitedEmail.invSite, sha256(tokens.invSite), users.admin,
		invitations.invA, invitedEmail.invA, orgs.orgA, sha256(tokens.invA), users.ownerA,
		invitations.invB, invitedEmail.invB, orgs.orgB, sha256(tokens.invB), users.ownerB
	]);
	await tx.query(`insert into outbox (id, to_email, kind, subject, body, invitation_id) values
		($1, $2, 'invitation', 'You are invited', 'Follow the link', $3), ($4, $5, 'reset_password', 'Reset', 'Follow the link', null)`,
		[mail.mailSite, invitedEmail.invSite, invitations.invSite, mail.mailReset, emailOf('noRole')]);
	await tx.query(`insert into auth_sessions (id, user_id, token_hash, expires_at) values
		($1, $2, $3, now() + interval '1 day'), ($4, $5, $6, now() + interval '1 day')`,
		[sessions.sessNoRole, users.noRole, hex('d'), sessions.sessOwnerA, users.ownerA, hex('e')]);
	await tx.query(`insert into auth_tokens (token_hash, user_id, purpose, expires_at) values ($1, $2, 'reset_password', now() + interval '1 hour')`,
		[authTokens.tokNoRole, users.noRole]);
	await tx.query(`insert into sign_in_attempts (account, address, succeeded) values ($1, '192.0.2.1', false)`, [emailOf('noRole')]);
}

// ---------------------------------------------------------------------------------------------
// Attempts that never leave a trace

let db: TestDb;
/** A second database for scenarios that must commit between two people's requests. */
let scratch: TestDb;

// Attempts on `db` (or `on`), rolled back: tests/db/template.ts.
const attemptTx = <T>(claims: Claims, fn: (tx: Tx) => Promise<T>, on: TestDb = db) => attemptOn(on, claims, fn);
const attempt = <Row = Record<string, unknown>>(claims: Claims, sql: string, params: unknown[] = [], on: TestDb = db) =>
	attemptSqlOn<Row>(on, claims, sql, params);

// Both adapters' errors carry PostgreSQL's fields (src/lib/server/db/errors.ts reads the same ones).
const hintOf = (error: unknown) => (error as { hint?: string } | undefined)?.hint;
const messageOf = (error: unknown) => (error as { message?: string } | undefined)?.message ?? String(error);

const NO_PRIVILEGE = 'no privilege'; // permission denied: the role lacks the table or column privilege
const REFUSED = 'refused'; // new row violates row-level security policy
const OK = 'ok';
type Expected = readonly Key[] | typeof NO_PRIVILEGE | typeof REFUSED | typeof OK;

/** What an attempt came to, in the matrix's terms; any other error fails the test as itself. */
async function outcomeOf(actor: Actor, op: Op, sql: string): Promise<Expected> {
	const { ok, rows, error } = await attempt<{ k: string }>(actorClaims(actor), sql);
	if (!ok) {
		const message = messageOf(error);
		if (/permission denied/.test(message)) return NO_PRIVILEGE;
		if (/row-level security/.test(message)) return REFUSED;
		throw error;
	}
	if (op === 'insert') return OK;
	return rows.map((r) => keyName(String(r.k))).sort();
}

// ---------------------------------------------------------------------------------------------
// The matrix

type Op = 'select' | 'insert' | 'update' | 'delete';
interface Probe { op: Op; what?: string; sql: string; expect: Record<Actor, Expected> }

/** Every actor gets `value`, except those named. */
const everyone = (value: Expected, except: Partial<Record<Actor, Expected>> = {}): Record<Actor, Expected> =>
	({ ...Object.fromEntries(actors.map((a) => [a, value])), ...except }) as Record<Actor, Expected>;
/** Each signed-in user gets `mine(user)`. */
const eachUser = (mine: (user: User) => Expected, except: Partial<Record<Actor, Expected>> = {}) =>
	everyone([], { ...Object.fromEntries(allUsers.map((u) => [u, mine(u)])), ...except });

const moderators = (value: Expected) => ({ moderator: value, admin: value }); // an admin holds every role
const membersOfA = (value: Expected) => ({ ownerA: value, editorA: value });
const noPrivilegeAtAll = (table: string, key: string): Probe[] => [
	{ op: 'select', sql: `select ${key} as k from ${table}`, expect: everyone(NO_PRIVILEGE) },
	{ op: 'insert', sql: `insert into ${table} default values`, expect: everyone(NO_PRIVILEGE) },
	{ op: 'update', sql: `update ${table} set ${key} = ${key} returning ${key} as k`, expect: everyone(NO_PRIVILEGE) },
	{ op: 'delete', sql: `delete from ${table} returning ${key} as k`, expect: everyone(NO_PRIVILEGE) }
];

// What a directory table's children follow: the offers each actor may read or edit.
const publicOffers: Key[] = ['offerA', 'offerB'];
const offersReadable = everyone(publicOffers, {
	...membersOfA(['offerA', 'draftA', 'offerB']), ...moderators(['offerA', 'draftA', 'offerB', 'offerC'])
});
const offersEditable = everyone([], {
	...membersOfA(['offerA', 'draftA']), ownerB: ['offerB'], ...moderators(['offerA', 'draftA', 'offerB', 'offerC'])
});
const offerEditorsMayInsert = everyone(REFUSED, { ...membersOfA(OK), ...moderators(OK) });

const matrix: { table: string; probes: Probe[] }[] = [
	{
		// Yourself, people in your organisations, moderators and admins; you change only your name and language.
		table: 'profiles',
		probes: [
			// Yourself, people in your organisations, admins (DESIGN.md §4) — moderators only their own.
			{ op: 'select', sql: 'select id as k from profiles', expect: eachUser((u) => [u], {
				admin: allUsers, ...membersOfA(['ownerA', 'editorA'])
			}) },
			{ op: 'insert', sql: 'insert into profiles (id) values (gen_random_uuid())', expect: everyone(NO_PRIVILEGE) },
			{ op: 'update', what: 'every display name', sql: `update profiles set display_name = 'Changed' returning id as k`,
				expect: eachUser((u) => [u], { anon: NO_PRIVILEGE }) },
			{ op: 'delete', sql: 'delete from profiles returning id as k', expect: everyone(NO_PRIVILEGE) }
		]
	},
	{
		// You see your own; admins see, grant and remove.
		table: 'user_roles',
		probes: [
			{ op: 'select', sql: `select user_id || '/' || role as k from user_roles`, expect: everyone([], {
				practitioner: ['practitioner/practitioner'], moderator: ['moderator/moderator'], planner: ['planner/planner'],
				admin: ['practitioner/practitioner', 'moderator/moderator', 'planner/planner', 'admin/admin']
			}) },
			{ op: 'insert', what: "a planner role for noRole", sql: `insert into user_roles (user_id, role, granted_by) values ('${users.noRole}', 'planner', auth.uid())`,
				expect: everyone(REFUSED, { admin: OK }) },
			{ op: 'update', sql: `update user_roles set granted_at = now() returning user_id || '/' || role as k`, expect: everyone(NO_PRIVILEGE) },
			// The admin row is left out: removing the last admin is its own test below.
			{ op: 'delete', what: 'every role but admin', sql: `delete from user_roles where role <> 'admin' returning user_id || '/' || role as k`,
				expect: everyone([], { admin: ['practitioner/practitioner', 'moderator/moderator', 'planner/planner'] }) }
		]
	},
	{
		// Members see their organisation's members; owners change roles; anyone leaves; moderators see, add and remove.
		table: 'organisation_members',
		probes: [
			{ op: 'select', sql: `select organisation_id || '/' || user_id as k from organisation_members`, expect: everyone([], {
				...membersOfA(['orgA/ownerA', 'orgA/editorA']), ownerB: ['orgB/ownerB'],
				...moderators(['orgA/ownerA', 'orgA/editorA', 'orgB/ownerB'])
			}) },
			{ op: 'insert', what: 'noRole as an editor of A', sql: `insert into organisation_members (organisation_id, user_id, role) values ('${orgs.orgA}', '${users.noRole}', 'editor')`,
				expect: everyone(REFUSED, moderators(OK)) },
			{ op: 'update', what: "every member's role, unchanged", sql: `update organisation_members set role = role returning organisation_id || '/' || user_id as k`,
				expect: everyone([], { anon: NO_PRIVILEGE, ownerA: ['orgA/ownerA', 'orgA/editorA'], ownerB: ['orgB/ownerB'] }) },
			// Owners are left out: removing the last owner is its own test below.
			{ op: 'delete', what: 'every editor', sql: `delete from organisation_members where role = 'editor' returning organisation_id || '/' || user_id as k`,
				expect: everyone([], { ...membersOfA(['orgA/editorA']), ...moderators(['orgA/editorA']) }) }
		]
	},
	{
		// Admins invite to site roles, owners invite editors; inviters and managers see them; revoking is the only change.
		table: 'invitations',
		probes: [
			{ op: 'select', sql: 'select id as k from invitations', expect: everyone([], {
				moderator: ['invA', 'invB'], admin: ['invSite', 'invA', 'invB'], ownerA: ['invA'], ownerB: ['invB']
			}) },
			{ op: 'insert', what: 'a planner invitation', sql: `insert into invitations (email, role, token_hash, invited_by) values ('someone.new@example.org', 'planner', '${hex('c')}', auth.uid())`,
				expect: everyone(REFUSED, { admin: OK }) },
			{ op: 'insert', what: 'an editor invitation to A', sql: `insert into invitations (email, role, organisation_id, token_hash, invited_by) values ('someone.new@example.org', 'editor', '${orgs.orgA}', '${hex('c')}', auth.uid())`,
				expect: everyone(REFUSED, { ownerA: OK }) },
			{ op: 'update', what: 'revoke every invitation', sql: 'update invitations set revoked_at = now() returning id as k',
				expect: everyone([], { anon: NO_PRIVILEGE, admin: ['invSite'], ownerA: ['invA'], ownerB: ['invB'] }) },
			{ op: 'delete', sql: 'delete from invitations returning id as k', expect: everyone(NO_PRIVILEGE) }
		]
	},
	{
		// Admins read it; an inviter queues the one mail of their own open invitation; the server sends the rest.
		table: 'outbox',
		probes: [
			{ op: 'select', sql: 'select id as k from outbox', expect: everyone([], { admin: ['mailSite', 'mailReset'] }) },
			{ op: 'insert', what: "the mail of A's invitation", sql: `insert into outbox (to_email, kind, subject, body, invitation_id) values ('${invitedEmail.invA}', 'invitation', 'Join us', 'Follow the link', '${invitations.invA}')`,
				expect: everyone(NO_PRIVILEGE) },
			{ op: 'insert', what: 'a password-reset mail', sql: `insert into outbox (to_email, kind, subject, body) values ('${emailOf('noRole')}', 'reset_password', 'Reset', 'Follow the link')`,
				expect: everyone(NO_PRIVILEGE) },
			{ op: 'update', sql: 'update outbox set sent_at = now() returning id as k', expect: everyone(NO_PRIVILEGE) },
			{ op: 'delete', sql: 'delete from outbox returning id as k', expect: everyone(NO_PRIVILEGE) }
		]
	},
	{
		// You list your own sessions, without their token hashes; only the server writes.
		table: 'auth_sessions',
		probes: [
			{ op: 'select', sql: 'select id as k from auth_sessions', expect: everyone([], {
				anon: NO_PRIVILEGE, noRole: ['sessNoRole'], ownerA: ['sessOwnerA']
			}) },
			{ op: 'select', what: 'token hashes', sql: 'select token_hash as k from auth_sessions', expect: everyone(NO_PRIVILEGE) },
			{ op: 'insert', what: 'a session for oneself', sql: `insert into auth_sessions (user_id, token_hash, expires_at) values (auth.uid(), '${hex('f')}', now() + interval '1 day')`,
				expect: everyone(NO_PRIVILEGE) },
			{ op: 'update', sql: 'update auth_sessions set revoked_at = now() returning id as k', expect: everyone(NO_PRIVILEGE) },
			{ op: 'delete', sql: 'delete from auth_sessions returning id as k', expect: everyone(NO_PRIVILEGE) }
		]
	},
	{ table: 'auth_tokens', probes: noPrivilegeAtAll('auth_tokens', 'token_hash') },
	{ table: 'sign_in_attempts', probes: noPrivilegeAtAll('sign_in_attempts', 'account') },
	{
		// Published to everyone; members read and edit their own at any status; moderators all; admins also delete.
		table: 'organisations',
		probes: [
			{ op: 'select', sql: 'select id as k from organisations', expect: everyone(['orgA', 'orgB'], moderators(['orgA', 'orgB', 'orgC'])) },
			{ op: 'insert', sql: `insert into organisations (name) values ('New group')`, expect: everyone(REFUSED, moderators(OK)) },
			{ op: 'update', what: 'every name, unchanged', sql: 'update organisations set name = name returning id as k',
				expect: everyone([], { ...membersOfA(['orgA']), ownerB: ['orgB'], ...moderators(['orgA', 'orgB', 'orgC']) }) },
			{ op: 'delete', sql: 'delete from organisations returning id as k', expect: everyone([], { admin: ['orgA', 'orgB', 'orgC'] }) }
		]
	},
	{
		table: 'locations',
		probes: [
			{ op: 'select', sql: 'select id as k from locations', expect: everyone(['locA', 'locA2', 'locB'], moderators(['locA', 'locA2', 'locB', 'locC'])) },
			{ op: 'insert', what: 'a place of A', sql: `insert into locations (organisation_id, name, lat, lng) values ('${orgs.orgA}', 'New place', 51.5, -3.2)`,
				expect: everyone(REFUSED, { ...membersOfA(OK), ...moderators(OK) }) },
			...(['update', 'delete'] as const).map((op): Probe => ({
				op, sql: op === 'update' ? 'update locations set name = name returning id as k' : 'delete from locations returning id as k',
				expect: everyone([], { ...membersOfA(['locA', 'locA2']), ownerB: ['locB'], ...moderators(['locA', 'locA2', 'locB', 'locC']) })
			}))
		]
	},
	{
		table: 'offers',
		probes: [
			{ op: 'select', sql: 'select id as k from offers', expect: offersReadable },
			{ op: 'insert', what: 'a draft offer of A', sql: `insert into offers (organisation_id, title_en, kind, cost, access, attendance) values ('${orgs.orgA}', 'New', 'activity', 'free', 'drop_in', 'online')`,
				expect: offerEditorsMayInsert },
			{ op: 'update', what: 'every title, unchanged', sql: 'update offers set title_en = title_en returning id as k', expect: offersEditable },
			{ op: 'delete', sql: 'delete from offers returning id as k', expect: offersEditable }
		]
	},
	{
		// An offer's parts: read as the offer is, edited by whoever edits the offer.
		table: 'offer_outcomes',
		probes: [
			{ op: 'select', sql: 'select offer_id as k from offer_outcomes', expect: offersReadable },
			{ op: 'insert', what: "an outcome of A's draft", sql: `insert into offer_outcomes (offer_id, outcome_id) values ('${offers.draftA}', 'skills')`, expect: offerEditorsMayInsert },
			{ op: 'update', sql: 'update offer_outcomes set outcome_id = outcome_id returning offer_id as k', expect: everyone(NO_PRIVILEGE) },
			{ op: 'delete', sql: 'delete from offer_outcomes returning offer_id as k', expect: offersEditable }
		]
	},
	{
		table: 'offer_locations',
		probes: [
			{ op: 'select', sql: 'select offer_id as k from offer_locations', expect: offersReadable },
			{ op: 'insert', what: "A's draft at A's second place", sql: `insert into offer_locations (offer_id, location_id) values ('${offers.draftA}', '${locations.locA2}')`, expect: offerEditorsMayInsert },
			{ op: 'update', sql: 'update offer_locations set location_id = location_id returning offer_id as k', expect: everyone(NO_PRIVILEGE) },
			{ op: 'delete', sql: 'delete from offer_locations returning offer_id as k', expect: offersEditable }
		]
	},
	{
		table: 'schedules',
		probes: [
			{ op: 'select', sql: 'select offer_id as k from schedules', expect: offersReadable },
			{ op: 'insert', what: "a time for A's draft", sql: `insert into schedules (offer_id, freq, byday, opens_at, closes_at) values ('${offers.draftA}', 'WEEKLY', '{TU}', '10:00', '11:00')`, expect: offerEditorsMayInsert },
			{ op: 'update', sql: 'update schedules set opens_at = opens_at returning offer_id as k', expect: offersEditable },
			{ op: 'delete', sql: 'delete from schedules returning offer_id as k', expect: offersEditable }
		]
	}
];

beforeAll(async () => {
	[db, scratch] = await Promise.all([freshDb(), freshDb()]);
	await asService(db, seed);
	await asService(scratch, seed);
});
afterAll(async () => {
	await db?.close();
	await scratch?.close();
});

const label = (p: Probe) => `${p.op}${p.what ? ` (${p.what})` : ''}`;
const show = (e: Expected) => (typeof e === 'string' ? e : `[${[...e].sort().join(', ')}]`);

describe.each(matrix.map((m) => [m.table, m.probes] as const))('%s', (_table, probes) => {
	describe.each(probes.map((p) => [label(p), p] as const))('%s', (_, probe) => {
		it.each(actors.map((a) => [a, show(probe.expect[a])] as const))('as %s → %s', async (actor) => {
			const expected = probe.expect[actor];
			expect(await outcomeOf(actor, probe.op, probe.sql)).toEqual(typeof expected === 'string' ? expected : [...expected].sort());
		});
	});
});

// ---------------------------------------------------------------------------------------------
// Climbing: each way a person might give themselves more than they were given

const as = (user: User, sql: string, params: unknown[] = []) => attempt(claimsOf(user), sql, params);
const refused = (outcome: { ok: boolean; error?: unknown }, pattern = /row-level security|permission denied/) => {
	expect(outcome.ok, 'expected the database to refuse').toBe(false);
	expect(messageOf(outcome.error)).toMatch(pattern);
};

describe('privilege escalation', () => {
	it.each([['noRole', 'admin'], ['noRole', 'moderator'], ['practitioner', 'admin'], ['moderator', 'admin'], ['ownerA', 'moderator']] as const)(
		'%s cannot grant themselves the %s role', async (user, role) => {
			refused(await as(user, `insert into user_roles (user_id, role, granted_by) values (auth.uid(), $1, auth.uid())`, [role]));
			refused(await as(user, `insert into user_roles (user_id, role) values (auth.uid(), $1)`, [role]));
		}
	);

	it("an admin grants roles only in their own name (granted_by is the admin)", async () => {
		refused(await as('admin', `insert into user_roles (user_id, role, granted_by) values ($1, 'planner', $2)`, [users.noRole, users.moderator]));
	});

	it.each([['email', `'someone.else@example.org'`], ['id', 'gen_random_uuid()'], ['created_at', 'now()']])(
		'nobody can change their own profile %s', async (column, value) => {
			refused(await as('noRole', `update profiles set ${column} = ${value} where id = auth.uid() returning id`), /permission denied/);
		}
	);

	it('a person can change their own display name and language', async () => {
		const { rows } = await as('noRole', `update profiles set display_name = 'Nia', language = 'cy' where id = auth.uid() returning display_name, language`);
		expect(rows).toEqual([{ display_name: 'Nia', language: 'cy' }]);
	});

	it('an editor cannot make themselves owner', async () => {
		const { ok, rows } = await as('editorA', `update organisation_members set role = 'owner' where user_id = auth.uid() returning role`);
		expect(ok && rows).toEqual([]);
	});

	it('an owner cannot move a membership to another organisation or person (only role may change)', async () => {
		refused(await as('ownerA', `update organisation_members set organisation_id = $1 where user_id = $2`, [orgs.orgB, users.editorA]), /permission denied/);
		refused(await as('ownerA', `update organisation_members set user_id = $1 where user_id = $2`, [users.noRole, users.editorA]), /permission denied/);
	});

	it("an owner cannot add members directly (they invite), not even to their own organisation", async () => {
		refused(await as('ownerA', `insert into organisation_members (organisation_id, user_id, role) values ($1, $2, 'editor')`, [orgs.orgA, users.noRole]));
		refused(await as('editorA', `insert into organisation_members (organisation_id, user_id, role) values ($1, auth.uid(), 'owner')`, [orgs.orgB]));
	});

	it("a member of B cannot edit or delete A's offer, even by its id", async () => {
		expect((await as('ownerB', `update offers set title_en = 'Defaced' where id = $1 returning id`, [offers.offerA])).rows).toEqual([]);
		expect((await as('ownerB', `delete from offers where id = $1 returning id`, [offers.offerA])).rows).toEqual([]);
		expect((await as('ownerB', `update schedules set opens_at = '06:00' where offer_id = $1 returning id`, [offers.offerA])).rows).toEqual([]);
		expect((await as('ownerB', `update organisations set name = 'Defaced' where id = $1 returning id`, [orgs.orgA])).rows).toEqual([]);
	});

	it('a member cannot add an offer, place or schedule to another organisation', async () => {
		for (const status of ['draft', 'published']) {
			refused(await as('ownerB', `insert into offers (organisation_id, title_en, kind, cost, access, attendance, status)
				values ($1, 'Sneaky', 'activity', 'free', 'drop_in', 'online', $2)`, [orgs.orgA, status]));
		}
		refused(await as('ownerB', `insert into locations (organisation_id, name, lat, lng) values ($1, 'Sneaky', 51.5, -3.2)`, [orgs.orgA]));
		refused(await as('ownerB', `insert into schedules (offer_id, freq, byday, opens_at, closes_at) values ($1, 'WEEKLY', '{TU}', '10:00', '11:00')`, [offers.offerA]));
		refused(await as('ownerB', `insert into offer_outcomes (offer_id, outcome_id) values ($1, 'skills')`, [offers.offerA]));
	});

	it("a member cannot move their offer or place to another organisation", async () => {
		const moved = /row-level security|permission denied|stays with its organisation/;
		refused(await as('ownerA', `update offers set organisation_id = $1 where id = $2`, [orgs.orgB, offers.draftA]), moved);
		refused(await as('ownerA', `update offers set organisation_id = $1 where id = $2`, [orgs.orgB, offers.offerA]), moved);
		refused(await as('ownerA', `update locations set organisation_id = $1 where id = $2`, [orgs.orgB, locations.locA2]));
		refused(await as('ownerA', `update schedules set offer_id = $1 where offer_id = $2`, [offers.offerB, offers.draftA]));
	});

	it("a member of an unverified organisation cannot publish its offer (offer_guard)", async () => {
		// A draft a moderator never approved; an approved offer may be paused and resumed (groups_and_moderation).
		const unpublished = await attemptTx(claimsOf('ownerB'), async (tx) => {
			const [draft] = await tx.query<{ id: string }>(`insert into offers (organisation_id, title_en, kind, cost, access, attendance)
				values ($1, 'Draft', 'activity', 'free', 'drop_in', 'online') returning id`, [orgs.orgB]);
			return tx.query(`update offers set status = 'published' where id = $1`, [draft!.id]);
		});
		expect(messageOf(unpublished.error)).toMatch(/Only a moderator can publish an offer/);
		expect((unpublished.error as { code?: string }).code).toBe('42501');
		const inserted = await as('ownerB', `insert into offers (organisation_id, title_en, kind, cost, access, attendance, status)
			values ($1, 'New', 'activity', 'free', 'drop_in', 'online', 'published')`, [orgs.orgB]);
		expect(messageOf(inserted.error)).toMatch(/Only a moderator can publish an offer/);
	});

	it("a member of an unverified organisation may still edit an offer a moderator published, and unpublish it", async () => {
		expect((await as('ownerB', `update offers set title_en = 'Renamed' where id = $1 returning id`, [offers.offerB])).rows).toHaveLength(1);
		expect((await as('ownerB', `update offers set status = 'archived' where id = $1 returning id`, [offers.offerB])).rows).toHaveLength(1);
	});

	it('a member of a verified organisation may publish, and the offer becomes searchable at once', async () => {
		const published = await attemptTx(claimsOf('editorA'), async (tx) => {
			await tx.query(`update offers set status = 'published' where id = $1`, [offers.draftA]);
			return tx.query('select offer_id from offer_search where offer_id = $1', [offers.draftA]);
		});
		expect(published).toEqual({ ok: true, value: [{ offer_id: offers.draftA }] });
	});

	it('a moderator may publish an offer of an unverified organisation', async () => {
		const { ok, rows } = await as('moderator', `update offers set status = 'published' where id = $1 returning id`, [offers.offerC]);
		expect(ok && rows).toHaveLength(1);
	});

	it('nobody but a moderator may mark demonstration data', async () => {
		refused(await as('ownerA', `update offers set is_demo = true where id = $1`, [offers.draftA]), /Only a moderator can mark demonstration data/);
		refused(await as('ownerA', `update organisations set is_demo = true where id = $1`, [orgs.orgA]), /Only a moderator can verify/);
		expect((await as('moderator', `update offers set is_demo = true where id = $1 returning id`, [offers.draftA])).rows).toHaveLength(1);
	});

	it('a member cannot verify their organisation or publish it', async () => {
		refused(await as('ownerB', `update organisations set verified_at = now() where id = $1`, [orgs.orgB]), /Only a moderator can verify/);
		refused(await as('ownerA', `update organisations set verified_at = null where id = $1`, [orgs.orgA]), /Only a moderator can verify/);
		// B is published: take it down (allowed), then try to put it back up.
		const republished = await attemptTx(claimsOf('ownerB'), async (tx) => {
			await tx.query(`update organisations set status = 'pending' where id = $1`, [orgs.orgB]);
			return tx.query(`update organisations set status = 'published' where id = $1`, [orgs.orgB]);
		});
		refused(republished, /Only a moderator can publish an organisation/);
	});

	it('a member may take their organisation down (draft, pending, archived)', async () => {
		for (const status of ['draft', 'pending', 'archived']) {
			expect((await as('editorA', `update organisations set status = $2 where id = $1 returning id`, [orgs.orgA, status])).rows, status).toHaveLength(1);
		}
	});

	it('a moderator may verify and publish', async () => {
		const { ok, rows } = await as('moderator', `update organisations set verified_at = now(), status = 'published' where id = $1 returning id`, [orgs.orgC]);
		expect(ok && rows).toHaveLength(1);
	});

	it("nobody may link an offer to another organisation's place, not even a moderator", async () => {
		refused(await as('ownerA', `insert into offer_locations (offer_id, location_id) values ($1, $2)`, [offers.draftA, locations.locB]));
		refused(await as('moderator', `insert into offer_locations (offer_id, location_id) values ($1, $2)`, [offers.draftA, locations.locB]));
		refused(await as('ownerB', `insert into offer_locations (offer_id, location_id) values ($1, $2)`, [offers.offerB, locations.locA]));
	});
});

// ---------------------------------------------------------------------------------------------
// Invitations

const inviteSql = `insert into invitations (email, role, organisation_id, token_hash, invited_by) values ($1, $2, $3, $4, auth.uid()) returning id`;
const queueSql = `insert into outbox (to_email, kind, subject, body, invitation_id, sent_at) values ($1, 'invitation', 'Join us', 'Follow the link', $2, $3)`;

describe('sending invitations', () => {
	it.each(['practitioner', 'moderator', 'planner'])('an admin invites a %s', async (role) => {
		const { ok, error } = await as('admin', inviteSql, ['new.person@example.org', role, null, hex('c')]);
		expect(ok, messageOf(error)).toBe(true);
	});

	it('an admin cannot invite an editor to an organisation they do not own', async () => {
		refused(await as('admin', inviteSql, ['new.person@example.org', 'editor', orgs.orgA, hex('c')]));
	});

	// The policy and the role's check constraint both refuse; whichever PostgreSQL checks first says so.
	it('nobody is invited to be admin or owner (the role is not invitable)', async () => {
		refused(await as('admin', inviteSql, ['new.person@example.org', 'admin', null, hex('c')]), /row-level security|check constraint/);
		refused(await as('ownerA', inviteSql, ['new.person@example.org', 'owner', orgs.orgA, hex('c')]), /row-level security|check constraint/);
	});

	it.each(['noRole', 'practitioner', 'moderator', 'planner', 'ownerA'] as const)('%s cannot invite to a site role', async (user) => {
		refused(await as(user, inviteSql, ['new.person@example.org', 'practitioner', null, hex('c')]));
	});

	it('an owner invites editors to their own organisation only', async () => {
		expect((await as('ownerA', inviteSql, ['new.person@example.org', 'editor', orgs.orgA, hex('c')])).ok).toBe(true);
		refused(await as('ownerA', inviteSql, ['new.person@example.org', 'editor', orgs.orgB, hex('c')]));
		refused(await as('editorA', inviteSql, ['new.person@example.org', 'editor', orgs.orgA, hex('c')]));
		refused(await as('moderator', inviteSql, ['new.person@example.org', 'editor', orgs.orgA, hex('c')]));
	});

	it('an invitation is sent in one’s own name, and not already accepted or revoked', async () => {
		refused(await as('ownerA', `insert into invitations (email, role, organisation_id, token_hash, invited_by) values ('x@example.org', 'editor', $1, $2, $3)`, [orgs.orgA, hex('c'), users.editorA]));
		refused(await as('ownerA', `insert into invitations (email, role, organisation_id, token_hash, invited_by, accepted_at, accepted_by) values ('x@example.org', 'editor', $1, $2, auth.uid(), now(), $3)`, [orgs.orgA, hex('c'), users.editorA]));
		refused(await as('ownerA', `insert into invitations (email, role, organisation_id, token_hash, invited_by, revoked_at) values ('x@example.org', 'editor', $1, $2, auth.uid(), now())`, [orgs.orgA, hex('c')]));
	});

	it('revoking is the only change anyone may make to an invitation', async () => {
		for (const set of [`email = 'me@example.org'`, `accepted_at = now()`, `expires_at = now() + interval '1 year'`, `role = 'moderator'`, `invited_by = null`]) {
			refused(await as('admin', `update invitations set ${set} where id = $1`, [invitations.invSite]), /permission denied/);
		}
	});
});

// Only the server writes mail, as service_role, with text it composed: through the API nobody,
// not even the inviter, can make the site send words of their choosing.
describe('queueing mail', () => {
	it.each(['ownerA', 'admin', 'noRole', 'editorA'] as const)('%s cannot queue an invitation mail, even for their own invitation', async (user) => {
		refused(await as(user, queueSql, [invitedEmail.invA, invitations.invA, null]), /permission denied/);
	});

	it.each(['noRole', 'practitioner', 'editorA', 'admin'] as const)('%s cannot queue any other mail', async (user) => {
		for (const kind of ['confirm_email', 'account_exists', 'reset_password', 'change_email', 'password_changed']) {
			refused(await as(user, `insert into outbox (to_email, kind, subject, body) values ($1, $2, 'Hello', 'Body')`, [emailOf('moderator'), kind]), /permission denied/);
		}
	});

	it('anon cannot queue mail', async () => {
		refused(await attempt(anon, queueSql, [invitedEmail.invA, invitations.invA, null]), /permission denied/);
	});
});

describe('accept_invitation(token)', () => {
	const inviteAs = async (inviter: User, email: string, role: string, organisation: string | null, extra = '') => {
		const token = `token-${randomUUID()}`;
		const [row] = await asService(scratch, (tx) => tx.query<{ id: string }>(
			`insert into invitations (email, role, organisation_id, token_hash, invited_by) values ($1, $2, $3, $4, $5) returning id`,
			[email, role, organisation, sha256(token), users[inviter]]
		));
		if (extra) await asService(scratch, (tx) => tx.query(`update invitations set ${extra} where id = $1`, [row!.id]));
		return { id: row!.id, token };
	};
	const newPerson = async (): Promise<Claims> => {
		const id = randomUUID();
		const email = `person-${id.slice(0, 8)}@example.org`;
		await asService(scratch, (tx) => tx.query('insert into auth.users (id, email) values ($1, $2)', [id, email]));
		return { role: 'authenticated', sub: id, email };
	};
	const accept = (claims: Claims, token: string) => scratch.withClaims(claims, (tx) => tx.query<{ id: string; accepted_by: string }>('select * from accept_invitation($1)', [token]));
	const expectRefusal = async (claims: Claims, token: string, hint: string) => {
		const { ok, error } = await attempt(claims, 'select accept_invitation($1)', [token], scratch);
		expect(ok).toBe(false);
		expect(hintOf(error), messageOf(error)).toBe(hint);
	};
	const rolesOf = (claims: Claims) => scratch.withClaims(claims, (tx) => tx.query<{ role: string }>('select role from user_roles where user_id = auth.uid() order by role'));
	const membershipsOf = (claims: Claims) => scratch.withClaims(claims, (tx) => tx.query<{ organisation_id: string; role: string }>('select organisation_id, role from organisation_members where user_id = auth.uid()'));

	it('gives the invited person the role; revoking takes it away at once; a revoked invitation stays revoked', async () => {
		const person = await newPerson();
		const invitation = await inviteAs('admin', person.email as string, 'moderator', null);
		const [accepted] = await accept(person, invitation.token);
		expect(accepted).toMatchObject({ id: invitation.id, accepted_by: person.sub });
		expect(await rolesOf(person)).toEqual([{ role: 'moderator' }]);
		const [granted] = await asService(scratch, (tx) => tx.query('select invitation_id, granted_by from user_roles where user_id = $1', [person.sub]));
		expect(granted).toEqual({ invitation_id: invitation.id, granted_by: users.admin });

		const revoked = await scratch.withClaims(claimsOf('admin'), (tx) => tx.query('update invitations set revoked_at = now() where id = $1 returning revoked_by', [invitation.id]));
		expect(revoked).toEqual([{ revoked_by: users.admin }]);
		expect(await rolesOf(person)).toEqual([]);

		refused(await attempt(claimsOf('admin'), 'update invitations set revoked_at = null where id = $1', [invitation.id], scratch), /stays revoked/);
		refused(await attempt(claimsOf('admin'), `update invitations set revoked_at = now() - interval '1 day' where id = $1`, [invitation.id], scratch), /stays revoked/);
		refused(await attempt(serviceClaims, 'update invitations set revoked_at = null where id = $1', [invitation.id], scratch), /stays revoked/);
	});

	it("makes the invited person an editor; the owner's revoking removes them at once", async () => {
		const person = await newPerson();
		const invitation = await inviteAs('ownerA', person.email as string, 'editor', orgs.orgA);
		await accept(person, invitation.token);
		expect(await membershipsOf(person)).toEqual([{ organisation_id: orgs.orgA, role: 'editor' }]);
		const revoked = await scratch.withClaims(claimsOf('ownerA'), (tx) => tx.query('update invitations set revoked_at = now() where id = $1 returning id', [invitation.id]));
		expect(revoked).toHaveLength(1);
		expect(await membershipsOf(person)).toEqual([]);
	});

	it('revoking the invitation of an editor since made owner leaves them owner (that was a separate decision)', async () => {
		const person = await newPerson();
		const invitation = await inviteAs('ownerA', person.email as string, 'editor', orgs.orgA);
		await accept(person, invitation.token);
		await scratch.withClaims(claimsOf('ownerA'), (tx) => tx.query('update organisation_members set role = $3 where organisation_id = $1 and user_id = $2', [orgs.orgA, person.sub, 'owner']));
		await scratch.withClaims(claimsOf('ownerA'), (tx) => tx.query('update invitations set revoked_at = now() where id = $1', [invitation.id]));
		expect(await membershipsOf(person)).toEqual([{ organisation_id: orgs.orgA, role: 'owner' }]);
		// Leave org A's owners as the later tests expect them.
		await asService(scratch, (tx) => tx.query('delete from auth.users where id = $1', [person.sub]));
	});

	it('matches the invited address whatever its case in the sign-in', async () => {
		const person = await newPerson();
		const invitation = await inviteAs('admin', person.email as string, 'planner', null);
		await accept({ ...person, email: (person.email as string).toUpperCase() }, invitation.token);
		expect(await rolesOf(person)).toEqual([{ role: 'planner' }]);
	});

	it("refuses another address: 'invitation_other_email'", async () => {
		const person = await newPerson();
		const invitation = await inviteAs('admin', 'somebody.else@example.org', 'planner', null);
		await expectRefusal(person, invitation.token, 'invitation_other_email');
		expect(await rolesOf(person)).toEqual([]);
	});

	it("refuses an expired invitation: 'invitation_expired'", async () => {
		const person = await newPerson();
		const invitation = await inviteAs('admin', person.email as string, 'planner', null, `expires_at = now() - interval '1 minute'`);
		await expectRefusal(person, invitation.token, 'invitation_expired');
	});

	it("refuses a second use: 'invitation_used'", async () => {
		const person = await newPerson();
		const invitation = await inviteAs('admin', person.email as string, 'planner', null);
		await accept(person, invitation.token);
		await expectRefusal(person, invitation.token, 'invitation_used');
	});

	it("refuses a revoked invitation: 'invitation_revoked'", async () => {
		const person = await newPerson();
		const invitation = await inviteAs('admin', person.email as string, 'planner', null, 'revoked_at = now()');
		await expectRefusal(person, invitation.token, 'invitation_revoked');
	});

	it("refuses an unknown token, or the stored hash itself: 'invitation_not_found'", async () => {
		const person = await newPerson();
		const invitation = await inviteAs('admin', person.email as string, 'planner', null);
		await expectRefusal(person, 'no-such-token', 'invitation_not_found');
		await expectRefusal(person, sha256(invitation.token), 'invitation_not_found');
	});

	it('cannot be called signed out', async () => {
		refused(await attempt(anon, 'select accept_invitation($1)', [tokens.invSite], scratch), /permission denied/);
	});

	// Revoking "takes away what it gave": a role the person held before the invitation was not its to take.
	it('revoking an invitation leaves a role the person already held before accepting it', async () => {
		const person = await newPerson();
		await asService(scratch, (tx) => tx.query(`insert into user_roles (user_id, role, granted_by) values ($1, 'practitioner', $2)`, [person.sub, users.admin]));
		const invitation = await inviteAs('admin', person.email as string, 'practitioner', null);
		await accept(person, invitation.token);
		await scratch.withClaims(claimsOf('admin'), (tx) => tx.query('update invitations set revoked_at = now() where id = $1', [invitation.id]));
		expect(await rolesOf(person)).toEqual([{ role: 'practitioner' }]);
	});
});

// ---------------------------------------------------------------------------------------------
// Every organisation keeps an owner; the site keeps an admin

describe('keeping an owner', () => {
	it("the last owner cannot leave, be removed or be demoted: 'last_owner'", async () => {
		const leaving = await as('ownerB', 'delete from organisation_members where user_id = auth.uid()');
		expect(hintOf(leaving.error)).toBe('last_owner');
		const demoting = await as('ownerA', `update organisation_members set role = 'editor' where user_id = auth.uid()`);
		expect(hintOf(demoting.error)).toBe('last_owner');
		const removed = await as('moderator', 'delete from organisation_members where user_id = $1', [users.ownerB]);
		expect(hintOf(removed.error)).toBe('last_owner');
		const cleared = await as('ownerA', 'delete from organisation_members where organisation_id = $1', [orgs.orgA]);
		expect(hintOf(cleared.error)).toBe('last_owner');
	});

	it('an owner may leave once someone else owns it too', async () => {
		const left = await attemptTx(claimsOf('ownerA'), async (tx) => {
			await tx.query(`update organisation_members set role = 'owner' where user_id = $1`, [users.editorA]);
			return tx.query('delete from organisation_members where user_id = auth.uid() returning role');
		});
		expect(left).toEqual({ ok: true, value: [{ role: 'owner' }] });
	});

	it('deleting the organisation still removes its members', async () => {
		const deleted = await attemptTx(claimsOf('admin'), async (tx) => {
			await tx.query('delete from organisations where id = $1', [orgs.orgB]);
			return tx.query('select user_id from organisation_members where organisation_id = $1', [orgs.orgB]);
		});
		expect(deleted).toEqual({ ok: true, value: [] });
	});

	it("deleting the last owner's account still works; the organisation stays, without members", async () => {
		const deleted = await attemptTx(serviceClaims, async (tx) => {
			await tx.query('delete from auth.users where id = $1', [users.ownerB]);
			return {
				organisation: await tx.query('select id from organisations where id = $1', [orgs.orgB]),
				members: await tx.query('select user_id from organisation_members where organisation_id = $1', [orgs.orgB])
			};
		});
		expect(deleted).toEqual({ ok: true, value: { organisation: [{ id: orgs.orgB }], members: [] } });
	});
});

describe('keeping an admin', () => {
	it("the last admin role cannot be removed, not even by the server: 'last_admin'", async () => {
		expect(hintOf((await as('admin', `delete from user_roles where role = 'admin'`)).error)).toBe('last_admin');
		expect(hintOf((await attempt(serviceClaims, `delete from user_roles where role = 'admin'`)).error)).toBe('last_admin');
	});

	it('an admin may step down once there is another', async () => {
		const steppedDown = await attemptTx(claimsOf('admin'), async (tx) => {
			await tx.query(`insert into user_roles (user_id, role, granted_by) values ($1, 'admin', auth.uid())`, [users.moderator]);
			return tx.query(`delete from user_roles where user_id = auth.uid() and role = 'admin' returning role`);
		});
		expect(steppedDown).toEqual({ ok: true, value: [{ role: 'admin' }] });
	});
});

// ---------------------------------------------------------------------------------------------
// An account's own functions

describe('delete_my_account()', () => {
	const count = (sql: string, params: unknown[]) => asService(scratch, async (tx) => (await tx.query(sql, params)).length);

	async function personWithEverything(organisation: string, coOwner: string | null) {
		const id = randomUUID();
		const email = `leaver-${id.slice(0, 8)}@example.org`;
		const invitationId = randomUUID();
		await asService(scratch, async (tx) => {
			await tx.query('insert into auth.users (id, email) values ($1, $2)', [id, email]);
			await tx.query(`insert into organisations (id, name, status) values ($1, 'Leaver group', 'pending')`, [organisation]);
			await tx.query(`insert into organisation_members (organisation_id, user_id, role) values ($1, $2, 'owner')`, [organisation, id]);
			if (coOwner) await tx.query(`insert into organisation_members (organisation_id, user_id, role) values ($1, $2, 'owner')`, [organisation, coOwner]);
			await tx.query(`insert into organisation_members (organisation_id, user_id, role) values ($1, $2, 'editor')`, [orgs.orgA, id]);
			await tx.query(`insert into user_roles (user_id, role, granted_by) values ($1, 'practitioner', $2), ($1, 'planner', $2)`, [id, users.admin]);
			await tx.query(`insert into auth_sessions (user_id, token_hash, expires_at) values ($1, $2, now() + interval '1 day'), ($1, $3, now() + interval '1 day')`,
				[id, sha256(`${id}-s1`), sha256(`${id}-s2`)]);
			await tx.query(`insert into auth_tokens (token_hash, user_id, purpose, expires_at) values ($1, $2, 'confirm_email', now() + interval '1 day')`, [sha256(`${id}-t`), id]);
			await tx.query(`insert into invitations (id, email, role, organisation_id, token_hash, invited_by) values ($1, 'friend@example.org', 'editor', $2, $3, $4)`,
				[invitationId, organisation, sha256(`${id}-i`), id]);
		});
		return { claims: { role: 'authenticated', sub: id, email } as Claims, invitationId };
	}

	async function expectGone(id: string) {
		for (const [table, column] of [['auth.users', 'id'], ['profiles', 'id'], ['user_roles', 'user_id'], ['organisation_members', 'user_id'],
			['auth_sessions', 'user_id'], ['auth_tokens', 'user_id']]) {
			expect(await count(`select 1 from ${table} where ${column} = $1`, [id]), table).toBe(0);
		}
	}

	it("removes the person and everything theirs; invitations they sent stay, without their name", async () => {
		const coOwner = randomUUID();
		await asService(scratch, (tx) => tx.query(`insert into auth.users (id, email) values ($1, 'co-owner@example.org')`, [coOwner]));
		const organisation = randomUUID();
		const leaver = await personWithEverything(organisation, coOwner);
		await scratch.withClaims(leaver.claims, (tx) => tx.query('select delete_my_account()'));

		await expectGone(leaver.claims.sub!);
		const [invitation] = await asService(scratch, (tx) => tx.query('select invited_by, role from invitations where id = $1', [leaver.invitationId]));
		expect(invitation).toEqual({ invited_by: null, role: 'editor' });
		const members = await asService(scratch, (tx) => tx.query('select user_id, role from organisation_members where organisation_id = $1', [organisation]));
		expect(members).toEqual([{ user_id: coOwner, role: 'owner' }]);
		expect(await count('select 1 from profiles where id = $1', [coOwner])).toBe(1);
		// The admin who granted the roles and the rest of A are untouched.
		expect(await count('select 1 from organisation_members where organisation_id = $1', [orgs.orgA])).toBe(2);
	});

	it('works for the only owner too: the organisation stays, with no members', async () => {
		const organisation = randomUUID();
		const leaver = await personWithEverything(organisation, null);
		await scratch.withClaims(leaver.claims, (tx) => tx.query('select delete_my_account()'));

		await expectGone(leaver.claims.sub!);
		expect(await count('select 1 from organisations where id = $1', [organisation])).toBe(1);
		expect(await count('select 1 from organisation_members where organisation_id = $1', [organisation])).toBe(0);
	});

	it('cannot be called signed out', async () => {
		refused(await attempt(anon, 'select delete_my_account()'), /permission denied/);
	});
});

describe('my_account()', () => {
	it.each(['noRole', 'admin', 'ownerA'] as const)("returns only %s's own row", async (user) => {
		const { rows } = await as(user, 'select id, email from my_account()');
		expect(rows).toEqual([{ id: users[user], email: emailOf(user) }]);
	});

	it('cannot be called signed out', async () => {
		refused(await attempt(anon, 'select * from my_account()'), /permission denied/);
	});
});

describe('has_role()', () => {
	const roles = ['practitioner', 'moderator', 'planner', 'admin'] as const;
	const holds: Record<Actor, readonly string[]> = {
		anon: [], noRole: [], practitioner: ['practitioner'], moderator: ['moderator'], planner: ['planner'],
		admin: roles, // an admin counts as every role
		ownerA: [], editorA: [], ownerB: []
	};
	it.each(actors.map((a) => [a, holds[a].join(', ') || 'nothing'] as const))('%s holds %s', async (actor) => {
		const { rows } = await attempt<Record<string, boolean>>(actorClaims(actor),
			`select ${roles.map((r) => `has_role('${r}') as "${r}"`).join(', ')}`);
		expect(rows[0]).toEqual(Object.fromEntries(roles.map((r) => [r, holds[actor].includes(r)])));
	});
});

describe('profiles follow auth.users', () => {
	it('a new user gets a profile with their email; a changed email is copied', async () => {
		const changed = await attemptTx(serviceClaims, async (tx) => {
			await tx.query(`update auth.users set email = 'renamed@example.org' where id = $1`, [users.noRole]);
			return tx.query('select email from profiles where id = $1', [users.noRole]);
		});
		expect(changed.value).toEqual([{ email: 'renamed@example.org' }]);
		expect((await as('noRole', 'select email from profiles where id = auth.uid()')).rows).toEqual([{ email: emailOf('noRole') }]);
	});
});
