// npm run migrate: applies pending migrations to the configured database (DATABASE_URL, or the
// embedded one in .data/pglite or WM_DATA_DIR) without seeding anything.
import { openConfiguredDb } from '../src/lib/server/db/open';
import { DatabaseRefusal } from '../src/lib/server/db/types';

try {
	const { db } = await openConfiguredDb(process.env, { log: (line) => console.log(line) });
	await db.close();
} catch (error) {
	if (error instanceof DatabaseRefusal) {
		console.error(error.message);
		process.exit(1);
	}
	throw error;
}
