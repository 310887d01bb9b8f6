import { PGlite } from '@electric-sql/pglite';
import { cube } from '@electric-sql/pglite/contrib/cube';
import { earthdistance } from '@electric-sql/pglite/contrib/earthdistance';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { mkdirSync, openSync, writeSync, closeSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { claimsPreamble, DatabaseRefusal, type Claims, type Db, type Tx } from './types';

// Only what the migrations create: each extension loaded adds to the cold start.
export const pgliteExtensions = { cube, earthdistance, pg_trgm };

export class DataDirInUseError extends DatabaseRefusal {}

/** PGlite has no lock of its own and a second opener corrupts the directory, so we keep one beside it. */
function takeLock(dataDir: string): () => void {
	const lockPath = `${dataDir}.lock`;
	for (let attempt = 0; attempt < 2; attempt++) {
		try {
			const fd = openSync(lockPath, 'wx');
			writeSync(fd, String(process.pid));
			closeSync(fd);
			return () => rmSync(lockPath, { force: true });
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
			const holder = Number(readFileSync(lockPath, 'utf8'));
			// Our own pid counts too: a second open in this process would corrupt the folder just the same.
			if (holder && (holder === process.pid || isRunning(holder))) {
				throw new DataDirInUseError(
					`The embedded database in ${dataDir} is already open in another process (pid ${holder}). ` +
						`Stop that process first (one server at a time can use the embedded database), ` +
						`or set DATABASE_URL to use a Postgres server instead.`
				);
			}
			rmSync(lockPath, { force: true }); // left behind by a process that has gone
		}
	}
	throw new DataDirInUseError(`Could not lock ${dataDir}.`);
}

function isRunning(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

export interface PgliteOptions {
	/** A folder to persist in; omit for an in-memory database (tests). */
	dataDir?: string;
	/** A dump made by `dumpDataDir`, to start from a migrated template quickly. */
	loadDataDir?: Blob;
}

export async function openPglite(options: PgliteOptions = {}): Promise<Db & { pglite: PGlite; isNew: boolean }> {
	let releaseLock = () => {};
	let isNew = true;
	if (options.dataDir) {
		mkdirSync(join(options.dataDir, '..'), { recursive: true });
		releaseLock = takeLock(options.dataDir);
		isNew = !existsSync(join(options.dataDir, 'PG_VERSION'));
	}
	let pglite: PGlite;
	try {
		pglite = await PGlite.create({
			dataDir: options.dataDir,
			loadDataDir: options.loadDataDir,
			extensions: pgliteExtensions
		});
		await pglite.exec('set search_path to public, extensions');
	} catch (error) {
		releaseLock();
		throw error;
	}

	const wrap = (tx: { query: PGlite['query'] }): Tx => ({
		async query<Row>(sql: string, params: unknown[] = []) {
			const result = await tx.query<Row>(sql, params);
			return result.rows;
		}
	});

	let closed = false;
	return {
		kind: 'pglite',
		pglite,
		isNew: isNew && !options.loadDataDir,
		async withClaims<T>(claims: Claims, fn: (tx: Tx) => Promise<T>) {
			const preamble = claimsPreamble(claims);
			return pglite.transaction(async (tx) => {
				await tx.query(preamble.sql, preamble.params);
				return fn(wrap(tx));
			});
		},
		async ownerExec(sql: string) {
			await pglite.exec(sql);
		},
		ownerQuery: (sql, params) => wrap(pglite).query(sql, params),
		async close() {
			if (closed) return;
			closed = true;
			try {
				await pglite.close();
			} finally {
				releaseLock();
			}
		}
	};
}
