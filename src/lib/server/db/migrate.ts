import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseRefusal, type Db } from './types';

// Read from the project folder (not bundled) so `supabase db push`, the scripts and the server share one copy.
export const migrationsDir = join(process.cwd(), 'supabase', 'migrations');
const contractPath = join(process.cwd(), 'supabase', 'emulated', 'supabase-contract.sql');

export interface Migration {
	version: string;
	name: string;
	sql: string;
}

/** Migrations are the Supabase CLI's files, `<version>_<name>.sql`, applied in version order. */
export function readMigrations(dir = migrationsDir): Migration[] {
	return readdirSync(dir)
		.filter((file) => /^\d+_.+\.sql$/.test(file))
		.sort()
		.map((file) => {
			const [, version, name] = /^(\d+)_(.+)\.sql$/.exec(file)!;
			return { version: version!, name: name!, sql: readFileSync(join(dir, file), 'utf8') };
		});
}

export async function applySupabaseContractIfAbsent(db: Db): Promise<boolean> {
	const [row] = await db.ownerQuery<{ present: boolean }>(`select to_regclass('auth.users') is not null as present`);
	if (row?.present) return false;
	await db.ownerExec(readFileSync(contractPath, 'utf8'));
	return true;
}

/**
 * The migration history is the Supabase CLI's own table, in the shape `supabase db push` makes it
 * (these statements are the CLI's, 2.117): the app's runner and the CLI read and write one
 * history, so either can run first and `supabase migration list` tells the truth.
 */
const historyTable = `
	create schema if not exists supabase_migrations;
	create table if not exists supabase_migrations.schema_migrations (version text not null primary key);
	alter table supabase_migrations.schema_migrations add column if not exists statements text[];
	alter table supabase_migrations.schema_migrations add column if not exists name text;
	alter table supabase_migrations.schema_migrations enable row level security;
`;

/** A database whose history does not fit the migration files: nothing is applied. */
export class MigrationHistoryConflict extends DatabaseRefusal {}

interface Recorded {
	version: string;
	name: string | null;
}

/**
 * The first way the recorded history and the files disagree, in words, or null. A recorded
 * migration must have its file, under the same name; a file not yet applied must come after
 * everything applied (the CLI refuses the same, unless told --include-all).
 */
export function historyConflict(recorded: Recorded[], files: Pick<Migration, 'version' | 'name'>[]): string | null {
	const byVersion = new Map(files.map((file) => [file.version, file]));
	const sorted = [...recorded].sort((a, b) => a.version.localeCompare(b.version));
	for (const row of sorted) {
		const file = byVersion.get(row.version);
		if (!file)
			return `the database has migration ${row.version}${row.name ? `_${row.name}` : ''}, which is not in supabase/migrations (applied by newer code, or by another project)`;
		if (row.name && row.name !== file.name)
			return `migration ${row.version} is recorded as "${row.name}" but the file is ${file.version}_${file.name}.sql`;
	}
	const newest = sorted.at(-1)?.version;
	const applied = new Set(recorded.map((row) => row.version));
	const early = files.find((file) => !applied.has(file.version) && newest !== undefined && file.version < newest);
	if (early)
		return `migration ${early.version}_${early.name} is not applied but comes before ${newest}, which is (give it a version after ${newest})`;
	return null;
}

/**
 * Applies pending migrations, each in its own transaction with its line in the history; returns
 * the versions applied. The whole history is checked against the files first: a database that
 * does not fit is refused, naming the first conflicting migration, before anything is applied.
 */
export async function migrate(db: Db, { log = (_: string) => {}, dir = migrationsDir } = {}): Promise<string[]> {
	await applySupabaseContractIfAbsent(db);
	await db.ownerExec(historyTable);
	await adoptAppMetaHistory(db);
	const recorded = await db.ownerQuery<Recorded>('select version, name from supabase_migrations.schema_migrations');
	const files = readMigrations(dir);
	const conflict = historyConflict(recorded, files);
	if (conflict) throw new MigrationHistoryConflict(`The database's migration history does not match the files, so nothing was applied: ${conflict}.`);
	const done = new Set(recorded.map((row) => row.version));
	const applied: string[] = [];
	for (const migration of files) {
		if (done.has(migration.version)) continue;
		log(`applying migration ${migration.version}_${migration.name}`);
		// The CLI stores a file's statements one by one; the whole file is kept here as one.
		const record = `insert into supabase_migrations.schema_migrations (version, name, statements) values (${literal(migration.version)}, ${literal(migration.name)}, array[${literal(migration.sql)}])`;
		try {
			await db.ownerExec(`begin;\n${migration.sql}\n;${record};\ncommit;`);
		} catch (error) {
			await db.ownerExec('rollback').catch(() => {});
			throw new Error(`Migration ${migration.version}_${migration.name} failed: ${(error as Error).message}`, { cause: error });
		}
		applied.push(migration.version);
	}
	return applied;
}

/** A string as an SQL literal (standard_conforming_strings is on in every supported server). */
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

/**
 * Databases migrated before the history moved kept it in app_meta.migrations: its lines move to
 * the CLI's table once, and the old table goes, so there is one history.
 */
async function adoptAppMetaHistory(db: Db) {
	const [old] = await db.ownerQuery<{ present: boolean }>(`select to_regclass('app_meta.migrations') is not null as present`);
	if (!old?.present) return;
	await db.ownerExec(`
		begin;
		insert into supabase_migrations.schema_migrations (version, name)
		  select version, name from app_meta.migrations on conflict (version) do nothing;
		drop schema app_meta cascade;
		commit;
	`);
}
