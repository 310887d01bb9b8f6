import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { localizeHref } from '$lib/paraglide/runtime';
import { m } from '$lib/paraglide/messages';
import type { SiteRole } from '$lib/domain/account';
import type { User } from '$lib/server/auth/types';

// Which audience each route group serves (DESIGN.md §5). RLS is the real guard; this turns a
// person away politely before a page shows them an empty shell.

export type Need = 'signed_in' | SiteRole;

const groups: Record<string, Need> = {
	'(account)': 'signed_in',
	'(group)': 'signed_in',
	'(practitioner)': 'practitioner',
	'(moderation)': 'moderator',
	'(planning)': 'planner',
	'(admin)': 'admin'
};

/** The need of the route group a route id sits in, e.g. '/(admin)/admin/outbox' → 'admin'. */
export function needOf(routeId: string | null): Need | null {
	const group = routeId?.split('/')[1];
	return (group && groups[group]) || null;
}

export const mayEnter = (user: User | null, need: Need) =>
	!!user && (need === 'signed_in' || user.roles.includes(need) || user.roles.includes('admin'));

/** Sends a signed-out person to sign in (and back afterwards); refuses someone without the role with a clear page. */
export function requireAccess(event: Pick<RequestEvent, 'locals' | 'url'>, need: Need): User {
	const user = event.locals.user;
	if (!user) {
		const next = event.url.pathname + event.url.search;
		redirect(303, localizeHref(`/sign-in?${new URLSearchParams({ next })}`));
	}
	if (!mayEnter(user, need)) error(403, { message: m.access_refused_body() });
	return user;
}
