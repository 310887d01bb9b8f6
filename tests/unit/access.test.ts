import { describe, expect, it } from 'vitest';
import { mayEnter, needOf } from '../../src/lib/server/access';
import type { User } from '../../src/lib/server/auth/types';

// Which audience each route group serves, and who may enter. RLS is the real guard; this is the
// polite one that turns people away before a page renders.
const person = (roles: User['roles']): User => ({ id: 'u', email: 'a@example.org', displayName: '', language: 'en', roles, memberships: [] });

describe('route groups', () => {
	it.each([
		['/(admin)/admin/outbox', 'admin'],
		['/(moderation)/moderation', 'moderator'],
		['/(planning)/planning', 'planner'],
		['/(practitioner)/practice', 'practitioner'],
		['/(account)/account/delete', 'signed_in'],
		['/(group)/groups/[id]', 'signed_in'],
		['/(public)/find', null],
		['/(auth)/sign-in', null],
		[null, null]
	])('%s needs %s', (routeId, need) => {
		expect(needOf(routeId)).toBe(need);
	});

	it('lets in only those with the role; an admin holds every role', () => {
		expect(mayEnter(null, 'signed_in')).toBe(false);
		expect(mayEnter(person([]), 'signed_in')).toBe(true);
		expect(mayEnter(person([]), 'practitioner')).toBe(false);
		expect(mayEnter(person(['practitioner']), 'practitioner')).toBe(true);
		expect(mayEnter(person(['practitioner']), 'moderator')).toBe(false);
		expect(mayEnter(person(['planner']), 'admin')).toBe(false);
		for (const need of ['practitioner', 'moderator', 'planner', 'admin'] as const) expect(mayEnter(person(['admin']), need)).toBe(true);
	});
});
