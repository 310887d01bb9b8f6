import type { Handle, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { database } from '$lib/server/db';
import { anonClaims } from '$lib/server/db/types';

export const init: ServerInit = async () => {
	await database();
};

const language: Handle = ({ event, resolve }) =>
	paraglideMiddleware(event.request, ({ request, locale }) => {
		event.request = request;
		return resolve(event, { transformPageChunk: ({ html }) => html.replace('%lang%', locale) });
	});

const data: Handle = async ({ event, resolve }) => {
	const db = await database();
	// Until accounts land every request is anonymous; the claims shape is the one Supabase uses.
	event.locals.claims = anonClaims;
	event.locals.withClaims = (fn) => db.withClaims(event.locals.claims, fn);
	return resolve(event);
};

// The CSP itself comes from svelte.config.js (kit.csp, with nonces/hashes); these are the rest.
const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	response.headers.set('X-Content-Type-Options', 'nosniff');
	response.headers.set('Referrer-Policy', 'strict-origin-when-cross-origin');
	response.headers.set('Permissions-Policy', 'geolocation=(self), camera=(), microphone=(), payment=()');
	response.headers.set('Cross-Origin-Opener-Policy', 'same-origin');
	if (event.url.protocol === 'https:') {
		response.headers.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
	}
	return response;
};

export const handle = sequence(securityHeaders, language, data);
