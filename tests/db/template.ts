import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openPglite } from '../../src/lib/server/db/pglite';
import { openPostgres } from '../../src/lib/server/db/postgres';
import { serviceClaims, type Claims, type Db, type Tx } from '../../src/lib/server/db/types';

export const templatePath = join(process.cwd(), '.data', 'test', 'migrated-template.tar.gz');

/**
 * A PostgreSQL server's maintenance database (scripts/pg15-check.sh sets it for PostgreSQL 15),
 * e.g. `postgres://postgres@localhost/postgres?host=/socket/dir`. Unset: the tests run on PGlite.
 */
export const serverUrl = process.env.TEST_DATABASE_URL || undefined;
export const templateDb = 'wm_template';

/** The server's URL with another database. */
export const withDatabase = (url: string, name: string) => {
	const parsed = new URL(url);
	parsed.pathname = `/${name}`;
	return parsed.href;
};

/** Runs one statement (create/drop database cannot run in a transaction) on the maintenance database. */
export async function onServer(url: string, statement: string) {
	const db = openPostgres(url, { max: 1 });
	try {
		await db.ownerExec(statement);
	} finally {
		await db.close();
	}
}

/** A fresh, migrated database for one test file: a copy of the template made in global-setup.ts. */
export async function freshDb(): Promise<Db> {
	if (!serverUrl) return openPglite({ loadDataDir: new Blob([readFileSync(templatePath)]) });
	const url = serverUrl;
	const name = `wm_test_${randomBytes(6).toString('hex')}`;
	await onServer(url, `create database ${name} template ${templateDb}`);
	const db = openPostgres(withDatabase(url, name));
	return {
		...db,
		async close() {
			await db.close();
			await onServer(url, `drop database if exists ${name} with (force)`);
		}
	};
}

/** An empty database (nothing migrated), for tests of the migration runner itself; with its URL on a server. */
export async function emptyDb(): Promise<Db & { url?: string }> {
	if (!serverUrl) return openPglite();
	const url = serverUrl;
	const name = `wm_empty_${randomBytes(6).toString('hex')}`;
	await onServer(url, `create database ${name}`);
	const db = openPostgres(withDatabase(url, name));
	return {
		...db,
		url: withDatabase(url, name),
		async close() {
			await db.close();
			await onServer(url, `drop database if exists ${name} with (force)`);
		}
	};
}

export type TestDb = Db;

export const anon: Claims = { role: 'anon' };
export const someone: Claims = { role: 'authenticated', sub: '11111111-1111-4111-8111-111111111111', email: 'someone@example.org' };
export const someoneElse: Claims = { role: 'authenticated', sub: '22222222-2222-4222-8222-222222222222', email: 'else@example.org' };

export const asService = <T>(db: TestDb, fn: (tx: Tx) => Promise<T>) => db.withClaims(serviceClaims, fn);

class Rollback extends Error {}
export interface Attempt<T> { ok: boolean; value?: T; error?: unknown }

/** Runs fn on `db` as the claims in one transaction, then rolls it back whatever happened. */
export async function attemptOn<T>(db: TestDb, claims: Claims, fn: (tx: Tx) => Promise<T>): Promise<Attempt<T>> {
	let outcome: Attempt<T> = { ok: false };
	try {
		await db.withClaims(claims, async (tx) => {
			try {
				outcome = { ok: true, value: await fn(tx) };
			} catch (error) {
				outcome = { ok: false, error };
			}
			throw new Rollback();
		});
	} catch (error) {
		if (!(error instanceof Rollback)) throw error;
	}
	return outcome;
}

/** One statement on `db` as the claims, rolled back: { ok, rows, error }. */
export async function attemptSqlOn<Row = Record<string, unknown>>(db: TestDb, claims: Claims, sql: string, params: unknown[] = []) {
	const { ok, value, error } = await attemptOn(db, claims, (tx) => tx.query<Row>(sql, params));
	return { ok, rows: value ?? [], error };
}
