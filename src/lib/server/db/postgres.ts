import postgres from 'postgres';
import { claimsPreamble, type Claims, type Db, type Tx } from './types';

/** A Postgres server: a local PostgreSQL 15, or Supabase's pooler. */
export function openPostgres(url: string, { max = 10 }: { max?: number } = {}): Db {
	const sql = postgres(url, {
		max,
		// Supabase's transaction pooler does not support prepared statements.
		prepare: false,
		connection: { search_path: 'public, extensions', application_name: 'what-matters' },
		onnotice: () => {}
	});
	const wrap = (tx: postgres.Sql | postgres.TransactionSql): Tx => ({
		async query<Row>(text: string, params: unknown[] = []) {
			return (await tx.unsafe(text, params as postgres.ParameterOrJSON<never>[])) as unknown as Row[];
		}
	});
	return {
		kind: 'postgres',
		async withClaims<T>(claims: Claims, fn: (tx: Tx) => Promise<T>) {
			const preamble = claimsPreamble(claims);
			return sql.begin(async (tx) => {
				await tx.unsafe(preamble.sql, preamble.params as string[]);
				return fn(wrap(tx));
			}) as Promise<T>;
		},
		async ownerExec(text: string) {
			await sql.unsafe(text);
		},
		ownerQuery: (text, params) => wrap(sql).query(text, params),
		async close() {
			await sql.end({ timeout: 5 });
		}
	};
}
