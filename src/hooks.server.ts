import type { Handle, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { database, databaseMode } from '$lib/server/db';
import { anonClaims } from '$lib/server/db/types';
import { authFor } from '$lib/server/auth';
import { loadUser } from '$lib/server/repos/accounts';
import { mayEnter, needOf } from '$lib/server/access';
import { eraseExpiredConversationText, startHousekeeping } from '$lib/server/jobs';

export const init: ServerInit = async () => {
	const db = await database();
	// One embedded server is the whole deployment, so it runs the jobs itself (DESIGN.md §3, Jobs).
	if ((await databaseMode()) === 'embedded') startHousekeeping(db);
	// Elsewhere a cron runs the jobs, but the retention erasure is a promise to people: every server
	// start runs it too (it is idempotent, so many instances starting at once do no harm).
	else eraseExpiredConversationText(db).catch((error) => console.error('[jobs] conversation retention failed', error));
};

const language: Handle = ({ event, resolve }) =>
	paraglideMiddleware(event.request, ({ request, locale }) => {
		event.request = request;
		return resolve(event, { transformPageChunk: ({ html }) => html.replace('%lang%', locale) });
	});

// Who is asking: the adapter verifies the session, then their roles are read as themselves.
// Every query of the request then runs with their claims (or anon's), so RLS decides.
const data: Handle = async ({ event, resolve }) => {
	const db = await database();
	const auth = authFor(event, db, { embedded: (await databaseMode()) === 'embedded' });
	const identity = await auth.identify();
	event.locals.auth = auth;
	event.locals.claims = identity?.claims ?? anonClaims;
	event.locals.withClaims = (fn) => db.withClaims(event.locals.claims, fn);
	event.locals.reloadUser = async () => {
		event.locals.user = identity ? await event.locals.withClaims((tx) => loadUser(tx, identity)) : null;
	};
	await event.locals.reloadUser();

	// Form posts skip the layouts' loads, so a route group's audience is checked here too.
	const need = needOf(event.route.id);
	if (need && event.request.method !== 'GET' && event.request.method !== 'HEAD' && !mayEnter(event.locals.user, need)) {
		return new Response('You do not have access to this page.', { status: event.locals.user ? 403 : 401 });
	}
	return resolve(event);
};

// The CSP itself comes from svelte.config.js (kit.csp, with nonces/hashes); these are the rest.
const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	response.headers.set('X-Content-Type-Options', 'nosniff');
	// A page may ask for less (a plan sends its private link to no other site).
	if (!response.headers.has('Referrer-Policy')) response.headers.set('Referrer-Policy', 'strict-origin-when-cross-origin');
	response.headers.set('Permissions-Policy', 'geolocation=(self), camera=(), microphone=(), payment=()');
	response.headers.set('Cross-Origin-Opener-Policy', 'same-origin');
	if (event.url.protocol === 'https:') {
		response.headers.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
	}
	return response;
};

export const handle = sequence(securityHeaders, language, data);
