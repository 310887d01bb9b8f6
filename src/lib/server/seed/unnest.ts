// Bulk inserts for the seeds: one array parameter per column, so thousands of rows are one statement
// (bulk.ts for the benchmark's offers, demo-history.ts for the planning history). A module of its own,
// apart from demo.ts, so either can use it without an import cycle at module load.
import type { Tx } from '../db/types';

/** Column-wise rows: one array per column, for `unnest`. */
export function columns<K extends string>(...names: K[]): Record<K, unknown[]> {
	return Object.fromEntries(names.map((n) => [n, []])) as unknown as Record<K, unknown[]>;
}

/**
 * `insert … select … from unnest($1::type[], $2::type[], …)`: one array parameter per column.
 * `select` overrides a column's expression; `constants` adds columns with a fixed SQL value (kept out
 * of the parameters: postgres.js types an array of booleans as a boolean, not a boolean[]).
 */
export async function insertUnnest(
	tx: Tx,
	table: string,
	cols: Record<string, unknown[]>,
	types: Record<string, string>,
	{ select = {}, constants = {} }: { select?: Record<string, string>; constants?: Record<string, string> } = {}
) {
	const names = Object.keys(cols);
	if (!cols[names[0]!]!.length) return;
	const qualified = table.includes('.') ? table : `public.${table}`;
	const args = names.map((n, i) => `$${i + 1}::${types[n] ?? 'text'}[]`).join(', ');
	const targets = [...names, ...Object.keys(constants)].join(', ');
	const exprs = [...names.map((n) => select[n] ?? n), ...Object.values(constants)].join(', ');
	await tx.query(
		`insert into ${qualified} (${targets}) select ${exprs} from unnest(${args}) as t(${names.join(', ')})`,
		names.map((n) => cols[n])
	);
}
