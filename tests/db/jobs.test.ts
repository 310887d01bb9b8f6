import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeAccountLeftovers } from '../../src/lib/server/jobs';
import { anon, asService, freshDb, someone, type TestDb } from './template';
import { vi } from 'vitest';
import { keepSettings, purgeSelfServiceLeftovers } from '../../src/lib/server/jobs';
import type { Claims } from '../../src/lib/server/db/types';
import { addOffer, addOrganisation } from './fixtures';

// Account housekeeping: what is kept only for a while goes after it, and nothing current does.
let db: TestDb;
const hex = (c: string) => c.repeat(64);

beforeAll(async () => {
	db = await freshDb();
	await asService(db, async (tx) => {
		await tx.query(`insert into auth.users (id, email) values ($1, 'someone@example.org')`, [someone.sub]);
		await tx.query(
			`insert into public.sign_in_attempts (account, address, succeeded, at) values
			   ('old@example.org', '10.0.0.1', false, now() - interval '2 days'),
			   ('recent@example.org', '10.0.0.1', false, now() - interval '2 hours')`
		);
		await tx.query(
			`insert into public.auth_sessions (user_id, token_hash, expires_at, revoked_at) values
			   ($1, $2, now() - interval '8 days', null),
			   ($1, $3, now() + interval '5 days', now() - interval '8 days'),
			   ($1, $4, now() - interval '1 day', null),
			   ($1, $5, now() + interval '5 days', null)`,
			[someone.sub, hex('a'), hex('b'), hex('c'), hex('d')]
		);
		await tx.query(
			`insert into public.auth_tokens (token_hash, user_id, purpose, expires_at, used_at) values
			   ($2, $1, 'reset_password', now() - interval '8 days', null),
			   ($3, $1, 'reset_password', now() + interval '1 hour', now() - interval '8 days'),
			   ($4, $1, 'confirm_email', now() + interval '1 day', null)`,
			[someone.sub, hex('1'), hex('2'), hex('3')]
		);
		await tx.query(
			`insert into public.outbox (to_email, kind, subject, body, created_at) values
			   ('someone@example.org', 'reset_password', 'Old', 'Old link', now() - interval '31 days'),
			   ('someone@example.org', 'reset_password', 'New', 'New link', now() - interval '1 day')`
		);
	});
});
afterAll(() => db?.close());

describe('account housekeeping', () => {
	it('removes old attempts, ended sessions, spent links and old mail, and keeps what is current', async () => {
		expect(await purgeAccountLeftovers(db)).toEqual({ sign_in_attempts: 1, sessions: 2, tokens: 2, mail: 1 });
		const left = await asService(db, async (tx) => ({
			attempts: (await tx.query<{ account: string }>('select account from public.sign_in_attempts')).map((r) => r.account),
			sessions: (await tx.query<{ token_hash: string }>('select token_hash from public.auth_sessions order by token_hash')).map((r) => r.token_hash[0]),
			tokens: (await tx.query<{ token_hash: string }>('select token_hash from public.auth_tokens')).map((r) => r.token_hash[0]),
			mail: (await tx.query<{ subject: string }>('select subject from public.outbox')).map((r) => r.subject)
		}));
		expect(left).toEqual({ attempts: ['recent@example.org'], sessions: ['c', 'd'], tokens: ['3'], mail: ['New'] });
	});

	it('is idempotent: a second run removes nothing', async () => {
		expect(await purgeAccountLeftovers(db)).toEqual({ sign_in_attempts: 0, sessions: 0, tokens: 0, mail: 0 });
	});

	it('cannot be run through the API by anon or a signed-in person', async () => {
		for (const claims of [anon, someone]) {
			await expect(db.withClaims(claims, (tx) => tx.query('select * from public.purge_account_leftovers()'))).rejects.toThrow(/permission denied/);
		}
	});
});

// ---------------------------------------------------------------------------------------------
// Self-service housekeeping (purgeSelfServiceLeftovers; purge_contact_requests, purge_unused_plans
// and the request_limits clean-up in 20261122000008_self_service_journey.sql). Rows are set up as
// service_role with their times moved back; each is named so what is left can be read back.

describe('self-service housekeeping', () => {
	const tokenHash = (c: string) => c.repeat(64);
	// Plans by the hex digit of their token hash: last opened 25 months ago (created 30), 23 months
	// ago, 8 months ago, and one made three years ago but opened yesterday.
	const plans = { old: 'a', recent: 'b', halfYear: 'c', reopened: 'd' } as const;
	const planOf = new Map(Object.entries(plans).map(([name, c]) => [tokenHash(c), name]));

	const leftOver = () =>
		asService(db, async (tx) => ({
			requests: (await tx.query<{ name: string }>('select name from public.contact_requests order by name')).map((r) => r.name),
			plans: (await tx.query<{ token_hash: string }>('select token_hash from public.plans')).map((r) => planOf.get(r.token_hash)).sort(),
			planOffers: (await tx.query<{ token_hash: string }>(
				'select p.token_hash from public.plan_offers f join public.plans p on p.id = f.plan_id'
			)).map((r) => planOf.get(r.token_hash)).sort(),
			planOutcomes: (await tx.query<{ token_hash: string; outcome_id: string }>(
				'select p.token_hash, o.outcome_id from public.plan_outcomes o join public.plans p on p.id = o.plan_id'
			)).map((r) => `${planOf.get(r.token_hash)}/${r.outcome_id}`).sort(),
			// Rows of a removed plan would have nowhere to point: there must be none.
			orphans: Number((await tx.query<{ n: number }>(
				`select (select count(*) from public.plan_offers f where not exists (select 1 from public.plans p where p.id = f.plan_id))
				      + (select count(*) from public.plan_outcomes o where not exists (select 1 from public.plans p where p.id = o.plan_id)) as n`
			))[0]!.n),
			limits: (await tx.query<{ sender_hash: string }>('select sender_hash from public.request_limits order by sender_hash')).map((r) => r.sender_hash[0])
		}));

	beforeAll(async () => {
		await asService(db, async (tx) => {
			const organisation = await addOrganisation(tx, 'Caffi Cymunedol');
			const offer = await addOffer(tx, organisation, { title: 'Sgwrs a phaned', at: null, outcomes: ['seeing-people'] });
			const offer2 = await addOffer(tx, organisation, { title: 'Walking group', at: null, outcomes: ['mobility'] });
			// Contact requests: 91, 89 and 45 days old, and one from today.
			await tx.query(
				`insert into public.contact_requests (offer_id, organisation_id, name, email, phone, message, consent_at, sender_hash, created_at) values
				   ($1, $2, 'Ninety-one days', 'a@example.org', null, 'Old', now() - interval '91 days', $3, now() - interval '91 days'),
				   ($1, $2, 'Eighty-nine days', null, '07700 900123', '', now() - interval '89 days', $3, now() - interval '89 days'),
				   ($1, $2, 'Forty-five days', 'c@example.org', null, 'Helo 🙂', now() - interval '45 days', $3, now() - interval '45 days'),
				   ($1, $2, 'Today', 'd@example.org', null, 'Can I come?', now(), $3, now())`,
				[offer, organisation, 'e'.repeat(64)]
			);
			const addPlan = async (c: string, created: string, opened: string) => {
				const [row] = await tx.query<{ id: string }>(
					`insert into public.plans (token_hash, created_at, last_opened_at)
					 values ($1, now() - $2::interval, now() - $3::interval) returning id`,
					[tokenHash(c), created, opened]
				);
				await tx.query(`insert into public.plan_outcomes (plan_id, outcome_id, position) values ($1, 'seeing-people', 1), ($1, 'mobility', 2)`, [row!.id]);
				await tx.query(`insert into public.plan_offers (plan_id, offer_id, position) values ($1, $2, 1), ($1, $3, 2)`, [row!.id, offer, offer2]);
			};
			await addPlan(plans.old, '30 months', '25 months');
			await addPlan(plans.recent, '30 months', '23 months');
			await addPlan(plans.halfYear, '8 months', '8 months');
			await addPlan(plans.reopened, '36 months', '1 day');
			// Rate-limit rows: 25 hours, 23 hours and a minute old.
			await tx.query(
				`insert into public.request_limits (bucket, sender_hash, at) values
				   ('contact_request', $1, now() - interval '25 hours'),
				   ('plan', $2, now() - interval '23 hours'),
				   ('demand', $3, now() - interval '1 minute')`,
				['1'.repeat(64), '2'.repeat(64), '3'.repeat(64)]
			);
		});
	});

	it('starts from the rows set up', async () => {
		expect(await leftOver()).toEqual({
			requests: ['Eighty-nine days', 'Forty-five days', 'Ninety-one days', 'Today'],
			plans: ['halfYear', 'old', 'recent', 'reopened'],
			planOffers: ['halfYear', 'halfYear', 'old', 'old', 'recent', 'recent', 'reopened', 'reopened'],
			planOutcomes: [
				'halfYear/mobility', 'halfYear/seeing-people', 'old/mobility', 'old/seeing-people',
				'recent/mobility', 'recent/seeing-people', 'reopened/mobility', 'reopened/seeing-people'
			],
			orphans: 0,
			limits: ['1', '2', '3']
		});
	});

	it('by default removes requests over 90 days old, plans unopened for over 24 months and day-old limits, and keeps the rest', async () => {
		expect(keepSettings({})).toMatchObject({ contactRequests: '90 days', unusedPlans: '24 months' });
		expect(await purgeSelfServiceLeftovers(db, keepSettings({}))).toEqual({ contactRequests: 1, plans: 1, introductions: 0 });
		expect(await leftOver()).toEqual({
			requests: ['Eighty-nine days', 'Forty-five days', 'Today'],
			// "reopened" was made three years ago: what counts is when it was last opened.
			plans: ['halfYear', 'recent', 'reopened'],
			planOffers: ['halfYear', 'halfYear', 'recent', 'recent', 'reopened', 'reopened'],
			planOutcomes: [
				'halfYear/mobility', 'halfYear/seeing-people', 'recent/mobility', 'recent/seeing-people',
				'reopened/mobility', 'reopened/seeing-people'
			],
			orphans: 0,
			limits: ['2', '3']
		});
	});

	it('removes the old plan’s offers and outcomes with it', async () => {
		const counts = await asService(db, async (tx) => (await tx.query<{ offers: number; outcomes: number }>(
			`select (select count(*) from public.plan_offers)::int as offers, (select count(*) from public.plan_outcomes)::int as outcomes`
		))[0]);
		expect(counts).toEqual({ offers: 6, outcomes: 6 });
	});

	it('is idempotent: a second run with the same settings removes nothing', async () => {
		expect(await purgeSelfServiceLeftovers(db, keepSettings({}))).toEqual({ contactRequests: 0, plans: 0, introductions: 0 });
		expect((await leftOver()).requests).toHaveLength(3);
	});

	it('keeps for as long as the settings say', async () => {
		const settings = keepSettings({ CONTACT_REQUEST_DAYS: '30', PLAN_UNUSED_MONTHS: '6' });
		expect(settings).toMatchObject({ contactRequests: '30 days', unusedPlans: '6 months' });
		expect(await purgeSelfServiceLeftovers(db, settings)).toEqual({ contactRequests: 2, plans: 2, introductions: 0 });
		expect(await leftOver()).toEqual({
			requests: ['Today'],
			plans: ['reopened'],
			planOffers: ['reopened', 'reopened'],
			planOutcomes: ['reopened/mobility', 'reopened/seeing-people'],
			orphans: 0,
			limits: ['2', '3']
		});
	});

	it('leaves the group and its offers alone', async () => {
		const counts = await asService(db, async (tx) => (await tx.query<{ groups: number; offers: number }>(
			`select (select count(*) from public.organisations where name = 'Caffi Cymunedol')::int as groups,
			        (select count(*) from public.offers o join public.organisations g on g.id = o.organisation_id
			          where g.name = 'Caffi Cymunedol')::int as offers`
		))[0]);
		expect(counts).toEqual({ groups: 1, offers: 2 });
	});

	// Supabase's default privileges grant every function to anon and authenticated by name, so the
	// migration revokes the purges from them explicitly. Each call runs in a transaction that is
	// always rolled back, so even a wrongly allowed call would remove nothing from the rows above.
	class Rollback extends Error {}
	const attemptRolledBack = (claims: Claims, sql: string) =>
		db.withClaims(claims, async (tx) => {
			const rows = await tx.query(sql);
			throw new Rollback(`the call was allowed and returned ${JSON.stringify(rows)}`);
		});

	for (const [who, claims] of [['anon', anon], ['a signed-in person', someone]] as const) {
		it(`refuses purge_contact_requests() to ${who}`, async () => {
			await expect(attemptRolledBack(claims, `select public.purge_contact_requests(interval '-1 day')`)).rejects.toThrow(/permission denied/);
		});

		it(`refuses purge_unused_plans() to ${who}`, async () => {
			await expect(attemptRolledBack(claims, `select public.purge_unused_plans(interval '-1 day')`)).rejects.toThrow(/permission denied/);
		});

		it(`refuses the request_limits table to ${who}`, async () => {
			await expect(attemptRolledBack(claims, `delete from public.request_limits`)).rejects.toThrow(/permission denied/);
		});
	}

	it('refused or not, the calls above removed nothing', async () => {
		expect(await leftOver()).toEqual({
			requests: ['Today'],
			plans: ['reopened'],
			planOffers: ['reopened', 'reopened'],
			planOutcomes: ['reopened/mobility', 'reopened/seeing-people'],
			orphans: 0,
			limits: ['2', '3']
		});
	});
});

describe('keepSettings', () => {
	const defaults = { contactRequestDays: 90, contactRequests: '90 days', unusedPlans: '24 months' };

	it('reads the keeping periods from the environment', () => {
		expect(keepSettings({ CONTACT_REQUEST_DAYS: '14', PLAN_UNUSED_MONTHS: '36' })).toMatchObject({ contactRequests: '14 days', unusedPlans: '36 months' });
		expect(keepSettings({ CONTACT_REQUEST_DAYS: ' 7 ' })).toMatchObject({ contactRequests: '7 days', unusedPlans: '24 months' });
	});

	it('falls back to the defaults on values that are not a positive number', () => {
		for (const bad of ['abc', '', ' ', '0', '-5', '-0', 'NaN', 'Infinity', '1e400', '30 days', '12months', '0x', '1,5']) {
			expect(keepSettings({ CONTACT_REQUEST_DAYS: bad, PLAN_UNUSED_MONTHS: bad }), JSON.stringify(bad)).toEqual(defaults);
		}
	});

	it('falls back for each value on its own', () => {
		expect(keepSettings({ CONTACT_REQUEST_DAYS: 'soon', PLAN_UNUSED_MONTHS: '12' })).toMatchObject({ contactRequests: '90 days', unusedPlans: '12 months' });
		expect(keepSettings({ CONTACT_REQUEST_DAYS: '30', PLAN_UNUSED_MONTHS: '-1' })).toMatchObject({ contactRequests: '30 days', unusedPlans: '24 months' });
	});

	it('reads process.env when given nothing', () => {
		vi.stubEnv('CONTACT_REQUEST_DAYS', '45');
		vi.stubEnv('PLAN_UNUSED_MONTHS', 'never');
		try {
			expect(keepSettings()).toMatchObject({ contactRequests: '45 days', unusedPlans: '24 months' });
		} finally {
			vi.unstubAllEnvs();
		}
	});

	it('gives periods the database reads as intervals', async () => {
		for (const env of [{}, { CONTACT_REQUEST_DAYS: '1.5', PLAN_UNUSED_MONTHS: '0.5' }, { CONTACT_REQUEST_DAYS: '3650', PLAN_UNUSED_MONTHS: '120' }]) {
			const settings = keepSettings(env);
			const [row] = await asService(db, (tx) => tx.query<{ ok: boolean }>(
				`select $1::interval > interval '0' and $2::interval > interval '0' as ok`, [settings.contactRequests, settings.unusedPlans]
			));
			expect(row!.ok, JSON.stringify(env)).toBe(true);
		}
	});

	// Settings the database could not use as an interval (exponent forms, out-of-range periods such
	// as PLAN_UNUSED_MONTHS=99999 meaning "for ever") fall back to the default, so the hourly job keeps
	// running. Runs last: the purge really runs on the rows left above.
	it.each([
		[{ CONTACT_REQUEST_DAYS: '1e21' }],
		[{ PLAN_UNUSED_MONTHS: '99999' }],
		[{ CONTACT_REQUEST_DAYS: '3000000000' }]
	])('gives periods the purge can use, whatever the environment says: %o', async (env) => {
		await expect(purgeSelfServiceLeftovers(db, keepSettings(env))).resolves.toEqual({
			contactRequests: expect.any(Number), plans: expect.any(Number), introductions: expect.any(Number)
		});
	});
});

// Retention of conversation records (issue 6): the person's words go after the period; outcomes,
// area and signposts stay, detached from the reference.
describe('eraseExpiredConversationText', () => {
	it('erases the words of records started before the period, and only those', async () => {
		const { eraseExpiredConversationText, retentionSettings } = await import('../../src/lib/server/jobs');
		const holder = '00000000-0000-4000-8000-00000000c001';
		const ids = await asService(db, async (tx) => {
			await tx.query(`insert into auth.users (id, email) values ($1, 'holder@example.org')`, [holder]);
			const insert = (age: string) =>
				tx.query<{ id: string }>(
					`insert into conversations (holder_id, reference, consent_record_at, words_matters, strengths, notes, created_at)
					 values ($1, 'ref', now(), 'words', 'strong', 'note', now() - $2::interval) returning id`,
					[holder, age]
				);
			const [old] = await insert('13 months');
			const [recent] = await insert('11 months');
			await tx.query(`insert into conversation_outcomes (conversation_id, outcome_id, priority) values ($1, 'seeing-people', 1)`, [old!.id]);
			return { old: old!.id, recent: recent!.id };
		});
		expect(retentionSettings({})).toEqual({ keep: '12 months' });
		expect(retentionSettings({ CONVERSATION_TEXT_MONTHS: '1e9' })).toEqual({ keep: '12 months' });
		expect(await eraseExpiredConversationText(db, retentionSettings({}))).toBe(1);
		expect(await eraseExpiredConversationText(db, retentionSettings({}))).toBe(0);
		const rows = await asService(db, (tx) =>
			tx.query<{ id: string; reference: string | null; words_matters: string | null; notes: string | null; erased: boolean; outcomes: number }>(
				`select id, reference, words_matters, notes, text_erased_at is not null as erased,
				        (select count(*)::int from conversation_outcomes o where o.conversation_id = c.id) as outcomes
				   from conversations c where id = any($1::uuid[])`,
				[[ids.old, ids.recent]]
			)
		);
		expect(rows.find((r) => r.id === ids.old)).toMatchObject({ reference: null, words_matters: null, notes: null, erased: true, outcomes: 1 });
		expect(rows.find((r) => r.id === ids.recent)).toMatchObject({ reference: 'ref', words_matters: 'words', notes: 'note', erased: false });
	});
});
