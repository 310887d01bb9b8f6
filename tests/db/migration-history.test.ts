import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MigrationHistoryConflict, migrate, readMigrations } from '../../src/lib/server/db/migrate';
import type { Db } from '../../src/lib/server/db/types';
import { emptyDb, freshDb } from './template';

// One migration history for the app's runner and the Supabase CLI (issue 19): the CLI's own
// supabase_migrations.schema_migrations, in its shape. Small migration files in a folder of their
// own stand in for supabase/migrations; the last test reads the real template.

let db: Db;
let dir: string;
const write = (file: string, sql: string) => writeFileSync(join(dir, file), sql);
const history = () =>
	db.ownerQuery<{ version: string; name: string; statements: string[] | null }>(
		'select version, name, statements from supabase_migrations.schema_migrations order by version'
	);
const tables = async () =>
	(await db.ownerQuery<{ name: string }>(`select tablename as name from pg_tables where schemaname = 'public' and tablename like 'mh_%' order by 1`)).map((r) => r.name);

/** What `supabase db push` does, as the CLI 2.117 does it: its table, then each file and its line. */
async function cliPush(files: string[]) {
	await db.ownerExec(`
		create schema if not exists supabase_migrations;
		create table if not exists supabase_migrations.schema_migrations (version text not null primary key);
		alter table supabase_migrations.schema_migrations add column if not exists statements text[];
		alter table supabase_migrations.schema_migrations add column if not exists name text;`);
	for (const migration of readMigrations(dir).filter((m) => files.includes(`${m.version}_${m.name}.sql`))) {
		await db.ownerExec(migration.sql);
		await db.ownerQuery('insert into supabase_migrations.schema_migrations (version, name, statements) values ($1, $2, $3)', [
			migration.version,
			migration.name,
			[migration.sql]
		]);
	}
}

describe('the migration history', () => {
	beforeEach(async () => {
		db = await emptyDb();
		dir = mkdtempSync(join(tmpdir(), 'wm-migrations-'));
		write('20300101000001_first.sql', `create table mh_first (id int primary key);`);
		write('20300101000002_second.sql', `create table mh_second (id int primary key, note text default 'it''s here');`);
	}, 60_000);
	afterEach(async () => {
		await db.close();
		rmSync(dir, { recursive: true, force: true });
	});

	it("is the Supabase CLI's table: each file applied once, with its name and statements, and a later file once too", async () => {
		expect(await migrate(db, { dir })).toEqual(['20300101000001', '20300101000002']);
		expect(await tables()).toEqual(['mh_first', 'mh_second']);
		const rows = await history();
		expect(rows.map((r) => [r.version, r.name])).toEqual([
			['20300101000001', 'first'],
			['20300101000002', 'second']
		]);
		expect(rows[1]!.statements).toEqual([`create table mh_second (id int primary key, note text default 'it''s here');`]);
		expect(await migrate(db, { dir })).toEqual([]);

		write('20300101000003_third.sql', `create table mh_third (id int primary key);`);
		expect(await migrate(db, { dir })).toEqual(['20300101000003']);
		expect(await migrate(db, { dir })).toEqual([]);
		expect(await tables()).toEqual(['mh_first', 'mh_second', 'mh_third']);
	});

	it('after the CLI pushed, applies nothing again; a file the CLI has not pushed yet is applied once', async () => {
		await cliPush(['20300101000001_first.sql', '20300101000002_second.sql']);
		expect(await migrate(db, { dir })).toEqual([]);
		write('20300101000003_third.sql', `create table mh_third (id int primary key);`);
		expect(await migrate(db, { dir })).toEqual(['20300101000003']);
		expect((await history()).map((r) => r.version)).toEqual(['20300101000001', '20300101000002', '20300101000003']);
	});

	it('refuses a database with a migration the files lack, naming it, and applies nothing', async () => {
		await cliPush(['20300101000001_first.sql']);
		await db.ownerExec(`insert into supabase_migrations.schema_migrations (version, name) values ('20300101000005', 'from_newer_code')`);
		const refusal = migrate(db, { dir });
		await expect(refusal).rejects.toThrow(MigrationHistoryConflict);
		await expect(migrate(db, { dir })).rejects.toThrow(/20300101000005_from_newer_code, which is not in supabase\/migrations/);
		expect(await tables()).toEqual(['mh_first']); // the second file was not applied
	});

	it('refuses a recorded migration whose file has another name, and a file that comes before the newest applied', async () => {
		await cliPush(['20300101000001_first.sql', '20300101000002_second.sql']);
		await db.ownerExec(`update supabase_migrations.schema_migrations set name = 'renamed' where version = '20300101000001'`);
		await expect(migrate(db, { dir })).rejects.toThrow(/migration 20300101000001 is recorded as "renamed" but the file is 20300101000001_first\.sql/);

		await db.ownerExec(`update supabase_migrations.schema_migrations set name = 'first' where version = '20300101000001'`);
		write('20300101000000_too_early.sql', `create table mh_too_early (id int primary key);`);
		await expect(migrate(db, { dir })).rejects.toThrow(/20300101000000_too_early is not applied but comes before 20300101000002/);
		expect(await tables()).toEqual(['mh_first', 'mh_second']);
	});

	it('takes over the history an earlier version kept in app_meta.migrations, once, and drops that table', async () => {
		await db.ownerExec(`
			create table mh_first (id int primary key);
			create schema app_meta;
			create table app_meta.migrations (version text primary key, name text not null, applied_at timestamptz not null default now());
			insert into app_meta.migrations (version, name) values ('20300101000001', 'first');`);
		expect(await migrate(db, { dir })).toEqual(['20300101000002']);
		expect((await history()).map((r) => [r.version, r.name])).toEqual([
			['20300101000001', 'first'],
			['20300101000002', 'second']
		]);
		const [old] = await db.ownerQuery<{ present: boolean }>(`select to_regnamespace('app_meta') is not null as present`);
		expect(old!.present).toBe(false);
	});
});

describe("the project's migrations", () => {
	it('are all in the history, each under its file name', async () => {
		const migrated = await freshDb();
		try {
			const rows = await migrated.ownerQuery<{ version: string; name: string }>(
				'select version, name from supabase_migrations.schema_migrations order by version'
			);
			expect(rows).toEqual(readMigrations().map(({ version, name }) => ({ version, name })));
			expect(await migrate(migrated)).toEqual([]);
		} finally {
			await migrated.close();
		}
	});
});

describe('a database whose history does not fit', () => {
	it('stops `npm run migrate` (as the server) with the reason, naming the migration, and no stack trace', { timeout: 120_000 }, async () => {
		const { execFile } = await import('node:child_process');
		const { openPglite } = await import('../../src/lib/server/db/pglite');
		const dataDir = mkdtempSync(join(tmpdir(), 'wm-conflict-'));
		try {
			const embedded = await openPglite({ dataDir: join(dataDir, 'db') });
			await migrate(embedded);
			await embedded.ownerExec(`insert into supabase_migrations.schema_migrations (version, name) values ('20991231000000', 'from_newer_code')`);
			await embedded.close();
			const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
				const child = execFile('npx', ['tsx', 'scripts/migrate.ts'], { env: { ...process.env, DATABASE_URL: '', WM_DATA_DIR: join(dataDir, 'db') } }, (error, _stdout, stderr) =>
					resolve({ code: error ? (error.code as number) : 0, stderr })
				);
				child.stdin?.end();
			});
			expect(result.code).toBe(1);
			expect(result.stderr).toContain('the database has migration 20991231000000_from_newer_code, which is not in supabase/migrations');
			expect(result.stderr).not.toMatch(/\n\s+at /);
		} finally {
			rmSync(dataDir, { recursive: true, force: true });
		}
	});
});
