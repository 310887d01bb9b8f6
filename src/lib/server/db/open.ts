import { openPglite } from './pglite';
import { openPostgres } from './postgres';
import { migrate } from './migrate';
import type { Db } from './types';

export const defaultDataDir = '.data/pglite';

export interface OpenedDb {
	db: Db;
	mode: 'embedded' | 'postgres';
	/** True when the embedded database was created just now (so it wants demo data). */
	isNew: boolean;
}

/**
 * Picks the database from the environment (DESIGN.md §3): DATABASE_URL → that Postgres;
 * otherwise the embedded PGlite in `.data/` (or WM_DATA_DIR). Migrates before returning.
 */
export async function openConfiguredDb(
	env: Record<string, string | undefined> = process.env,
	{ log = (_: string) => {} } = {}
): Promise<OpenedDb> {
	if (env.DATABASE_URL) {
		const db = openPostgres(env.DATABASE_URL);
		await migrate(db, { log });
		return { db, mode: 'postgres', isNew: false };
	}
	const dataDir = env.WM_DATA_DIR || defaultDataDir;
	const db = await openPglite({ dataDir });
	try {
		await migrate(db, { log });
	} catch (error) {
		await db.close();
		throw error;
	}
	return { db, mode: 'embedded', isNew: db.isNew };
}
