import type { Cookies } from '@sveltejs/kit';
import { serviceClaims, type Claims, type Db, type Tx } from '$lib/server/db/types';
import { queueMail, type MailOptions } from '$lib/server/mail';
import { hashPassword, newToken, passwordMatches, tokenHash } from './secrets';
import type { AuthAdapter, AuthResult, Language, VerifiedIdentity } from './types';

// Local accounts (embedded and DATABASE_URL modes), shaped like Supabase Auth: users in
// auth.users, the same JWT claims. The server does this work as service_role; what a signed-in
// person then reads or changes runs with their own claims, under RLS.

export const sessionCookie = 'wm_session';

export const localAuthRules = {
	sessionDays: 14, // a session idle this long ends
	sessionMaxDays: 90, // and none lasts longer than this
	confirmHours: 48,
	resetMinutes: 60,
	changeEmailHours: 24,
	/** Failed sign-ins allowed per account, and per address, within the window. */
	accountFailures: 5,
	addressFailures: 20,
	windowMinutes: 15,
	/** Mails (sign-up, reset) one address or account can ask for per hour. */
	mailsPerAccountHour: 3,
	mailsPerAddressHour: 30 // generous: a council office or library may share one address
};

export interface LocalAuthContext {
	db: Db;
	cookies: Cookies;
	/** The client's address, for rate limiting. */
	address: string;
	userAgent: string;
	/** The site's origin, for links in mail. */
	origin: string;
	/** Paths (already localized) the links in mail point at. */
	paths: { confirm: string; reset: string; signIn: string; forgot: string };
	/** log: also print mail to the server log; set where no mail service exists (embedded mode). */
	mail: MailOptions;
	secureCookies: boolean;
}

interface UserRow {
	id: string;
	email: string;
	encrypted_password: string | null;
	email_confirmed_at: string | null;
}

const claimsFor = (user: { id: string; email: string }, sessionId: string): Claims => ({
	role: 'authenticated',
	aud: 'authenticated',
	sub: user.id,
	email: user.email,
	session_id: sessionId,
	app_metadata: { provider: 'email' }
});

export function createLocalAuth(ctx: LocalAuthContext): AuthAdapter {
	const { db, cookies } = ctx;
	const asServer = <T>(fn: (tx: Tx) => Promise<T>) => db.withClaims(serviceClaims, fn);
	let identified: Promise<VerifiedIdentity | null> | undefined;

	const link = (path: string, params: Record<string, string>) => `${ctx.origin}${path}?${new URLSearchParams(params)}`;

	async function startSession(tx: Tx, userId: string) {
		const token = newToken();
		await tx.query(
			`insert into public.auth_sessions (user_id, token_hash, user_agent, expires_at)
			 values ($1, $2, left($3, 300), now() + make_interval(days => $4))`,
			[userId, tokenHash(token), ctx.userAgent, localAuthRules.sessionDays]
		);
		await tx.query(`update auth.users set last_sign_in_at = now() where id = $1`, [userId]);
		cookies.set(sessionCookie, token, {
			path: '/', httpOnly: true, sameSite: 'lax', secure: ctx.secureCookies,
			maxAge: localAuthRules.sessionMaxDays * 24 * 3600
		});
		identified = undefined;
	}

	function endSessionCookie() {
		cookies.delete(sessionCookie, { path: '/', httpOnly: true, sameSite: 'lax', secure: ctx.secureCookies });
		identified = Promise.resolve(null);
	}

	type Purpose = 'sign_in' | 'sign_up' | 'reset';

	/** Minutes until the caller may try again, or 0. Counts recent rows of one purpose for the account and for the address. */
	async function waitMinutes(tx: Tx, purpose: Purpose, account: string, perAccount: number, perAddress: number, windowMinutes: number, failuresOnly: boolean) {
		const [row] = await tx.query<{ wait: number }>(
			`with recent as (
			   select account, address, at from public.sign_in_attempts
			   where purpose = $7 and at > now() - make_interval(mins => $5) and (account = $1 or address = $2) and ($6 = false or not succeeded)
			 ), blocking as (
			   select (select at from recent where account = $1 order by at desc offset $3 - 1 limit 1) as by_account,
			          (select at from recent where address = $2 order by at desc offset $4 - 1 limit 1) as by_address
			 )
			 select coalesce(ceil(extract(epoch from (greatest(by_account, by_address) + make_interval(mins => $5) - now())) / 60), 0)::int as wait
			 from blocking`,
			[account, ctx.address, perAccount, perAddress, windowMinutes, failuresOnly, purpose]
		);
		return Math.max(0, row?.wait ?? 0);
	}

	async function recordAttempt(tx: Tx, purpose: Purpose, account: string, succeeded: boolean): Promise<string> {
		const [row] = await tx.query<{ id: string }>(
			`insert into public.sign_in_attempts (purpose, account, address, succeeded) values ($1, left($2, 254), left($3, 100), $4) returning id::text`,
			[purpose, account, ctx.address, succeeded]
		);
		return row!.id;
	}
	const markSucceeded = (tx: Tx, attemptId: string) =>
		tx.query(`update public.sign_in_attempts set succeeded = true where id = $1::bigint`, [attemptId]);

	/** Links already sent stop working when the password or address changes. */
	const spendOpenTokens = (tx: Tx, userId: string) =>
		tx.query(`update public.auth_tokens set used_at = now() where user_id = $1 and used_at is null`, [userId]);

	/** Sign-up and reset both send mail: limited so nobody can use the site to flood an inbox. */
	async function mailLimited(tx: Tx, purpose: 'sign_up' | 'reset', email: string): Promise<AuthResult | null> {
		const minutes = await waitMinutes(tx, purpose, email, localAuthRules.mailsPerAccountHour, localAuthRules.mailsPerAddressHour, 60, false);
		if (minutes > 0) return { ok: false, code: 'rate_limited', minutes };
		await recordAttempt(tx, purpose, email, false);
		return null;
	}

	async function userByEmail(tx: Tx, email: string) {
		const [user] = await tx.query<UserRow>(
			`select id, email, encrypted_password, email_confirmed_at from auth.users where email = $1 and deleted_at is null`,
			[email]
		);
		return user ?? null;
	}

	async function issueToken(tx: Tx, userId: string, purpose: 'confirm_email' | 'reset_password' | 'change_email', minutes: number, newEmail: string | null = null) {
		const token = newToken();
		await tx.query(
			`insert into public.auth_tokens (token_hash, user_id, purpose, new_email, expires_at)
			 values ($1, $2, $3, $4, now() + make_interval(mins => $5))`,
			[tokenHash(token), userId, purpose, newEmail, minutes]
		);
		return token;
	}

	/** Finds a token and, when `use` is set, marks it used, in one statement so two clicks cannot both succeed. */
	async function takeToken(tx: Tx, token: string, purpose: string, use: boolean) {
		const [row] = await tx.query<{ user_id: string; new_email: string | null; expired: boolean; used: boolean }>(
			`select user_id, new_email, expires_at <= now() as expired, used_at is not null as used
			 from public.auth_tokens where token_hash = $1 and purpose = $2 for update`,
			[tokenHash(token), purpose]
		);
		if (!row) return { ok: false, code: 'token_invalid' } as const;
		if (row.used) return { ok: false, code: 'token_used' } as const;
		if (row.expired) return { ok: false, code: 'token_expired' } as const;
		if (use) await tx.query(`update public.auth_tokens set used_at = now() where token_hash = $1`, [tokenHash(token)]);
		return { ok: true, userId: row.user_id, newEmail: row.new_email } as const;
	}

	async function identify(): Promise<VerifiedIdentity | null> {
		const token = cookies.get(sessionCookie);
		if (!token) return null;
		if (token.length > 100) {
			endSessionCookie();
			return null;
		}
		const found = await asServer(async (tx) => {
			// Sliding expiry, written at most once a minute per session.
			const [row] = await tx.query<{ session_id: string; id: string; email: string }>(
				`update public.auth_sessions s
				 set last_seen_at = now(),
				     expires_at = least(s.created_at + make_interval(days => $3), now() + make_interval(days => $2))
				 from auth.users u
				 where s.token_hash = $1 and u.id = s.user_id and s.revoked_at is null and s.expires_at > now()
				   and u.deleted_at is null and s.last_seen_at < now() - interval '1 minute'
				 returning s.id as session_id, u.id, u.email`,
				[tokenHash(token), localAuthRules.sessionDays, localAuthRules.sessionMaxDays]
			);
			if (row) return row;
			const [fresh] = await tx.query<{ session_id: string; id: string; email: string }>(
				`select s.id as session_id, u.id, u.email from public.auth_sessions s join auth.users u on u.id = s.user_id
				 where s.token_hash = $1 and s.revoked_at is null and s.expires_at > now() and u.deleted_at is null`,
				[tokenHash(token)]
			);
			return fresh ?? null;
		});
		if (!found) {
			// A forged, expired or revoked cookie: forget it so the browser stops sending it.
			endSessionCookie();
			return null;
		}
		return { id: found.id, email: found.email, claims: claimsFor(found, found.session_id) };
	}

	const current = () => (identified ??= identify());

	async function requireCurrent() {
		const who = await current();
		if (!who) throw new Error('Not signed in');
		return who;
	}

	return {
		kind: 'local',
		mailWaitsInOutbox: ctx.mail.log,
		identify: current,

		async signUp({ email, password, displayName, language }) {
			const hash = await hashPassword(password);
			return asServer(async (tx) => {
				const limited = await mailLimited(tx, 'sign_up', email);
				if (limited) return limited;
				const existing = await userByEmail(tx, email);
				if (existing?.email_confirmed_at) {
					// Same answer as a new sign-up (no account enumeration); the owner hears about it by mail.
					await queueMail(tx, email, { kind: 'account_exists', signInLink: `${ctx.origin}${ctx.paths.signIn}`, resetLink: `${ctx.origin}${ctx.paths.forgot}` }, language, ctx.mail);
					return { ok: true };
				}
				let userId = existing?.id;
				if (userId) {
					// Never confirmed: a fresh link, but the password stays as first chosen (whoever
					// signs up again with this address must not take over the account), and earlier
					// links stop working. Forgotten the first password? A reset also confirms.
					await tx.query(`update public.auth_tokens set used_at = now() where user_id = $1 and purpose = 'confirm_email' and used_at is null`, [userId]);
				} else {
					const [row] = await tx.query<{ id: string }>(
						`insert into auth.users (id, email, encrypted_password, raw_app_meta_data, raw_user_meta_data)
						 values (gen_random_uuid(), $1, $2, '{"provider":"email","providers":["email"]}', jsonb_build_object('display_name', $3::text))
						 on conflict (email) do nothing returning id`,
						[email, hash, displayName]
					);
					// Two sign-ups for one new address at once: the other one created it.
					if (!row) return { ok: true };
					userId = row.id;
					await tx.query(`update public.profiles set language = $2 where id = $1`, [userId, language]);
				}
				const token = await issueToken(tx, userId, 'confirm_email', localAuthRules.confirmHours * 60);
				await queueMail(tx, email, { kind: 'confirm_email', link: link(ctx.paths.confirm, { token, type: 'signup' }) }, language, ctx.mail);
				return { ok: true };
			});
		},

		async signIn({ email, password }) {
			const gate = await asServer(async (tx) => {
				const minutes = await waitMinutes(tx, 'sign_in', email, localAuthRules.accountFailures, localAuthRules.addressFailures, localAuthRules.windowMinutes, true);
				if (minutes) return { minutes, user: null, attempt: null };
				// Counted as failed before the (slow) check, so parallel guesses all count.
				return { minutes, user: await userByEmail(tx, email), attempt: await recordAttempt(tx, 'sign_in', email, false) };
			});
			if (gate.minutes) return { ok: false, code: 'rate_limited', minutes: gate.minutes };
			const matches = await passwordMatches(password, gate.user?.encrypted_password);
			return asServer(async (tx) => {
				if (matches) await markSucceeded(tx, gate.attempt!);
				if (!matches || !gate.user) return { ok: false, code: 'invalid_credentials' };
				if (!gate.user.email_confirmed_at) return { ok: false, code: 'email_not_confirmed' };
				await startSession(tx, gate.user.id);
				return { ok: true };
			});
		},

		async signOut() {
			const token = cookies.get(sessionCookie);
			if (token) {
				await asServer((tx) => tx.query(`update public.auth_sessions set revoked_at = now() where token_hash = $1 and revoked_at is null`, [tokenHash(token)]));
			}
			endSessionCookie();
		},

		async signOutEverywhere() {
			const who = await current();
			if (who) await asServer((tx) => tx.query(`update public.auth_sessions set revoked_at = now() where user_id = $1 and revoked_at is null`, [who.id]));
			endSessionCookie();
		},

		async requestPasswordReset({ email, language }) {
			return asServer(async (tx) => {
				const limited = await mailLimited(tx, 'reset', email);
				if (limited) return limited;
				const user = await userByEmail(tx, email);
				if (user) {
					const token = await issueToken(tx, user.id, 'reset_password', localAuthRules.resetMinutes);
					await queueMail(tx, email, { kind: 'reset_password', link: link(ctx.paths.reset, { token }) }, language, ctx.mail);
				}
				return { ok: true };
			});
		},

		async checkResetToken(token) {
			const found = await asServer((tx) => takeToken(tx, token, 'reset_password', false));
			return found.ok ? { ok: true } : found;
		},

		async resetPassword({ token, password }) {
			const hash = await hashPassword(password);
			return asServer(async (tx) => {
				const found = await takeToken(tx, token, 'reset_password', true);
				if (!found.ok) return found;
				// The link came by mail, so the address is proven too; every other session ends.
				await tx.query(
					`update auth.users set encrypted_password = $2, email_confirmed_at = coalesce(email_confirmed_at, now()), updated_at = now() where id = $1`,
					[found.userId, hash]
				);
				await tx.query(`update public.auth_sessions set revoked_at = now() where user_id = $1 and revoked_at is null`, [found.userId]);
				await spendOpenTokens(tx, found.userId);
				await startSession(tx, found.userId);
				return { ok: true };
			});
		},

		async confirmEmail({ token, type }) {
			return asServer(async (tx) => {
				const found = await takeToken(tx, token, type === 'signup' ? 'confirm_email' : 'change_email', true);
				if (!found.ok) return found;
				if (type === 'email_change') {
					const taken = await userByEmail(tx, found.newEmail ?? '');
					if (taken && taken.id !== found.userId) return { ok: false, code: 'email_taken' };
					await tx.query(`update auth.users set email = $2, updated_at = now() where id = $1`, [found.userId, found.newEmail]);
					await spendOpenTokens(tx, found.userId);
				} else {
					await tx.query(`update auth.users set email_confirmed_at = coalesce(email_confirmed_at, now()) where id = $1`, [found.userId]);
				}
				// No session from a link alone: signing in still takes the password.
				return { ok: true };
			});
		},

		async changePassword({ current: currentPassword, next, language }) {
			const who = await requireCurrent();
			const checked = await this.verifyPassword(currentPassword);
			if (!checked.ok) return checked;
			const hash = await hashPassword(next);
			return asServer(async (tx) => {
				await tx.query(`update auth.users set encrypted_password = $2, updated_at = now() where id = $1`, [who.id, hash]);
				await spendOpenTokens(tx, who.id);
				// Other devices are signed out; this one carries on with a fresh session.
				await tx.query(`update public.auth_sessions set revoked_at = now() where user_id = $1 and revoked_at is null`, [who.id]);
				await startSession(tx, who.id);
				await queueMail(tx, who.email, { kind: 'password_changed', resetLink: `${ctx.origin}${ctx.paths.forgot}` }, language, ctx.mail);
				return { ok: true };
			});
		},

		async changeEmail({ email, current: currentPassword, language }) {
			const who = await requireCurrent();
			const checked = await this.verifyPassword(currentPassword);
			if (!checked.ok) return checked;
			if (email === who.email) return { ok: true };
			return asServer(async (tx) => {
				// Same answer whether or not the address is taken; a taken one just gets no link.
				if (!(await userByEmail(tx, email))) {
					const token = await issueToken(tx, who.id, 'change_email', localAuthRules.changeEmailHours * 60, email);
					await queueMail(tx, email, { kind: 'change_email', link: link(ctx.paths.confirm, { token, type: 'email_change' }) }, language, ctx.mail);
				}
				return { ok: true };
			});
		},

		async verifyPassword(password) {
			const who = await requireCurrent();
			const gate = await asServer(async (tx) => {
				const minutes = await waitMinutes(tx, 'sign_in', who.email, localAuthRules.accountFailures, localAuthRules.addressFailures, localAuthRules.windowMinutes, true);
				if (minutes) return { minutes, stored: null, attempt: null };
				const [row] = await tx.query<{ encrypted_password: string | null }>(`select encrypted_password from auth.users where id = $1`, [who.id]);
				return { minutes, stored: row?.encrypted_password ?? null, attempt: await recordAttempt(tx, 'sign_in', who.email, false) };
			});
			if (gate.minutes) return { ok: false, code: 'rate_limited', minutes: gate.minutes };
			const matches = await passwordMatches(password, gate.stored);
			if (matches) await asServer((tx) => markSucceeded(tx, gate.attempt!));
			return matches ? { ok: true } : { ok: false, code: 'wrong_password' };
		},

		async deleteAccount() {
			const who = await requireCurrent();
			await db.withClaims(who.claims, (tx) => tx.query(`select public.delete_my_account()`));
			endSessionCookie();
		}
	};
}
