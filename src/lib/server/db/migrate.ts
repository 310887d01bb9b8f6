import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from './types';

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

/** Applies pending migrations, each in its own transaction; returns the versions applied. */
export async function migrate(db: Db, { log = (_: string) => {} } = {}): Promise<string[]> {
	await applySupabaseContractIfAbsent(db);
	await db.ownerExec(`
		create schema if not exists app_meta;
		create table if not exists app_meta.migrations (
			version text primary key,
			name text not null,
			applied_at timestamptz not null default now()
		);
		alter table app_meta.migrations enable row level security;
	`);
	const done = new Set(
		(await db.ownerQuery<{ version: string }>('select version from app_meta.migrations')).map((r) => r.version)
	);
	const applied: string[] = [];
	for (const migration of readMigrations()) {
		if (done.has(migration.version)) continue;
		log(`applying migration ${migration.version}_${migration.name}`);
		const record = `insert into app_meta.migrations (version, name) values ('${migration.version}', '${migration.name.replace(/'/g, "''")}')`;
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
