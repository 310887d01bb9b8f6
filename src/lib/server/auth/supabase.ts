import type { Cookies } from '@sveltejs/kit';
import { createServerClient } from '@supabase/ssr';
import { createClient, type AuthError, type SupabaseClient } from '@supabase/supabase-js';
import ws from 'ws';
import { requestRoles, type Claims, type Db } from '$lib/server/db/types';
import type { AuthAdapter, AuthResult, VerifiedIdentity } from './types';

// Supabase Auth through @supabase/ssr, as Supabase documents it for SvelteKit: one server
// client per request over the request's cookies, the user verified on the server with
// getClaims() (signature checked, or asked of Supabase), never taken from a cookie alone.
// Server-only module: supabase-js 2.109 on Node 20 needs the `ws` transport for realtime.

export interface SupabaseAuthContext {
	url: string;
	publishableKey: string;
	cookies: Cookies;
	db: Db;
	origin: string;
	paths: { confirm: string; reset: string };
}

const clientOptions = { realtime: { transport: ws as unknown as typeof WebSocket } };

function failure(error: AuthError): AuthResult {
	switch (error.code) {
		case 'invalid_credentials':
			return { ok: false, code: 'invalid_credentials' };
		case 'email_not_confirmed':
			return { ok: false, code: 'email_not_confirmed' };
		case 'over_request_rate_limit':
		case 'over_email_send_rate_limit':
			return { ok: false, code: 'rate_limited', minutes: 5 };
		case 'otp_expired':
			return { ok: false, code: 'token_expired' };
		case 'email_exists':
			return { ok: false, code: 'email_taken' };
		default:
			console.error('Supabase Auth:', error.code, error.message);
			return { ok: false, code: error.status === 403 || error.status === 401 ? 'token_invalid' : 'unavailable' };
	}
}

export function createSupabaseAuth(ctx: SupabaseAuthContext): AuthAdapter {
	const supabase: SupabaseClient = createServerClient(ctx.url, ctx.publishableKey, {
		...clientOptions,
		cookies: {
			getAll: () => ctx.cookies.getAll(),
			setAll: (cookies) => cookies.forEach(({ name, value, options }) => ctx.cookies.set(name, value, { ...options, path: '/' }))
		}
	});
	let identified: Promise<VerifiedIdentity | null> | undefined;

	async function identify(): Promise<VerifiedIdentity | null> {
		const { data, error } = await supabase.auth.getClaims();
		if (error || !data?.claims?.sub) return null;
		const claims = data.claims as unknown as Claims;
		if (!requestRoles.includes(claims.role)) return null;
		return { id: claims.sub!, email: String(claims.email ?? ''), claims };
	}
	const current = () => (identified ??= identify());
	const done = (error: AuthError | null): AuthResult => (error ? failure(error) : { ok: true });
	const link = (path: string) => `${ctx.origin}${path}`;

	return {
		kind: 'supabase',
		mailWaitsInOutbox: false, // Supabase Auth sends its own mail
		identify: current,

		async signUp({ email, password, displayName, language }) {
			const { error } = await supabase.auth.signUp({
				email, password,
				options: { emailRedirectTo: link(ctx.paths.confirm), data: { display_name: displayName, language } }
			});
			// Supabase answers an existing address like a new one (no enumeration); keep it that way.
			return error?.code === 'user_already_exists' ? { ok: true } : done(error);
		},
		async signIn({ email, password }) {
			identified = undefined;
			return done((await supabase.auth.signInWithPassword({ email, password })).error);
		},
		async signOut() {
			await supabase.auth.signOut({ scope: 'local' });
			identified = Promise.resolve(null);
		},
		async signOutEverywhere() {
			await supabase.auth.signOut({ scope: 'global' });
			identified = Promise.resolve(null);
		},
		async requestPasswordReset({ email }) {
			const { error } = await supabase.auth.resetPasswordForEmail(email, { redirectTo: link(ctx.paths.reset) });
			return done(error);
		},
		async checkResetToken() {
			// Supabase's token can only be checked by using it; the form does that.
			return { ok: true };
		},
		async resetPassword({ token, password }) {
			const verified = await supabase.auth.verifyOtp({ token_hash: token, type: 'recovery' });
			if (verified.error) return failure(verified.error);
			identified = undefined;
			return done((await supabase.auth.updateUser({ password })).error);
		},
		async confirmEmail({ token, type }) {
			identified = undefined;
			return done((await supabase.auth.verifyOtp({ token_hash: token, type: type === 'signup' ? 'email' : 'email_change' })).error);
		},
		async changePassword({ current: currentPassword, next }) {
			const checked = await this.verifyPassword(currentPassword);
			if (!checked.ok) return checked;
			return done((await supabase.auth.updateUser({ password: next })).error);
		},
		async changeEmail({ email, current: currentPassword }) {
			const checked = await this.verifyPassword(currentPassword);
			if (!checked.ok) return checked;
			const { error } = await supabase.auth.updateUser({ email }, { emailRedirectTo: link(ctx.paths.confirm) });
			// A taken address answers like any other, as in local mode (no account enumeration).
			return error?.code === 'email_exists' ? { ok: true } : done(error);
		},
		async verifyPassword(password) {
			const who = await current();
			if (!who) return { ok: false, code: 'wrong_password' };
			// A throwaway client, so checking does not replace this browser's session.
			const probe = createClient(ctx.url, ctx.publishableKey, { ...clientOptions, auth: { persistSession: false, autoRefreshToken: false } });
			const { error } = await probe.auth.signInWithPassword({ email: who.email, password });
			if (!error) await probe.auth.signOut({ scope: 'local' });
			if (error?.code === 'invalid_credentials') return { ok: false, code: 'wrong_password' };
			return done(error);
		},
		async deleteAccount() {
			const who = await current();
			if (!who) throw new Error('Not signed in');
			// The database removes auth.users (and all that cascades) for the caller only.
			await ctx.db.withClaims(who.claims, (tx) => tx.query(`select public.delete_my_account()`));
			await supabase.auth.signOut({ scope: 'local' });
			identified = Promise.resolve(null);
		}
	};
}
