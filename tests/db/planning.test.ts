// Prevention planning (supabase/migrations/20261122000011_planning.sql): the rollups rebuilt by
// refresh_planning_rollups(), suppression in suppress_table() (under the threshold withheld, the
// secondary rule, rounding; thresholds in planning_settings), the planner functions planning_*,
// h3_parent(), who gets through, and the repository's dashboard (planningView / loadDashboard).
//
// One database serves the file. beforeAll writes realistic raw rows as the server (demand_signals,
// practitioners' conversations with outcomes and signposts, asset_feedback, offers meeting at places)
// for January–June 2024 and rebuilds the rollups once. Every attempt then runs in its own transaction
// and is rolled back, so each test sees the same rows; scenarios that need more rows add them, rebuild
// the rollups as the server and carry on as a planner in that same transaction. Edge cases use months
// (2020) where the base rows have nothing.
//
// Runs on PGlite and, with TEST_DATABASE_URL, on PostgreSQL 15 (scripts/pg15-check.sh).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cellToChildren, cellToParent, getPentagons, getResolution, latLngToCell } from 'h3-js';
import { anon, asService, freshDb, type TestDb, attemptOn, attemptSqlOn } from './template';
import { cardiff, newport, swansea } from './fixtures';
import { claimsPreamble, serviceClaims, type Claims, type Tx } from '../../src/lib/server/db/types';
import { withSavepoint } from '../../src/lib/server/db/errors';
import { planningView } from '../../src/lib/server/planning-view';

// ---------------------------------------------------------------------------------------------
// Fixture

const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

const users = {
	stranger: uuid(0x8101), ownerA: uuid(0x8102), practitioner: uuid(0x8103), moderator: uuid(0x8104),
	planner: uuid(0x8105), admin: uuid(0x8106)
};
type User = keyof typeof users;
const allUsers = Object.keys(users) as User[];
const emailOf = (user: User) => `${user.toLowerCase()}@example.org`;
const claimsOf = (user: User): Claims => ({ role: 'authenticated', sub: users[user], email: emailOf(user) });

// A: published. P: pending (its published offer is not supply).
const orgs = { orgA: uuid(0x8201), orgP: uuid(0x8202) };
// a1 lunch club in CF10 (skills, seeing-people; waiting list); a2 online only (skills); a3 walking
// group, in person and online, in NP20 (mobility; not reviewed for two years); a4 a draft in CF10
// (skills); a5 in CF10 and NP20 (seeing-people; reviewed eight months ago); p1 published in CF10
// (skills) but its group is pending.
const offers = { a1: uuid(0x8301), a2: uuid(0x8302), a3: uuid(0x8303), a4: uuid(0x8304), a5: uuid(0x8305), p1: uuid(0x8306) };
const places = { cf10: uuid(0x8401), np20: uuid(0x8402), cf10P: uuid(0x8403) };

// H3 cells (resolution 8, as the app stores them) and their resolution-6 parents, the rollups' grain.
const h3 = {
	cf10: latLngToCell(cardiff.lat, cardiff.lng, 8),
	np20: latLngToCell(newport.lat, newport.lng, 8),
	sa1: latLngToCell(swansea.lat, swansea.lng, 8)
};
const P = { cf: cellToParent(h3.cf10, 6), np: cellToParent(h3.np20, 6), sa: cellToParent(h3.sa1, 6) };
/** Another cell under the same resolution-6 parent as CF10's, at resolution 7. */
const cf10Sibling7 = cellToChildren(P.cf, 7).find((cell) => cell !== cellToParent(h3.cf10, 7))!;

/** Month keys as the rollups hold them. */
const period = { from: '2024-01-01', to: '2024-06-01' };

async function addDemand(tx: Tx, n: number, week: string, outcomes: string[], district: string | null, cell: string | null) {
	await tx.query(`insert into demand_signals (outcome_ids, district, h3, week) select $1::text[], $2, $3, $4::date from generate_series(1, $5::int)`,
		[outcomes, district, cell, week, n]);
}

/** n conversations held by the practitioner, started at `at`, each naming `outcomes`. */
async function addConversations(tx: Tx, n: number, at: string, outcomes: string[], district: string | null, cell: string | null, status = 'active'): Promise<string[]> {
	const rows = await tx.query<{ id: string }>(
		`insert into conversations (holder_id, consent_record_at, district, h3, status, created_at, words_matters)
		 select $1, $2::timestamptz, $3, $4, $5, $2::timestamptz, 'Getting out more' from generate_series(1, $6::int) returning id`,
		[users.practitioner, at, district, cell, status, n]
	);
	const ids = rows.map((row) => row.id);
	await tx.query(`insert into conversation_outcomes (conversation_id, outcome_id) select c, o from unnest($1::uuid[]) c, unnest($2::text[]) o`, [ids, outcomes]);
	return ids;
}

/** n signposts (or referrals) made in one conversation. */
async function addSignposts(tx: Tx, n: number, conversation: string, offer: string, outcome: string | null, kind: 'signpost' | 'referral', status: string, at: string) {
	await tx.query(
		`insert into signposts (conversation_id, offer_id, offer_title, outcome_id, kind, status, created_at)
		 select $1, $2, 'x', $3, $4, $5, $6::timestamptz from generate_series(1, $7::int)`,
		[conversation, offer, outcome, kind, status, at, n]
	);
}

async function addFeedback(tx: Tx, n: number, week: string, kind: string, rating: string, outcomes: string[], district: string | null, cell: string | null) {
	await tx.query(
		`with given as (
		   insert into asset_feedback (offer_kind, source, rating, district, h3, week, note)
		   select $1, 'person', $2, $3, $4, $5::date, 'It was lovely' from generate_series(1, $6::int) returning id)
		 insert into asset_feedback_outcomes (feedback_id, outcome_id) select g.id, o from given g, unnest($7::text[]) o`,
		[kind, rating, district, cell, week, n, outcomes]
	);
}

/** Conversations of the base rows, for the scenarios that erase or change them. */
const conversations: Record<'c1' | 'c2' | 'c3' | 'c4', string[]> = { c1: [], c2: [], c3: [], c4: [] };

async function seed(tx: Tx) {
	for (const user of allUsers) await tx.query('insert into auth.users (id, email) values ($1, $2)', [users[user], emailOf(user)]);
	await tx.query(`insert into user_roles (user_id, role) values ($1, 'practitioner'), ($2, 'moderator'), ($3, 'planner'), ($4, 'admin')`,
		[users.practitioner, users.moderator, users.planner, users.admin]);
	await tx.query(`insert into organisations (id, name, status) values ($1, 'Group A', 'published'), ($2, 'Group P', 'pending')`, [orgs.orgA, orgs.orgP]);
	await tx.query(`insert into organisation_members (organisation_id, user_id, role) values ($1, $2, 'owner')`, [orgs.orgA, users.ownerA]);
	await tx.query(`insert into locations (id, organisation_id, name, outcode, lat, lng, h3) values
		($1, $4, 'Butetown hall', 'CF10', ${cardiff.lat}, ${cardiff.lng}, $5),
		($2, $4, 'Newport hall', 'NP20', ${newport.lat}, ${newport.lng}, $6),
		($3, $7, 'Pending hall', 'CF10', ${cardiff.lat}, ${cardiff.lng}, $5)`,
	[places.cf10, places.np20, places.cf10P, orgs.orgA, h3.cf10, h3.np20, orgs.orgP]);
	const offer = (id: string, org: string, kind: string, attendance: string, status: string, capacity: string, reviewed: string | null) =>
		tx.query(`insert into offers (id, organisation_id, title_en, kind, cost, access, attendance, status, capacity, last_reviewed_at)
			values ($1, $2, $3, $4, 'free', 'drop_in', $5, $6, $7, now() - $8::interval)`, [id, org, kind, kind, attendance, status, capacity, reviewed]);
	await offer(offers.a1, orgs.orgA, 'lunch_club', 'in_person', 'published', 'waiting_list', null);
	await offer(offers.a2, orgs.orgA, 'digital_skills', 'online', 'published', 'taking_new', null);
	await offer(offers.a3, orgs.orgA, 'walking_group', 'both', 'published', 'taking_new', '2 years');
	await offer(offers.a4, orgs.orgA, 'activity', 'in_person', 'draft', 'taking_new', null);
	await offer(offers.a5, orgs.orgA, 'peer_support', 'in_person', 'published', 'taking_new', '8 months');
	await offer(offers.p1, orgs.orgP, 'activity', 'in_person', 'published', 'taking_new', null);
	await tx.query(`insert into offer_outcomes (offer_id, outcome_id) values
		($1, 'skills'), ($1, 'seeing-people'), ($2, 'skills'), ($3, 'mobility'), ($4, 'skills'), ($5, 'seeing-people'), ($6, 'skills')`,
	[offers.a1, offers.a2, offers.a3, offers.a4, offers.a5, offers.p1]);
	await tx.query(`insert into offer_locations (offer_id, location_id) values ($1, $4), ($2, $5), ($3, $4), ($3, $5), ($6, $4)`,
		[offers.a1, offers.a3, offers.a5, places.cf10, places.np20, offers.a4]);
	await tx.query(`insert into offer_locations (offer_id, location_id) values ($1, $2)`, [offers.p1, places.cf10P]);

	// Self-service journeys (one row each, the outcomes chosen).
	await addDemand(tx, 12, '2024-01-08', ['skills', 'seeing-people'], 'CF10', h3.cf10);
	await addDemand(tx, 20, '2024-02-05', ['skills'], 'CF10', cf10Sibling7);
	await addDemand(tx, 15, '2024-03-04', ['seeing-people'], 'NP20', h3.np20);
	await addDemand(tx, 11, '2024-03-11', ['mobility'], null, null);
	await addDemand(tx, 3, '2024-05-06', ['skills'], 'SA1', h3.sa1);
	await addDemand(tx, 40, '2023-12-25', ['skills'], 'CF10', h3.cf10); // before the period
	await addDemand(tx, 40, '2024-07-01', ['skills'], 'CF10', h3.cf10); // after it

	// Practitioners' conversations; the drafts are not yet conversations.
	conversations.c1 = await addConversations(tx, 10, '2024-01-15T12:00:00Z', ['skills'], 'CF10', h3.cf10);
	conversations.c2 = await addConversations(tx, 14, '2024-02-14T12:00:00Z', ['seeing-people'], 'CF10', null, 'closed');
	conversations.c3 = await addConversations(tx, 5, '2024-02-14T12:00:00Z', ['skills'], 'CF10', h3.cf10, 'draft');
	conversations.c4 = await addConversations(tx, 12, '2024-03-20T12:00:00Z', ['mobility'], null, null);

	// Signposts and referrals: skills (in a CF10 conversation), seeing-people (in one with no district)
	// and none named (CF10), every column at least 10; and 30 after the period.
	const [c1a, c1b] = conversations.c1 as [string, string];
	const c4a = conversations.c4[0]!;
	await addSignposts(tx, 10, c1b, offers.a1, 'skills', 'signpost', 'attending', '2024-01-20T12:00:00Z');
	await addSignposts(tx, 6, c1b, offers.a1, 'skills', 'signpost', 'suggested', '2024-01-20T12:00:00Z');
	await addSignposts(tx, 5, c1b, offers.a1, 'skills', 'signpost', 'contacted', '2024-01-20T12:00:00Z');
	await addSignposts(tx, 12, c1b, offers.a3, 'skills', 'referral', 'attending', '2024-01-20T12:00:00Z');
	await addSignposts(tx, 7, c1b, offers.a3, 'skills', 'referral', 'declined', '2024-01-20T12:00:00Z');
	await addSignposts(tx, 6, c1b, offers.a3, 'skills', 'referral', 'not_suitable', '2024-01-20T12:00:00Z');
	await addSignposts(tx, 14, c4a, offers.a1, 'seeing-people', 'signpost', 'attending', '2024-03-25T12:00:00Z');
	await addSignposts(tx, 15, c4a, offers.a1, 'seeing-people', 'signpost', 'suggested', '2024-03-25T12:00:00Z');
	await addSignposts(tx, 16, c4a, offers.a1, 'seeing-people', 'referral', 'attending', '2024-03-25T12:00:00Z');
	await addSignposts(tx, 17, c4a, offers.a1, 'seeing-people', 'referral', 'contacted', '2024-03-25T12:00:00Z');
	await addSignposts(tx, 20, c1a, offers.a1, null, 'signpost', 'attending', '2024-02-10T12:00:00Z');
	await addSignposts(tx, 21, c1a, offers.a1, null, 'signpost', 'declined', '2024-02-10T12:00:00Z');
	await addSignposts(tx, 22, c1a, offers.a1, null, 'referral', 'attending', '2024-02-10T12:00:00Z');
	await addSignposts(tx, 23, c1a, offers.a1, null, 'referral', 'suggested', '2024-02-10T12:00:00Z');
	await addSignposts(tx, 30, c1b, offers.a1, 'skills', 'signpost', 'attending', '2024-07-10T12:00:00Z');

	// What helped.
	await addFeedback(tx, 20, '2024-02-05', 'lunch_club', 'helped_a_lot', ['seeing-people'], 'CF10', h3.cf10);
	await addFeedback(tx, 8, '2024-02-05', 'lunch_club', 'helped_a_bit', ['seeing-people'], 'CF10', h3.cf10);
	await addFeedback(tx, 12, '2024-02-05', 'lunch_club', 'did_not_help', ['seeing-people'], 'CF10', h3.cf10);
	await addFeedback(tx, 3, '2024-02-05', 'lunch_club', 'did_not_go', ['seeing-people'], 'CF10', h3.cf10);
	await addFeedback(tx, 15, '2024-03-04', 'walking_group', 'helped_a_lot', ['mobility', 'seeing-people'], 'NP20', h3.np20);
	await addFeedback(tx, 10, '2024-03-04', 'walking_group', 'did_not_help', ['mobility', 'seeing-people'], 'NP20', h3.np20);
	await addFeedback(tx, 11, '2024-03-04', 'walking_group', 'did_not_go', ['mobility', 'seeing-people'], 'NP20', h3.np20);
	await addFeedback(tx, 50, '2024-08-05', 'lunch_club', 'helped_a_lot', ['seeing-people'], 'CF10', h3.cf10); // after the period
}

// ---------------------------------------------------------------------------------------------
// Attempts that never leave a trace

let db: TestDb;
let refreshStarted: Date;

// Attempts on `db`, rolled back: tests/db/template.ts.
const attemptTx = <T>(claims: Claims, fn: (tx: Tx) => Promise<T>) => attemptOn(db, claims, fn);
const attempt = <Row = Record<string, unknown>>(claims: Claims, sql: string, params: unknown[] = []) =>
	attemptSqlOn<Row>(db, claims, sql, params);
/** Carries on in the same transaction as other claims. */
async function become(tx: Tx, claims: Claims) {
	const { sql, params } = claimsPreamble(claims);
	await tx.query(sql, params);
}
async function errorOf(tx: Tx, sql: string, params: unknown[] = []): Promise<unknown> {
	try {
		await withSavepoint(tx, (inner) => inner.query(sql, params));
		return undefined;
	} catch (error) {
		return error ?? new Error('unknown error');
	}
}
const codeOf = (error: unknown) => (error as { code?: string } | undefined)?.code;
const messageOf = (error: unknown) => (error as { message?: string } | undefined)?.message ?? String(error);
const refused = (outcome: { ok: boolean; error?: unknown }, pattern: RegExp = /permission denied/) => {
	expect(outcome.ok, 'expected the database to refuse').toBe(false);
	expect(messageOf(outcome.error)).toMatch(pattern);
	expect(codeOf(outcome.error)).toBe('42501');
};

/** Rebuilds the rollups as the server, inside the caller's transaction. */
async function refresh(tx: Tx) {
	await become(tx, serviceClaims);
	await tx.query(`select refresh_planning_rollups()`);
}

/** Adds rows as the server, rebuilds, and reads as `who`, all in one transaction that is rolled back. */
async function scenario<T>(prepare: (tx: Tx) => Promise<unknown>, read: (tx: Tx) => Promise<T>, who: User = 'planner'): Promise<T> {
	const outcome = await attemptTx(serviceClaims, async (tx) => {
		await prepare(tx);
		await refresh(tx);
		await become(tx, claimsOf(who));
		return read(tx);
	});
	if (!outcome.ok) throw outcome.error;
	return outcome.value!;
}

// ---------------------------------------------------------------------------------------------
// Suppressed tables, read as 'r / c' → a shown number, or 'small' / 'secondary'

interface SuppressedRow { r: string; c: string; value: number | null; withheld: string | null }
type Shown = number | 'small' | 'secondary';
const shown = (row: SuppressedRow): Shown => {
	if (row.withheld === null) {
		expect(row.value, `${row.r} / ${row.c} is shown, so it has a value`).not.toBeNull();
		return row.value!;
	}
	expect(row.value, `${row.r} / ${row.c} is withheld, so it has no value`).toBeNull();
	return row.withheld as Shown;
};
const asGrid = (rows: SuppressedRow[]): Record<string, Shown> => Object.fromEntries(rows.map((row) => [`${row.r} / ${row.c}`, shown(row)]));

/** A table from one row key per line: [r, ...values in the order of `columns`, total]. */
function grid(columns: string[], lines: [string, ...Shown[]][]): Record<string, Shown> {
	const out: Record<string, Shown> = {};
	for (const [r, ...values] of lines) {
		expect(values, `line ${r}`).toHaveLength(columns.length + 1);
		[...columns, '*'].forEach((c, i) => (out[`${r} / ${c}`] = values[i]!));
	}
	return out;
}

const readTable = (tx: Tx, sql: string, params: unknown[] = []) => tx.query<SuppressedRow>(sql, params);
const demandByOutcome = (districts: string[] | null, from = period.from, to = period.to) => (tx: Tx) =>
	readTable(tx, `select * from planning_demand_by_outcome($1::text[], $2::date, $3::date)`, [districts, from, to]);

/** Reads as a planner in a rolled-back transaction over the base rows. */
async function asPlanner<Row = Record<string, unknown>>(sql: string, params: unknown[] = [], who: User = 'planner'): Promise<Row[]> {
	const outcome = await attempt<Row>(claimsOf(who), sql, params);
	if (!outcome.ok) throw outcome.error;
	return outcome.rows;
}

/** For every row and column (totals included): none withheld or at least two. */
function lonelyWithheld(rows: SuppressedRow[]): string[] {
	const sums = new Map<string, { withheld: number; members: number }>();
	for (const row of rows) {
		for (const key of [`row ${row.r}`, `column ${row.c}`]) {
			const sum = sums.get(key) ?? { withheld: 0, members: 0 };
			sum.members++;
			if (row.withheld) sum.withheld++;
			sums.set(key, sum);
		}
	}
	return [...sums].filter(([, sum]) => sum.withheld === 1 && sum.members > 1).map(([key]) => key);
}

beforeAll(async () => {
	db = await freshDb();
	await asService(db, seed);
	refreshStarted = new Date();
	await asService(db, (tx) => tx.query(`select refresh_planning_rollups()`));
});
afterAll(async () => {
	await db?.close();
});

// ---------------------------------------------------------------------------------------------
// The rollups

describe('refresh_planning_rollups()', () => {
	const rollups = async (tx: Tx) => ({
		demand: await tx.query(`select month::text, district, h3, source, outcome_id, people::int from planning_demand
			order by month, district nulls first, h3 nulls first, source, outcome_id`),
		feedback: await tx.query(`select month::text, district, h3, outcome_id, offer_kind, rating, people::int from planning_feedback
			order by month, district nulls first, outcome_id, offer_kind, rating`),
		referrals: await tx.query(`select month::text, district, h3, outcome_id, offer_kind, kind, status, people::int from planning_referrals
			order by month, district nulls first, outcome_id nulls first, offer_kind, kind, status`),
		supply: await tx.query(`select district, h3, outcome_id, offer_kind, offers::int, waiting_list::int, reviewed_in_6_months::int,
			not_reviewed_in_a_year::int from planning_supply order by district nulls first, outcome_id, offer_kind`)
	});

	it('counts demand by month, district, resolution-6 cell, source and outcome; drafts are not counted', async () => {
		const outcome = await attemptTx(serviceClaims, rollups);
		const row = (month: string, district: string | null, cell: string | null, source: string, outcome_id: string, people: number) =>
			({ month, district, h3: cell, source, outcome_id, people });
		expect(outcome.value!.demand).toEqual([
			row('2023-12-01', 'CF10', P.cf, 'self_service', 'skills', 40),
			row('2024-01-01', 'CF10', P.cf, 'practitioner', 'skills', 10),
			row('2024-01-01', 'CF10', P.cf, 'self_service', 'seeing-people', 12),
			row('2024-01-01', 'CF10', P.cf, 'self_service', 'skills', 12),
			row('2024-02-01', 'CF10', null, 'practitioner', 'seeing-people', 14),
			row('2024-02-01', 'CF10', P.cf, 'self_service', 'skills', 20), // a resolution-7 cell, under the same parent
			row('2024-03-01', null, null, 'practitioner', 'mobility', 12),
			row('2024-03-01', null, null, 'self_service', 'mobility', 11),
			row('2024-03-01', 'NP20', P.np, 'self_service', 'seeing-people', 15),
			row('2024-05-01', 'SA1', P.sa, 'self_service', 'skills', 3),
			row('2024-07-01', 'CF10', P.cf, 'self_service', 'skills', 40)
		]);
	});

	it('counts feedback by outcome, kind of offer and rating', async () => {
		const outcome = await attemptTx(serviceClaims, rollups);
		const row = (month: string, district: string, cell: string, outcome_id: string, offer_kind: string, rating: string, people: number) =>
			({ month, district, h3: cell, outcome_id, offer_kind, rating, people });
		expect(outcome.value!.feedback).toEqual([
			row('2024-02-01', 'CF10', P.cf, 'seeing-people', 'lunch_club', 'did_not_go', 3),
			row('2024-02-01', 'CF10', P.cf, 'seeing-people', 'lunch_club', 'did_not_help', 12),
			row('2024-02-01', 'CF10', P.cf, 'seeing-people', 'lunch_club', 'helped_a_bit', 8),
			row('2024-02-01', 'CF10', P.cf, 'seeing-people', 'lunch_club', 'helped_a_lot', 20),
			row('2024-03-01', 'NP20', P.np, 'mobility', 'walking_group', 'did_not_go', 11),
			row('2024-03-01', 'NP20', P.np, 'mobility', 'walking_group', 'did_not_help', 10),
			row('2024-03-01', 'NP20', P.np, 'mobility', 'walking_group', 'helped_a_lot', 15),
			row('2024-03-01', 'NP20', P.np, 'seeing-people', 'walking_group', 'did_not_go', 11),
			row('2024-03-01', 'NP20', P.np, 'seeing-people', 'walking_group', 'did_not_help', 10),
			row('2024-03-01', 'NP20', P.np, 'seeing-people', 'walking_group', 'helped_a_lot', 15),
			row('2024-08-01', 'CF10', P.cf, 'seeing-people', 'lunch_club', 'helped_a_lot', 50)
		]);
	});

	it('counts signposts and referrals by the conversation’s area, the outcome, the kind of offer and where they got to', async () => {
		const outcome = await attemptTx(serviceClaims, rollups);
		const row = (month: string, district: string | null, cell: string | null, outcome_id: string | null, offer_kind: string, kind: string, status: string, people: number) =>
			({ month, district, h3: cell, outcome_id, offer_kind, kind, status, people });
		expect(outcome.value!.referrals).toEqual([
			row('2024-01-01', 'CF10', P.cf, 'skills', 'lunch_club', 'signpost', 'attending', 10),
			row('2024-01-01', 'CF10', P.cf, 'skills', 'lunch_club', 'signpost', 'contacted', 5),
			row('2024-01-01', 'CF10', P.cf, 'skills', 'lunch_club', 'signpost', 'suggested', 6),
			row('2024-01-01', 'CF10', P.cf, 'skills', 'walking_group', 'referral', 'attending', 12),
			row('2024-01-01', 'CF10', P.cf, 'skills', 'walking_group', 'referral', 'declined', 7),
			row('2024-01-01', 'CF10', P.cf, 'skills', 'walking_group', 'referral', 'not_suitable', 6),
			row('2024-02-01', 'CF10', P.cf, null, 'lunch_club', 'referral', 'attending', 22),
			row('2024-02-01', 'CF10', P.cf, null, 'lunch_club', 'referral', 'suggested', 23),
			row('2024-02-01', 'CF10', P.cf, null, 'lunch_club', 'signpost', 'attending', 20),
			row('2024-02-01', 'CF10', P.cf, null, 'lunch_club', 'signpost', 'declined', 21),
			row('2024-03-01', null, null, 'seeing-people', 'lunch_club', 'referral', 'attending', 16),
			row('2024-03-01', null, null, 'seeing-people', 'lunch_club', 'referral', 'contacted', 17),
			row('2024-03-01', null, null, 'seeing-people', 'lunch_club', 'signpost', 'attending', 14),
			row('2024-03-01', null, null, 'seeing-people', 'lunch_club', 'signpost', 'suggested', 15),
			row('2024-07-01', 'CF10', P.cf, 'skills', 'lunch_club', 'signpost', 'attending', 30)
		]);
	});

	it('counts published offers of published groups once in each district they meet in, online-only ones apart', async () => {
		const outcome = await attemptTx(serviceClaims, rollups);
		const row = (district: string | null, cell: string | null, outcome_id: string, offer_kind: string, n: number, waiting: number, recent: number, stale: number) =>
			({ district, h3: cell, outcome_id, offer_kind, offers: n, waiting_list: waiting, reviewed_in_6_months: recent, not_reviewed_in_a_year: stale });
		expect(outcome.value!.supply).toEqual([
			row(null, null, 'skills', 'digital_skills', 1, 0, 1, 0), // a2, online only
			row('CF10', P.cf, 'seeing-people', 'lunch_club', 1, 1, 1, 0), // a1
			row('CF10', P.cf, 'seeing-people', 'peer_support', 1, 0, 0, 0), // a5 (reviewed 8 months ago)
			row('CF10', P.cf, 'skills', 'lunch_club', 1, 1, 1, 0), // a1; not a4 (draft) nor p1 (pending group)
			row('NP20', P.np, 'mobility', 'walking_group', 1, 0, 0, 1), // a3 (in person and online: not online-only)
			row('NP20', P.np, 'seeing-people', 'peer_support', 1, 0, 0, 0) // a5 again, in its other district
		]);
	});

	it('logs each rebuild, and returns the rows it wrote', async () => {
		const outcome = await attemptTx(serviceClaims, async (tx) => {
			const [{ n }] = (await tx.query<{ n: number }>(`select refresh_planning_rollups() as n`)) as [{ n: number }];
			const logged = await tx.query<{ source_rows: number; took_ms: number }>(`select source_rows::int, took_ms from planning_refreshes order by id`);
			return { n, logged };
		});
		// 11 demand + 11 feedback + 15 referral + 6 supply rows.
		expect(outcome.value!.n).toBe(43);
		expect(outcome.value!.logged.map((row) => row.source_rows)).toEqual([43, 43]);
		expect(outcome.value!.logged.every((row) => row.took_ms >= 0)).toBe(true);
	});

	it('is idempotent: a second rebuild gives the same rollups', async () => {
		const outcome = await attemptTx(serviceClaims, async (tx) => {
			const first = await rollups(tx);
			await tx.query(`select refresh_planning_rollups()`);
			await tx.query(`select refresh_planning_rollups()`);
			return { first, second: await rollups(tx) };
		});
		expect(outcome.value!.second).toEqual(outcome.value!.first);
		expect(outcome.value!.first.demand.length).toBeGreaterThan(0);
	});

	it('a conversation erased on request drops out at the next rebuild, with its outcomes and signposts', async () => {
		const outcome = await attemptTx(serviceClaims, async (tx) => {
			await become(tx, claimsOf('practitioner'));
			const [{ erased }] = (await tx.query<{ erased: boolean }>(`select erase_conversation($1) as erased`, [conversations.c1[0]])) as [{ erased: boolean }];
			await refresh(tx);
			const demand = await tx.query(`select people::int from planning_demand where source = 'practitioner' and outcome_id = 'skills'`);
			const unnamed = await tx.query(`select 1 from planning_referrals where outcome_id is null`);
			await become(tx, claimsOf('planner'));
			const table = asGrid(await demandByOutcome(null)(tx));
			const flow = await tx.query<{ r: string }>(`select distinct r from planning_referral_flow(null, $1, $2) order by r`, [period.from, period.to]);
			return { erased, demand, unnamed, practitionerSkills: table['skills / practitioner'], flow: flow.map((row) => row.r) };
		});
		expect(outcome.value).toEqual({
			erased: true, demand: [{ people: 9 }], unnamed: [], practitionerSkills: 'small', flow: ['*', 'seeing-people', 'skills']
		});
	});

	it('a conversation deleted outright drops out too; one whose free text the retention job erased still counts', async () => {
		const outcome = await attemptTx(serviceClaims, async (tx) => {
			const erasedText = await tx.query<{ n: number }>(`select erase_expired_conversation_text(interval '0 seconds') as n`);
			await tx.query(`select refresh_planning_rollups()`);
			const afterRetention = await tx.query(`select people::int from planning_demand where source = 'practitioner' order by month`);
			await tx.query(`delete from conversations where id = any($1::uuid[])`, [conversations.c4]);
			await tx.query(`select refresh_planning_rollups()`);
			const afterDelete = await tx.query(`select people::int from planning_demand where source = 'practitioner' order by month`);
			const referrals = await tx.query(`select 1 from planning_referrals where outcome_id = 'seeing-people'`);
			return { erasedText: erasedText[0]!.n, afterRetention, afterDelete, referrals };
		});
		expect(outcome.value).toEqual({
			erasedText: 41, // every conversation, drafts included
			afterRetention: [{ people: 10 }, { people: 14 }, { people: 12 }],
			afterDelete: [{ people: 10 }, { people: 14 }],
			referrals: []
		});
	});

	it('conversations and signposts count in the month they were in the UK (23:30 UTC on a summer night is the next day)', async () => {
		const outcome = await attemptTx(serviceClaims, async (tx) => {
			const [summer] = await addConversations(tx, 1, '2024-06-30T23:30:00Z', ['feeling-safe'], 'CF10', null);
			await addSignposts(tx, 1, summer!, offers.a1, 'feeling-safe', 'signpost', 'suggested', '2024-06-30T23:30:00Z');
			await addConversations(tx, 1, '2024-01-31T23:30:00Z', ['staying-well'], 'CF10', null);
			await tx.query(`select refresh_planning_rollups()`);
			return {
				demand: await tx.query(`select month::text, outcome_id from planning_demand where outcome_id in ('feeling-safe', 'staying-well') order by month`),
				referrals: await tx.query(`select month::text from planning_referrals where outcome_id = 'feeling-safe'`)
			};
		});
		expect(outcome.value).toEqual({
			demand: [{ month: '2024-01-01', outcome_id: 'staying-well' }, { month: '2024-07-01', outcome_id: 'feeling-safe' }],
			referrals: [{ month: '2024-07-01' }]
		});
	});

	it('a draft counts once it becomes a conversation', async () => {
		const outcome = await attemptTx(serviceClaims, async (tx) => {
			await tx.query(`update conversations set status = 'active' where id = any($1::uuid[])`, [conversations.c3]);
			await tx.query(`select refresh_planning_rollups()`);
			return tx.query(`select month::text, people::int from planning_demand where source = 'practitioner' and outcome_id = 'skills' order by month`);
		});
		expect(outcome.value).toEqual([{ month: '2024-01-01', people: 10 }, { month: '2024-02-01', people: 5 }]);
	});

	it('an offer unpublished, or its group taken down, leaves the supply at the next rebuild', async () => {
		const outcome = await attemptTx(serviceClaims, async (tx) => {
			await tx.query(`update offers set status = 'archived' where id = $1`, [offers.a5]);
			await tx.query(`update organisations set status = 'published' where id = $1`, [orgs.orgP]);
			await tx.query(`select refresh_planning_rollups()`);
			const some = await tx.query(`select district, outcome_id, offer_kind, offers::int from planning_supply order by district nulls first, outcome_id, offer_kind`);
			await tx.query(`update organisations set status = 'pending' where id = $1`, [orgs.orgA]);
			await tx.query(`select refresh_planning_rollups()`);
			const none = await tx.query(`select district, outcome_id, offer_kind, offers::int from planning_supply order by district nulls first, outcome_id, offer_kind`);
			return { some, none };
		});
		expect(outcome.value).toEqual({
			some: [
				{ district: null, outcome_id: 'skills', offer_kind: 'digital_skills', offers: 1 },
				{ district: 'CF10', outcome_id: 'seeing-people', offer_kind: 'lunch_club', offers: 1 },
				{ district: 'CF10', outcome_id: 'skills', offer_kind: 'activity', offers: 1 }, // p1, its group now published
				{ district: 'CF10', outcome_id: 'skills', offer_kind: 'lunch_club', offers: 1 },
				{ district: 'NP20', outcome_id: 'mobility', offer_kind: 'walking_group', offers: 1 }
			],
			none: [{ district: 'CF10', outcome_id: 'skills', offer_kind: 'activity', offers: 1 }]
		});
	});
});

// ---------------------------------------------------------------------------------------------
// Suppression at the edges, through the planner's own function

describe('suppression at the edges (planning_demand_by_outcome)', () => {
	// January 2020: skills named by n people on their own and by 50 in conversations; mobility by
	// 50 and 50. So the skills/self-service cell is the one at the edge.
	const edge = (n: number, settings?: { smallest: number; round: number }) => scenario(
		async (tx) => {
			if (settings) await tx.query(`update planning_settings set smallest_shown = $1, round_to = $2`, [settings.smallest, settings.round]);
			if (n > 0) await addDemand(tx, n, '2020-01-06', ['skills'], 'CF10', null);
			await addDemand(tx, 50, '2020-01-06', ['mobility'], 'CF10', null);
			await addConversations(tx, 50, '2020-01-15T12:00:00Z', ['skills', 'mobility'], 'CF10', null);
		},
		async (tx) => asGrid(await demandByOutcome(null, '2020-01-01', '2020-01-01')(tx))
	);
	const cols = ['self_service', 'practitioner'];

	it.each([[10, 10], [12, 10], [13, 15], [17, 15], [18, 20], [49, 50]])('a cell of %i is shown as %i (rounded to 5)', async (n, value) => {
		expect(await edge(n)).toEqual(grid(cols, [
			['skills', value, 50, Math.round((n + 50) / 5) * 5],
			['mobility', 50, 50, 100],
			['*', Math.round((n + 50) / 5) * 5, 100, Math.round((n + 150) / 5) * 5]
		]));
	});

	// The small cell goes, and with it the other cells of its row and column (and theirs): the 2×2 cascade.
	it.each([[9, 60], [1, 50], [0, 50]])('a cell of %i is withheld; the rest of the square goes as secondary, the totals stay', async (n, rowTotal) => {
		expect(await edge(n)).toEqual(grid(cols, [
			['skills', 'small', 'secondary', rowTotal],
			['mobility', 'secondary', 'secondary', 100],
			['*', rowTotal, 100, Math.round((n + 150) / 5) * 5]
		]));
	});

	it('a total under the threshold is withheld too', async () => {
		const table = await scenario(
			async (tx) => {
				await addDemand(tx, 4, '2020-02-03', ['skills'], 'CF10', null);
				await addConversations(tx, 5, '2020-02-15T12:00:00Z', ['skills'], 'CF10', null);
				await addDemand(tx, 50, '2020-02-03', ['mobility'], 'CF10', null);
				await addConversations(tx, 50, '2020-02-15T12:00:00Z', ['mobility'], 'CF10', null);
			},
			async (tx) => demandByOutcome(null, '2020-02-01', '2020-02-01')(tx)
		);
		const cells = asGrid(table);
		expect(cells['skills / *']).toBe('small'); // 9
		expect(cells['skills / self_service']).toBe('small');
		expect(cells['skills / practitioner']).toBe('small');
		expect(lonelyWithheld(table)).toEqual([]);
	});

	it('an empty period is one withheld grand total (0 is under any threshold)', async () => {
		expect(await asPlanner(`select * from planning_demand_by_outcome(null, '2019-01-01', '2019-12-01')`))
			.toEqual([{ r: '*', c: '*', value: null, withheld: 'small' }]);
	});

	it('thresholds are configuration: with smallest_shown 20 and round_to 10, 19 is withheld and 20 shown', async () => {
		const at19 = await edge(19, { smallest: 20, round: 10 });
		expect(at19['skills / self_service']).toBe('small');
		expect(at19['skills / *']).toBe(70); // 69
		const at20 = await edge(20, { smallest: 20, round: 10 });
		expect(at20).toEqual(grid(cols, [['skills', 20, 50, 70], ['mobility', 50, 50, 100], ['*', 70, 100, 170]]));
		const at24 = await edge(24, { smallest: 20, round: 10 });
		expect(at24['skills / self_service']).toBe(20);
		const at25 = await edge(25, { smallest: 20, round: 10 });
		expect(at25['skills / self_service']).toBe(30); // half way rounds up
	});

	it('round_to 1 shows exact counts; smallest_shown 1 withholds only zeros', async () => {
		expect(await edge(13, { smallest: 10, round: 1 })).toEqual(grid(cols, [['skills', 13, 50, 63], ['mobility', 50, 50, 100], ['*', 63, 100, 163]]));
		const one = await edge(1, { smallest: 1, round: 1 });
		expect(one['skills / self_service']).toBe(1);
		const zero = await edge(0, { smallest: 1, round: 1 });
		expect(zero['skills / self_service']).toBe('small');
	});

	it('planning_status() reports the thresholds in force', async () => {
		const status = await scenario(
			(tx) => tx.query(`update planning_settings set smallest_shown = 20, round_to = 10`),
			(tx) => tx.query(`select smallest_shown, round_to from planning_status()`)
		);
		expect(status).toEqual([{ smallest_shown: 20, round_to: 10 }]);
	});
});

// ---------------------------------------------------------------------------------------------
// The secondary rule, on suppress_table itself (as the server: no API role may call it)

type RawCell = { r: string; c: string; n: number };
/** A seeded random number generator (mulberry32), so a failure can be run again. */
function prng(seed: number) {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = seed;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
/** suppress_table over the cells, with the thresholds given, as the server. */
async function suppress(tx: Tx, cells: RawCell[], columns: string[] = []): Promise<SuppressedRow[]> {
	return tx.query<SuppressedRow>(
		`select * from suppress_table(array(select row(x.r, x.c, x.n)::planning_cell from jsonb_to_recordset($1::text::jsonb) as x(r text, c text, n bigint)), $2::text[])`,
		[JSON.stringify(cells), columns]
	);
}
const suppressed = async (cells: RawCell[], columns: string[] = []) => {
	const outcome = await attemptTx(serviceClaims, (tx) => suppress(tx, cells, columns));
	if (!outcome.ok) throw outcome.error;
	return outcome.value!;
};
const cellsOf = (lines: Record<string, Record<string, number>>): RawCell[] =>
	Object.entries(lines).flatMap(([r, cols]) => Object.entries(cols).map(([c, n]) => ({ r, c, n })));

describe('the secondary rule (suppress_table)', () => {
	it('a row with one small cell loses its smallest other cell, so the small one is not the total less the rest', async () => {
		const rows = await suppressed(cellsOf({ r1: { c1: 3, c2: 40, c3: 30 } }));
		expect(asGrid(rows)).toEqual(grid(['c1', 'c2', 'c3'], [
			['r1', 'small', 40, 'secondary', 75],
			['*', 'small', 40, 'secondary', 75]
		]));
		expect(lonelyWithheld(rows)).toEqual([]);
	});

	it('the same for a column', async () => {
		const rows = await suppressed(cellsOf({ r1: { c1: 3 }, r2: { c1: 40 }, r3: { c1: 30 } }));
		expect(asGrid(rows)).toEqual(grid(['c1'], [
			['r1', 'small', 'small'],
			['r2', 40, 40],
			['r3', 'secondary', 'secondary'],
			['*', 75, 75]
		]));
	});

	it('the smallest other cell is taken, a total only when no cell is left', async () => {
		const rows = asGrid(await suppressed(cellsOf({ r1: { a: 5, b: 90, c: 12, d: 60 } })));
		expect([rows['r1 / a'], rows['r1 / b'], rows['r1 / c'], rows['r1 / d'], rows['r1 / *']]).toEqual(['small', 90, 'secondary', 60, 165]);
		// One small cell in a one-cell row: its total is small too, and the column takes the next smallest row.
		const single = asGrid(await suppressed(cellsOf({ r1: { a: 4 }, r2: { a: 11 }, r3: { a: 10 } })));
		expect(single).toEqual(grid(['a'], [['r1', 'small', 'small'], ['r2', 10, 10], ['r3', 'secondary', 'secondary'], ['*', 25, 25]]));
	});

	it('cascades: one small cell in a 2×2 table withholds all four inner cells; the totals stay', async () => {
		const rows = await suppressed(cellsOf({ r1: { c1: 3, c2: 50 }, r2: { c1: 50, c2: 50 } }));
		expect(asGrid(rows)).toEqual(grid(['c1', 'c2'], [
			['r1', 'small', 'secondary', 55],
			['r2', 'secondary', 'secondary', 100],
			['*', 55, 100, 155]
		]));
	});

	// REGRESSION: the secondary rule took the grand total before a column total of the same size (a tie
	// whenever the rest of the '*' row is zero), and the grand total then cost an outcome's total as
	// well: with only self-service demand (no practitioner has recorded a conversation yet) a table of
	// one outcome showed nothing at all, and a larger one lost its smallest outcome's total.
	it('a column of zeros (no practitioner demand yet) costs the cells beside it, not the totals', async () => {
		const one = await suppressed(cellsOf({ A: { s: 30 } }), ['s', 'p']);
		expect(asGrid(one)).toEqual(grid(['s', 'p'], [['A', 'secondary', 'small', 30], ['*', 'secondary', 'small', 30]]));
		const two = await suppressed(cellsOf({ A: { s: 30 }, B: { s: 40 } }), ['s', 'p']);
		expect(asGrid(two)).toEqual(grid(['s', 'p'], [
			['A', 'secondary', 'small', 30],
			['B', 'secondary', 'small', 40],
			['*', 'secondary', 'small', 70]
		]));
	});

	it('a missing cell is a zero, withheld like any small count; a named column with no cell too', async () => {
		const rows = await suppressed(cellsOf({ r1: { c1: 50 }, r2: { c2: 60 } }), ['c3']);
		const cells = asGrid(rows);
		expect(cells['r1 / c2']).toBe('small');
		expect(cells['r2 / c1']).toBe('small');
		expect(cells['r1 / c3']).toBe('small');
		expect(cells['* / c3']).toBe('small');
		expect(rows).toHaveLength(3 * 4); // 2 rows + totals, 3 columns + totals
		expect(lonelyWithheld(rows)).toEqual([]);
	});

	it('no table ever has a row or column with exactly one withheld member; shown counts are rounded, within half a step (random tables)', async () => {
		const random = prng(0x5eed);
		const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
		const problems: string[] = [];
		let tables = 0;
		let secondary = 0;
		for (let batch = 0; batch < 10; batch++) {
			const outcome = await attemptTx(serviceClaims, async (tx) => {
				for (let t = 0; t < 30; t++) {
					const smallest = pick([1, 3, 5, 10, 10, 10, 20]);
					const round = pick([1, 2, 5, 5, 5, 10]);
					await tx.query(`update planning_settings set smallest_shown = $1, round_to = $2`, [smallest, round]);
					const rowKeys = Array.from({ length: 1 + Math.floor(random() * 5) }, (_, i) => `r${i}`);
					const colKeys = Array.from({ length: 1 + Math.floor(random() * 5) }, (_, i) => `c${i}`);
					const cells: RawCell[] = [];
					for (const r of rowKeys) {
						for (const c of colKeys) {
							if (random() < 0.2) continue; // missing: a zero
							cells.push({ r, c, n: random() < 0.7 ? Math.floor(random() * 30) : Math.floor(random() * 300) });
						}
					}
					if (!cells.length) cells.push({ r: 'r0', c: 'c0', n: 7 });
					const named = random() < 0.3 ? ['extra'] : [];
					const rows = await suppress(tx, cells, named);
					tables++;
					const label = `table ${JSON.stringify(cells)} named ${named} smallest ${smallest} round ${round}`;
					// The raw count of every output cell, totals included (a missing cell is 0).
					const present = new Set(cells.map((cell) => cell.r));
					const columns = new Set([...cells.map((cell) => cell.c), ...named]);
					const raw = (r: string, c: string) => cells
						.filter((cell) => (r === '*' || cell.r === r) && (c === '*' || cell.c === c))
						.reduce((sum, cell) => sum + cell.n, 0);
					if (rows.length !== (present.size + 1) * (columns.size + 1)) problems.push(`${label}: ${rows.length} rows`);
					for (const row of rows) {
						const n = raw(row.r, row.c);
						if ((row.withheld === 'small') !== (n < smallest)) problems.push(`${label}: ${row.r}/${row.c} = ${n} withheld ${row.withheld}`);
						if (row.withheld === 'secondary') secondary++;
						if (row.withheld !== null && row.withheld !== 'small' && row.withheld !== 'secondary') problems.push(`${label}: ${row.withheld}`);
						if (row.withheld === null) {
							if (row.value === null || row.value % round !== 0 || Math.abs(row.value - n) > round / 2) {
								problems.push(`${label}: ${row.r}/${row.c} = ${n} shown as ${row.value}`);
							}
						} else if (row.value !== null) problems.push(`${label}: ${row.r}/${row.c} withheld but valued`);
					}
					for (const lonely of lonelyWithheld(rows)) problems.push(`${label}: ${lonely} has one withheld member`);
				}
			});
			if (!outcome.ok) throw outcome.error;
		}
		expect(problems.slice(0, 5)).toEqual([]);
		expect(tables).toBe(300);
		expect(secondary, 'the random tables exercise the secondary rule').toBeGreaterThan(100);
	});
});

// ---------------------------------------------------------------------------------------------
// Each planner function over the base rows

describe('planning_demand_by_outcome()', () => {
	const cols = ['self_service', 'practitioner'];

	it('everywhere: outcomes by source, each rounded to 5; rows outside the period and drafts not counted', async () => {
		const rows = await asPlanner<SuppressedRow>(`select * from planning_demand_by_outcome(null, $1, $2)`, [period.from, period.to]);
		// skills 12+20+3 / 10; seeing-people 12+15 / 14; mobility 11 / 12.
		expect(asGrid(rows)).toEqual(grid(cols, [
			['skills', 35, 10, 45],
			['seeing-people', 25, 15, 40],
			['mobility', 10, 10, 25],
			['*', 75, 35, 110]
		]));
	});

	it('an area limits the rows to its districts (rows with no district only count everywhere)', async () => {
		const rows = await asPlanner<SuppressedRow>(`select * from planning_demand_by_outcome($1::text[], $2, $3)`, [['CF10'], period.from, period.to]);
		// skills 32 / 10; seeing-people 12 / 14.
		expect(asGrid(rows)).toEqual(grid(cols, [['skills', 30, 10, 40], ['seeing-people', 10, 15, 25], ['*', 45, 25, 70]]));
	});

	it('a small area: the small cells are withheld, and no withheld count is a row or column less the rest', async () => {
		const rows = await asPlanner<SuppressedRow>(`select * from planning_demand_by_outcome($1::text[], $2, $3)`, [['NP20', 'SA1'], period.from, period.to]);
		// skills 3 / 0; seeing-people 15 / 0. Only the grand total (18) is left to show.
		expect(asGrid(rows)).toEqual(grid(['self_service', 'practitioner'], [
			['skills', 'small', 'small', 'small'],
			['seeing-people', 'secondary', 'small', 'secondary'],
			['*', 'secondary', 'small', 20]
		]));
		expect(lonelyWithheld(rows)).toEqual([]);
	});

	it('a period is whole months: a day within the last month takes that month in', async () => {
		const rows = await asPlanner<SuppressedRow>(`select * from planning_demand_by_outcome($1::text[], '2024-01-20', '2024-01-31')`, [['CF10']]);
		// January only: skills 12 / 10; seeing-people 12 / 0.
		expect(asGrid(rows)['skills / *']).toBe(20);
		const year = await asPlanner<SuppressedRow>(`select * from planning_demand_by_outcome(null, '2023-12-01', '2024-07-01')`);
		expect(asGrid(year)['skills / self_service']).toBe(115); // 40 + 35 + 40
	});
});

describe('planning_demand_by_month()', () => {
	it('every month of the period is a row, empty ones withheld', async () => {
		const rows = await asPlanner<SuppressedRow>(`select * from planning_demand_by_month(null, $1, $2)`, [period.from, period.to]);
		// Each outcome a person named counts: January is 12 journeys naming two outcomes each.
		expect(asGrid(rows)).toEqual(grid(['self_service', 'practitioner'], [
			['2024-01-01', 25, 10, 35],
			['2024-02-01', 20, 15, 35],
			['2024-03-01', 25, 10, 40],
			['2024-04-01', 'small', 'small', 'small'],
			['2024-05-01', 'small', 'small', 'small'],
			['2024-06-01', 'small', 'small', 'small'],
			['*', 75, 35, 110]
		]));
	});

	it('across a year end, and for one district', async () => {
		const rows = await asPlanner<SuppressedRow>(`select * from planning_demand_by_month($1::text[], '2023-11-01', '2024-02-01')`, [['CF10']]);
		// November empty; December 40 on their own and none in conversations, so the 40 goes (secondary)
		// and the total stays; the November total then takes January's (the smaller, 34 = February's,
		// earlier first), and January's total its practitioner count.
		expect(asGrid(rows)).toEqual(grid(['self_service', 'practitioner'], [
			['2023-11-01', 'small', 'small', 'small'],
			['2023-12-01', 'secondary', 'small', 40],
			['2024-01-01', 25, 'secondary', 'secondary'],
			['2024-02-01', 20, 15, 35],
			['*', 85, 25, 110]
		]));
		expect(lonelyWithheld(rows)).toEqual([]);
	});
});

describe('planning_demand_by_cell()', () => {
	it('rows are resolution-6 cells; rows with no cell are counted under "-"', async () => {
		const rows = await asPlanner<SuppressedRow>(`select * from planning_demand_by_cell(null, $1, $2, null)`, [period.from, period.to]);
		// CF10's cell 24 + 20 + 10; Newport 15; Swansea 3; no cell 11 + 14 + 12.
		expect(asGrid(rows)).toEqual(grid(['people'], [
			[P.cf, 55, 55],
			[P.np, 'secondary', 'secondary'],
			[P.sa, 'small', 'small'],
			['-', 35, 35],
			['*', 110, 110]
		]));
	});

	it('for one outcome, and for one district', async () => {
		const skills = asGrid(await asPlanner<SuppressedRow>(`select * from planning_demand_by_cell(null, $1, $2, 'skills')`, [period.from, period.to]));
		// 42 in CF10's cell and 3 in Swansea's: the 42 goes too, or the total would give the 3.
		expect(skills).toEqual(grid(['people'], [[P.cf, 'secondary', 'secondary'], [P.sa, 'small', 'small'], ['*', 45, 45]]));
		const cf10 = asGrid(await asPlanner<SuppressedRow>(`select * from planning_demand_by_cell($1::text[], $2, $3, null)`, [['CF10'], period.from, period.to]));
		expect(cf10).toEqual(grid(['people'], [[P.cf, 55, 55], ['-', 15, 15], ['*', 70, 70]]));
	});
});

describe('planning_what_helped()', () => {
	it('rows are outcome|kind of offer; helped is helped a lot and helped a bit together', async () => {
		const rows = await asPlanner<SuppressedRow>(`select * from planning_what_helped(null, $1, $2)`, [period.from, period.to]);
		expect(asGrid(rows)).toEqual(grid(['helped', 'did_not_help', 'did_not_go'], [
			['seeing-people|lunch_club', 30, 'secondary', 'small', 45], // 20 + 8, 12, 3
			['mobility|walking_group', 15, 'secondary', 'secondary', 35], // 15, 10, 11
			['seeing-people|walking_group', 15, 10, 10, 35],
			['*', 60, 30, 25, 115]
		]));
		expect(lonelyWithheld(rows)).toEqual([]);
	});

	it('for one district', async () => {
		const rows = await asPlanner<SuppressedRow>(`select * from planning_what_helped($1::text[], $2, $3)`, [['CF10'], period.from, period.to]);
		expect(asGrid(rows)).toEqual(grid(['helped', 'did_not_help', 'did_not_go'], [
			['seeing-people|lunch_club', 30, 'secondary', 'small', 45],
			['*', 30, 'secondary', 'small', 45]
		]));
	});
});

describe('planning_referral_flow()', () => {
	const cols = ['signpost_attending', 'signpost_other', 'referral_attending', 'referral_other'];

	it('rows are outcomes ("-" for none named); attending apart from every other status', async () => {
		const rows = await asPlanner<SuppressedRow>(`select * from planning_referral_flow(null, $1, $2)`, [period.from, period.to]);
		expect(asGrid(rows)).toEqual(grid(cols, [
			['skills', 10, 10, 10, 15, 45], // 10; 6 suggested + 5 contacted; 12; 7 declined + 6 not suitable
			['seeing-people', 15, 15, 15, 15, 60], // 14, 15, 16, 17
			['-', 20, 20, 20, 25, 85], // 20, 21, 22, 23
			['*', 45, 45, 50, 55, 195]
		]));
	});

	it('by the district of the conversation', async () => {
		const rows = await asPlanner<SuppressedRow>(`select * from planning_referral_flow($1::text[], $2, $3)`, [['CF10'], period.from, period.to]);
		expect(asGrid(rows)).toEqual(grid(cols, [
			['skills', 10, 10, 10, 15, 45],
			['-', 20, 20, 20, 25, 85],
			['*', 30, 30, 35, 35, 130]
		]));
	});
});

describe('planning_supply_by_outcome() and planning_supply_by_cell()', () => {
	const supply = (districts: string[] | null) =>
		asPlanner(`select * from planning_supply_by_outcome($1::text[]) order by outcome_id`, [districts]);
	const row = (outcome_id: string, offers: number, online_offers: number, waiting_list: number, reviewed_in_6_months: number, not_reviewed_in_a_year: number) =>
		({ outcome_id, offers, online_offers, waiting_list, reviewed_in_6_months, not_reviewed_in_a_year });

	it('everywhere: published offers of published groups; online-only ones apart; plain counts (listings are public)', async () => {
		expect(await supply(null)).toEqual([
			row('mobility', 1, 0, 0, 0, 1),
			row('seeing-people', 3, 0, 1, 1, 0), // a1 in CF10, a5 in CF10 and in NP20
			row('skills', 1, 1, 1, 2, 0) // a1; a2 online; not the draft a4 nor p1 of the pending group
		]);
	});

	it('for some districts; online-only offers count in every area', async () => {
		expect(await supply(['CF10'])).toEqual([row('seeing-people', 2, 0, 1, 1, 0), row('skills', 1, 1, 1, 2, 0)]);
		expect(await supply(['NP20'])).toEqual([row('mobility', 1, 0, 0, 0, 1), row('seeing-people', 1, 0, 0, 0, 0), row('skills', 0, 1, 0, 1, 0)]);
		expect(await supply(['SA1'])).toEqual([row('skills', 0, 1, 0, 1, 0)]);
	});

	it('by cell: in-person offers only, for one outcome or for all (an offer counts once for each outcome it serves)', async () => {
		const cells = (districts: string[] | null, outcome: string | null) =>
			asPlanner(`select * from planning_supply_by_cell($1::text[], $2) order by h3`, [districts, outcome]);
		const sorted = <T extends { h3: string }>(rows: T[]) => rows.sort((a, b) => a.h3.localeCompare(b.h3));
		expect(await cells(null, null)).toEqual(sorted([{ h3: P.cf, offers: 3 }, { h3: P.np, offers: 2 }]));
		expect(await cells(null, 'seeing-people')).toEqual(sorted([{ h3: P.cf, offers: 2 }, { h3: P.np, offers: 1 }]));
		expect(await cells(null, 'skills')).toEqual([{ h3: P.cf, offers: 1 }]);
		expect(await cells(['NP20'], null)).toEqual([{ h3: P.np, offers: 2 }]);
		expect(await cells(['SA1'], null)).toEqual([]);
	});
});

describe('planning_status()', () => {
	it('says when the rollups were last rebuilt, and the thresholds', async () => {
		const [status] = await asPlanner<{ refreshed_at: Date | string; smallest_shown: number; round_to: number }>(`select * from planning_status()`);
		const at = new Date(status!.refreshed_at).getTime();
		expect(at).toBeGreaterThanOrEqual(refreshStarted.getTime() - 1000); // the database's clock, not ours
		expect(at).toBeLessThanOrEqual(Date.now() + 1000);
		expect(status).toMatchObject({ smallest_shown: 10, round_to: 5 });
	});

	it('never rebuilt: no time', async () => {
		const outcome = await attemptTx(serviceClaims, async (tx) => {
			await tx.query(`delete from planning_refreshes`);
			await become(tx, claimsOf('planner'));
			return tx.query(`select refreshed_at, smallest_shown, round_to from planning_status()`);
		});
		expect(outcome.value).toEqual([{ refreshed_at: null, smallest_shown: 10, round_to: 5 }]);
	});
});

// ---------------------------------------------------------------------------------------------
// h3_parent

describe('h3_parent()', () => {
	it('is h3-js cellToParent(cell, 6) for random cells at resolutions 7 and 8, pentagons included', async () => {
		const random = prng(42);
		const cells: string[] = [...getPentagons(7), ...getPentagons(8)];
		for (let i = 0; i < 400; i++) {
			const lat = Math.asin(2 * random() - 1) * (180 / Math.PI);
			const lng = random() * 360 - 180;
			cells.push(latLngToCell(lat, lng, i % 2 ? 7 : 8));
		}
		cells.push(h3.cf10, h3.np20, h3.sa1, cf10Sibling7);
		const outcome = await attempt<{ cell: string; parent: string }>(serviceClaims,
			`select cell, h3_parent(cell, 6) as parent from unnest($1::text[]) cell`, [cells]);
		expect(outcome.ok).toBe(true);
		const wrong = outcome.rows.filter((row) => row.parent !== cellToParent(row.cell, 6));
		expect(wrong).toEqual([]);
		expect(outcome.rows).toHaveLength(cells.length);
		expect(new Set(cells.map(getResolution))).toEqual(new Set([7, 8]));
	});

	it('a cell at the resolution asked is its own parent; a coarser cell, a bad index or resolution has none', async () => {
		const outcome = await attempt<Record<string, string | null>>(serviceClaims,
			`select h3_parent($1, 6) as own, h3_parent($2, 6) as coarser, h3_parent('not a cell', 6) as bad, h3_parent($3, 16) as res16,
			        h3_parent($3, 0) as res0, h3_parent(null, 6) as nothing`,
			[P.cf, cellToParent(h3.cf10, 5), h3.cf10]);
		expect(outcome.rows).toEqual([{ own: P.cf, coarser: null, bad: null, res16: null, res0: cellToParent(h3.cf10, 0), nothing: null }]);
	});
});

// ---------------------------------------------------------------------------------------------
// Who gets through

const plannerCalls: [string, string, unknown[]][] = [
	['planning_demand_by_outcome', `select * from planning_demand_by_outcome(null, $1::date, $2::date)`, [period.from, period.to]],
	['planning_demand_by_month', `select * from planning_demand_by_month(null, $1::date, $2::date)`, [period.from, period.to]],
	['planning_demand_by_cell', `select * from planning_demand_by_cell(null, $1::date, $2::date, null)`, [period.from, period.to]],
	['planning_what_helped', `select * from planning_what_helped(null, $1::date, $2::date)`, [period.from, period.to]],
	['planning_referral_flow', `select * from planning_referral_flow(null, $1::date, $2::date)`, [period.from, period.to]],
	['planning_supply_by_outcome', `select * from planning_supply_by_outcome(null)`, []],
	['planning_supply_by_cell', `select * from planning_supply_by_cell(null, null)`, []],
	['planning_status', `select * from planning_status()`, []]
];
const notPlanners = ['stranger', 'ownerA', 'practitioner', 'moderator'] as const;
const rollupTables = ['planning_demand', 'planning_feedback', 'planning_referrals', 'planning_supply', 'planning_refreshes'];

describe('who gets through', () => {
	it.each(plannerCalls)('anon cannot call %s() at all (42501)', async (name, sql, params) => {
		refused(await attempt(anon, sql, params), new RegExp(`permission denied for function ${name}`));
	});

	it.each(notPlanners.flatMap((who) => plannerCalls.map(([name, sql, params]) => [who, name, sql, params] as const)))(
		'%s is refused %s() (42501, planners only)', async (who, _name, sql, params) => {
			refused(await attempt(claimsOf(who), sql, params), /Only planners read planning figures/);
		});

	it.each(plannerCalls)('the server is refused %s() too (it holds no planner role; it reads the rollups itself)', async (_name, sql, params) => {
		refused(await attempt(serviceClaims, sql, params), /Only planners read planning figures/);
	});

	it.each((['planner', 'admin'] as const).flatMap((who) => plannerCalls.map(([name, sql, params]) => [who, name, sql, params] as const)))(
		'%s calls %s()', async (who, _name, sql, params) => {
			const outcome = await attempt(claimsOf(who), sql, params);
			expect(outcome.error).toBeUndefined();
			expect(outcome.rows.length).toBeGreaterThan(0);
		});

	const everyRequestRole: [string, Claims][] = [['anon', anon], ...allUsers.map((user) => [user, claimsOf(user)] as [string, Claims])];

	it.each(everyRequestRole.flatMap(([who, claims]) => rollupTables.map((table) => [who, table, claims] as const)))(
		'%s cannot read or change %s (permission denied)', async (_who, table, claims) => {
			refused(await attempt(claims, `select * from ${table}`));
			refused(await attempt(claims, `delete from ${table}`));
			refused(await attempt(claims, `truncate ${table}`));
		});

	it('the server reads the rollups', async () => {
		for (const table of rollupTables) {
			const outcome = await attempt(serviceClaims, `select * from ${table}`);
			expect(outcome.rows.length, table).toBeGreaterThan(0);
		}
	});

	const internals: [string, string][] = [
		['suppress_table', `select * from suppress_table(array[row('a', 'b', 3)::planning_cell])`],
		['h3_parent', `select h3_parent('${h3.cf10}', 6)`],
		['assert_planner', `select assert_planner()`],
		['refresh_planning_rollups', `select refresh_planning_rollups()`]
	];
	it.each(everyRequestRole.flatMap(([who, claims]) => internals.map(([name, sql]) => [who, name, sql, claims] as const)))(
		'%s cannot call %s()', async (_who, name, sql, claims) => {
			refused(await attempt(claims, sql), new RegExp(`permission denied for function ${name}`));
		});

	it('the server rebuilds the rollups (and may call suppress_table and h3_parent)', async () => {
		for (const [, sql] of internals.filter(([name]) => name !== 'assert_planner')) {
			const outcome = await attempt(serviceClaims, sql);
			expect(outcome.error, sql).toBeUndefined();
		}
	});

	// REGRESSION: suppress_table works in pg_temp.suppressing, and made it only if none was there. A planner
	// with SQL of their own could make it first, call any planning function, and read every raw count from
	// their own table afterwards. Now a table not made by the function's owner is refused.
	it('a planner who makes pg_temp.suppressing first is refused, and reads no raw count from it', async () => {
		const outcome = await attemptTx(claimsOf('planner'), async (tx) => {
			await tx.query(`create temp table suppressing (r text, c text, n bigint, state text)`);
			const error = await errorOf(tx, `select * from planning_demand_by_outcome($1::text[], $2, $3)`, [['NP20', 'SA1'], period.from, period.to]);
			return { error: error ? `${codeOf(error)} ${messageOf(error)}` : null, raw: await tx.query(`select r, c, n::int from pg_temp.suppressing`) };
		});
		expect(outcome.error).toBeUndefined();
		expect(outcome.value).toEqual({ error: expect.stringMatching(/^42501 /), raw: [] });
	});

	it('nor can a planner read the table the function made', async () => {
		const outcome = await attemptTx(claimsOf('planner'), async (tx) => {
			await tx.query(`select * from planning_demand_by_outcome(null, $1, $2)`, [period.from, period.to]);
			return tx.query(`select * from pg_temp.suppressing`);
		});
		refused(outcome, /permission denied for table suppressing/);
	});

	it('a planner still reads no raw row: conversations, their outcomes, signposts and contact requests show nothing; demand and feedback are refused', async () => {
		const outcome = await attemptTx(serviceClaims, async (tx) => {
			await tx.query(`insert into contact_requests (offer_id, organisation_id, name, email, consent_at, sender_hash, message)
				values ($1, $2, 'Ann', 'ann@example.org', now(), $3, 'Please call me')`, [offers.a1, orgs.orgA, '0'.repeat(64)]);
			await become(tx, claimsOf('planner'));
			const read = async (sql: string) => {
				const error = await errorOf(tx, sql);
				if (error) return `error ${codeOf(error)}`;
				return (await tx.query(sql)).length;
			};
			return {
				conversations: await read(`select words_matters, notes, reference from conversations`),
				conversation_outcomes: await read(`select * from conversation_outcomes`),
				signposts: await read(`select shared_details, follow_up_note from signposts`),
				contact_requests: await read(`select name, message from contact_requests`),
				demand_signals: await read(`select * from demand_signals`),
				asset_feedback: await read(`select note from asset_feedback`),
				asset_feedback_outcomes: await read(`select * from asset_feedback_outcomes`)
			};
		});
		expect(outcome.value).toEqual({
			conversations: 0, conversation_outcomes: 0, signposts: 0, contact_requests: 0,
			demand_signals: 'error 42501', asset_feedback: 'error 42501', asset_feedback_outcomes: 'error 42501'
		});
	});
});

describe('planning_settings', () => {
	it('anon cannot read them; signed-in people who are not planners read nothing; planners and admins read them', async () => {
		refused(await attempt(anon, `select * from planning_settings`));
		for (const who of notPlanners) {
			expect((await attempt(claimsOf(who), `select smallest_shown from planning_settings`)).rows, who).toEqual([]);
		}
		for (const who of ['planner', 'admin'] as const) {
			expect((await attempt(claimsOf(who), `select smallest_shown, round_to from planning_settings`)).rows, who).toEqual([{ smallest_shown: 10, round_to: 5 }]);
		}
	});

	it('an admin changes the thresholds, and the next reading uses them', async () => {
		const outcome = await attemptTx(claimsOf('admin'), async (tx) => {
			const changed = await tx.query(`update planning_settings set smallest_shown = 20, round_to = 10 returning smallest_shown, round_to`);
			const status = await tx.query(`select smallest_shown, round_to from planning_status()`);
			return { changed, status };
		});
		expect(outcome.value).toEqual({ changed: [{ smallest_shown: 20, round_to: 10 }], status: [{ smallest_shown: 20, round_to: 10 }] });
	});

	it.each([...notPlanners, 'planner'] as const)('%s cannot change them (no row to update)', async (who) => {
		const outcome = await attemptTx(claimsOf(who), async (tx) => {
			const changed = await tx.query(`update planning_settings set smallest_shown = 1, round_to = 1 returning 1`);
			await become(tx, serviceClaims);
			return { changed, now: await tx.query(`select smallest_shown, round_to from planning_settings`) };
		});
		expect(outcome.value).toEqual({ changed: [], now: [{ smallest_shown: 10, round_to: 5 }] });
	});

	it('anon cannot change them at all', async () => {
		refused(await attempt(anon, `update planning_settings set smallest_shown = 1`));
	});

	it('even an admin changes only the two thresholds, within bounds, and neither adds nor removes the row', async () => {
		refused(await attempt(claimsOf('admin'), `update planning_settings set updated_at = now()`));
		refused(await attempt(claimsOf('admin'), `insert into planning_settings (id) values (true)`));
		refused(await attempt(claimsOf('admin'), `delete from planning_settings`));
		for (const sql of [`update planning_settings set smallest_shown = 0`, `update planning_settings set round_to = 0`, `update planning_settings set round_to = 101`]) {
			const outcome = await attempt(claimsOf('admin'), sql);
			expect(outcome.ok, sql).toBe(false);
			expect(codeOf(outcome.error), sql).toBe('23514');
		}
	});
});

// ---------------------------------------------------------------------------------------------
// The repository: the dashboard as the page and its CSV downloads read it

describe('planningView() / loadDashboard()', () => {
	const view = (query: string, who: User = 'planner') =>
		attemptTx(claimsOf(who), (tx) => planningView(tx, new URL(`http://localhost/planning?${query}`), new Date('2024-06-15T12:00:00Z')));

	it('everywhere: withheld cells have no value, shown ones are the suppressed figures', async () => {
		const outcome = await view('area=everywhere&from=2024-01&to=2024-06');
		expect(outcome.error).toBeUndefined();
		const { problems, dashboard } = outcome.value!;
		expect(problems).toEqual([]);
		expect(dashboard!.districtCount).toBeNull();
		expect(dashboard!.status).toMatchObject({ smallestShown: 10, roundTo: 5 });
		expect(dashboard!.demand.rows.find((row) => row.outcomeId === 'skills')).toEqual({
			outcomeId: 'skills', selfService: { value: 35, withheld: null }, practitioner: { value: 10, withheld: null }, total: { value: 45, withheld: null }
		});
		expect(dashboard!.trend.rows.map((row) => row.month)).toEqual(['2024-01', '2024-02', '2024-03', '2024-04', '2024-05', '2024-06']);
		expect(dashboard!.trend.rows[3]).toEqual({
			month: '2024-04', selfService: { value: null, withheld: 'small' }, practitioner: { value: null, withheld: 'small' }, total: { value: null, withheld: 'small' }
		});
		const newport = dashboard!.map.cells.find((cell) => cell.h3 === P.np);
		expect(newport).toEqual({ h3: P.np, demand: { value: null, withheld: 'secondary' }, offers: 2, band: 0 });
		expect(dashboard!.map.cells.find((cell) => cell.h3 === P.sa)!.demand).toEqual({ value: null, withheld: 'small' });
		expect(dashboard!.map.unplaced).toEqual({ value: 35, withheld: null });
		const lunch = dashboard!.helped.find((row) => row.outcomeId === 'seeing-people' && row.kind === 'lunch_club')!;
		expect(lunch).toMatchObject({ helped: { value: 30, withheld: null }, didNotHelp: { value: null, withheld: 'secondary' }, didNotGo: { value: null, withheld: 'small' }, rate: 65 });
		expect(dashboard!.flow.rows.find((row) => row.outcomeId === null)!.referralOther).toEqual({ value: 25, withheld: null });
		expect(dashboard!.supply.find((row) => row.outcomeId === 'skills')).toEqual({
			outcomeId: 'skills', offers: 1, onlineOffers: 1, waitingList: 1, reviewedIn6Months: 2, notReviewedInAYear: 0
		});
		// No shown count anywhere is a raw one below the threshold.
		const values = JSON.stringify(dashboard).match(/"value":\d+/g) ?? [];
		expect(values.filter((text) => Number(text.split(':')[1]) % 5 !== 0)).toEqual([]);
	});

	it('an area of districts', async () => {
		const outcome = await view('area=districts&districts=cf10&from=2024-01&to=2024-06');
		expect(outcome.value!.problems).toEqual([]);
		expect(outcome.value!.dashboard!.districtCount).toBe(1);
		expect(outcome.value!.dashboard!.demand.total.total).toEqual({ value: 70, withheld: null });
	});

	it('an unknown district is named back, without throwing or reading', async () => {
		const outcome = await view('area=districts&districts=CF10,ZZ99&from=2024-01&to=2024-06');
		expect(outcome.error).toBeUndefined();
		expect(outcome.value).toMatchObject({ problems: ['districts_unknown'], unknownDistricts: ['ZZ99'], dashboard: null });
	});

	it.each([
		['area=everywhere&from=2024-06&to=2024-01', 'period_backwards'],
		['area=everywhere&from=2024-13&to=2024-01', 'month_unreadable'],
		['area=everywhere&from=2019-01&to=2024-06', 'period_too_long'],
		['area=authority&authority=Nowhere&from=2024-01&to=2024-06', 'authority_unknown'],
		['area=districts&districts=&from=2024-01&to=2024-06', 'districts_needed']
	])('%s is a problem (%s), not an error', async (query, problem) => {
		const outcome = await view(query);
		expect(outcome.error).toBeUndefined();
		expect(outcome.value).toMatchObject({ problems: [problem], dashboard: null });
	});

	it('an authority, and Wales, cover their districts', async () => {
		const cardiffOnly = await view('area=authority&authority=Cardiff&from=2024-01&to=2024-06');
		expect(cardiffOnly.value!.problems).toEqual([]);
		expect(cardiffOnly.value!.dashboard!.districtCount).toBeGreaterThan(1);
		expect(cardiffOnly.value!.dashboard!.demand.total.total).toEqual({ value: 70, withheld: null });
		const wales = await view('area=wales&from=2024-01&to=2024-06');
		// Everything but the rows with no district: 109 − 11 − 12.
		expect(wales.value!.dashboard!.demand.total.total).toEqual({ value: 85, withheld: null });
	});

	it('a person who is not a planner gets an error, not figures', async () => {
		const outcome = await view('area=everywhere&from=2024-01&to=2024-06', 'ownerA');
		refused(outcome, /Only planners read planning figures/);
	});
});
