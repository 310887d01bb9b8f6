import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openPglite } from '../../src/lib/server/db/pglite';
import { serviceClaims, type Claims, type Tx } from '../../src/lib/server/db/types';

export const templatePath = join(process.cwd(), '.data', 'test', 'migrated-template.tar.gz');

/** A fresh, migrated database for one test file. */
export async function freshDb() {
	const dump = new Blob([readFileSync(templatePath)]);
	return openPglite({ loadDataDir: dump });
}

export type TestDb = Awaited<ReturnType<typeof freshDb>>;

export const anon: Claims = { role: 'anon' };
export const someone: Claims = { role: 'authenticated', sub: '11111111-1111-4111-8111-111111111111', email: 'someone@example.org' };
export const someoneElse: Claims = { role: 'authenticated', sub: '22222222-2222-4222-8222-222222222222', email: 'else@example.org' };

export const asService = <T>(db: TestDb, fn: (tx: Tx) => Promise<T>) => db.withClaims(serviceClaims, fn);
