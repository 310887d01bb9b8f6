import type { RequestEvent } from '@sveltejs/kit';
import { env } from '$env/dynamic/public';
import { localizeHref } from '$lib/paraglide/runtime';
import type { Db } from '$lib/server/db/types';
import { configuredOrigin } from '$lib/server/origin';
import { createLocalAuth } from './local';
import { createSupabaseAuth } from './supabase';
import type { AuthAdapter } from './types';

// The adapter follows the environment (DESIGN.md §3): PUBLIC_SUPABASE_URL → Supabase Auth;
// otherwise local accounts in the database this server uses.

export type AuthMode = 'local' | 'supabase';

export function authMode(): AuthMode {
	return env.PUBLIC_SUPABASE_URL ? 'supabase' : 'local';
}

const isLocalhost = (hostname: string) => ['localhost', '127.0.0.1', '[::1]'].includes(hostname);

let warnedAboutOrigin = false;
/**
 * The address links in mail start with. Without ORIGIN, adapter-node takes the host from the
 * request, which whoever sends it controls (a reset link could point at their site), so a
 * request's own host is trusted only when it is this machine.
 */
export function linkOrigin(url: URL): string {
	if (process.env.ORIGIN) return configuredOrigin();
	if (isLocalhost(url.hostname)) return url.origin;
	if (!warnedAboutOrigin) {
		console.warn('[mail] ORIGIN is not set, so links in mail point at localhost. Set ORIGIN to the public address (README, "Running it for real").');
		warnedAboutOrigin = true;
	}
	return configuredOrigin();
}

/** `embedded`: no mail service, so mail is also printed to the server log. */
export function authFor(event: RequestEvent, db: Db, options: { embedded: boolean }): AuthAdapter {
	const paths = {
		confirm: localizeHref('/confirm-email'),
		reset: localizeHref('/reset-password'),
		signIn: localizeHref('/sign-in'),
		forgot: localizeHref('/forgot-password')
	};
	if (authMode() === 'supabase') {
		const publishableKey = env.PUBLIC_SUPABASE_PUBLISHABLE_KEY || env.PUBLIC_SUPABASE_ANON_KEY;
		if (!publishableKey) throw new Error('PUBLIC_SUPABASE_URL is set but PUBLIC_SUPABASE_PUBLISHABLE_KEY (or PUBLIC_SUPABASE_ANON_KEY) is not.');
		return createSupabaseAuth({ url: env.PUBLIC_SUPABASE_URL!, publishableKey, cookies: event.cookies, db, origin: linkOrigin(event.url), paths });
	}
	let address = 'unknown';
	try {
		address = event.getClientAddress();
	} catch {
		// Not every environment knows the client's address (e.g. some test set-ups).
	}
	return createLocalAuth({
		db,
		cookies: event.cookies,
		address,
		userAgent: event.request.headers.get('user-agent') ?? '',
		origin: linkOrigin(event.url),
		paths,
		mail: { log: options.embedded },
		secureCookies: event.url.protocol === 'https:' || !isLocalhost(event.url.hostname)
	});
}
