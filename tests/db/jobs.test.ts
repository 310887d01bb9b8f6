import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeAccountLeftovers } from '../../src/lib/server/jobs';
import { anon, asService, freshDb, someone, type TestDb } from './template';

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
