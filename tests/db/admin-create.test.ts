import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { openPglite } from '../../src/lib/server/db/pglite';
import { serviceClaims } from '../../src/lib/server/db/types';
import { passwordMatches } from '../../src/lib/server/auth/secrets';

// `npm run admin:create -- email` on a fresh embedded database, as someone setting up would run it.
const run = promisify(execFile);
const folder = mkdtempSync(join(tmpdir(), 'wm-admin-'));
const dataDir = join(folder, 'db');
afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function adminCreate(...args: string[]) {
	try {
		const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'scripts/admin-create.ts', ...args], {
			env: { ...process.env, WM_DATA_DIR: dataDir, DATABASE_URL: '', PUBLIC_SUPABASE_URL: '' }
		});
		return { code: 0, out: stdout + stderr };
	} catch (error) {
		const failed = error as { code: number; stdout: string; stderr: string };
		return { code: failed.code, out: failed.stdout + failed.stderr };
	}
}

describe('npm run admin:create', () => {
	it('refuses something that is not an email address, and says why', async () => {
		const result = await adminCreate('not-an-address');
		expect(result.code).toBe(2);
		expect(result.out).toContain('is not an email address');
	});

	it('creates a confirmed admin with a one-time password, and changes nothing the second time', async () => {
		const first = await adminCreate('First.Admin@Example.org');
		expect(first.code).toBe(0);
		expect(first.out).toContain('first.admin@example.org is now an admin.');
		const password = /one-time password[^\n]*\n\n\s+(\S+)/.exec(first.out)?.[1];
		expect(password).toMatch(/^[a-z0-9]{20}$/);

		const again = await adminCreate('first.admin@example.org');
		expect(again.code).toBe(0);
		expect(again.out).toContain('was already an admin; nothing changed.');
		expect(again.out).not.toContain('one-time password');

		const db = await openPglite({ dataDir });
		try {
			const [row] = await db.withClaims(serviceClaims, (tx) =>
				tx.query<{ encrypted_password: string; confirmed: boolean; roles: string[] }>(
					`select u.encrypted_password, u.email_confirmed_at is not null as confirmed,
					        array(select role from public.user_roles r where r.user_id = u.id) as roles
					 from auth.users u where u.email = 'first.admin@example.org'`
				)
			);
			expect(row).toMatchObject({ confirmed: true, roles: ['admin'] });
			expect(await passwordMatches(password!, row!.encrypted_password)).toBe(true);
		} finally {
			await db.close();
		}
	}, 60_000);
});
