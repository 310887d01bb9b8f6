import type { Claims, Tx } from '$lib/server/db/types';
import type { AuthAdapter, User } from '$lib/server/auth/types';

declare global {
	namespace App {
		interface Locals {
			/** This request's account actions (local accounts or Supabase Auth). */
			auth: AuthAdapter;
			/** The verified signed-in person, or null. */
			user: User | null;
			/** Reads the user's roles and groups again, after an action changed them. */
			reloadUser(): Promise<void>;
			claims: Claims;
			/** Runs `fn` in a transaction as this request's role, so RLS decides what it sees. */
			withClaims<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
		}
		interface Error {
			message: string;
		}
	}
}

export {};
