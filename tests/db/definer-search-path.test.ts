import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceClaims, type Db } from '../../src/lib/server/db/types';
import { freshDb } from './template';

// A security definer function runs as its owner; if the caller's temporary schema came first in
// its search path, a type the caller made there (say `text`) could run their code as the owner.
let db: Db;
beforeAll(async () => {
	db = await freshDb();
});
afterAll(async () => db?.close());

describe('security definer functions', () => {
	it('all search the caller\'s temporary schema last', async () => {
		const rows = await db.withClaims(serviceClaims, (tx) =>
			tx.query<{ name: string; config: string[] | null }>(
				`select p.oid::regprocedure::text as name, p.proconfig as config from pg_catalog.pg_proc p
				  where p.pronamespace = 'public'::regnamespace and p.prosecdef order by 1`
			)
		);
		expect(rows.length).toBeGreaterThan(50);
		// pg_temp named last in the path (an unnamed pg_temp is searched first).
		const pathOf = (config: string[] | null) => (config ?? []).find((setting) => setting.startsWith('search_path='));
		const loose = rows.filter((row) => !/, pg_temp$/.test(pathOf(row.config) ?? '')).map((row) => row.name);
		expect(loose).toEqual([]);
	});
});
