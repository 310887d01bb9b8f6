import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Cookies } from '@sveltejs/kit';
import { createSupabaseAuth } from '../../src/lib/server/auth/supabase';
import { freshDb, type TestDb } from './template';

// The Supabase adapter cannot reach a Supabase project from here (no network), so this checks
// what can be checked offline: with no session cookies nobody is signed in, without a request
// leaving the machine; and when Supabase Auth cannot be reached, sign-in says "not available"
// rather than failing the page. The rest of its flows are Supabase's own (see README).
function jar(initial: Record<string, string> = {}): Cookies {
	const values = new Map(Object.entries(initial));
	return {
		get: (name) => values.get(name),
		getAll: () => [...values].map(([name, value]) => ({ name, value })),
		set: (name, value) => void values.set(name, value),
		delete: (name) => void values.delete(name),
		serialize: (name, value) => `${name}=${value}`
	};
}

let db: TestDb;
beforeAll(async () => {
	db = await freshDb();
});
afterAll(() => db?.close());

// A closed port on this machine: connection refused at once.
const unreachable = 'http://127.0.0.1:9';
const auth = (cookies = jar()) =>
	createSupabaseAuth({ url: unreachable, publishableKey: 'sb_publishable_test', cookies, db, origin: 'http://localhost', paths: { confirm: '/confirm-email', reset: '/reset-password' } });

describe('the Supabase adapter, offline', () => {
	it('sees nobody signed in when there are no session cookies', async () => {
		expect(await auth().identify()).toBeNull();
	});

	it('does not trust a forged session cookie', async () => {
		const forged = jar({ 'sb-127-auth-token': 'base64-eyJhY2Nlc3NfdG9rZW4iOiJmb3JnZWQifQ' });
		expect(await auth(forged).identify()).toBeNull();
	});

	it('reports Supabase Auth being unreachable as "unavailable", not as wrong credentials', async () => {
		const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
		const result = await auth().signIn({ email: 'someone@example.org', password: 'a long password here' });
		quiet.mockRestore();
		expect(result).toEqual({ ok: false, code: 'unavailable' });
	});
});
