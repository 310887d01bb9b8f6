import type { Tx } from './types';

// Both adapters (PGlite and postgres) throw errors carrying PostgreSQL's fields.

export interface DatabaseErrorFields {
	code?: string;
	hint?: string;
	message?: string;
}

const fields = (error: unknown): DatabaseErrorFields => (typeof error === 'object' && error !== null ? (error as DatabaseErrorFields) : {});

/** The `hint` a migration's `raise … using hint = '…'` set: a stable code the app turns into words. */
export const databaseHint = (error: unknown): string | undefined => fields(error).hint || undefined;

/** Refused by RLS, a column privilege, or a guard trigger (SQLSTATE 42501). */
export const isRefused = (error: unknown) => fields(error).code === '42501';

export const isUniqueViolation = (error: unknown) => fields(error).code === '23505';

/**
 * Runs `fn` inside a savepoint, so an error the caller means to handle (a guard's refusal) leaves
 * the transaction usable; without it PostgreSQL aborts the whole transaction and the commit fails.
 * `fn` gets the Tx to use inside the savepoint (with postgres.js it is a scope of its own).
 */
export async function withSavepoint<T>(tx: Tx, fn: (tx: Tx) => Promise<T>): Promise<T> {
	if (tx.savepoint) return tx.savepoint(fn);
	await tx.query('savepoint handled_error');
	try {
		const result = await fn(tx);
		await tx.query('release savepoint handled_error');
		return result;
	} catch (error) {
		await tx.query('rollback to savepoint handled_error');
		throw error;
	}
}
