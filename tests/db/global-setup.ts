// Builds one migrated database, so each test file starts from a fresh copy in about half a
// second instead of migrating again (DESIGN.md §6). On PGlite the copy is a dump; with
// TEST_DATABASE_URL (a PostgreSQL server) it is a database `create database … template` copies.
import { mkdirSync, writeFileSync } from 'node:fs';
import { openPglite } from '../../src/lib/server/db/pglite';
import { openPostgres } from '../../src/lib/server/db/postgres';
import { migrate } from '../../src/lib/server/db/migrate';
import { onServer, serverUrl, templateDb, templatePath, withDatabase } from './template';

export default async function setup() {
	if (serverUrl) return setupServer(serverUrl);
	const db = await openPglite();
	await migrate(db);
	const dump = await db.pglite.dumpDataDir('gzip');
	mkdirSync(new URL('.', `file://${templatePath}`).pathname, { recursive: true });
	writeFileSync(templatePath, Buffer.from(await dump.arrayBuffer()));
	await db.close();
}

/** Migrates the template with the app's own runner through the Postgres adapter; drops it at the end. */
async function setupServer(url: string) {
	await onServer(url, `drop database if exists ${templateDb} with (force)`);
	await onServer(url, `create database ${templateDb}`);
	const db = openPostgres(withDatabase(url, templateDb));
	try {
		await migrate(db);
	} finally {
		await db.close();
	}
	return () => onServer(url, `drop database if exists ${templateDb} with (force)`);
}
