// Groups and moderation (supabase/migrations/20261122000007_groups_and_moderation.sql): registering
// a group, claims, listing reports (submitted only through submit_listing_report()), the audit log,
// the offer guard's review bookkeeping and the moderator-only columns, and review reminders. Every request runs through withClaims as anon, a
// signed-in stranger, members of group A or B, a moderator, an admin, or the server (service_role);
// set-up runs as service_role.
//
// Like accounts-rls.test.ts: a matrix first (every attempt in its own transaction, rolled back, so
// the fixture is the same for every cell), then scenarios. Scenarios where one person's request
// must see another's committed work (a moderator decides, the claimant reads; reminders one
// transaction after another) commit, on a second database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anon, asService, freshDb, type TestDb, attemptOn, attemptSqlOn } from './template';
import { claimsPreamble, serviceClaims, type Claims, type Tx } from '../../src/lib/server/db/types';
import { withSavepoint } from '../../src/lib/server/db/errors';

// ---------------------------------------------------------------------------------------------
// Fixture

const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

const users = {
	stranger: uuid(0x1101), ownerA: uuid(0x1102), editorA: uuid(0x1103), ownerB: uuid(0x1104),
	moderator: uuid(0x1105), admin: uuid(0x1106)
};
type User = keyof typeof users;
const allUsers = Object.keys(users) as User[];
const emailOf = (user: User) => `${user.toLowerCase()}@example.org`;

// A: published, verified. B: published, not verified. C: published, nobody's, with its own address.
// P: pending, nobody's.
const orgs = { orgA: uuid(0x1201), orgB: uuid(0x1202), orgC: uuid(0x1203), orgP: uuid(0x1204) };
const groupEmail = { orgA: 'group.a@example.org', orgC: 'group.c@example.org' };
const locations = { locA: uuid(0x1301), locB: uuid(0x1302) };
// staleA: reviewed 8 months ago, three reminders sent, "may be out of date" for a week.
// pausedA was approved, then paused by the group; hiddenA was taken down by a moderator.
// draftB: a draft of unverified B that no moderator ever approved.
const offers = {
	offerA: uuid(0x1401), draftA: uuid(0x1402), pausedA: uuid(0x1403), hiddenA: uuid(0x1404), staleA: uuid(0x1405),
	offerB: uuid(0x1406), draftB: uuid(0x1407), offerC: uuid(0x1408)
};
const schedules = { schA: uuid(0x1501), schHiddenA: uuid(0x1502), schB: uuid(0x1503), schDraftB: uuid(0x1504) };
// Reports: the stranger's and an anonymous one (with a reply address) about A's offer; ownerA's about B's offer.
const reports = { repStranger: uuid(0x1601), repAnon: uuid(0x1602), repOwnerA: uuid(0x1603) };
/** A sender_hash: 64 lower-case hex digits (the server's hash of the sender's address). */
const senderHash = (n: number) => n.toString(16).padStart(64, '0');
// Pending claims: the stranger's on C, ownerA's on B.
const claims = { claimStranger: uuid(0x1701), claimOwnerA: uuid(0x1702) };

const ids = { ...users, ...orgs, ...locations, ...offers, ...schedules, ...reports, ...claims };
type Key = keyof typeof ids | (string & {});
const nameOf = new Map(Object.entries(ids).map(([name, id]) => [id, name]));
/** Row keys read back as fixture names; composite keys are joined with '/'. */
const keyName = (value: string) => value.split('/').map((part) => nameOf.get(part) ?? part).join('/');

const claimsOf = (user: User): Claims => ({ role: 'authenticated', sub: users[user], email: emailOf(user) });
const actors = ['anon', ...allUsers, 'service'] as const;
type Actor = (typeof actors)[number];
const actorClaims = (actor: Actor): Claims => (actor === 'anon' ? anon : actor === 'service' ? serviceClaims : claimsOf(actor));

async function seed(tx: Tx) {
	for (const user of allUsers) await tx.query('insert into auth.users (id, email) values ($1, $2)', [users[user], emailOf(user)]);
	await tx.query(`update profiles set language = 'cy' where id = $1`, [users.ownerA]);
	await tx.query(`insert into user_roles (user_id, role) values ($1, 'moderator'), ($2, 'admin')`, [users.moderator, users.admin]);
	await tx.query(`insert into organisations (id, name, status, verified_at, email, website, link_problem) values
		($1, 'Group A', 'published', now(), $5, 'https://a.example.org', 'Timed out'),
		($2, 'Group B', 'published', null, null, null, null),
		($3, 'Group C', 'published', null, $6, null, null),
		($4, 'Group P', 'pending', null, null, null, null)`,
		[orgs.orgA, orgs.orgB, orgs.orgC, orgs.orgP, groupEmail.orgA, groupEmail.orgC]);
	await tx.query(`insert into organisation_members (organisation_id, user_id, role) values
		($1, $2, 'owner'), ($1, $3, 'editor'), ($4, $5, 'owner')`, [orgs.orgA, users.ownerA, users.editorA, orgs.orgB, users.ownerB]);
	await tx.query(`insert into locations (id, organisation_id, name, lat, lng) values ($1, $2, 'locA', 51.5, -3.2), ($3, $4, 'locB', 51.6, -3.0)`,
		[locations.locA, orgs.orgA, locations.locB, orgs.orgB]);
	const offer = (key: keyof typeof offers, org: keyof typeof orgs, status: string, extra: Record<string, string> = {}) => {
		const columns = Object.keys(extra);
		return tx.query(
			`insert into offers (id, organisation_id, title_en, kind, cost, access, attendance, status, website${columns.map((c) => `, ${c}`).join('')})
			 values ($1, $2, $3, 'activity', 'free', 'drop_in', 'in_person', $4, 'https://offer.example.org'${columns.map((c) => `, ${extra[c]}`).join('')})`,
			[offers[key], orgs[org], key, status]
		);
	};
	await offer('offerA', 'orgA', 'published', { link_problem: `'HTTP 404'` });
	await offer('draftA', 'orgA', 'draft');
	await offer('pausedA', 'orgA', 'paused', { approved_at: `now() - interval '30 days'` });
	await offer('hiddenA', 'orgA', 'hidden', { approved_at: `now() - interval '30 days'`, moderation_note: `'Misleading title'` });
	await offer('staleA', 'orgA', 'published', {
		last_reviewed_at: `now() - interval '8 months'`, reminders_sent: '3', last_reminder_at: `now() - interval '3 weeks'`,
		out_of_date_since: `now() - interval '7 days'`
	});
	await offer('offerB', 'orgB', 'published');
	await offer('draftB', 'orgB', 'draft');
	await offer('offerC', 'orgC', 'published');
	await tx.query(`insert into offer_outcomes (offer_id, outcome_id) values ($1, 'seeing-people'), ($2, 'seeing-people'), ($3, 'things-to-do')`,
		[offers.offerA, offers.staleA, offers.offerB]);
	await tx.query(`insert into offer_locations (offer_id, location_id) values ($1, $3), ($2, $3), ($4, $5)`,
		[offers.offerA, offers.staleA, locations.locA, offers.offerB, locations.locB]);
	for (const [schedule, offerKey] of [['schA', 'offerA'], ['schHiddenA', 'hiddenA'], ['schB', 'offerB'], ['schDraftB', 'draftB']] as const) {
		await tx.query(`insert into schedules (id, offer_id, freq, byday, opens_at, closes_at) values ($1, $2, 'WEEKLY', '{TU}', '10:00', '12:00')`,
			[schedules[schedule], offers[offerKey]]);
	}
	await tx.query(`insert into listing_reports (id, offer_id, kind, reason, message, reporter_id, sender_hash, reply_email, reply_language) values
		($1, $2, 'problem', 'not_running', 'It stopped in May', $3, $8, null, 'en'),
		($4, $2, 'suggestion', 'unclear', 'Which door?', null, $9, 'reply@example.org', 'cy'),
		($5, $6, 'problem', 'contact_wrong', 'The number is wrong', $7, $10, null, 'en')`,
		[reports.repStranger, offers.offerA, users.stranger, reports.repAnon, reports.repOwnerA, offers.offerB, users.ownerA,
			senderHash(0xa1), senderHash(0xa2), senderHash(0xa3)]);
	await tx.query(`insert into organisation_claims (id, organisation_id, user_id, message) values
		($1, $2, $3, 'I run Group C'), ($4, $5, $6, 'We took over Group B')`,
		[claims.claimStranger, orgs.orgC, users.stranger, claims.claimOwnerA, orgs.orgB, users.ownerA]);
}

/** Committed changes by members, so the audit log holds one row for A and one for B. */
async function seedAudit(on: TestDb) {
	await on.withClaims(claimsOf('ownerA'), (tx) => tx.query(`update organisations set description_en = 'Edited by A' where id = $1`, [orgs.orgA]));
	await on.withClaims(claimsOf('ownerB'), (tx) => tx.query(`update locations set name = 'Edited by B' where id = $1`, [locations.locB]));
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
const as = <Row = Record<string, unknown>>(user: User, sql: string, params: unknown[] = [], on: TestDb = db) =>
	attempt<Row>(claimsOf(user), sql, params, on);
/** Committed, on the scratch database. */
const commitAs = <Row = Record<string, unknown>>(claims: Claims, sql: string, params: unknown[] = []) =>
	scratch.withClaims(claims, (tx) => tx.query<Row>(sql, params));

/** Carries on in the same transaction as other claims (what withClaims sets first; the test's session user may switch role). */
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

const hintOf = (error: unknown) => (error as { hint?: string } | undefined)?.hint;
const codeOf = (error: unknown) => (error as { code?: string } | undefined)?.code;
const messageOf = (error: unknown) => (error as { message?: string } | undefined)?.message ?? String(error);

const refused = (outcome: { ok: boolean; error?: unknown }, pattern: RegExp = /row-level security|permission denied/) => {
	expect(outcome.ok, 'expected the database to refuse').toBe(false);
	expect(messageOf(outcome.error)).toMatch(pattern);
};
/** Refused by a guard trigger: SQLSTATE 42501 and the guard's own words. */
const guarded = (outcome: { ok: boolean; error?: unknown }, pattern: RegExp) => {
	refused(outcome, pattern);
	expect(codeOf(outcome.error)).toBe('42501');
};

const NO_PRIVILEGE = 'no privilege'; // permission denied: the role lacks the table or column privilege
const REFUSED = 'refused'; // new row violates row-level security policy
const OK = 'ok';
type Expected = readonly Key[] | typeof NO_PRIVILEGE | typeof REFUSED | typeof OK;
type Op = 'select' | 'insert' | 'update' | 'delete' | 'truncate';

/** What an attempt came to, in the matrix's terms; any other error fails the test as itself. */
async function outcomeOf(actor: Actor, op: Op, sql: string): Promise<Expected> {
	const { ok, rows, error } = await attempt<{ k: string }>(actorClaims(actor), sql);
	if (!ok) {
		const message = messageOf(error);
		if (/permission denied/.test(message)) return NO_PRIVILEGE;
		if (/row-level security/.test(message)) return REFUSED;
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
const moderators = (value: Expected) => ({ moderator: value, admin: value }); // an admin holds every role
const membersOfA = (value: Expected) => ({ ownerA: value, editorA: value });

const allOffers = Object.keys(offers) as Key[];
const offersOfA: Key[] = ['offerA', 'draftA', 'pausedA', 'hiddenA', 'staleA'];
const publicOffers: Key[] = ['offerA', 'staleA', 'offerB', 'offerC'];
const allReports = Object.keys(reports) as Key[];
const allClaims = Object.keys(claims) as Key[];
const seededAudit: Key[] = ['orgA/description_en', 'locB/name'];
// Only the server reads these; signed-in people read the other columns.
const privateReportColumns = ['reply_email', 'reply_language', 'sender_hash', 'answer_mailed_at', 'responded_by'] as const;

/** A direct insert, which only the server may make (people go through submit_listing_report()). */
const reportSql = (offer: keyof typeof offers, extra: Record<string, string> = {}) => {
	const values: Record<string, string> = {
		offer_id: `'${offers[offer]}'`, kind: `'problem'`, reason: `'not_running'`, message: `'It has stopped'`, sender_hash: `'${senderHash(0xb1)}'`, ...extra
	};
	return `insert into listing_reports (${Object.keys(values).join(', ')}) values (${Object.values(values).join(', ')})`;
};
const claimSql = (org: keyof typeof orgs, userSql = 'auth.uid()', extra = '') =>
	`insert into organisation_claims (organisation_id, user_id, message${extra ? ', status' : ''})
	 values ('${orgs[org]}', coalesce(${userSql}, '${users.stranger}'), 'This is our group'${extra ? `, ${extra}` : ''})`;

const matrix: { table: string; probes: Probe[] }[] = [
	{
		// Paused and hidden offers are the group's and the moderators' business, not the public's.
		table: 'offers',
		probes: [
			{ op: 'select', sql: 'select id as k from offers', expect: everyone(publicOffers, {
				...membersOfA([...offersOfA, 'offerB', 'offerC']), ownerB: [...publicOffers, 'draftB'], ...moderators(allOffers), service: allOffers
			}) },
			{ op: 'update', what: 'every title, unchanged', sql: 'update offers set title_en = title_en returning id as k', expect: everyone([], {
				...membersOfA(offersOfA), ownerB: ['offerB', 'draftB'], ...moderators(allOffers), service: allOffers
			}) },
			{ op: 'delete', sql: 'delete from offers returning id as k', expect: everyone([], {
				...membersOfA(offersOfA), ownerB: ['offerB', 'draftB'], ...moderators(allOffers), service: allOffers
			}) }
		]
	},
	{
		table: 'offer_search',
		probes: [
			// Only published offers: not the draft, the paused, the hidden ones.
			{ op: 'select', sql: 'select offer_id as k from offer_search', expect: everyone(publicOffers) }
		]
	},
	{
		table: 'schedules',
		probes: [
			{ op: 'select', sql: 'select id as k from schedules', expect: everyone(['schA', 'schB'], {
				...membersOfA(['schA', 'schHiddenA', 'schB']), ownerB: ['schA', 'schB', 'schDraftB'],
				...moderators(Object.keys(schedules)), service: Object.keys(schedules)
			}) },
			{ op: 'update', sql: `update schedules set opens_at = '09:00' returning id as k`, expect: everyone([], {
				...membersOfA(['schA', 'schHiddenA']), ownerB: ['schB', 'schDraftB'], ...moderators(Object.keys(schedules)), service: Object.keys(schedules)
			}) }
		]
	},
	{
		// Claimants and moderators read; people claim a published group they are not in, for themselves;
		// nobody changes a claim directly (decide_claim does); claimants withdraw their own pending claim.
		table: 'organisation_claims',
		probes: [
			{ op: 'select', sql: 'select id as k from organisation_claims', expect: everyone([], {
				stranger: ['claimStranger'], ownerA: ['claimOwnerA'], ...moderators(allClaims), service: allClaims
			}) },
			{ op: 'insert', what: 'a claim on A for oneself', sql: claimSql('orgA'),
				expect: everyone(OK, { anon: REFUSED, ...membersOfA(REFUSED) }) },
			{ op: 'insert', what: 'a claim on pending P for oneself', sql: claimSql('orgP'), expect: everyone(REFUSED, { service: OK }) },
			{ op: 'insert', what: 'a claim on C for editorA', sql: claimSql('orgC', `'${users.editorA}'::uuid`),
				expect: everyone(REFUSED, { editorA: OK, service: OK }) },
			{ op: 'insert', what: 'an approved claim on A', sql: claimSql('orgA', 'auth.uid()', `'approved'`), expect: everyone(REFUSED, { service: OK }) },
			{ op: 'update', what: 'every message', sql: `update organisation_claims set message = 'Changed' returning id as k`,
				expect: everyone(NO_PRIVILEGE, { service: allClaims }) },
			{ op: 'update', what: 'approve every claim', sql: `update organisation_claims set status = 'approved' returning id as k`,
				expect: everyone(NO_PRIVILEGE, { service: allClaims }) },
			{ op: 'delete', sql: 'delete from organisation_claims returning id as k', expect: everyone([], {
				stranger: ['claimStranger'], ownerA: ['claimOwnerA'], service: allClaims
			}) },
			{ op: 'truncate', sql: 'truncate organisation_claims', expect: requestRoles(NO_PRIVILEGE) }
		]
	},
	{
		// Nobody but the server inserts a report directly (people go through submit_listing_report(), below).
		// The sender, the group and moderators read the public columns, never the private ones (anon reads
		// none at all); the group and moderators answer (status and response only); nobody deletes.
		table: 'listing_reports',
		probes: [
			{ op: 'select', sql: 'select id as k from listing_reports', expect: everyone([], {
				anon: NO_PRIVILEGE, stranger: ['repStranger'], ...membersOfA(['repStranger', 'repAnon']), ownerA: ['repStranger', 'repAnon', 'repOwnerA'],
				ownerB: ['repOwnerA'], ...moderators(allReports), service: allReports
			}) },
			{ op: 'select', what: 'every column (select *)', sql: 'select r.id as k, r.* from listing_reports r', expect: everyone(NO_PRIVILEGE, { service: allReports }) },
			...privateReportColumns.map((column): Probe => ({
				op: 'select', what: column, sql: `select id as k, ${column} from listing_reports`, expect: everyone(NO_PRIVILEGE, { service: allReports })
			})),
			{ op: 'insert', what: 'about published offerA', sql: reportSql('offerA'), expect: everyone(NO_PRIVILEGE, { service: OK }) },
			{ op: 'insert', what: 'about hiddenA', sql: reportSql('hiddenA'), expect: everyone(NO_PRIVILEGE, { service: OK }) },
			{ op: 'insert', what: 'in nobody’s name', sql: reportSql('offerA', { reporter_id: 'null' }), expect: everyone(NO_PRIVILEGE, { service: OK }) },
			{ op: 'insert', what: 'already answered', sql: reportSql('offerA', { status: `'resolved'`, response: `'Sorted'` }), expect: everyone(NO_PRIVILEGE, { service: OK }) },
			{ op: 'update', what: 'answer every report', sql: `update listing_reports set status = 'resolved', response = 'Thank you' returning id as k`,
				expect: everyone([], { anon: NO_PRIVILEGE, ...membersOfA(['repStranger', 'repAnon']), ownerB: ['repOwnerA'], ...moderators(allReports), service: allReports }) },
			// Members who reach a report are stopped by the trigger instead (listing_reports, below).
			{ op: 'update', what: 'mark every report seen by moderators', sql: `update listing_reports set moderated_at = now() returning id as k`,
				expect: { anon: NO_PRIVILEGE, stranger: [], ...moderators(allReports), service: allReports } },
			{ op: 'update', what: 'every message', sql: `update listing_reports set message = 'Changed' returning id as k`,
				expect: everyone(NO_PRIVILEGE, { service: allReports }) },
			{ op: 'update', what: 'every reply address', sql: `update listing_reports set reply_email = 'me@example.org' returning id as k`,
				expect: everyone(NO_PRIVILEGE, { service: allReports }) },
			{ op: 'update', what: 'every answer mailed', sql: `update listing_reports set answer_mailed_at = now() returning id as k`,
				expect: everyone(NO_PRIVILEGE, { service: allReports }) },
			{ op: 'delete', sql: 'delete from listing_reports returning id as k', expect: everyone(NO_PRIVILEGE, { service: allReports }) },
			{ op: 'truncate', sql: 'truncate listing_reports', expect: requestRoles(NO_PRIVILEGE) }
		]
	},
	{
		// Members read their organisation's history, moderators all of it; only the triggers write it.
		table: 'audit_log',
		probes: [
			{ op: 'select', sql: `select resource_id || '/' || field_name as k from audit_log`, expect: everyone([], {
				...membersOfA(['orgA/description_en']), ownerB: ['locB/name'], ...moderators(seededAudit), service: seededAudit
			}) },
			{ op: 'insert', sql: `insert into audit_log (resource_type, resource_id, organisation_id, action_type, field_name, updated_by)
				values ('service', '${offers.offerA}', '${orgs.orgA}', 'update', 'title_en', auth.uid())`, expect: everyone(NO_PRIVILEGE) },
			{ op: 'update', sql: `update audit_log set previous_value = 'forged' returning resource_id || '/' || field_name as k`, expect: everyone(NO_PRIVILEGE) },
			{ op: 'delete', sql: `delete from audit_log returning resource_id || '/' || field_name as k`, expect: everyone(NO_PRIVILEGE) },
			{ op: 'truncate', sql: 'truncate audit_log', expect: everyone(NO_PRIVILEGE) }
		]
	}
];

beforeAll(async () => {
	[db, scratch] = await Promise.all([freshDb(), freshDb()]);
	await asService(db, seed);
	await asService(scratch, seed);
	await seedAudit(db);
});
afterAll(async () => {
	await db?.close();
	await scratch?.close();
});

const label = (p: Probe) => `${p.op}${p.what ? ` (${p.what})` : ''}`;
const show = (e: Expected) => (typeof e === 'string' ? e : `[${[...e].sort().join(', ')}]`);

describe.each(matrix.map((m) => [m.table, m.probes] as const))('%s', (_table, probes) => {
	describe.each(probes.map((p) => [label(p), p] as const))('%s', (_, probe) => {
		const cells = actors.filter((a) => probe.expect[a] !== undefined);
		it.each(cells.map((a) => [a, show(probe.expect[a]!)] as const))('as %s → %s', async (actor) => {
			const expected = probe.expect[actor]!;
			expect(await outcomeOf(actor, probe.op, probe.sql)).toEqual(typeof expected === 'string' ? expected : [...expected].sort());
		});
	});
});

// ---------------------------------------------------------------------------------------------
// Registering a group

describe('register_organisation()', () => {
	const register = (tx: Tx, name: string) => tx.query<{ id: string }>(`select register_organisation($1, 'What we do') as id`, [name]);

	it('cannot be called signed out', async () => {
		refused(await attempt(anon, `select register_organisation('Sneaky group', 'About')`), /permission denied/);
	});

	it('creates a pending, unverified group owned by the person who registers it (and logs its creation)', async () => {
		const outcome = await attemptTx(claimsOf('stranger'), async (tx) => {
			const [{ id }] = (await tx.query<{ id: string }>(
				`select register_organisation($1, $2, name_cy => $3, email => $4, website => $5) as id`,
				['Llanwern Walkers', 'We walk on Sundays', 'Cerddwyr Llanwern', 'walkers@example.org', 'https://walkers.example.org']
			)) as [{ id: string }];
			return {
				organisation: await tx.query(`select name, name_cy, status, verified_at, email, website from organisations where id = $1`, [id]),
				members: await tx.query(`select user_id, role from organisation_members where organisation_id = $1`, [id]),
				log: await tx.query(`select resource_type, action_type, organisation_id = $1 as own, updated_by from audit_log where resource_id = $1`, [id])
			};
		});
		expect(outcome.error).toBeUndefined();
		expect(outcome.value).toEqual({
			organisation: [{ name: 'Llanwern Walkers', name_cy: 'Cerddwyr Llanwern', status: 'pending', verified_at: null, email: 'walkers@example.org', website: 'https://walkers.example.org' }],
			members: [{ user_id: users.stranger, role: 'owner' }],
			log: [{ resource_type: 'organization', action_type: 'create', own: true, updated_by: users.stranger }]
		});
	});

	it("refuses a sixth group registered within a day: 'too_many_pending'", async () => {
		const outcome = await attemptTx(claimsOf('stranger'), async (tx) => {
			for (let n = 1; n <= 5; n++) await register(tx, `Group number ${n}`);
			const [mine] = await tx.query<{ n: number }>(`select count(*)::int as n from organisation_members where user_id = auth.uid() and role = 'owner'`);
			expect(mine!.n).toBe(5);
			return register(tx, 'Group number 6');
		});
		expect(outcome.ok).toBe(false);
		expect(hintOf(outcome.error), messageOf(outcome.error)).toBe('too_many_pending');
	});

	it('counts every group registered in the last day, whatever became of it: one taken back to draft makes no room', async () => {
		const outcome = await attemptTx(claimsOf('stranger'), async (tx) => {
			const registered = [];
			for (let n = 1; n <= 5; n++) registered.push((await register(tx, `Group number ${n}`))[0]!.id);
			expect(await tx.query(`update organisations set status = 'draft' where id = $1 returning status`, [registered[0]])).toEqual([{ status: 'draft' }]);
			return register(tx, 'Group number 6');
		});
		expect(outcome.ok).toBe(false);
		expect(hintOf(outcome.error), messageOf(outcome.error)).toBe('too_many_pending');
	});

	it('a day later there is room again', async () => {
		const outcome = await attemptTx(claimsOf('stranger'), async (tx) => {
			for (let n = 1; n <= 5; n++) await register(tx, `Group number ${n}`);
			// The five registrations were made a day and an hour ago.
			await become(tx, serviceClaims);
			await tx.query(`update organisation_members set created_at = now() - interval '25 hours' where user_id = $1`, [users.stranger]);
			await become(tx, claimsOf('stranger'));
			const sixth = await register(tx, 'Group number 6');
			const [mine] = await tx.query<{ n: number }>(`select count(*)::int as n from organisation_members where user_id = auth.uid() and role = 'owner'`);
			return { sixth: sixth.length, mine: mine!.n };
		});
		expect(outcome.error).toBeUndefined();
		expect(outcome.value).toEqual({ sixth: 1, mine: 6 });
	});

	it('another person is not held up by the first one’s five', async () => {
		const outcome = await attemptTx(claimsOf('stranger'), async (tx) => {
			for (let n = 1; n <= 5; n++) await register(tx, `Group number ${n}`);
			await become(tx, claimsOf('editorA'));
			return register(tx, 'Editor’s own group');
		});
		expect(outcome.error).toBeUndefined();
		expect(outcome.value).toHaveLength(1);
	});

	it.each([
		['publish it', `update organisations set status = 'published' where id = $1`, /Only a moderator can publish an organisation/],
		['verify it', `update organisations set verified_at = now() where id = $1`, /Only a moderator can verify/],
		['write its moderation note', `update organisations set moderation_note = 'All fine' where id = $1`, /Only a moderator can change that/],
		['publish an offer of it', `insert into offers (organisation_id, title_en, kind, cost, access, attendance, status)
			values ($1, 'Straight out', 'activity', 'free', 'drop_in', 'online', 'published')`, /Only a moderator can publish an offer/]
	])('the registrant cannot %s', async (_, sql, pattern) => {
		const outcome = await attemptTx(claimsOf('stranger'), async (tx) => {
			const [{ id }] = (await register(tx, 'My new group')) as [{ id: string }];
			return tx.query(sql, [id]);
		});
		guarded(outcome, pattern);
	});

	it('the registrant edits the description and adds a draft offer', async () => {
		const outcome = await attemptTx(claimsOf('stranger'), async (tx) => {
			const [{ id }] = (await register(tx, 'My new group')) as [{ id: string }];
			await tx.query(`update organisations set description_en = 'Better words' where id = $1`, [id]);
			return tx.query(`insert into offers (organisation_id, title_en, kind, cost, access, attendance)
				values ($1, 'First offer', 'activity', 'free', 'drop_in', 'online') returning status`, [id]);
		});
		expect(outcome).toEqual({ ok: true, value: [{ status: 'draft' }] });
	});
});

// ---------------------------------------------------------------------------------------------
// The offer guard

describe('offer_guard: other groups', () => {
	// Each statement touches A's rows; ownerB gets nothing, ownerA (the control) gets the rows.
	const probes: [string, string, string][] = [
		["read A's unpublished offers", `select id from offers where id in ($1, $2, $3)`, 'draft'],
		["update A's offer", `update offers set title_en = 'Defaced' where id = $1 returning id`, 'offer'],
		["delete A's offer", `delete from offers where id = $1 returning id`, 'offer'],
		["update A's place", `update locations set name = 'Defaced' where id = $1 returning id`, 'location'],
		["delete A's place", `delete from locations where id = $1 returning id`, 'location'],
		["read the schedule of A's hidden offer", `select id from schedules where offer_id = $1`, 'hidden'],
		["update A's schedule", `update schedules set opens_at = '03:00' where id = $1 returning id`, 'schedule'],
		["delete A's schedule", `delete from schedules where id = $1 returning id`, 'schedule'],
		["read the reports about A's offer", `select id from listing_reports where offer_id = $1`, 'offer'],
		["answer the reports about A's offer", `update listing_reports set status = 'resolved' where offer_id = $1 returning id`, 'offer'],
		["read A's audit log", `select field_name from audit_log where organisation_id = $1`, 'organisation']
	];
	const params: Record<string, string[]> = {
		draft: [offers.draftA, offers.pausedA, offers.hiddenA], offer: [offers.offerA], location: [locations.locA],
		hidden: [offers.hiddenA], schedule: [schedules.schA], organisation: [orgs.orgA]
	};
	it.each(probes)('a member of B cannot %s; a member of A can', async (_, sql, kind) => {
		const theirs = await as('ownerB', sql, params[kind]);
		expect(theirs.error).toBeUndefined();
		expect(theirs.rows).toEqual([]);
		const ours = await as('ownerA', sql, params[kind]);
		expect(ours.error).toBeUndefined();
		expect(ours.rows.length).toBeGreaterThan(0);
	});
});

describe('offer_guard: publishing', () => {
	const unverifiedPublish = /Only a moderator can publish an offer of an unverified organisation/;

	it('a member of unverified B cannot insert a published offer', async () => {
		guarded(await as('ownerB', `insert into offers (organisation_id, title_en, kind, cost, access, attendance, status)
			values ($1, 'Straight out', 'activity', 'free', 'drop_in', 'online', 'published')`, [orgs.orgB]), unverifiedPublish);
	});

	it('a member of unverified B cannot publish a draft no moderator approved', async () => {
		guarded(await as('ownerB', `update offers set status = 'published' where id = $1`, [offers.draftB]), unverifiedPublish);
	});

	it('… nor by way of pausing it first', async () => {
		const outcome = await attemptTx(claimsOf('ownerB'), async (tx) => {
			await tx.query(`update offers set status = 'paused' where id = $1`, [offers.draftB]);
			return tx.query(`update offers set status = 'published' where id = $1`, [offers.draftB]);
		});
		guarded(outcome, unverifiedPublish);
	});

	it('a member of unverified B pauses and resumes an approved offer; search follows', async () => {
		const outcome = await attemptTx(claimsOf('ownerB'), async (tx) => {
			const searchable = async () => (await tx.query(`select 1 from offer_search where offer_id = $1`, [offers.offerB])).length;
			const before = await searchable();
			const paused = await tx.query(`update offers set status = 'paused' where id = $1 returning status, approved_at is not null as approved`, [offers.offerB]);
			const whilePaused = await searchable();
			const resumed = await tx.query(`update offers set status = 'published' where id = $1 returning status`, [offers.offerB]);
			return { before, paused, whilePaused, resumed, after: await searchable() };
		});
		expect(outcome.error).toBeUndefined();
		expect(outcome.value).toEqual({
			before: 1, paused: [{ status: 'paused', approved: true }], whilePaused: 0, resumed: [{ status: 'published' }], after: 1
		});
	});

	it('a member of verified A publishes at once: approved, reviewed now, and searchable', async () => {
		const outcome = await attemptTx(claimsOf('editorA'), async (tx) => {
			const published = await tx.query(`update offers set status = 'published' where id = $1
				returning approved_at = now() as approved_now, last_reviewed_at = now() as reviewed_now`, [offers.draftA]);
			return { published, search: await tx.query(`select offer_id from offer_search where offer_id = $1`, [offers.draftA]) };
		});
		expect(outcome.value).toEqual({ published: [{ approved_now: true, reviewed_now: true }], search: [{ offer_id: offers.draftA }] });
	});

	it('a member of verified A resumes a paused offer', async () => {
		const { rows, error } = await as('ownerA', `update offers set status = 'published' where id = $1 returning status`, [offers.pausedA]);
		expect(error).toBeUndefined();
		expect(rows).toEqual([{ status: 'published' }]);
	});

	it('a moderator publishes the never-approved draft of unverified B', async () => {
		const { rows } = await as('moderator', `update offers set status = 'published' where id = $1 returning approved_at = now() as approved_now`, [offers.draftB]);
		expect(rows).toEqual([{ approved_now: true }]);
	});
});

describe('offer_guard: what only a moderator may change', () => {
	const cases: [string, string, keyof typeof offers][] = [
		['hide an offer', `update offers set status = 'hidden' where id = $1 returning id`, 'offerA'],
		['bring back a hidden offer', `update offers set status = 'published' where id = $1 returning id`, 'hiddenA'],
		['take a hidden offer to draft', `update offers set status = 'draft' where id = $1 returning id`, 'hiddenA'],
		['write a moderation note', `update offers set moderation_note = 'Looks fine' where id = $1 returning id`, 'offerA'],
		['clear a moderation note', `update offers set moderation_note = null where id = $1 returning id`, 'hiddenA'],
		['set approved_at', `update offers set approved_at = now() where id = $1 returning id`, 'draftA'],
		['clear approved_at', `update offers set approved_at = null where id = $1 returning id`, 'offerA'],
		['set reminders_sent', `update offers set reminders_sent = 3 where id = $1 returning id`, 'offerA'],
		['reset reminders_sent', `update offers set reminders_sent = 0 where id = $1 returning id`, 'staleA'],
		['set last_reminder_at', `update offers set last_reminder_at = now() where id = $1 returning id`, 'offerA'],
		['set out_of_date_since', `update offers set out_of_date_since = now() where id = $1 returning id`, 'offerA'],
		['clear out_of_date_since', `update offers set out_of_date_since = null where id = $1 returning id`, 'staleA'],
		['set links_checked_at', `update offers set links_checked_at = now() where id = $1 returning id`, 'offerA'],
		['set status_before_hidden', `update offers set status_before_hidden = 'published' where id = $1 returning id`, 'hiddenA'],
		['backdate created_at', `update offers set created_at = created_at - interval '1 year' where id = $1 returning id`, 'offerA']
	];
	it.each(cases)('a member cannot %s; a moderator can', async (_, sql, offer) => {
		for (const member of ['ownerA', 'editorA'] as const) guarded(await as(member, sql, [offers[offer]]), /Only a moderator can/);
		for (const moderator of ['moderator', 'admin'] as const) {
			const { rows, error } = await as(moderator, sql, [offers[offer]]);
			expect(error, moderator).toBeUndefined();
			expect(rows, moderator).toEqual([{ id: offers[offer] }]);
		}
	});

	it.each([
		['a moderation note', { moderation_note: `'Approved'` }, /Only a moderator can set that/],
		['approved_at', { approved_at: 'now()' }, /Only a moderator can set that/],
		['reminders_sent', { reminders_sent: '1' }, /Only a moderator can set that/],
		['last_reminder_at', { last_reminder_at: 'now()' }, /Only a moderator can set that/],
		['out_of_date_since', { out_of_date_since: 'now()' }, /Only a moderator can set that/],
		['a link problem', { link_problem: `'HTTP 500'` }, /Only a moderator can set that/],
		['a status from before hiding', { status_before_hidden: `'published'` }, /Only a moderator can set that/],
		['status hidden', { status: `'hidden'` }, /Only a moderator can hide an offer/]
	])('a member cannot insert an offer with %s; a moderator can', async (_, extra, pattern) => {
		const columns = Object.keys(extra);
		const values = Object.values(extra);
		const sql = `insert into offers (organisation_id, title_en, kind, cost, access, attendance, ${columns.join(', ')})
			values ($1, 'New', 'activity', 'free', 'drop_in', 'online', ${values.join(', ')}) returning title_en`;
		guarded(await as('ownerA', sql, [orgs.orgA]), pattern);
		expect((await as('moderator', sql, [orgs.orgA])).rows).toEqual([{ title_en: 'New' }]);
	});

	it('a member may still edit a hidden offer, which stays hidden and out of search', async () => {
		const outcome = await attemptTx(claimsOf('ownerA'), async (tx) => ({
			edited: await tx.query(`update offers set title_en = 'Clearer title' where id = $1 returning status, moderation_note`, [offers.hiddenA]),
			search: await tx.query(`select 1 from offer_search where offer_id = $1`, [offers.hiddenA])
		}));
		expect(outcome.value).toEqual({ edited: [{ status: 'hidden', moderation_note: 'Misleading title' }], search: [] });
	});

	it('a moderator hides an offer and it leaves search at once', async () => {
		const outcome = await attemptTx(claimsOf('moderator'), async (tx) => {
			await tx.query(`update offers set status = 'hidden', moderation_note = 'Reported as closed' where id = $1`, [offers.offerA]);
			return tx.query(`select 1 from offer_search where offer_id = $1`, [offers.offerA]);
		});
		expect(outcome).toEqual({ ok: true, value: [] });
	});
});

describe('offer_guard: an offer stays with its organisation', () => {
	// ownerA is made an owner of B too, so RLS would let the move through: the guard is what refuses it.
	it.each([
		['offerA', 'orgB'], ['draftA', 'orgB'], ['offerB', 'orgA'], ['draftB', 'orgA']
	] as const)('a member of both groups cannot move %s to %s', async (offer, org) => {
		const outcome = await attemptTx(serviceClaims, async (tx) => {
			await tx.query(`insert into organisation_members (organisation_id, user_id, role) values ($1, $2, 'owner')`, [orgs.orgB, users.ownerA]);
			await become(tx, claimsOf('ownerA'));
			// The control: as a member of both, ownerA edits either offer.
			expect(await tx.query(`update offers set title_en = title_en || '!' where id = $1 returning id`, [offers[offer]])).toEqual([{ id: offers[offer] }]);
			return tx.query(`update offers set organisation_id = $1 where id = $2 returning id`, [orgs[org], offers[offer]]);
		});
		guarded(outcome, /An offer stays with its organisation/);
	});
});

describe('offer_guard: reviews and links', () => {
	const stamps = `last_reviewed_at = now() as reviewed_now, reminders_sent, last_reminder_at, out_of_date_since`;
	const freshStamps = { reviewed_now: true, reminders_sent: 0, last_reminder_at: null, out_of_date_since: null };

	it('staleA starts out of date in search', async () => {
		expect((await attempt(anon, `select out_of_date from offer_search where offer_id = $1`, [offers.staleA])).rows).toEqual([{ out_of_date: true }]);
		expect((await attempt(anon, `select out_of_date from offer_search where offer_id = $1`, [offers.offerA])).rows).toEqual([{ out_of_date: false }]);
	});

	it("a member's content edit is a review: reviewed now, reminders and 'out of date' cleared, search current", async () => {
		const outcome = await attemptTx(claimsOf('editorA'), async (tx) => ({
			edited: await tx.query(`update offers set description_en = 'Now on Wednesdays' where id = $1 returning ${stamps}`, [offers.staleA]),
			search: await tx.query(`select out_of_date from offer_search where offer_id = $1`, [offers.staleA])
		}));
		expect(outcome.value).toEqual({ edited: [freshStamps], search: [{ out_of_date: false }] });
	});

	it.each([
		['backdate it', `now() - interval '1 year'`],
		['post-date it', `'2100-01-01'::timestamptz`],
		['clear it', 'null'],
		['confirm "still running"', 'now()']
	])('a member who sets last_reviewed_at to %s gets now()', async (_, value) => {
		const { rows, error } = await as('ownerA', `update offers set last_reviewed_at = ${value} where id = $1 returning ${stamps}`, [offers.staleA]);
		expect(error).toBeUndefined();
		expect(rows).toEqual([freshStamps]);
	});

	it('pausing is not a review: last_reviewed_at stays', async () => {
		const { rows } = await as('ownerA', `update offers set status = 'paused' where id = $1 returning last_reviewed_at = now() as reviewed_now, reminders_sent`, [offers.staleA]);
		expect(rows).toEqual([{ reviewed_now: false, reminders_sent: 3 }]);
	});

	it("a moderator's edit is not the group's review: the reminders stand", async () => {
		const { rows } = await as('moderator', `update offers set description_en = 'Tidied' where id = $1 returning ${stamps}`, [offers.staleA]);
		expect(rows).toEqual([{ reviewed_now: false, reminders_sent: 3, last_reminder_at: expect.anything(), out_of_date_since: expect.anything() }]);
	});

	it('the server may set last_reviewed_at in the past (imports), which clears the reminders', async () => {
		const { rows } = await attempt(serviceClaims, `update offers set last_reviewed_at = now() - interval '2 months' where id = $1
			returning last_reviewed_at < now() - interval '1 month' as kept, reminders_sent, out_of_date_since`, [offers.staleA]);
		expect(rows).toEqual([{ kept: true, reminders_sent: 0, out_of_date_since: null }]);
	});

	it("changing an offer's website clears its link problem; other edits keep it", async () => {
		expect((await as('ownerA', `update offers set website = 'https://new.example.org' where id = $1 returning link_problem`, [offers.offerA])).rows)
			.toEqual([{ link_problem: null }]);
		expect((await as('ownerA', `update offers set title_en = 'Renamed' where id = $1 returning link_problem`, [offers.offerA])).rows)
			.toEqual([{ link_problem: 'HTTP 404' }]);
		expect((await as('ownerA', `update offers set website = website where id = $1 returning link_problem`, [offers.offerA])).rows)
			.toEqual([{ link_problem: 'HTTP 404' }]);
	});

	it("changing an organisation's website clears its link problem; other edits keep it", async () => {
		expect((await as('editorA', `update organisations set website = 'https://new.example.org' where id = $1 returning link_problem`, [orgs.orgA])).rows)
			.toEqual([{ link_problem: null }]);
		expect((await as('editorA', `update organisations set phone = '029 2000 0000' where id = $1 returning link_problem`, [orgs.orgA])).rows)
			.toEqual([{ link_problem: 'Timed out' }]);
	});

	it.each([
		['the link check time', `update organisations set links_checked_at = now() where id = $1 returning id`],
		['the moderation note', `update organisations set moderation_note = 'Fine' where id = $1 returning id`],
		['the link problem (clearing it)', `update organisations set link_problem = null where id = $1 returning id`],
		['the link problem (writing one)', `update organisations set link_problem = 'All fine' where id = $1 returning id`],
		['the date it was created', `update organisations set created_at = created_at - interval '1 year' where id = $1 returning id`]
	])('a member cannot change %s of their organisation; a moderator can', async (_, sql) => {
		for (const member of ['ownerA', 'editorA'] as const) guarded(await as(member, sql, [orgs.orgA]), /Only a moderator can change that/);
		const { rows, error } = await as('moderator', sql, [orgs.orgA]);
		expect(error).toBeUndefined();
		expect(rows).toEqual([{ id: orgs.orgA }]);
	});

});

describe('schedules: exceptions', () => {
	it.each([['{0}'], ['{13}'], ['{1,12,13}'], ['{-1}']])('except_months %s is refused', async (months) => {
		refused(await as('ownerA', `insert into schedules (offer_id, freq, byday, opens_at, closes_at, except_months)
			values ($1, 'WEEKLY', '{TU}', '10:00', '11:00', $2)`, [offers.draftA, months]), /check constraint/);
		refused(await as('ownerA', `update schedules set except_months = $2 where id = $1`, [schedules.schA, months]), /check constraint/);
	});

	it('except_months within 1–12 and except dates are kept', async () => {
		const { rows, error } = await as('ownerA', `insert into schedules (offer_id, freq, byday, opens_at, closes_at, except_months, except_dates)
			values ($1, 'WEEKLY', '{TU}', '10:00', '11:00', '{1,8,12}', '{2026-12-24}') returning except_months, except_dates::text[] as dates`, [offers.draftA]);
		expect(error).toBeUndefined();
		expect(rows).toEqual([{ except_months: [1, 8, 12], dates: ['2026-12-24'] }]);
	});
});

// ---------------------------------------------------------------------------------------------
// Claims

describe('organisation_claims', () => {
	it('one pending claim per person and group', async () => {
		const { ok, error } = await as('stranger', claimSql('orgC'));
		expect(ok).toBe(false);
		expect(codeOf(error), messageOf(error)).toBe('23505');
	});

	it('at most five pending claims per person; a withdrawn or decided one makes room', async () => {
		const outcome = await attemptTx(serviceClaims, async (tx) => {
			const groups: string[] = [];
			for (let n = 1; n <= 6; n++) {
				groups.push((await tx.query<{ id: string }>(`insert into organisations (name, status) values ($1, 'published') returning id`, [`Claimable ${n}`]))[0]!.id);
			}
			const claim = (group: string) => errorOf(tx, claimSql('orgA').replace(`'${orgs.orgA}'`, `'${group}'`));
			// The stranger claims C already: four more make five.
			await become(tx, claimsOf('stranger'));
			const four = [];
			for (const group of groups.slice(0, 4)) four.push(await claim(group));
			const sixth = await claim(groups[4]!);
			// Another person is not held up by the stranger's five.
			await become(tx, claimsOf('ownerB'));
			const someoneElse = await claim(groups[4]!);
			await become(tx, claimsOf('stranger'));
			await tx.query(`delete from organisation_claims where organisation_id = $1 and user_id = auth.uid()`, [groups[0]]);
			const afterWithdrawing = await claim(groups[4]!);
			const seventh = await claim(groups[5]!);
			await become(tx, claimsOf('moderator'));
			await tx.query(`select decide_claim(id, false) from organisation_claims where organisation_id = $1 and user_id = $2`, [groups[1], users.stranger]);
			await become(tx, claimsOf('stranger'));
			const afterADecision = await claim(groups[5]!);
			return { four, sixth: messageOf(sixth), someoneElse, afterWithdrawing, seventh: messageOf(seventh), afterADecision };
		});
		expect(outcome.error).toBeUndefined();
		expect(outcome.value).toEqual({
			four: [undefined, undefined, undefined, undefined], sixth: expect.stringMatching(/row-level security/), someoneElse: undefined,
			afterWithdrawing: undefined, seventh: expect.stringMatching(/row-level security/), afterADecision: undefined
		});
	});

	it('a claim is recorded for the claimant, pending', async () => {
		const { rows } = await as('ownerB', `${claimSql('orgC')} returning user_id, status, decided_by, decided_at`);
		expect(rows).toEqual([{ user_id: users.ownerB, status: 'pending', decided_by: null, decided_at: null }]);
	});

	it('cannot be decided signed out', async () => {
		refused(await attempt(anon, 'select decide_claim($1, true)', [claims.claimStranger]), /permission denied/);
	});

	it.each(['stranger', 'ownerA', 'editorA', 'ownerB'] as const)('%s cannot decide a claim (not even their own)', async (user) => {
		guarded(await as(user, 'select decide_claim($1, true)', [claims.claimStranger]), /Only a moderator can decide a claim/);
		guarded(await as(user, 'select decide_claim($1, false)', [claims.claimOwnerA]), /Only a moderator can decide a claim/);
	});

	it.each(['moderator', 'admin'] as const)('%s approves: the claimant becomes an owner; the claim records the decision', async (moderator) => {
		const outcome = await attemptTx(claimsOf(moderator), async (tx) => {
			await tx.query('select decide_claim($1, true)', [claims.claimOwnerA]);
			return {
				members: await tx.query(`select user_id, role from organisation_members where organisation_id = $1 order by role, user_id`, [orgs.orgB]),
				claim: await tx.query(`select status, decided_by, decided_at = now() as decided_now from organisation_claims where id = $1`, [claims.claimOwnerA])
			};
		});
		expect(outcome.error).toBeUndefined();
		expect(outcome.value).toEqual({
			members: [{ user_id: users.ownerA, role: 'owner' }, { user_id: users.ownerB, role: 'owner' }].sort((a, b) => a.user_id.localeCompare(b.user_id)),
			claim: [{ status: 'approved', decided_by: users[moderator], decided_now: true }]
		});
	});

	it("deciding a claim twice: 'claim_decided'", async () => {
		const outcome = await attemptTx(claimsOf('moderator'), async (tx) => {
			await tx.query('select decide_claim($1, false)', [claims.claimStranger]);
			return tx.query('select decide_claim($1, true)', [claims.claimStranger]);
		});
		expect(outcome.ok).toBe(false);
		expect(hintOf(outcome.error), messageOf(outcome.error)).toBe('claim_decided');
	});

	it("an unknown claim: 'claim_decided' too", async () => {
		const { error } = await as('moderator', 'select decide_claim($1, true)', [uuid(0xdead)]);
		expect(hintOf(error)).toBe('claim_decided');
	});

	// Committed one after another on the scratch database, as the people would.
	it('rejected with a note the claimant reads; claimed again; approved; the claimant then edits the group', async () => {
		const [claim] = await commitAs<{ id: string }>(claimsOf('stranger'), `${claimSql('orgB')} returning id`);
		await commitAs(claimsOf('moderator'), 'select decide_claim($1, false, $2)', [claim!.id, '  Please send the charity number  ']);
		expect(await commitAs(claimsOf('stranger'), 'select status, decision_note, decided_by from organisation_claims where id = $1', [claim!.id]))
			.toEqual([{ status: 'rejected', decision_note: 'Please send the charity number', decided_by: users.moderator }]);
		expect(await commitAs(claimsOf('ownerB'), 'select id from organisation_claims where id = $1', [claim!.id])).toEqual([]);
		expect(hintOf((await attempt(claimsOf('moderator'), 'select decide_claim($1, true)', [claim!.id], scratch)).error)).toBe('claim_decided');
		// Still not a member.
		expect((await as('stranger', `update offers set title_en = 'Mine now' where id = $1 returning id`, [offers.draftB], scratch)).rows).toEqual([]);

		const [again] = await commitAs<{ id: string }>(claimsOf('stranger'), `${claimSql('orgB')} returning id`);
		await commitAs(claimsOf('moderator'), 'select decide_claim($1, true, $2)', [again!.id, '   ']);
		expect(await commitAs(claimsOf('stranger'), 'select status, decision_note from organisation_claims where id = $1', [again!.id]))
			.toEqual([{ status: 'approved', decision_note: null }]);
		expect(await commitAs(claimsOf('stranger'), 'select role from organisation_members where organisation_id = $1 and user_id = auth.uid()', [orgs.orgB]))
			.toEqual([{ role: 'owner' }]);
		expect((await as('stranger', `update offers set title_en = 'Ours' where id = $1 returning id`, [offers.draftB], scratch)).rows).toEqual([{ id: offers.draftB }]);
		expect(hintOf((await attempt(claimsOf('moderator'), 'select decide_claim($1, false)', [again!.id], scratch)).error)).toBe('claim_decided');
		// A member does not claim their own group.
		refused(await as('stranger', claimSql('orgB'), [], scratch), /row-level security/);
	});

	it('a claimant withdraws their pending claim, not a decided one', async () => {
		const [claim] = await commitAs<{ id: string }>(claimsOf('editorA'), `${claimSql('orgC')} returning id`);
		await commitAs(claimsOf('moderator'), 'select decide_claim($1, false)', [claim!.id]);
		expect((await as('editorA', 'delete from organisation_claims where id = $1 returning id', [claim!.id], scratch)).rows).toEqual([]);
		expect((await as('editorA', `delete from organisation_claims where id = $1 returning id`, [claims.claimStranger], scratch)).rows).toEqual([]);
		expect((await as('stranger', `delete from organisation_claims where id = $1 returning id`, [claims.claimStranger], scratch)).rows)
			.toEqual([{ id: claims.claimStranger }]);
	});
});

// ---------------------------------------------------------------------------------------------
// Reports

describe('listing_reports', () => {
	const publicColumns = 'id, offer_id, kind, reason, message, wants_reply, reporter_id, status, response, responded_at, moderated_at, created_at';

	it.each(['stranger', 'ownerA', 'editorA', 'moderator', 'admin'] as const)('%s reads the public columns of the stranger’s report', async (user) => {
		const { rows, error } = await as(user, `select ${publicColumns} from listing_reports where id = $1`, [reports.repStranger]);
		expect(error).toBeUndefined();
		expect(rows).toEqual([{
			id: reports.repStranger, offer_id: offers.offerA, kind: 'problem', reason: 'not_running', message: 'It stopped in May', wants_reply: false,
			reporter_id: users.stranger, status: 'open', response: null, responded_at: null, moderated_at: null, created_at: expect.any(Date)
		}]);
	});

	it('the group sees that a sender would like an answer, not where to send it', async () => {
		expect((await as('ownerA', `select wants_reply from listing_reports where id = $1`, [reports.repAnon])).rows).toEqual([{ wants_reply: true }]);
		refused(await as('ownerA', `select reply_email from listing_reports where id = $1`, [reports.repAnon]), /permission denied/);
		expect((await attempt(serviceClaims, `select reply_email, reply_language from listing_reports where id = $1`, [reports.repAnon])).rows)
			.toEqual([{ reply_email: 'reply@example.org', reply_language: 'cy' }]);
	});

	it.each(['ownerA', 'editorA', 'moderator', 'admin'] as const)('%s answers: responded_by and responded_at are set by the database', async (user) => {
		const outcome = await attemptTx(claimsOf(user), async (tx) => {
			const answered = await tx.query(`update listing_reports set status = 'resolved', response = 'Times corrected' where id = $1
				returning status, response, responded_at = now() as responded_now`, [reports.repAnon]);
			// Who answered is for the server to read.
			await become(tx, serviceClaims);
			return { answered, stored: await tx.query(`select responded_by from listing_reports where id = $1`, [reports.repAnon]) };
		});
		expect(outcome.error).toBeUndefined();
		expect(outcome.value).toEqual({
			answered: [{ status: 'resolved', response: 'Times corrected', responded_now: true }], stored: [{ responded_by: users[user] }]
		});
	});

	it.each([['responded_by', `'${users.ownerA}'`], ['responded_at', 'now()'], ['message', `'Edited'`], ['reporter_id', 'null'],
		['offer_id', `'${offers.staleA}'`], ['kind', `'suggestion'`], ['reply_email', `'me@example.org'`], ['reply_language', `'en'`],
		['sender_hash', `'${senderHash(1)}'`], ['answer_mailed_at', 'now()'], ['created_at', 'now()']])('a member cannot change %s', async (column, value) => {
		refused(await as('ownerA', `update listing_reports set ${column} = ${value} where id = $1`, [reports.repAnon]), /permission denied/);
	});

	it.each(['ownerA', 'editorA'] as const)('%s cannot mark a report as seen by moderators', async (user) => {
		guarded(await as(user, `update listing_reports set moderated_at = now() where id = $1`, [reports.repAnon]),
			/Only a moderator can mark a report as seen by moderators/);
	});

	it('… nor take a moderator’s mark off', async () => {
		const outcome = await attemptTx(claimsOf('moderator'), async (tx) => {
			expect(await tx.query(`update listing_reports set moderated_at = now() where id = $1 returning moderated_at = now() as now`, [reports.repAnon]))
				.toEqual([{ now: true }]);
			await become(tx, claimsOf('ownerA'));
			return tx.query(`update listing_reports set moderated_at = null where id = $1`, [reports.repAnon]);
		});
		guarded(outcome, /Only a moderator can mark a report as seen by moderators/);
	});

	it.each(['moderator', 'admin'] as const)('%s marks a report as seen', async (user) => {
		const { rows, error } = await as(user, `update listing_reports set moderated_at = now() where id = $1 returning moderated_at = now() as now, status`, [reports.repOwnerA]);
		expect(error).toBeUndefined();
		expect(rows).toEqual([{ now: true, status: 'open' }]);
	});

	it('a group that resolves a report does not take it off the moderators’ queue', async () => {
		const { rows, error } = await as('ownerA', `update listing_reports set status = 'resolved', response = 'Sorted' where id = $1
			returning status, moderated_at`, [reports.repStranger]);
		expect(error).toBeUndefined();
		expect(rows).toEqual([{ status: 'resolved', moderated_at: null }]);
	});

	it('the sender reads the group’s answer', async () => {
		await commitAs(claimsOf('ownerA'), `update listing_reports set status = 'resolved', response = 'It runs again from June' where id = $1`, [reports.repStranger]);
		expect(await commitAs(claimsOf('stranger'), 'select status, response, responded_at is not null as answered from listing_reports where id = $1', [reports.repStranger]))
			.toEqual([{ status: 'resolved', response: 'It runs again from June', answered: true }]);
		expect(await commitAs(serviceClaims, 'select responded_by from listing_reports where id = $1', [reports.repStranger])).toEqual([{ responded_by: users.ownerA }]);
	});
});

describe('submit_listing_report()', () => {
	interface Report { offer?: string; kind?: string; reason?: string; message?: string | null; replyEmail?: string | null; language?: string | null; sender?: string | null }
	const submitSql = `select submit_listing_report($1, $2, $3, $4, $5, $6, $7) as id`;
	const paramsOf = (r: Report) => [
		r.offer ?? offers.offerA, r.kind ?? 'problem', r.reason ?? 'not_running', r.message === undefined ? 'It has stopped' : r.message,
		r.replyEmail ?? null, r.language === undefined ? 'en' : r.language, r.sender === undefined ? senderHash(0xc1) : r.sender
	];
	const submit = async (tx: Tx, r: Report = {}) => (await tx.query<{ id: string }>(submitSql, paramsOf(r)))[0]!.id;
	/** The error of one more submission, in a savepoint. */
	const submitError = (tx: Tx, r: Report = {}) => errorOf(tx, submitSql, paramsOf(r));
	const stored = (tx: Tx, id: string) => tx.query(
		`select offer_id, kind, reason, message, reply_email, reply_language, wants_reply, reporter_id, sender_hash, status, response,
		        responded_by, responded_at, moderated_at, answer_mailed_at, created_at = now() as now
		   from listing_reports where id = $1`, [id]);

	it('a signed-in report is in the sender’s name, open, and they read it back', async () => {
		const outcome = await attemptTx(claimsOf('stranger'), async (tx) => {
			const id = await submit(tx, { offer: offers.offerB, sender: senderHash(0xc2) });
			return tx.query(`select offer_id, reporter_id, status, response, responded_at, moderated_at, wants_reply from listing_reports where id = $1`, [id]);
		});
		expect(outcome.error).toBeUndefined();
		expect(outcome.value).toEqual([{ offer_id: offers.offerB, reporter_id: users.stranger, status: 'open', response: null, responded_at: null, moderated_at: null, wants_reply: false }]);
	});

	it('an anonymous report is stored without a reporter, with its reply address for the server only; anon cannot read it back', async () => {
		const [{ id }] = (await commitAs<{ id: string }>(anon, submitSql,
			paramsOf({ offer: offers.offerC, kind: 'suggestion', reason: 'unclear', message: 'Anonymous note 7f3a', replyEmail: '  reply@example.org ', language: 'cy', sender: senderHash(0xc3) }))) as [{ id: string }];
		expect(await asService(scratch, (tx) => stored(tx, id))).toEqual([{
			offer_id: offers.offerC, kind: 'suggestion', reason: 'unclear', message: 'Anonymous note 7f3a', reply_email: 'reply@example.org', reply_language: 'cy',
			wants_reply: true, reporter_id: null, sender_hash: senderHash(0xc3), status: 'open', response: null, responded_by: null, responded_at: null,
			moderated_at: null, answer_mailed_at: null, now: false
		}]);
		refused(await attempt(anon, `select id from listing_reports where id = $1`, [id], scratch), /permission denied/);
	});

	it('no message is an empty one, a blank reply address is none, no language is English', async () => {
		const outcome = await attemptTx(anon, async (tx) => {
			const id = await submit(tx, { message: null, replyEmail: '   ', language: null });
			await become(tx, serviceClaims);
			return stored(tx, id);
		});
		expect(outcome.error).toBeUndefined();
		expect(outcome.value).toEqual([expect.objectContaining({ message: '', reply_email: null, reply_language: 'en', wants_reply: false, reporter_id: null, now: true })]);
	});

	it.each(['draftA', 'pausedA', 'hiddenA', 'draftB'] as const)("refuses a report about %s, which is not in the directory: 'offer_not_found'", async (offer) => {
		for (const claims of [anon, claimsOf('stranger'), claimsOf('ownerA')]) {
			const { ok, error } = await attempt(claims, submitSql, paramsOf({ offer: offers[offer] }));
			expect(ok).toBe(false);
			expect(hintOf(error), messageOf(error)).toBe('offer_not_found');
		}
	});

	it("refuses an offer that does not exist, and a published offer of a group that is not: 'offer_not_found'", async () => {
		expect(hintOf((await attempt(anon, submitSql, paramsOf({ offer: uuid(0xdead) }))).error)).toBe('offer_not_found');
		const outcome = await attemptTx(serviceClaims, async (tx) => {
			const [offer] = await tx.query<{ id: string }>(`insert into offers (organisation_id, title_en, kind, cost, access, attendance, status)
				values ($1, 'Of a pending group', 'activity', 'free', 'drop_in', 'online', 'published') returning id`, [orgs.orgP]);
			await become(tx, anon);
			return submit(tx, { offer: offer!.id });
		});
		expect(outcome.ok).toBe(false);
		expect(hintOf(outcome.error), messageOf(outcome.error)).toBe('offer_not_found');
	});

	it.each([
		['no sender_hash', { sender: null }, '23502'],
		['a sender_hash that is not 64 hex digits', { sender: 'abc' }, '23514'],
		['a sender_hash in capitals', { sender: 'A'.repeat(64) }, '23514'],
		['a sender_hash of 64 other letters', { sender: 'g'.repeat(64) }, '23514'],
		['an unknown kind', { kind: 'complaint' }, '23514'],
		['an unknown reason', { reason: 'spam' }, '23514'],
		['an unknown language', { language: 'fr' }, '23514'],
		['a message over 2000 characters', { message: 'a'.repeat(2001) }, '23514']
	] as [string, Report, string][])('refuses %s', async (_, report, code) => {
		const { ok, error } = await attempt(anon, submitSql, paramsOf(report));
		expect(ok).toBe(false);
		expect(codeOf(error), messageOf(error)).toBe(code);
	});

	it("ten reports an hour from one sender; the eleventh is refused: 'too_many_reports'", async () => {
		const outcome = await attemptTx(anon, async (tx) => {
			const about = [offers.offerA, offers.staleA, offers.offerB, offers.offerC];
			for (let n = 0; n < 10; n++) await submit(tx, { offer: about[n % about.length], sender: senderHash(0xd1) });
			const eleventh = await submitError(tx, { offer: offers.offerC, sender: senderHash(0xd1) });
			// Signing in does not help: the limit is the sender's.
			await become(tx, claimsOf('stranger'));
			const signedIn = await submitError(tx, { offer: offers.offerB, sender: senderHash(0xd1) });
			// Someone else is not held up.
			await become(tx, anon);
			const someoneElse = await submitError(tx, { offer: offers.offerC, sender: senderHash(0xd2) });
			return { eleventh: hintOf(eleventh), signedIn: hintOf(signedIn), someoneElse };
		});
		expect(outcome.error).toBeUndefined();
		expect(outcome.value).toEqual({ eleventh: 'too_many_reports', signedIn: 'too_many_reports', someoneElse: undefined });
	});

	it("twenty reports an hour about one offer; the twenty-first is refused: 'too_many_reports'", async () => {
		const outcome = await attemptTx(anon, async (tx) => {
			for (let n = 0; n < 20; n++) await submit(tx, { offer: offers.offerC, sender: senderHash(0xe00 + n) });
			const twentyFirst = await submitError(tx, { offer: offers.offerC, sender: senderHash(0xe99) });
			// The same new sender reports another offer.
			const anotherOffer = await submitError(tx, { offer: offers.offerB, sender: senderHash(0xe99) });
			return { twentyFirst: hintOf(twentyFirst), anotherOffer };
		});
		expect(outcome.error).toBeUndefined();
		expect(outcome.value).toEqual({ twentyFirst: 'too_many_reports', anotherOffer: undefined });
	});

	it('reports older than an hour do not count', async () => {
		const outcome = await attemptTx(anon, async (tx) => {
			for (let n = 0; n < 10; n++) await submit(tx, { offer: offers.offerC, sender: senderHash(0xf1) });
			for (let n = 0; n < 10; n++) await submit(tx, { offer: offers.offerC, sender: senderHash(0xf20 + n) });
			const full = await submitError(tx, { offer: offers.offerC, sender: senderHash(0xf1) });
			await become(tx, serviceClaims);
			await tx.query(`update listing_reports set created_at = now() - interval '61 minutes' where offer_id = $1`, [offers.offerC]);
			await become(tx, anon);
			const anHourLater = await submitError(tx, { offer: offers.offerC, sender: senderHash(0xf1) });
			return { full: hintOf(full), anHourLater };
		});
		expect(outcome.error).toBeUndefined();
		expect(outcome.value).toEqual({ full: 'too_many_reports', anHourLater: undefined });
	});
});

// ---------------------------------------------------------------------------------------------
// The audit log

describe('audit_log', () => {
	const columns = `resource_type, resource_id, organisation_id, service_id, action_type, field_name, previous_value, replacement_value, updated_by, updated_at = now() as now`;
	const logOf = (tx: Tx, resource: string) => tx.query(`select ${columns} from audit_log where resource_id = $1 order by field_name, previous_value nulls first`, [resource]);
	const row = (fields: Record<string, unknown>) => ({
		organisation_id: orgs.orgA, service_id: null, action_type: 'update', field_name: '', previous_value: null, replacement_value: null, now: true, ...fields
	});

	it("a member's offer edit: one row per changed field, old and new value, in their name", async () => {
		const outcome = await attemptTx(claimsOf('editorA'), async (tx) => {
			await tx.query(`update offers set title_en = 'Tuesday walk', cost = 'low_cost' where id = $1`, [offers.offerA]);
			return logOf(tx, offers.offerA);
		});
		expect(outcome.error).toBeUndefined();
		const base = { resource_type: 'service', resource_id: offers.offerA, service_id: offers.offerA, updated_by: users.editorA };
		expect(outcome.value).toEqual([
			row({ ...base, field_name: 'cost', previous_value: 'free', replacement_value: 'low_cost' }),
			row({ ...base, field_name: 'title_en', previous_value: 'offerA', replacement_value: 'Tuesday walk' })
		]);
	});

	it('an organisation, a place and a schedule are logged as organization, location and schedule', async () => {
		const outcome = await attemptTx(claimsOf('ownerA'), async (tx) => {
			await tx.query(`update organisations set phone = '029 2000 0000' where id = $1`, [orgs.orgA]);
			await tx.query(`update locations set name = 'Church hall' where id = $1`, [locations.locA]);
			await tx.query(`update schedules set opens_at = '09:30' where id = $1`, [schedules.schA]);
			return { organisation: await logOf(tx, orgs.orgA), location: await logOf(tx, locations.locA), schedule: await logOf(tx, schedules.schA) };
		});
		expect(outcome.error).toBeUndefined();
		const by = { updated_by: users.ownerA };
		expect(outcome.value).toEqual({
			organisation: [
				// The committed edit from the fixture, then this one.
				{ ...row({ resource_type: 'organization', resource_id: orgs.orgA, field_name: 'description_en', previous_value: '', replacement_value: 'Edited by A', ...by }), now: false },
				row({ resource_type: 'organization', resource_id: orgs.orgA, field_name: 'phone', replacement_value: '029 2000 0000', ...by })
			],
			location: [row({ resource_type: 'location', resource_id: locations.locA, field_name: 'name', previous_value: 'locA', replacement_value: 'Church hall', ...by })],
			schedule: [row({ resource_type: 'schedule', resource_id: schedules.schA, service_id: offers.offerA, field_name: 'opens_at',
				previous_value: '10:00:00', replacement_value: '09:30:00', ...by })]
		});
	});

	it('creating and deleting are logged as such, without fields', async () => {
		const outcome = await attemptTx(claimsOf('ownerA'), async (tx) => {
			const [place] = (await tx.query<{ id: string }>(`insert into locations (organisation_id, name, lat, lng) values ($1, 'Library', 51.5, -3.2) returning id`, [orgs.orgA])) as [{ id: string }];
			await tx.query(`delete from schedules where id = $1`, [schedules.schA]);
			return { created: await logOf(tx, place.id), createdId: place.id, deleted: await logOf(tx, schedules.schA) };
		});
		expect(outcome.error).toBeUndefined();
		const { created, createdId, deleted } = outcome.value!;
		expect(created).toEqual([row({ resource_type: 'location', resource_id: createdId, action_type: 'create', updated_by: users.ownerA })]);
		expect(deleted).toEqual([row({ resource_type: 'schedule', resource_id: schedules.schA, service_id: offers.offerA, action_type: 'delete', updated_by: users.ownerA })]);
	});

	it("adding and removing an outcome is logged as the service's 'outcomes' field", async () => {
		const outcome = await attemptTx(claimsOf('ownerA'), async (tx) => {
			await tx.query(`insert into offer_outcomes (offer_id, outcome_id) values ($1, 'skills')`, [offers.offerA]);
			await tx.query(`delete from offer_outcomes where offer_id = $1 and outcome_id = 'seeing-people'`, [offers.offerA]);
			return logOf(tx, offers.offerA);
		});
		const base = { resource_type: 'service', resource_id: offers.offerA, service_id: offers.offerA, field_name: 'outcomes', updated_by: users.ownerA };
		expect(outcome.value).toEqual([
			row({ ...base, replacement_value: 'skills' }),
			row({ ...base, previous_value: 'seeing-people' })
		]);
	});

	it("a moderator's change is logged in the moderator's name", async () => {
		const outcome = await attemptTx(claimsOf('moderator'), async (tx) => {
			await tx.query(`update offers set status = 'hidden', moderation_note = 'Closed' where id = $1`, [offers.offerB]);
			return tx.query(`select field_name, previous_value, replacement_value, updated_by from audit_log where resource_id = $1 order by field_name`, [offers.offerB]);
		});
		expect(outcome.value).toEqual([
			{ field_name: 'moderation_note', previous_value: null, replacement_value: 'Closed', updated_by: users.moderator },
			{ field_name: 'status', previous_value: 'published', replacement_value: 'hidden', updated_by: users.moderator }
		]);
	});

	it('review bookkeeping is not logged as a change (a "still running" confirmation logs only what it cleared)', async () => {
		const outcome = await attemptTx(claimsOf('ownerA'), async (tx) => {
			await tx.query(`update offers set last_reviewed_at = now() where id = $1`, [offers.staleA]);
			return tx.query(`select field_name, replacement_value from audit_log where resource_id = $1 order by field_name`, [offers.staleA]);
		});
		expect(outcome.value).toEqual([{ field_name: 'out_of_date_since', replacement_value: null }]);
	});

	it('the server’s changes are not logged', async () => {
		const outcome = await attemptTx(serviceClaims, async (tx) => {
			await tx.query(`update offers set title_en = 'Imported', status = 'hidden' where id = $1`, [offers.offerA]);
			await tx.query(`insert into offer_outcomes (offer_id, outcome_id) values ($1, 'skills')`, [offers.offerA]);
			await tx.query(`update organisations set phone = '01' where id = $1`, [orgs.orgC]);
			await tx.query(`insert into locations (organisation_id, name, lat, lng) values ($1, 'Imported hall', 51.5, -3.2)`, [orgs.orgC]);
			const [{ n }] = (await tx.query<{ n: number }>(`select count(*)::int as n from audit_log where resource_id in ($1, $2) or organisation_id = $2`, [offers.offerA, orgs.orgC])) as [{ n: number }];
			return n;
		});
		expect(outcome).toEqual({ ok: true, value: 0 });
	});

	it("a member's committed change is read by their group and moderators, not by B or the stranger", async () => {
		await commitAs(claimsOf('ownerA'), `update offers set title_en = 'Secret plan' where id = $1`, [offers.draftA]);
		const read = (user: User) => commitAs<{ field_name: string; updated_by: string }>(claimsOf(user),
			`select field_name, updated_by from audit_log where resource_id = $1`, [offers.draftA]);
		for (const user of ['ownerA', 'editorA', 'moderator', 'admin'] as const) {
			expect(await read(user), user).toEqual([{ field_name: 'title_en', updated_by: users.ownerA }]);
		}
		for (const user of ['ownerB', 'stranger'] as const) expect(await read(user), user).toEqual([]);
		expect(await commitAs(anon, `select field_name from audit_log where resource_id = $1`, [offers.draftA])).toEqual([]);
	});
});

// ---------------------------------------------------------------------------------------------
// Review reminders

describe('review_reminders_due()', () => {
	interface Due { offer_id: string; title: string; organisation_name: string; reminder: number; to_email: string | null; language: string | null }
	const call = (gap = '0 seconds', on: TestDb = scratch) =>
		asService(on, (tx) => tx.query<Due>(`select * from review_reminders_due('6 months', $1::interval)`, [gap]));
	const summary = (rows: Due[]) => rows
		.map((r) => `${keyName(r.offer_id)} #${r.reminder} → ${r.to_email} (${r.language})`)
		.sort();
	const stateOf = (offer: keyof typeof offers) => asService(scratch, async (tx) => (await tx.query(
		`select o.reminders_sent, o.last_reminder_at is not null as reminded, o.out_of_date_since is not null as out_of_date,
		        (select s.out_of_date from offer_search s where s.offer_id = o.id limit 1) as search_out_of_date
		   from offers o where o.id = $1`, [offers[offer]]))[0]);

	it.each(['anon', 'stranger', 'ownerA', 'editorA', 'moderator', 'admin'] as const)('%s cannot call it', async (actor) => {
		refused(await attempt(actorClaims(actor), `select * from review_reminders_due('6 months', '14 days')`), /permission denied/);
	});

	it('the server calls it; nothing is due in the fixture', async () => {
		const { ok, rows, error } = await attempt(serviceClaims, `select * from review_reminders_due('6 months', '14 days')`);
		expect(error).toBeUndefined();
		expect(ok && rows).toEqual([]);
	});

	it('an offer of a group without members or address is still reminded, with nobody to tell', async () => {
		const outcome = await attemptTx(serviceClaims, async (tx) => {
			await tx.query(`update organisations set email = null where id = $1`, [orgs.orgC]);
			await tx.query(`update offers set last_reviewed_at = now() - interval '7 months' where id = $1`, [offers.offerC]);
			return tx.query<Due>(`select * from review_reminders_due('6 months', '14 days')`);
		});
		expect(outcome.error).toBeUndefined();
		expect(summary(outcome.value!)).toEqual(['offerC #1 → null (null)']);
	});

	// One transaction after another on the scratch database, as the jobs runner would call it.
	it('three reminders a gap apart, then "may be out of date"; "still running" starts again', async () => {
		await asService(scratch, (tx) => tx.query(`update offers set last_reviewed_at = now() - interval '7 months' where id = any($1::uuid[])`,
			[[offers.offerA, offers.offerC, offers.draftA, offers.pausedA, offers.hiddenA]]));
		const recipients = (n: number) => [
			`offerA #${n} → ${emailOf('editorA')} (en)`, `offerA #${n} → ${emailOf('ownerA')} (cy)`, `offerC #${n} → ${groupEmail.orgC} (en)`
		];

		const first = await call();
		expect(summary(first)).toEqual(recipients(1));
		expect(first.find((r) => r.offer_id === offers.offerA)).toMatchObject({ title: 'offerA', organisation_name: 'Group A' });
		expect(await call('14 days'), 'the gap has not passed').toEqual([]);
		expect(summary(await call())).toEqual(recipients(2));
		expect(summary(await call())).toEqual(recipients(3));
		expect(await stateOf('offerA')).toEqual({ reminders_sent: 3, reminded: true, out_of_date: false, search_out_of_date: false });

		expect(await call(), 'no fourth reminder').toEqual([]);
		expect(await stateOf('offerA')).toEqual({ reminders_sent: 3, reminded: true, out_of_date: true, search_out_of_date: true });
		expect(await stateOf('offerC')).toMatchObject({ out_of_date: true, search_out_of_date: true });
		expect((await attempt(anon, `select out_of_date from offer_search where offer_id = $1`, [offers.offerA], scratch)).rows).toEqual([{ out_of_date: true }]);
		expect(await call()).toEqual([]);

		// Never reminded: a fresh offer, and offers that are not published.
		for (const offer of ['offerB', 'draftA', 'pausedA', 'hiddenA'] as const) {
			expect(await stateOf(offer), offer).toMatchObject({ reminders_sent: 0, reminded: false, out_of_date: false });
		}

		// "Still running as listed."
		expect(await commitAs(claimsOf('editorA'), `update offers set last_reviewed_at = now() where id = $1
			returning reminders_sent, last_reminder_at, out_of_date_since, last_reviewed_at = now() as reviewed_now`, [offers.offerA]))
			.toEqual([{ reminders_sent: 0, last_reminder_at: null, out_of_date_since: null, reviewed_now: true }]);
		expect((await attempt(anon, `select out_of_date from offer_search where offer_id = $1`, [offers.offerA], scratch)).rows).toEqual([{ out_of_date: false }]);
		expect(await call()).toEqual([]);
		expect(await stateOf('offerA')).toEqual({ reminders_sent: 0, reminded: false, out_of_date: false, search_out_of_date: false });
		expect(await stateOf('offerC')).toMatchObject({ out_of_date: true });
	});
});

// ---------------------------------------------------------------------------------------------
// Bugs found in review and fixed in the migration; each scenario stays as a regression test.

describe('regressions fixed in 20261122000007', () => {
	interface Due { offer_id: string; reminder: number; to_email: string | null; language: string | null }

	// 1. On INSERT, offer_guard does not look at last_reviewed_at for members, so a member stamps a new
	//    offer "reviewed in 2100" and it is never reminded (links_checked_at is likewise unchecked).
	let forged: { honest: boolean }[] = [];
	it('(scenario) a member inserts a published offer with last_reviewed_at in 2100', async () => {
		const { rows, error } = await as<{ honest: boolean }>('ownerA', `insert into offers
			(organisation_id, title_en, kind, cost, access, attendance, status, last_reviewed_at)
			values ($1, 'Forged', 'activity', 'free', 'drop_in', 'online', 'published', '2100-01-01')
			returning last_reviewed_at <= now() as honest`, [orgs.orgA]);
		expect(error).toBeUndefined();
		forged = rows;
		expect(forged).toHaveLength(1);
	});
	it('a member cannot post-date the review of an offer they insert', () => {
		expect(forged).toEqual([{ honest: true }]);
	});

	// 2. A member whose profile has no address ('' when auth.users.email is null) is returned as a
	//    recipient with to_email '', and the group's own address is then not used either.
	let emails: (string | null)[] = [];
	it('(scenario) group C gets an owner without an email address and its offer is due', async () => {
		const outcome = await attemptTx(serviceClaims, async (tx) => {
			await tx.query(`insert into auth.users (id, email) values ($1, null)`, [uuid(0x1199)]);
			await tx.query(`insert into organisation_members (organisation_id, user_id, role) values ($1, $2, 'owner')`, [orgs.orgC, uuid(0x1199)]);
			await tx.query(`update offers set last_reviewed_at = now() - interval '7 months' where id = $1`, [offers.offerC]);
			return tx.query<Due>(`select * from review_reminders_due('6 months', '14 days')`);
		});
		expect(outcome.error).toBeUndefined();
		emails = outcome.value!.map((r) => r.to_email);
		expect(emails).toHaveLength(1);
	});
	it('a member without an address is not a recipient (the group address stands in)', () => {
		expect(emails).toEqual([groupEmail.orgC]);
	});

	// 3. A published offer from before this migration has last_reviewed_at null (the old guard never set
	//    it; the migration backfills approved_at only). The reminder's own update passes through
	//    offer_guard, which fills last_reviewed_at with now() and so resets the reminder it is sending:
	//    the job gets "reminder 0" and the offer counts as reviewed without anyone looking at it.
	let legacy: { due: Due[]; after: { reminders_sent: number; reviewed_now: boolean } } | undefined;
	it('(scenario) a published offer with last_reviewed_at null, created a year ago, meets the reminder job', async () => {
		const old = await freshDb();
		try {
			await asService(old, seed);
			// What the table holds for an offer published before the migration.
			await old.ownerExec(`alter table public.offers disable trigger offer_guard;
				update public.offers set last_reviewed_at = null, created_at = now() - interval '1 year' where id = '${offers.offerC}';
				alter table public.offers enable trigger offer_guard;`);
			const [before] = await asService(old, (tx) => tx.query(`select last_reviewed_at from offers where id = $1`, [offers.offerC]));
			expect(before).toEqual({ last_reviewed_at: null });
			const due = await asService(old, (tx) => tx.query<Due>(`select * from review_reminders_due('6 months', '14 days')`));
			const [after] = await asService(old, (tx) => tx.query<{ reminders_sent: number; reviewed_now: boolean }>(
				`select reminders_sent, coalesce(last_reviewed_at > now() - interval '1 minute', false) as reviewed_now from offers where id = $1`, [offers.offerC]));
			legacy = { due, after: after! };
			expect(due.map((r) => r.offer_id)).toEqual([offers.offerC]);
		} finally {
			await old.close();
		}
	});
	it('… gets reminder 1, and is not marked reviewed by the job', () => {
		expect(legacy).toMatchObject({ due: [{ reminder: 1, to_email: groupEmail.orgC }], after: { reminders_sent: 1, reviewed_now: false } });
	});
});
