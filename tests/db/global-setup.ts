// Builds one migrated database and dumps it, so each test file starts from a fresh copy
// in about half a second instead of migrating again (DESIGN.md §6).
import { mkdirSync, writeFileSync } from 'node:fs';
import { openPglite } from '../../src/lib/server/db/pglite';
import { migrate } from '../../src/lib/server/db/migrate';
import { templatePath } from './template';

export default async function setup() {
	const db = await openPglite();
	await migrate(db);
	const dump = await db.pglite.dumpDataDir('gzip');
	mkdirSync(new URL('.', `file://${templatePath}`).pathname, { recursive: true });
	writeFileSync(templatePath, Buffer.from(await dump.arrayBuffer()));
	await db.close();
}
