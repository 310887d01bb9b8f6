// Used by tests/db/pglite-lock.test.ts: opens an embedded database the way the server does,
// says "ready", and closes cleanly on SIGTERM or SIGINT.
import { openPglite } from '../src/lib/server/db/pglite';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: hold-embedded-db.ts <dataDir>');
const db = await openPglite({ dataDir });
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
	process.once(signal, async () => {
		await db.close();
		console.log(`closed on ${signal}`);
		process.exit(0);
	});
}
console.log('ready');
setInterval(() => {}, 1 << 30);
