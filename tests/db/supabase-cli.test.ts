import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { applySupabaseContractIfAbsent, migrate, readMigrations } from '../../src/lib/server/db/migrate';
import { emptyDb, serverUrl } from './template';

// The real Supabase CLI (npm's supabase, 2.117.0) and the app's runner on one PostgreSQL 15
// database (issue 19): either may migrate first, and the other sees it. The CLI needs a server,
// so this runs in the PostgreSQL 15 check (scripts/pg15-check.sh), not on PGlite.

const cli = join(process.cwd(), 'node_modules', '.bin', 'supabase');
const run = promisify(execFile);
/** The CLI's --db-url for a test database: no TLS on a throwaway local server. */
const cliUrl = (url: string) => `${url}${url.includes('?') ? '&' : '?'}sslmode=disable`;
const supabase = async (...args: string[]) => {
	const { stdout, stderr } = await run(cli, args, { timeout: 120_000, env: { ...process.env, SUPABASE_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' } });
	return `${stdout}\n${stderr}`;
};
const versions = readMigrations().map((m) => m.version);

describe.skipIf(!serverUrl)('the Supabase CLI and the app share one migration history', () => {
	const opened: { close(): Promise<void> }[] = [];
	afterEach(async () => {
		for (const db of opened.splice(0)) await db.close();
	});

	it('after `supabase db push` the app applies nothing again', { timeout: 180_000 }, async () => {
		const db = await emptyDb();
		opened.push(db);
		await applySupabaseContractIfAbsent(db); // Supabase's roles and auth schema, as on Supabase
		const pushed = await supabase('db', 'push', '--db-url', cliUrl(db.url!), '--yes');
		expect(pushed).toContain('Finished supabase db push.');
		expect(await migrate(db)).toEqual([]);
	});

	it('after the app migrated, `supabase db push` has nothing to push and `migration list` shows each as applied', { timeout: 180_000 }, async () => {
		const db = await emptyDb();
		opened.push(db);
		expect(await migrate(db)).toEqual(versions);
		expect(await supabase('db', 'push', '--db-url', cliUrl(db.url!), '--yes')).toContain('Remote database is up to date.');
		const list = await supabase('migration', 'list', '--db-url', cliUrl(db.url!));
		for (const version of versions) expect(list, version).toMatch(new RegExp(`\`${version}\`\\s*\\|\\s*\`${version}\``));
	});
});
