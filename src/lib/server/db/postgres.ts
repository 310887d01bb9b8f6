import postgres from 'postgres';
import { claimsPreamble, type Claims, type Db, type Tx } from './types';

/** A Postgres server: a local PostgreSQL 15, or Supabase's pooler. */
export function openPostgres(url: string, { max = 10 }: { max?: number } = {}): Db {
	// libpq's unix-socket form `postgres://user@localhost/db?host=/socket/dir`: postgres.js takes the
	// socket folder only as the `host` option and would send `?host=` to the server as a setting.
	let socketDir: string | undefined;
	if (/[?&]host=/.test(url)) {
		const parsed = new URL(url);
		socketDir = parsed.searchParams.get('host') || undefined;
		parsed.searchParams.delete('host');
		url = parsed.href;
	}
	const sql = postgres(url, {
		host: socketDir,
		max,
		// Supabase's transaction pooler does not support prepared statements.
		prepare: false,
		connection: { search_path: 'public, extensions', application_name: 'what-matters' },
		onnotice: () => {}
	});
	const wrap = (tx: postgres.Sql | postgres.TransactionSql): Tx => ({
		async query<Row>(text: string, params: unknown[] = []) {
			return (await tx.unsafe(text, params as postgres.ParameterOrJSON<never>[])) as unknown as Row[];
		},
		...('savepoint' in tx
			? { savepoint: <T>(fn: (inner: Tx) => Promise<T>) => tx.savepoint((inner) => fn(wrap(inner))) as Promise<T> }
			: {})
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
			// migrate() sends its own `begin; … commit;`, which postgres.js allows only on a reserved
			// connection; a failure must not hand a connection in an aborted transaction back to the pool.
			const conn = await sql.reserve();
			try {
				await conn.unsafe(text);
			} catch (error) {
				await conn.unsafe('rollback').catch(() => {});
				throw error;
			} finally {
				conn.release();
			}
		},
		ownerQuery: (text, params) => wrap(sql).query(text, params),
		async close() {
			await sql.end({ timeout: 5 });
		}
	};
}
