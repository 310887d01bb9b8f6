import type { Claims, Tx } from '$lib/server/db/types';

declare global {
	namespace App {
		interface Locals {
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
