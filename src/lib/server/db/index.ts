import { openConfiguredDb, type OpenedDb } from './open';
import { DatabaseRefusal, type Db } from './types';

let opening: Promise<OpenedDb> | undefined;

/** The server's one database, opened (and migrated, and seeded when new) on first use. */
export function database(): Promise<Db> {
	opening ??= start();
	return opening.then((opened) => opened.db);
}

/** 'embedded' (PGlite in .data/) or 'postgres' (DATABASE_URL). */
export async function databaseMode(): Promise<OpenedDb['mode']> {
	opening ??= start();
	return (await opening).mode;
}

async function start(): Promise<OpenedDb> {
	const startedAt = performance.now();
	const opened = await openConfiguredDb(process.env, { log: (line) => console.log(`[db] ${line}`) }).catch((error: unknown) => {
		// A refusal says what to do; a stack trace would only hide it.
		if (error instanceof DatabaseRefusal) {
			console.error(`[db] The server did not start. ${error.message}`);
			process.exit(1);
		}
		throw error;
	});
	if (opened.isNew) {
		// First start of the embedded database: demo data so a newcomer sees a working directory.
		const { seedDemoData } = await import('../seed/demo');
		const seeded = await seedDemoData(opened.db, { accounts: !process.env.PUBLIC_SUPABASE_URL });
		console.log(`[db] new embedded database: seeded ${seeded.organisations} demonstration groups, ${seeded.offers} offers and ${seeded.accounts} demonstration accounts`);
	}
	console.log(`[db] ${opened.mode} database ready in ${Math.round(performance.now() - startedAt)} ms`);
	closeOnExit(opened.db);
	return opened;
}

function closeOnExit(db: Db) {
	let closing = false;
	const close = async (signal: string) => {
		if (closing) return;
		closing = true;
		try {
			await db.close();
			console.log(`[db] closed cleanly (${signal})`);
		} catch (error) {
			console.error('[db] close failed', error);
		} finally {
			process.exit(0);
		}
	};
	process.once('SIGINT', () => void close('SIGINT'));
	process.once('SIGTERM', () => void close('SIGTERM'));
}
