/** The roles Supabase's API gives a request; every query runs as one of them, never as the owner. */
export const requestRoles = ['anon', 'authenticated', 'service_role'] as const;
export type RequestRole = (typeof requestRoles)[number];

/** The JWT claims shape Supabase puts in `request.jwt.claims`; local accounts produce the same. */
export interface Claims {
	role: RequestRole;
	sub?: string;
	email?: string;
	[claim: string]: unknown;
}

export const anonClaims: Claims = Object.freeze({ role: 'anon' });
/** Server-only admin work (seeding, jobs). Never derived from a request. */
export const serviceClaims: Claims = Object.freeze({ role: 'service_role' });

export interface Tx {
	query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
	/**
	 * Runs `fn` in a savepoint of this transaction, on a Tx of its own. postgres.js needs this:
	 * it remembers any failed query of a transaction and fails the whole transaction with it,
	 * unless the query ran in its own savepoint scope. Adapters without it use SQL savepoints.
	 */
	savepoint?<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
}

export interface Db {
	readonly kind: 'pglite' | 'postgres';
	/** The only way a request touches data: a transaction with the role and claims set, as PostgREST does. */
	withClaims<T>(claims: Claims, fn: (tx: Tx) => Promise<T>): Promise<T>;
	/** Owner connection for migrations and set-up scripts only. */
	ownerExec(sql: string): Promise<void>;
	ownerQuery<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
	close(): Promise<void>;
}

/** Statements that open a claims transaction; shared by both adapters so RLS behaves the same in every mode. */
export function claimsPreamble(claims: Claims): { sql: string; params: unknown[] } {
	if (!requestRoles.includes(claims.role)) throw new Error(`Unknown database role: ${String(claims.role)}`);
	return {
		sql: `select set_config('role', $1, true), set_config('request.jwt.claims', $2, true)`,
		params: [claims.role, JSON.stringify(claims)]
	};
}

/**
 * The database could not be opened for a reason its message explains to the person running the
 * server or a script (a folder in use, a migration history that does not fit): shown as it is,
 * without a stack trace.
 */
export class DatabaseRefusal extends Error {}
