// Local accounts (src/lib/server/auth/local.ts) against a real migrated database: sign-up and
// confirmation, sign-in and its rate limits, sessions (cookie, expiry, sign-out), password reset,
// change of password and email, deletion. Mail is read back from public.outbox as service_role.
//
// Each simulated browser has its own cookie jar; each call of `request()` builds a new adapter
// over that jar, as every HTTP request does, and identifies first, as hooks.server.ts does.
// Every browser gets its own client address, so one test's rate limits never reach another's.
import { createHash, randomBytes } from 'node:crypto';
import type { Cookies } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asService, freshDb, type TestDb } from './template';
import { createLocalAuth, localAuthRules, sessionCookie } from '../../src/lib/server/auth/local';
import type { AuthAdapter } from '../../src/lib/server/auth/types';

// ---------------------------------------------------------------------------------------------
// A browser's cookie jar, standing in for SvelteKit's Cookies

type CookieOptions = Parameters<Cookies['set']>[2];

class CookieJar implements Cookies {
	readonly values = new Map<string, string>();
	readonly sets: { name: string; value: string; options: CookieOptions }[] = [];
	readonly deletes: { name: string; options: CookieOptions }[] = [];

	get = (name: string) => this.values.get(name);
	getAll = () => [...this.values].map(([name, value]) => ({ name, value }));
	set = (name: string, value: string, options: CookieOptions) => {
		this.values.set(name, value);
		this.sets.push({ name, value, options });
	};
	delete = (name: string, options: CookieOptions) => {
		this.values.delete(name);
		this.deletes.push({ name, options });
	};
	serialize = (name: string, value: string) => `${name}=${encodeURIComponent(value)}`;

	get session() {
		return this.values.get(sessionCookie);
	}
	get lastSet() {
		return this.sets.filter((s) => s.name === sessionCookie).at(-1);
	}
	get sessionDeleted() {
		return this.deletes.some((d) => d.name === sessionCookie);
	}
}

// ---------------------------------------------------------------------------------------------
// Fixture

let db: TestDb;
beforeAll(async () => {
	db = await freshDb();
});
afterAll(async () => {
	await db?.close();
});

const paths = { confirm: '/confirm-email', reset: '/reset-password', signIn: '/sign-in', forgot: '/forgot-password' };
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

let serial = 0;
/** An address nobody else in this file uses. */
const uniqueEmail = (prefix: string) => `${prefix}.${++serial}@example.org`;
const uniqueAddress = () => `203.0.113.${++serial}`;

const password = 'correct horse battery staple';
const otherPassword = 'a different long passphrase';

interface Browser {
	jar: CookieJar;
	address: string;
	/** A new adapter over this browser's jar, identified first as hooks.server.ts does. */
	request(): Promise<AuthAdapter>;
}

function browser(options: { address?: string; secureCookies?: boolean } = {}): Browser {
	const jar = new CookieJar();
	const address = options.address ?? uniqueAddress();
	return {
		jar,
		address,
		async request() {
			const auth = createLocalAuth({
				db, cookies: jar, address, userAgent: 'vitest', origin: 'http://localhost', paths,
				mail: { log: false }, secureCookies: options.secureCookies ?? false
			});
			await auth.identify();
			return auth;
		}
	};
}

/** A browser that holds just this cookie (a copied or forged one). */
function browserWithCookie(value: string): Browser {
	const b = browser();
	b.jar.values.set(sessionCookie, value);
	return b;
}

interface OutboxRow {
	to_email: string;
	kind: string;
	subject: string;
	body: string;
}

const mailsTo = (email: string) =>
	asService(db, (tx) => tx.query<OutboxRow>(`select to_email, kind, subject, body from public.outbox where to_email = $1 order by created_at, id`, [email]));

/** The link in the latest mail of this kind to this address. */
async function linkIn(email: string, kind: string): Promise<URL> {
	const mail = (await mailsTo(email)).filter((m) => m.kind === kind).at(-1);
	expect(mail, `a ${kind} mail to ${email}`).toBeDefined();
	const href = /http:\/\/localhost\/\S+/.exec(mail!.body)?.[0];
	expect(href, `a link in the ${kind} mail`).toBeDefined();
	return new URL(href!);
}

const tokenIn = async (email: string, kind: string) => (await linkIn(email, kind)).searchParams.get('token')!;

async function userRow(email: string) {
	const [row] = await asService(db, (tx) =>
		tx.query<{ id: string; email: string; encrypted_password: string | null; email_confirmed_at: string | null; last_sign_in_at: string | null }>(
			`select id, email, encrypted_password, email_confirmed_at, last_sign_in_at from auth.users where email = $1`,
			[email]
		)
	);
	return row;
}

const sessionOf = async (token: string) =>
	(await asService(db, (tx) =>
		tx.query<{ id: string; user_id: string; revoked_at: string | null; expires_at: string; created_at: string; user_agent: string }>(
			`select id, user_id, revoked_at, expires_at, created_at, user_agent from public.auth_sessions where token_hash = $1`,
			[sha256(token)]
		)
	))[0];

/** Signs up and confirms from a new browser, which ends up signed in. */
async function signedUp(prefix: string, options: { password?: string; address?: string } = {}) {
	const email = uniqueEmail(prefix);
	const b = browser({ address: options.address });
	expect(await (await b.request()).signUp({ email, password: options.password ?? password, displayName: 'Tester', language: 'en' })).toEqual({ ok: true });
	const token = await tokenIn(email, 'confirm_email');
	expect(await (await b.request()).confirmEmail({ token, type: 'signup' })).toEqual({ ok: true });
	// Confirming does not sign in; the person signs in with their password.
	expect(await (await b.request()).signIn({ email, password: options.password ?? password })).toEqual({ ok: true });
	const user = await userRow(email);
	return { email, id: user!.id, browser: b };
}

/** A second device of the same person, signed in with the password. */
async function secondDevice(email: string, pw = password) {
	const b = browser();
	expect(await (await b.request()).signIn({ email, password: pw })).toEqual({ ok: true });
	expect(b.jar.session).toBeTruthy();
	return b;
}

const whoIs = async (b: Browser) => (await b.request()).identify();

// ---------------------------------------------------------------------------------------------
// Sign-up and confirmation

describe('sign-up and confirmation', () => {
	it('creates an unconfirmed user with a profile and queues a confirmation link, without signing in', async () => {
		const email = uniqueEmail('new');
		const b = browser();
		const result = await (await b.request()).signUp({ email, password, displayName: 'Nia Jones', language: 'cy' });
		expect(result).toEqual({ ok: true });
		expect(b.jar.session).toBeUndefined();

		const user = await userRow(email);
		expect(user).toBeDefined();
		expect(user!.email_confirmed_at).toBeNull();
		const [profile] = await asService(db, (tx) =>
			tx.query<{ email: string; display_name: string; language: string }>(`select email, display_name, language from public.profiles where id = $1`, [user!.id])
		);
		expect(profile).toEqual({ email, display_name: 'Nia Jones', language: 'cy' });

		const mails = await mailsTo(email);
		expect(mails.map((m) => m.kind)).toEqual(['confirm_email']);
		const link = await linkIn(email, 'confirm_email');
		expect(link.origin + link.pathname).toBe('http://localhost/confirm-email');
		expect(link.searchParams.get('type')).toBe('signup');
		expect(link.searchParams.get('token')).toMatch(/^[A-Za-z0-9_-]{43}$/);
	});

	it('refuses to sign in before the address is confirmed', async () => {
		const email = uniqueEmail('unconfirmed');
		const b = browser();
		await (await b.request()).signUp({ email, password, displayName: '', language: 'en' });
		expect(await (await b.request()).signIn({ email, password })).toEqual({ ok: false, code: 'email_not_confirmed' });
		expect(b.jar.session).toBeUndefined();
		expect(await whoIs(b)).toBeNull();
	});

	it('confirms with the mailed token without signing in (a link is not a password); then signs in with authenticated claims', async () => {
		const email = uniqueEmail('confirm');
		const b = browser();
		await (await b.request()).signUp({ email, password, displayName: '', language: 'en' });
		const token = await tokenIn(email, 'confirm_email');

		expect(await (await b.request()).confirmEmail({ token, type: 'signup' })).toEqual({ ok: true });
		expect(b.jar.session).toBeUndefined();
		expect(await whoIs(b)).toBeNull();
		expect(await (await b.request()).signIn({ email, password })).toEqual({ ok: true });
		expect(b.jar.session).toBeTruthy();
		const user = await userRow(email);
		expect(user!.email_confirmed_at).not.toBeNull();
		expect(user!.last_sign_in_at).not.toBeNull();

		const who = await whoIs(b);
		expect(who).toMatchObject({ id: user!.id, email });
		expect(who!.claims).toMatchObject({ role: 'authenticated', sub: user!.id, email });

		// The token works once; and it was only ever good for confirming, not resetting.
		expect(await (await browser().request()).confirmEmail({ token, type: 'signup' })).toEqual({ ok: false, code: 'token_used' });
		expect(await (await browser().request()).checkResetToken(token)).toEqual({ ok: false, code: 'token_invalid' });

		// Now the password works from anywhere.
		await secondDevice(email);
	});

	it('confirms even when the adapter was not asked who is signed in first', async () => {
		// hooks.server.ts always identifies first, but the adapter must not depend on it: confirmEmail
		// looks up the current session inside its own transaction, and on PGlite (one connection) a
		// second transaction waits for the first for ever. A database of its own, so a hang stays here.
		const own = await freshDb();
		const adapter = (cookies: CookieJar) =>
			createLocalAuth({ db: own, cookies, address: uniqueAddress(), userAgent: 'vitest', origin: 'http://localhost', paths, mail: { log: false }, secureCookies: false });
		const jar = new CookieJar();
		const first = uniqueEmail('signed-in-already');
		const second = uniqueEmail('confirmed-in-same-browser');
		const tokenFor = async (email: string) => {
			const [mail] = await asService(own, (tx) => tx.query<{ body: string }>(`select body from public.outbox where to_email = $1`, [email]));
			return new URL(/http:\/\/localhost\/\S+/.exec(mail!.body)![0]).searchParams.get('token')!;
		};
		await adapter(jar).signUp({ email: first, password, displayName: '', language: 'en' });
		expect(await adapter(jar).confirmEmail({ token: await tokenFor(first), type: 'signup' })).toEqual({ ok: true });
		expect(await adapter(jar).signIn({ email: first, password })).toEqual({ ok: true });
		expect(jar.session).toBeTruthy();

		// Signed in as the first account, this browser opens the second account's confirmation link.
		await adapter(new CookieJar()).signUp({ email: second, password, displayName: '', language: 'en' });
		const token = await tokenFor(second);
		const outcome = await Promise.race([
			adapter(jar).confirmEmail({ token, type: 'signup' }),
			new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 5000))
		]);
		expect(outcome).toEqual({ ok: true });
		if (outcome !== 'hung') await own.close(); // a hung PGlite never finishes closing
	});

	it('answers a sign-up for a confirmed address exactly as a new one, mails the owner instead, and keeps the password', async () => {
		const { email } = await signedUp('exists');
		const before = await userRow(email);

		const b = browser();
		const result = await (await b.request()).signUp({ email, password: otherPassword, displayName: 'Intruder', language: 'en' });
		expect(result).toEqual({ ok: true });
		expect(b.jar.session).toBeUndefined();

		const mails = await mailsTo(email);
		expect(mails.map((m) => m.kind)).toEqual(['confirm_email', 'account_exists']);
		expect(mails[1]!.body).toContain('http://localhost/sign-in');
		expect(mails[1]!.body).toContain('http://localhost/forgot-password');
		expect(mails[1]!.body).not.toMatch(/token=/);

		const after = await userRow(email);
		expect(after!.encrypted_password).toBe(before!.encrypted_password);
		expect(await (await browser().request()).signIn({ email, password: otherPassword })).toEqual({ ok: false, code: 'invalid_credentials' });
		await secondDevice(email);
	});

	it('keeps the first password when an unconfirmed address signs up again (no takeover), with a fresh link that replaces the first', async () => {
		const email = uniqueEmail('again');
		await (await browser().request()).signUp({ email, password, displayName: '', language: 'en' });
		const first = await tokenIn(email, 'confirm_email');
		await (await browser().request()).signUp({ email, password: otherPassword, displayName: '', language: 'en' });
		const second = await tokenIn(email, 'confirm_email');
		expect(second).not.toBe(first);

		expect(await (await browser().request()).confirmEmail({ token: first, type: 'signup' })).toEqual({ ok: false, code: 'token_used' });
		expect(await (await browser().request()).confirmEmail({ token: second, type: 'signup' })).toEqual({ ok: true });
		expect(await (await browser().request()).signIn({ email, password: otherPassword })).toEqual({ ok: false, code: 'invalid_credentials' });
		await secondDevice(email, password);
	});

	it('stores passwords as scrypt hashes and sessions by the SHA-256 of the cookie', async () => {
		const { email, id, browser: b } = await signedUp('storage');
		const user = await userRow(email);
		expect(user!.encrypted_password).toMatch(/^scrypt\$/);
		expect(user!.encrypted_password).not.toContain(password);

		const token = b.jar.session!;
		expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
		const rows = await asService(db, (tx) => tx.query<{ token_hash: string }>(`select token_hash from public.auth_sessions where user_id = $1`, [id]));
		expect(rows).toHaveLength(1);
		expect(rows[0]!.token_hash).not.toBe(token);
		expect(rows[0]!.token_hash).toBe(sha256(token));
		expect(rows[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);

		// Mail tokens are kept the same way.
		const tokens = await asService(db, (tx) => tx.query<{ token_hash: string }>(`select token_hash from public.auth_tokens where user_id = $1`, [id]));
		expect(tokens.every((t) => /^[0-9a-f]{64}$/.test(t.token_hash))).toBe(true);
	});
});

// ---------------------------------------------------------------------------------------------
// Sign-in

describe('sign-in', () => {
	it('says the same for a wrong password and an unknown address', async () => {
		const { email } = await signedUp('wrong');
		const b = browser();
		expect(await (await b.request()).signIn({ email, password: otherPassword })).toEqual({ ok: false, code: 'invalid_credentials' });
		expect(await (await b.request()).signIn({ email: uniqueEmail('nobody'), password })).toEqual({ ok: false, code: 'invalid_credentials' });
		expect(b.jar.session).toBeUndefined();
	});

	it('sets an httpOnly, sameSite=lax session cookie for the whole site, secure only when asked', async () => {
		const { email } = await signedUp('cookie');

		const plain = browser();
		await (await plain.request()).signIn({ email, password });
		expect(plain.jar.lastSet!.options).toMatchObject({
			path: '/', httpOnly: true, sameSite: 'lax', secure: false, maxAge: localAuthRules.sessionMaxDays * 24 * 3600
		});

		const secure = browser({ secureCookies: true });
		await (await secure.request()).signIn({ email, password });
		expect(secure.jar.lastSet!.options).toMatchObject({ path: '/', httpOnly: true, sameSite: 'lax', secure: true });
		expect(secure.jar.lastSet!.value).not.toBe(plain.jar.lastSet!.value);
	});

	it('limits an account after 5 failures, even with the right password and from another address', async () => {
		const { email } = await signedUp('limited');
		const b = browser();
		for (let i = 0; i < localAuthRules.accountFailures; i++) {
			expect(await (await b.request()).signIn({ email, password: `${otherPassword} ${i}` })).toEqual({ ok: false, code: 'invalid_credentials' });
		}
		const limited = await (await b.request()).signIn({ email, password });
		expect(limited).toMatchObject({ ok: false, code: 'rate_limited' });
		const minutes = (limited as { minutes: number }).minutes;
		expect(minutes).toBeGreaterThanOrEqual(1);
		expect(minutes).toBeLessThanOrEqual(localAuthRules.windowMinutes);
		expect(b.jar.session).toBeUndefined();

		// The limit is on the account, wherever the attempt comes from.
		expect(await (await browser().request()).signIn({ email, password })).toMatchObject({ ok: false, code: 'rate_limited' });
		// Other accounts from the same address are not held up by it.
		const other = await signedUp('limited-neighbour');
		expect(await (await browser({ address: b.address }).request()).signIn({ email: other.email, password })).toEqual({ ok: true });
	});

	it('lets the window pass: old failures no longer count', async () => {
		const { email } = await signedUp('window');
		const b = browser();
		for (let i = 0; i < localAuthRules.accountFailures; i++) await (await b.request()).signIn({ email, password: otherPassword });
		expect(await (await b.request()).signIn({ email, password })).toMatchObject({ code: 'rate_limited' });
		await asService(db, (tx) =>
			tx.query(`update public.sign_in_attempts set at = at - make_interval(mins => $2 + 1) where account = $1`, [email, localAuthRules.windowMinutes])
		);
		expect(await (await b.request()).signIn({ email, password })).toEqual({ ok: true });
	});

	it('limits an address after 20 failures across different accounts', async () => {
		const { email } = await signedUp('address-victim');
		const attacker = browser();
		for (let i = 0; i < localAuthRules.addressFailures; i++) {
			expect(await (await attacker.request()).signIn({ email: uniqueEmail('guess'), password })).toEqual({ ok: false, code: 'invalid_credentials' });
		}
		const limited = await (await attacker.request()).signIn({ email: uniqueEmail('guess'), password });
		expect(limited).toMatchObject({ ok: false, code: 'rate_limited' });
		expect((limited as { minutes: number }).minutes).toBeGreaterThanOrEqual(1);
		expect((limited as { minutes: number }).minutes).toBeLessThanOrEqual(localAuthRules.windowMinutes);
		// Even a real account with its right password, from that address.
		expect(await (await browser({ address: attacker.address }).request()).signIn({ email, password })).toMatchObject({ code: 'rate_limited' });
		// From elsewhere the account is fine: no single account reached its own limit.
		expect(await (await browser().request()).signIn({ email, password })).toEqual({ ok: true });
	});

	it('does not count sign-up and reset mails as failed sign-ins of the address', async () => {
		// Using the address's mail allowance must not eat into its allowance of failed sign-ins.
		const { email } = await signedUp('mails-then-sign-in');
		const b = browser();
		for (let i = 0; i < Math.min(localAuthRules.mailsPerAddressHour, localAuthRules.addressFailures); i++) {
			expect(await (await b.request()).requestPasswordReset({ email: uniqueEmail('reset-someone'), language: 'en' })).toEqual({ ok: true });
		}
		for (let i = 0; i < localAuthRules.addressFailures - 1; i++) {
			await (await b.request()).signIn({ email: uniqueEmail('typo'), password });
		}
		// One failed sign-in short of the address's limit.
		expect(await (await b.request()).signIn({ email, password })).toEqual({ ok: true });
	});
});

// ---------------------------------------------------------------------------------------------
// Mail limits

describe('mail limits', () => {
	it('sends at most 3 sign-up mails an hour for one account', async () => {
		const email = uniqueEmail('signup-flood');
		for (let i = 0; i < localAuthRules.mailsPerAccountHour; i++) {
			expect(await (await browser().request()).signUp({ email, password, displayName: '', language: 'en' })).toEqual({ ok: true });
		}
		const limited = await (await browser().request()).signUp({ email, password, displayName: '', language: 'en' });
		expect(limited).toMatchObject({ ok: false, code: 'rate_limited' });
		expect((limited as { minutes: number }).minutes).toBeGreaterThanOrEqual(1);
		expect((limited as { minutes: number }).minutes).toBeLessThanOrEqual(60);
		expect(await mailsTo(email)).toHaveLength(localAuthRules.mailsPerAccountHour);
	});

	it('sends at most 3 reset mails an hour for one account', async () => {
		const { email } = await signedUp('reset-flood');
		for (let i = 0; i < localAuthRules.mailsPerAccountHour; i++) {
			expect(await (await browser().request()).requestPasswordReset({ email, language: 'en' })).toEqual({ ok: true });
		}
		expect(await (await browser().request()).requestPasswordReset({ email, language: 'en' })).toMatchObject({ ok: false, code: 'rate_limited' });
		expect((await mailsTo(email)).filter((m) => m.kind === 'reset_password')).toHaveLength(localAuthRules.mailsPerAccountHour);
	});

	it('limits an account with a long (but valid, 254-character) address too', async () => {
		// Kept in sign_in_attempts.account (at most 254 characters): a prefix such as 'signup:'
		// would be cut off there, and then the limit never matched the address.
		const local = 'l'.repeat(64);
		const domain = `${'d'.repeat(60)}.${'e'.repeat(60)}.${'f'.repeat(60)}.org`;
		const email = `${local}@${domain}`.slice(0, 250);
		expect(email.length).toBe(250);
		for (let i = 0; i < localAuthRules.mailsPerAccountHour; i++) {
			await (await browser().request()).requestPasswordReset({ email, language: 'en' });
		}
		expect(await (await browser().request()).requestPasswordReset({ email, language: 'en' })).toMatchObject({ ok: false, code: 'rate_limited' });
	});

	it('limits one address to 10 mails an hour across accounts', async () => {
		const b = browser();
		for (let i = 0; i < localAuthRules.mailsPerAddressHour; i++) {
			expect(await (await b.request()).requestPasswordReset({ email: uniqueEmail('spray'), language: 'en' })).toEqual({ ok: true });
		}
		expect(await (await b.request()).requestPasswordReset({ email: uniqueEmail('spray'), language: 'en' })).toMatchObject({ ok: false, code: 'rate_limited' });
	});

	it('does not count successful sign-ins against the address’s mail allowance', async () => {
		// An office behind one address signing in through the morning can still reset a password.
		const { email } = await signedUp('busy-office');
		const office = uniqueAddress();
		for (let i = 0; i < localAuthRules.mailsPerAddressHour; i++) {
			expect(await (await browser({ address: office }).request()).signIn({ email, password })).toEqual({ ok: true });
		}
		expect(await (await browser({ address: office }).request()).requestPasswordReset({ email, language: 'en' })).toEqual({ ok: true });
	});
});

// ---------------------------------------------------------------------------------------------
// Sessions

describe('sessions', () => {
	it('refuses a forged cookie and deletes it', async () => {
		const random = browserWithCookie(randomBytes(32).toString('base64url'));
		expect(await whoIs(random)).toBeNull();
		expect(random.jar.sessionDeleted).toBe(true);
		expect(random.jar.session).toBeUndefined();

		const { browser: real } = await signedUp('forged');
		const token = real.jar.session!;
		const changed = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
		const tampered = browserWithCookie(changed);
		expect(await whoIs(tampered)).toBeNull();
		expect(tampered.jar.sessionDeleted).toBe(true);

		// The real one is untouched.
		expect(await whoIs(real)).not.toBeNull();
		expect(real.jar.sessionDeleted).toBe(false);
	});

	it('identifies a copied cookie (the cookie is the session), and nothing without one', async () => {
		const { id, browser: real } = await signedUp('copied');
		expect(await whoIs(browserWithCookie(real.jar.session!))).toMatchObject({ id });
		expect(await whoIs(browser())).toBeNull();
	});

	it('signs out only this session', async () => {
		const { email, id, browser: first } = await signedUp('sign-out');
		const second = await secondDevice(email);
		const firstToken = first.jar.session!;

		await (await first.request()).signOut();
		expect(first.jar.session).toBeUndefined();
		expect(first.jar.sessionDeleted).toBe(true);
		expect((await sessionOf(firstToken))!.revoked_at).not.toBeNull();
		expect(await whoIs(first)).toBeNull();
		// A copy of the old cookie is no good any more either.
		expect(await whoIs(browserWithCookie(firstToken))).toBeNull();

		expect(await whoIs(second)).toMatchObject({ id });
		expect((await sessionOf(second.jar.session!))!.revoked_at).toBeNull();
	});

	it('signs out everywhere', async () => {
		const { email, browser: first } = await signedUp('everywhere');
		const second = await secondDevice(email);
		const secondToken = second.jar.session!;

		await (await first.request()).signOutEverywhere();
		expect(first.jar.session).toBeUndefined();
		expect(await whoIs(first)).toBeNull();
		expect(await whoIs(second)).toBeNull();
		expect(second.jar.sessionDeleted).toBe(true);
		expect((await sessionOf(secondToken))!.revoked_at).not.toBeNull();
	});

	it('ends an expired session and deletes its cookie', async () => {
		const { browser: b } = await signedUp('expired');
		const token = b.jar.session!;
		await asService(db, (tx) => tx.query(`update public.auth_sessions set expires_at = now() - interval '1 second' where token_hash = $1`, [sha256(token)]));
		expect(await whoIs(b)).toBeNull();
		expect(b.jar.sessionDeleted).toBe(true);
	});

	it('slides the expiry when used, but never past the maximum age', async () => {
		const { browser: b } = await signedUp('sliding');
		const token = b.jar.session!;
		const days = async () => {
			const [row] = await asService(db, (tx) =>
				tx.query<{ days: number }>(`select extract(epoch from (expires_at - now())) / 86400 as days from public.auth_sessions where token_hash = $1`, [sha256(token)])
			);
			return Number(row!.days);
		};
		// Seen two minutes ago, one day left: using it gives 14 days again.
		await asService(db, (tx) =>
			tx.query(`update public.auth_sessions set last_seen_at = now() - interval '2 minutes', expires_at = now() + interval '1 day' where token_hash = $1`, [sha256(token)])
		);
		expect(await whoIs(b)).not.toBeNull();
		expect(await days()).toBeCloseTo(localAuthRules.sessionDays, 1);

		// Started 89 days ago: using it gives only the day that is left of the 90.
		await asService(db, (tx) =>
			tx.query(`update public.auth_sessions set created_at = now() - interval '89 days', last_seen_at = now() - interval '2 minutes' where token_hash = $1`, [sha256(token)])
		);
		expect(await whoIs(b)).not.toBeNull();
		expect(await days()).toBeCloseTo(localAuthRules.sessionMaxDays - 89, 1);
	});
});

// ---------------------------------------------------------------------------------------------
// Password reset

describe('password reset', () => {
	it('answers the same for an unknown address and queues nothing', async () => {
		const email = uniqueEmail('unknown-reset');
		expect(await (await browser().request()).requestPasswordReset({ email, language: 'en' })).toEqual({ ok: true });
		expect(await mailsTo(email)).toEqual([]);
	});

	it('mails a link, checks it without using it, resets, signs in and signs out everywhere else', async () => {
		const { email, id } = await signedUp('reset');
		const otherDevice = await secondDevice(email);

		const b = browser();
		expect(await (await b.request()).requestPasswordReset({ email, language: 'en' })).toEqual({ ok: true });
		const link = await linkIn(email, 'reset_password');
		expect(link.origin + link.pathname).toBe('http://localhost/reset-password');
		const token = link.searchParams.get('token')!;

		// Checking is free: twice, and the token is still unused.
		expect(await (await b.request()).checkResetToken(token)).toEqual({ ok: true });
		expect(await (await b.request()).checkResetToken(token)).toEqual({ ok: true });
		const [unused] = await asService(db, (tx) => tx.query<{ used_at: string | null }>(`select used_at from public.auth_tokens where token_hash = $1`, [sha256(token)]));
		expect(unused!.used_at).toBeNull();

		expect(await (await b.request()).resetPassword({ token, password: otherPassword })).toEqual({ ok: true });
		expect(b.jar.session).toBeTruthy();
		expect(await whoIs(b)).toMatchObject({ id, email });
		expect(await whoIs(otherDevice)).toBeNull();

		expect(await (await browser().request()).signIn({ email, password })).toEqual({ ok: false, code: 'invalid_credentials' });
		await secondDevice(email, otherPassword);

		expect(await (await browser().request()).resetPassword({ token, password })).toEqual({ ok: false, code: 'token_used' });
		expect(await (await browser().request()).checkResetToken(token)).toEqual({ ok: false, code: 'token_used' });
	});

	it('uses up every other reset link of the account too', async () => {
		const { email } = await signedUp('two-links');
		await (await browser().request()).requestPasswordReset({ email, language: 'en' });
		const first = await tokenIn(email, 'reset_password');
		await (await browser().request()).requestPasswordReset({ email, language: 'en' });
		const second = await tokenIn(email, 'reset_password');
		expect(second).not.toBe(first);
		expect(await (await browser().request()).resetPassword({ token: second, password: otherPassword })).toEqual({ ok: true });
		expect(await (await browser().request()).resetPassword({ token: first, password })).toEqual({ ok: false, code: 'token_used' });
	});

	it('confirms the address of an account that never confirmed (the link came by mail)', async () => {
		const email = uniqueEmail('reset-unconfirmed');
		await (await browser().request()).signUp({ email, password, displayName: '', language: 'en' });
		await (await browser().request()).requestPasswordReset({ email, language: 'en' });
		const token = await tokenIn(email, 'reset_password');
		expect(await (await browser().request()).resetPassword({ token, password: otherPassword })).toEqual({ ok: true });
		expect((await userRow(email))!.email_confirmed_at).not.toBeNull();
	});

	it('refuses an expired link and a made-up one', async () => {
		const { email } = await signedUp('reset-expired');
		await (await browser().request()).requestPasswordReset({ email, language: 'en' });
		const token = await tokenIn(email, 'reset_password');
		await asService(db, (tx) => tx.query(`update public.auth_tokens set expires_at = now() - interval '1 second' where token_hash = $1`, [sha256(token)]));
		const before = (await userRow(email))!.encrypted_password;

		expect(await (await browser().request()).checkResetToken(token)).toEqual({ ok: false, code: 'token_expired' });
		const b = browser();
		expect(await (await b.request()).resetPassword({ token, password: otherPassword })).toEqual({ ok: false, code: 'token_expired' });
		expect(b.jar.session).toBeUndefined();
		expect((await userRow(email))!.encrypted_password).toBe(before);

		for (const garbage of ['', 'not-a-token', randomBytes(32).toString('base64url'), "'; delete from auth.users; --", 'x'.repeat(5000)]) {
			expect(await (await browser().request()).checkResetToken(garbage)).toEqual({ ok: false, code: 'token_invalid' });
			expect(await (await browser().request()).resetPassword({ token: garbage, password: otherPassword })).toEqual({ ok: false, code: 'token_invalid' });
			expect(await (await browser().request()).confirmEmail({ token: garbage, type: 'signup' })).toEqual({ ok: false, code: 'token_invalid' });
		}
	});
});

// ---------------------------------------------------------------------------------------------
// Changing password and email, deleting

describe('account changes', () => {
	it('changes the password only with the current one, keeps this device and signs out the others', async () => {
		const { email, id, browser: b } = await signedUp('change-password');
		const other = await secondDevice(email);
		const oldToken = b.jar.session!;

		expect(await (await b.request()).changePassword({ current: otherPassword, next: 'yet another passphrase', language: 'en' })).toEqual({ ok: false, code: 'wrong_password' });
		expect(await whoIs(other)).toMatchObject({ id });
		expect((await mailsTo(email)).some((m) => m.kind === 'password_changed')).toBe(false);

		expect(await (await b.request()).changePassword({ current: password, next: otherPassword, language: 'en' })).toEqual({ ok: true });
		expect(b.jar.session).toBeTruthy();
		expect(b.jar.session).not.toBe(oldToken);
		expect(await whoIs(b)).toMatchObject({ id });
		expect(await whoIs(browserWithCookie(oldToken))).toBeNull();
		expect(await whoIs(other)).toBeNull();

		const changed = (await mailsTo(email)).filter((m) => m.kind === 'password_changed');
		expect(changed).toHaveLength(1);
		expect(changed[0]!.body).toContain('http://localhost/forgot-password');

		expect(await (await browser().request()).signIn({ email, password })).toEqual({ ok: false, code: 'invalid_credentials' });
		await secondDevice(email, otherPassword);
	});

	it('needs someone signed in to change a password', async () => {
		await expect((await browser().request()).changePassword({ current: password, next: otherPassword, language: 'en' })).rejects.toThrow();
	});

	it('changes the email after the new address confirms it', async () => {
		const { email, id, browser: b } = await signedUp('old-address');
		const newEmail = uniqueEmail('new-address');

		expect(await (await b.request()).changeEmail({ email: newEmail, current: otherPassword, language: 'en' })).toEqual({ ok: false, code: 'wrong_password' });
		expect(await mailsTo(newEmail)).toEqual([]);

		expect(await (await b.request()).changeEmail({ email: newEmail, current: password, language: 'cy' })).toEqual({ ok: true });
		// Nothing changes until the link is used.
		expect((await userRow(email))!.id).toBe(id);
		const link = await linkIn(newEmail, 'change_email');
		expect(link.origin + link.pathname).toBe('http://localhost/confirm-email');
		expect(link.searchParams.get('type')).toBe('email_change');
		expect((await mailsTo(email)).some((m) => m.kind === 'change_email')).toBe(false);

		const sessionBefore = b.jar.session;
		expect(await (await b.request()).confirmEmail({ token: link.searchParams.get('token')!, type: 'email_change' })).toEqual({ ok: true });
		expect(b.jar.session).toBe(sessionBefore); // already signed in as them: no new session
		expect(await userRow(email)).toBeUndefined();
		expect((await userRow(newEmail))!.id).toBe(id);
		const [profile] = await asService(db, (tx) => tx.query<{ email: string }>(`select email from public.profiles where id = $1`, [id]));
		expect(profile!.email).toBe(newEmail);
		expect(await whoIs(b)).toMatchObject({ id, email: newEmail, claims: { sub: id, email: newEmail } });

		expect(await (await browser().request()).signIn({ email: newEmail, password })).toEqual({ ok: true });
		expect(await (await browser().request()).signIn({ email, password })).toEqual({ ok: false, code: 'invalid_credentials' });
	});

	it('answers the same when the new address is taken, but sends it nothing', async () => {
		const taken = await signedUp('taken');
		const { browser: b } = await signedUp('wants-taken');
		const before = await mailsTo(taken.email);
		expect(await (await b.request()).changeEmail({ email: taken.email, current: password, language: 'en' })).toEqual({ ok: true });
		expect(await mailsTo(taken.email)).toEqual(before);
	});

	it('refuses an email-change link when the address was taken in the meantime', async () => {
		const { email, browser: b } = await signedUp('race');
		const wanted = uniqueEmail('race-target');
		await (await b.request()).changeEmail({ email: wanted, current: password, language: 'en' });
		const token = await tokenIn(wanted, 'change_email');
		// Someone else signs up with that address first.
		await (await browser().request()).signUp({ email: wanted, password, displayName: '', language: 'en' });
		expect(await (await b.request()).confirmEmail({ token, type: 'email_change' })).toEqual({ ok: false, code: 'email_taken' });
		expect((await userRow(email))).toBeDefined();
	});

	it('deletes the account: user, profile, sessions, and the session no longer identifies', async () => {
		const { email, id, browser: b } = await signedUp('delete');
		const other = await secondDevice(email);
		const token = b.jar.session!;

		await (await b.request()).deleteAccount();
		expect(b.jar.session).toBeUndefined();
		expect(await userRow(email)).toBeUndefined();
		const left = await asService(db, (tx) =>
			tx.query<{ profiles: number; sessions: number; tokens: number; attempts: number }>(
				`select (select count(*)::int from public.profiles where id = $1) as profiles,
				        (select count(*)::int from public.auth_sessions where user_id = $1) as sessions,
				        (select count(*)::int from public.auth_tokens where user_id = $1) as tokens,
				        (select count(*)::int from public.sign_in_attempts where account = $2) as attempts`,
				[id, email]
			)
		);
		expect(left[0]).toEqual({ profiles: 0, sessions: 0, tokens: 0, attempts: 0 });

		expect(await whoIs(b)).toBeNull();
		expect(await whoIs(browserWithCookie(token))).toBeNull();
		expect(await whoIs(other)).toBeNull();
		expect(await (await browser().request()).signIn({ email, password })).toEqual({ ok: false, code: 'invalid_credentials' });
	});
});
